/**
 * EIO on write and on fsync through the runtime layer's fault injection, on the real network
 * path: the broker is started in this process with `startBroker` over a `MemoryFileSystem`
 * whose faults hit one partition's files only, and driven over TCP by kafkajs, MQTT.js and kcat.
 *
 * Group commit: a failed write or fdatasync fails exactly the appends waiting on it
 * (KAFKA_STORAGE_ERROR, MQTT 5 PUBACK 0x80, MQTT 3.1.1 disconnect), the partition cuts back to
 * its last durable offset and takes the next append; a failed recovery keeps it fenced until a
 * retry brings it back. Interval: acknowledged records survive an fdatasync that failed and
 * dropped the dirty pages (the bytes are written again before the next sync). Each time: the
 * metric, the log line, /readyz, kcat reading back exactly the acknowledged records, and the
 * same after a power cut (`MemoryFileSystem.crash`) and a restart.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Producer } from "kafkajs";
import mqtt, { type MqttClient } from "mqtt";
import { parseConfig, startBroker } from "../../mod.ts";
import type { BrokerHandle } from "../../broker/broker.ts";
import { createLogger } from "../../broker/observe/logger.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { kafkaClient, kcatValues, metric, publish, readyz, send, until } from "./storage_clients.ts";
import { TargetedFaults } from "./storage_faulty_fs.ts";

setDefaultTimeout(120_000);

const KAFKA_TOPIC = "io-kafka";
const MQTT_TOPIC = "io-mqtt";
const KDIR = `/data/${KAFKA_TOPIC}-0`;
const MDIR = `/data/${MQTT_TOPIC}-0`;

interface Running {
  broker: BrokerHandle;
  lines: string[];
  port: (p: "kafka" | "mqtt" | "http") => number;
}

async function start(faults: TargetedFaults, durability: "group-commit" | "interval"): Promise<Running> {
  const config = parseConfig({
    dataDir: "/data",
    log: { durability, flushIntervalMs: 20 },
    kafka: { host: "127.0.0.1", port: 0 },
    mqtt: { host: "127.0.0.1", port: 0, rules: [{ filter: "io/#", topic: MQTT_TOPIC, key: "{topic}", partitions: 1 }] },
    http: { host: "127.0.0.1", port: 0 },
  });
  const lines: string[] = [];
  const logger = createLogger({ level: "info", format: "json", sink: (l) => lines.push(l) });
  const broker = await startBroker(config, { runtime: { ...currentRuntime(), fs: faults.fs }, logger });
  const port = (p: string) => broker.listeners.find((l) => l.protocol === p)!.port;
  return { broker, lines, port };
}

function connect(port: number, protocolVersion: 4 | 5, clientId: string): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect({ host: "127.0.0.1", port, protocolVersion, clientId, reconnectPeriod: 0, clean: true });
    c.once("connect", () => resolve(c));
    c.once("error", reject);
  });
}

/** Log lines (JSON) with this message. */
const logged = (r: Running, msg: string) => r.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === msg);

/** A power cut, then a restart over what was durable; the new broker's topics read by kcat. */
async function afterPowerCut(faults: TargetedFaults, r: Running, durability: "group-commit" | "interval") {
  faults.mem.crash();
  await r.broker.close().catch(() => {}); // its handles are gone with the crash
  const again = await start(faults, durability);
  try {
    return {
      kafka: await kcatValues(again.port("kafka"), KAFKA_TOPIC),
      mqtt: await kcatValues(again.port("kafka"), MQTT_TOPIC),
    };
  } finally {
    await again.broker.close();
  }
}

