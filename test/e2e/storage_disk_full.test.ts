/**
 * Disk full for real: the broker process (Deno, Bun) runs on an 8 MiB tmpfs as its data dir; a
 * filler file takes every free byte. Kafka producers (kafkajs, kcat) get KAFKA_STORAGE_ERROR,
 * MQTT 5 publishers a PUBACK with 0x80, MQTT 3.1.1 publishers are disconnected instead of
 * acknowledged; the broker logs it, counts it in /metrics and /readyz turns 503. Deleting the
 * filler is all it takes: the broker accepts writes again without a restart, every
 * acknowledged record is there (read back by kcat), none of the refused ones is, and a restart
 * recovers with nothing to truncate.
 *
 * Needs `mount -t tmpfs` (root); skipped with the reason printed when that is not allowed.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Producer } from "kafkajs";
import mqtt, { type MqttClient } from "mqtt";
import { type BrokerProcess, hosts, run, startBrokerProcess } from "../_support/broker_process.ts";
import { kafkaClient, kcatValues, metric, mountTmpfs, publish, readyz, send, umount, until } from "./storage_clients.ts";

setDefaultTimeout(180_000);

const KAFKA_TOPIC = "df-kafka";
const MQTT_TOPIC = "df-mqtt";
const rules = [{ filter: "df/#", topic: MQTT_TOPIC, key: "{topic}", partitions: 1 }];

/** Can this machine mount a tmpfs? Checked once, so the tests skip with a reason otherwise. */
function mountCheck(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), "tributary-mountcheck-"));
  const reason = mountTmpfs(dir, "1m");
  if (reason === undefined) umount(dir);
  rmdirSync(dir);
  return reason;
}
const cannotMount = mountCheck();
if (cannotMount) console.log(`storage_disk_full: skipped, ${cannotMount}`);

