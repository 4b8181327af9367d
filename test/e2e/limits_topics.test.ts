/**
 * Topic and partition limits against the broker as a separate process, under Deno and Bun,
 * with `limits.maxTopics = 2` and `limits.maxPartitions = 4`: kafkajs CreateTopics and
 * CreatePartitions beyond them get POLICY_VIOLATION (what Kafka answers when a create-topic
 * policy refuses; `validateOnly` says so too), kcat's auto-creating produce fails the same
 * way, the admin API refuses with the limit's name, and an MQTT v5 publish whose rule topic
 * cannot be created gets PUBACK 0x97 with nothing stored. Internal topics (`__consumer_offsets`, `__mqtt_*`) do not count.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { Kafka, logLevel } from "kafkajs";
import { type BrokerProcess, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { HOST, mqttBytes, mqttConnect, mqttPackets, rejections, waitFor } from "./_limits_support.ts";

setDefaultTimeout(180_000);
const rules = [{ filter: "sensors/#", topic: "sensor-data", reverse: false }];

/** The Kafka error names in a kafkajs admin failure (aggregate or single). */
function errorTypes(error: unknown): string[] {
  const e = error as { type?: string; errors?: Array<{ type?: string }> };
  return e.errors?.map((x) => x.type ?? "?") ?? [e.type ?? String(error)];
}

for (const host of hosts) {
  describe(`topic and partition limits on ${host}`, () => {
    let broker: BrokerProcess;
    const data = tempDir("tributary-limits-topics-");
    const topics = async () =>
      ((await (await fetch(`http://${HOST}:${broker.ports.http}/api/topics`)).json()) as Array<{ name: string; partitions: number }>)
        .map((t) => `${t.name}:${t.partitions}`).sort();

    beforeAll(async () => {
      broker = await startBrokerProcess(host, {
        dataDir: data.path,
        args: ["--limits-max-topics", "2", "--limits-max-partitions", "4", "--set", `mqtt.rules=${JSON.stringify(rules)}`],
      });
    });
    afterAll(async () => {
      const code = await broker.stop();
      data.cleanup();
      expect(code).toBe(0);
    });

    test("kafkajs: CreateTopics and CreatePartitions beyond the limits get POLICY_VIOLATION; what fits is created", async () => {
      const kafka = new Kafka({ brokers: [`${HOST}:${broker.ports.kafka}`], clientId: "limits", logLevel: logLevel.NOTHING, retry: { retries: 2 } });
      const admin = kafka.admin();
      await admin.connect();
      try {
        expect(await admin.createTopics({ topics: [{ topic: "first", numPartitions: 2 }] })).toBe(true);
        const tooMany = await admin.createTopics({ topics: [{ topic: "second", numPartitions: 3 }] }).catch((e) => e);
        expect(errorTypes(tooMany)).toEqual(["POLICY_VIOLATION"]);
        expect(await admin.createTopics({ topics: [{ topic: "second", numPartitions: 2 }] })).toBe(true);
        const third = await admin.createTopics({ topics: [{ topic: "third", numPartitions: 1 }] }).catch((e) => e);
        expect(errorTypes(third)).toEqual(["POLICY_VIOLATION"]);
        const grow = await admin.createPartitions({ topicPartitions: [{ topic: "first", count: 3 }] }).catch((e) => e);
        expect(errorTypes(grow)).toEqual(["POLICY_VIOLATION"]);
        // validateOnly answers what the real request would, without counting a refusal.
        const checkTopic = await admin.createTopics({ validateOnly: true, topics: [{ topic: "third", numPartitions: 1 }] }).catch((e) => e);
        expect(errorTypes(checkTopic)).toEqual(["POLICY_VIOLATION"]);
        const checkGrow = await admin.createPartitions({ validateOnly: true, topicPartitions: [{ topic: "first", count: 3 }] }).catch((e) => e);
        expect(errorTypes(checkGrow)).toEqual(["POLICY_VIOLATION"]);
      } finally {
        await admin.disconnect();
      }
      expect(await topics()).toEqual(["first:2", "second:2"]);
      expect(await rejections(broker, "any", "max-partitions")).toBe(2);
      expect(await rejections(broker, "any", "max-topics")).toBe(1);
      expect(broker.output()).toMatch(/limit reached: max-topics \(limits\.maxTopics\)/);
    });

    test("kcat: producing to a new topic (auto-create) fails with the policy violation; the admin API refuses too", async () => {
      const before = await rejections(broker, "any", "max-topics");
      const kcat = await run("kcat", ["-b", `${HOST}:${broker.ports.kafka}`, "-P", "-t", "auto-new", "-X", "message.timeout.ms=5000"], { input: "x\n", timeoutMs: 60_000 });
      expect(kcat.code).not.toBe(0);
      expect(kcat.stderr).toMatch(/policy violation/i);
      const created = await fetch(`http://${HOST}:${broker.ports.http}/api/topics`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "by-admin", partitions: 1 }),
      });
      expect(created.status).toBeGreaterThanOrEqual(400);
      expect(((await created.json()) as { error: string }).error).toMatch(/limits\.maxTopics/);
      expect(await topics()).toEqual(["first:2", "second:2"]);
      expect(await rejections(broker, "any", "max-topics")).toBeGreaterThanOrEqual(before + 2);
    });

    test("MQTT v5: a publish whose rule topic cannot be created gets PUBACK 0x97 and nothing is stored", async () => {
      const before = await rejections(broker, "any", "max-topics");
      const { raw, connack } = await mqttConnect(broker.ports.mqtt!, "sensor-1", 5);
      expect(connack?.reasonCode).toBe(0);
      try {
        // A device that keeps publishing: every message refused, the log not flooded.
        for (let id = 1; id <= 20; id++) {
          raw.write(mqttBytes({ cmd: "publish", topic: `sensors/${id}/temp`, qos: 1, messageId: id, payload: Buffer.from("21.5"), retain: false, dup: false }, 5));
          await waitFor(() => mqttPackets(raw.received(), 5).filter((p) => p.cmd === "puback").length === id, "PUBACK");
        }
        const pubacks = mqttPackets(raw.received(), 5).filter((p) => p.cmd === "puback");
        expect(pubacks.map((p) => [p.messageId, p.reasonCode])).toEqual(Array.from({ length: 20 }, (_, i) => [i + 1, 0x97]));
        expect(raw.isClosed).toBe(false);
      } finally {
        raw.socket.destroy();
      }
      expect(await topics()).toEqual(["first:2", "second:2"]);
      expect(await rejections(broker, "any", "max-topics")).toBe(before + 20);
      expect(broker.output()).not.toMatch(/mqtt ingest append failed/);
      expect(broker.child.exitCode).toBeNull();
    });
  });
}