describe("EIO under group commit, broker in process over TCP", () => {
  const faults = new TargetedFaults();
  let r: Running;
  let producer: Producer;
  let v5: MqttClient;
  const acked = { kafka: [] as string[], mqtt: [] as string[] };
  const refused = { kafka: [] as string[], mqtt: [] as string[] };

  async function sendKafka(value: string): Promise<string> {
    const outcome = await send(producer, KAFKA_TOPIC, value);
    (outcome === "ok" ? acked : refused).kafka.push(value);
    return outcome;
  }
  async function publishMqtt(client: MqttClient, value: string, qos: 1 | 2 = 1): Promise<string> {
    const outcome = await publish(client, "io/x", value, qos);
    (outcome === "ok" ? acked : refused).mqtt.push(value);
    return outcome;
  }

  beforeAll(async () => {
    r = await start(faults, "group-commit");
    const admin = kafkaClient(r.port("kafka")).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: KAFKA_TOPIC, numPartitions: 1 }, { topic: MQTT_TOPIC, numPartitions: 1 }] });
    await admin.disconnect();
    producer = kafkaClient(r.port("kafka")).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    v5 = await connect(r.port("mqtt"), 5, "io-v5");
    for (let i = 0; i < 20; i++) {
      expect(await sendKafka(`k-${i}`)).toBe("ok");
      expect(await publishMqtt(v5, `m-${i}`)).toBe("ok");
    }
  });

  afterAll(async () => {
    await producer?.disconnect().catch(() => {});
    v5?.end(true);
    await r?.broker.close().catch(() => {});
  });

  test("an EIO write: KAFKA_STORAGE_ERROR for that produce, the next one is acknowledged", async () => {
    faults.failWrite(KDIR);
    expect(await sendKafka("k-write-eio")).toBe("KAFKA_STORAGE_ERROR");
    expect(faults.fired).toBe(1);
    expect(await metric(r.port("http"), "tributary_log_storage_errors_total", 'kind="write"')).toBe(1);
    const line = logged(r, "storage failure: appends to this partition fail until the device accepts writes again");
    expect(line.at(-1)).toMatchObject({ level: "error", topic: KAFKA_TOPIC, kind: "write" });
    expect(await sendKafka("k-after-write")).toBe("ok");
    expect(await metric(r.port("http"), "tributary_log_partitions_storage_error")).toBe(0);
  });

  test("an EIO fdatasync: the appends waiting on it fail and are cut back, the next one is acknowledged", async () => {
    faults.failSync(KDIR);
    expect(await sendKafka("k-sync-eio")).toBe("KAFKA_STORAGE_ERROR");
    expect(await metric(r.port("http"), "tributary_log_storage_errors_total", 'kind="fsync"')).toBe(1);
    expect(await sendKafka("k-after-sync")).toBe("ok");
  });

  test("MQTT: a failed fdatasync gives a v5 publisher PUBACK/PUBREC 0x80 and disconnects a v3.1.1 one", async () => {
    faults.failSync(MDIR);
    expect(await publishMqtt(v5, "m-sync-eio")).toBe("0x80");
    faults.failSync(MDIR);
    expect(await publishMqtt(v5, "m-qos2-sync-eio", 2)).toBe("0x80");
    expect(await publishMqtt(v5, "m-qos2-after", 2)).toBe("ok");
    faults.failSync(MDIR);
    const v3 = await connect(r.port("mqtt"), 4, "io-v3");
    expect(await publishMqtt(v3, "m-v3-sync-eio")).toBe("closed");
    v3.end(true);
    expect(await metric(r.port("http"), "tributary_log_storage_errors_total", 'kind="fsync"')).toBe(4);
    expect(await publishMqtt(v5, "m-after-sync")).toBe("ok");
  });

  test("a recovery that fails keeps the partition fenced (readyz 503) until its retry succeeds", async () => {
    faults.failSync(KDIR); // the group's fdatasync
    faults.failSync(KDIR); // the fdatasync ending the rollback: recovery fails
    expect(await sendKafka("k-broken")).toBe("KAFKA_STORAGE_ERROR");
    const ready = await readyz(r.port("http"));
    expect(ready.status).toBe(503);
    expect(ready.body.storage.failing).toMatchObject([{ topic: KAFKA_TOPIC, kind: "fsync", fenced: true }]);
    expect(logged(r, "partition stays fenced: recovery after storage failure failed, will retry").length).toBe(1);
    // Refused while fenced (kind "fenced"), then taken again once the retry has recovered.
    let outcome = await sendKafka("k-while-fenced-0");
    expect(outcome).toBe("KAFKA_STORAGE_ERROR");
    expect(await metric(r.port("http"), "tributary_log_storage_errors_total", 'kind="fenced"')).toBeGreaterThanOrEqual(1);
    for (let i = 1; outcome !== "ok"; i++) {
      await new Promise((res) => setTimeout(res, 100));
      outcome = await sendKafka(`k-while-fenced-${i}`);
      if (i > 600) throw new Error("the partition never recovered");
    }
    expect(logged(r, "partition recovered after storage failure").length).toBeGreaterThanOrEqual(1);
    expect((await readyz(r.port("http"))).status).toBe(200);
  });

  test("kcat reads exactly the acknowledged records, and so does a restart after a power cut", async () => {
    expect(refused.kafka.length).toBeGreaterThanOrEqual(4);
    expect(await kcatValues(r.port("kafka"), KAFKA_TOPIC)).toEqual(acked.kafka);
    expect(await kcatValues(r.port("kafka"), MQTT_TOPIC)).toEqual(acked.mqtt);
    await producer.disconnect();
    v5.end(true);
    const after = await afterPowerCut(faults, r, "group-commit");
    expect(after.kafka).toEqual(acked.kafka);
    expect(after.mqtt).toEqual(acked.mqtt);
  });
});