/** Fill the file system holding `path` to the last byte; returns the filler's path. */
function fill(dir: string): string {
  const path = join(dir, "filler");
  const fd = openSync(path, "w");
  const chunk = new Uint8Array(64 * 1024).fill(7);
  try {
    for (let size = chunk.length; size >= 1;) {
      try {
        writeSync(fd, chunk.subarray(0, size));
      } catch (error) {
        if ((error as { code?: string }).code !== "ENOSPC") throw error;
        size >>= 1; // fill the last partial page too
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

function connect(port: number, protocolVersion: 4 | 5, clientId: string): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect({ host: "127.0.0.1", port, protocolVersion, clientId, reconnectPeriod: 0, clean: true });
    c.once("connect", () => resolve(c));
    c.once("error", reject);
  });
}

for (const host of hosts) {
  describe.skipIf(cannotMount !== undefined)(`disk full on a tmpfs data dir, broker on ${host}`, () => {
    const mnt = mkdtempSync(join(tmpdir(), `tributary-diskfull-${host}-`));
    let broker: BrokerProcess;
    let producer: Producer;
    let v5: MqttClient;
    const ackedKafka: string[] = [];
    const refusedKafka: string[] = [];
    const ackedMqtt: string[] = [];
    const refusedMqtt: string[] = [];

    beforeAll(async () => {
      const reason = mountTmpfs(mnt, "8m");
      if (reason) throw new Error(reason);
      broker = await startBrokerProcess(host, { dataDir: join(mnt, "data"), args: ["--set", `mqtt.rules=${JSON.stringify(rules)}`] });
      const admin = kafkaClient(broker.ports.kafka!).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: KAFKA_TOPIC, numPartitions: 1 }, { topic: MQTT_TOPIC, numPartitions: 1 }] });
      await admin.disconnect();
      producer = kafkaClient(broker.ports.kafka!).producer({ allowAutoTopicCreation: false });
      await producer.connect();
      v5 = await connect(broker.ports.mqtt!, 5, "df-v5");
    });

    afterAll(async () => {
      await producer?.disconnect().catch(() => {});
      v5?.end(true);
      await broker?.kill();
      umount(mnt);
      rmSync(mnt, { recursive: true, force: true });
    });

    test("writes before the disk fills are acknowledged", async () => {
      for (let i = 0; i < 50; i++) {
        expect(await send(producer, KAFKA_TOPIC, `before-${i}`)).toBe("ok");
        ackedKafka.push(`before-${i}`);
      }
      for (let i = 0; i < 20; i++) {
        expect(await publish(v5, `df/s${i % 3}`, `mqtt-before-${i}`)).toBe("ok");
        ackedMqtt.push(`mqtt-before-${i}`);
      }
      expect(await metric(broker.ports.http!, "tributary_log_storage_errors_total", 'kind="no_space"')).toBe(0);
      expect((await readyz(broker.ports.http!)).status).toBe(200);
    });

    test("with the disk full, clients get storage errors, never a false ack", async () => {
      fill(mnt);
      // Kafka: the first appends may still fit in the segment's last page; then each one fails.
      let kafkaErrors = 0;
      for (let i = 0; i < 400 && kafkaErrors < 3; i++) {
        const outcome = await send(producer, KAFKA_TOPIC, `full-${i}-${"x".repeat(2000)}`);
        if (outcome === "ok") ackedKafka.push(`full-${i}-${"x".repeat(2000)}`);
        else {
          expect(outcome).toBe("KAFKA_STORAGE_ERROR");
          refusedKafka.push(`full-${i}-${"x".repeat(2000)}`);
          kafkaErrors++;
        }
      }
      expect(kafkaErrors).toBe(3);
      // kcat: librdkafka reports the broker's error for its message.
      const k = await run("kcat", ["-b", `127.0.0.1:${broker.ports.kafka}`, "-P", "-t", KAFKA_TOPIC, "-X", "message.timeout.ms=3000", "-X", "retries=0"], {
        input: `kcat-full-${"y".repeat(3000)}\n`,
      });
      expect(k.stderr).toContain("Delivery failed for message: Broker: Disk error when trying to access log file on disk");
      refusedKafka.push(`kcat-full-${"y".repeat(3000)}`);
      // MQTT 5: PUBACK with 0x80 (Unspecified error) once the log refuses.
      let mqttErrors = 0;
      for (let i = 0; i < 400 && mqttErrors < 3; i++) {
        const value = `mqtt-full-${i}-${"z".repeat(2000)}`;
        const outcome = await publish(v5, "df/full", value);
        if (outcome === "ok") ackedMqtt.push(value);
        else {
          expect(outcome).toBe("0x80");
          refusedMqtt.push(value);
          mqttErrors++;
        }
      }
      expect(mqttErrors).toBe(3);
      // MQTT 3.1.1 has no way to say it: the connection is closed, no PUBACK.
      // (16 KiB: more than the room left in the segment's last page, which a smaller one may use.)
      const v3 = await connect(broker.ports.mqtt!, 4, "df-v3");
      const v3Value = `mqtt-v3-refused-${"w".repeat(16_384)}`;
      expect(await publish(v3, "df/full", v3Value)).toBe("closed");
      refusedMqtt.push(v3Value);
      v3.end(true);

      const http = broker.ports.http!;
      expect(await metric(http, "tributary_log_storage_errors_total", 'kind="no_space"')).toBeGreaterThanOrEqual(7);
      expect(await metric(http, "tributary_log_partitions_storage_error")).toBeGreaterThanOrEqual(2);
      const ready = await readyz(http);
      expect(ready.status).toBe(503);
      expect(ready.body.storage.ok).toBe(false);
      const failing = ready.body.storage.failing.map((f) => f.topic);
      for (const topic of [KAFKA_TOPIC, MQTT_TOPIC]) expect(failing).toContain(topic);
      expect(ready.body.storage.failing.every((f) => f.kind === "no_space")).toBe(true);
      expect(broker.output()).toContain("storage failure: appends to this partition fail until the device accepts writes again");
      expect(broker.output()).toMatch(/no_space|ENOSPC|No space left/);
    });

    test("when space returns the broker takes writes again by itself, with nothing lost", async () => {
      rmSync(join(mnt, "filler"));
      const http = broker.ports.http!;
      // The broker notices the free space on its own (no client write needed) …
      await until("/readyz to turn ready", async () => (await readyz(http)).status === 200);
      expect(await metric(http, "tributary_log_partitions_storage_error")).toBe(0);
      // … and the same clients' next writes are acknowledged.
      for (let i = 0; i < 20; i++) {
        expect(await send(producer, KAFKA_TOPIC, `after-${i}`)).toBe("ok");
        ackedKafka.push(`after-${i}`);
        expect(await publish(v5, "df/after", `mqtt-after-${i}`)).toBe("ok");
        ackedMqtt.push(`mqtt-after-${i}`);
      }
      expect(broker.output()).toContain("storage writable again");
      const kafkaValues = await kcatValues(broker.ports.kafka!, KAFKA_TOPIC);
      expect(kafkaValues).toEqual(ackedKafka);
      for (const v of refusedKafka) expect(kafkaValues).not.toContain(v);
      const mqttValues = await kcatValues(broker.ports.kafka!, MQTT_TOPIC);
      expect(mqttValues).toEqual(ackedMqtt);
      for (const v of refusedMqtt) expect(mqttValues).not.toContain(v);
    });

    test("a restart recovers the same records with nothing truncated", async () => {
      await producer.disconnect();
      v5.end(true);
      expect(await broker.stop()).toBe(0);
      broker = await startBrokerProcess(host, { dataDir: join(mnt, "data"), args: ["--set", `mqtt.rules=${JSON.stringify(rules)}`] });
      expect(await kcatValues(broker.ports.kafka!, KAFKA_TOPIC)).toEqual(ackedKafka);
      expect(await kcatValues(broker.ports.kafka!, MQTT_TOPIC)).toEqual(ackedMqtt);
      expect(await metric(broker.ports.http!, "tributary_log_recovery_truncated_bytes_total")).toBe(0);
      expect((await readyz(broker.ports.http!)).status).toBe(200);
    });
  });
}