describe("EIO on the background fdatasync under the interval policy, broker in process over TCP", () => {
  const faults = new TargetedFaults();
  let r: Running;
  const acked = { kafka: [] as string[], mqtt: [] as string[] };

  beforeAll(async () => {
    r = await start(faults, "interval");
  });
  afterAll(async () => {
    await r?.broker.close().catch(() => {});
  });

  test("acknowledged records survive a failed fdatasync that dropped the dirty pages, and a power cut after it", async () => {
    const admin = kafkaClient(r.port("kafka")).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: KAFKA_TOPIC, numPartitions: 1 }, { topic: MQTT_TOPIC, numPartitions: 1 }] });
    await admin.disconnect();
    const producer = kafkaClient(r.port("kafka")).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const v5 = await connect(r.port("mqtt"), 5, "io-int-v5");
    const http = r.port("http");
    for (let i = 0; i < 10; i++) {
      expect(await send(producer, KAFKA_TOPIC, `a-${i}`)).toBe("ok");
      acked.kafka.push(`a-${i}`);
    }
    // Acknowledged after write(2); the next interval fdatasync of each partition fails and the
    // kernel forgets the dirty pages. The fault is armed while no sync can be in flight for them.
    faults.failSync(KDIR);
    faults.failSync(MDIR);
    for (let i = 0; i < 10; i++) {
      expect(await send(producer, KAFKA_TOPIC, `b-${i}`)).toBe("ok");
      acked.kafka.push(`b-${i}`);
      expect(await publish(v5, "io/y", `mb-${i}`)).toBe("ok");
      acked.mqtt.push(`mb-${i}`);
    }
    await until("both failed syncs to be handled", async () => faults.pending === 0 && (await metric(http, "tributary_log_storage_errors_total", 'kind="fsync"')) === 2);
    await until("recovery of both partitions", () => logged(r, "partition recovered after storage failure").length === 2);
    expect(logged(r, "storage failure: appends to this partition fail until the device accepts writes again").length).toBe(2);
    expect(await kcatValues(r.port("kafka"), KAFKA_TOPIC)).toEqual(acked.kafka);
    expect(await kcatValues(r.port("kafka"), MQTT_TOPIC)).toEqual(acked.mqtt);
    await producer.disconnect();
    v5.end(true);
    // No write since the recoveries, whose fdatasync covered everything written before them:
    // a power cut now must keep every acknowledged record (a naive fsync retry would not).
    const after = await afterPowerCut(faults, r, "interval");
    expect(after.kafka).toEqual(acked.kafka);
    expect(after.mqtt).toEqual(acked.mqtt);
  });
});
