/**
 * A real `tributary serve` (Deno and Bun) with MQTT retained messages and a persistent session,
 * a kafkajs idempotent producer and a consumer group with committed offsets, sensor readings
 * through a mapping rule and a bridge configured, is SIGKILLed and then damaged the way a power
 * cut on an SD card leaves it: every partition's last segment — the internal topics
 * (`__consumer_offsets`, `__mqtt_sessions`, `__mqtt_retained`) included — ends in a zero-filled
 * page, one partition is cut in the middle of its last batch, and `topics.json`,
 * `producer-ids.json` and the bridge checkpoint are torn (the previous version of the bridge
 * checkpoint too). The broker restarts without an error, says what it repaired in warning lines,
 * and the state is there: retained message, session, committed offsets, every record before the
 * damage, and offsets that go on from the cut.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import mqtt from "mqtt";
import { type BrokerProcess, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";

setDefaultTimeout(180_000);
const rules = [{ filter: "sensors/+/temp", topic: "sensor-temp", key: "{segment:1}", partitions: 2 }];
const bridge = { upstream: { bootstrap: ["127.0.0.1:1"], connectTimeoutMs: 500 }, topics: [{ match: "sensor-temp" }] };
const args = ["--set", `mqtt.rules=${JSON.stringify(rules)}`, "--bridge", JSON.stringify(bridge)];
const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const kafkaOf = (b: BrokerProcess) => new Kafka({ brokers: [`127.0.0.1:${b.ports.kafka}`], clientId: "power-loss", logLevel: logLevel.NOTHING, retry: { retries: 10 } });

async function mqttClient(b: BrokerProcess, clientId: string, clean: boolean): Promise<{ client: mqtt.MqttClient; sessionPresent: boolean }> {
  const client = mqtt.connect({ host: "127.0.0.1", port: b.ports.mqtt!, clientId, clean, protocolVersion: 4, reconnectPeriod: 0 });
  const sessionPresent = await new Promise<boolean>((resolve, reject) => {
    client.once("connect", (ack) => resolve(ack.sessionPresent));
    client.once("error", reject);
  });
  return { client, sessionPresent };
}

async function kcatCount(b: BrokerProcess, topic: string): Promise<number> {
  const r = await run("kcat", ["-C", "-b", `127.0.0.1:${b.ports.kafka}`, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%o\n"], { timeoutMs: 60_000 });
  expect(r.code).toBe(0);
  return r.stdout.split("\n").filter(Boolean).length;
}

/** The last segment of a partition directory. */
function lastSegment(dir: string): string {
  return join(dir, readdirSync(dir).filter((n) => n.endsWith(".log")).sort().at(-1)!);
}

for (const host of hosts) {
  describe(`power loss on ${host}`, () => {
    test("SIGKILL, then torn segment tails (internal topics too) and torn state files: the broker starts, repairs with warnings, keeps its state", async () => {
      const dir = tempDir("tributary-power-loss-");
      cleanups.push(dir.cleanup);
      let broker = await startBrokerProcess(host, { dataDir: dir.path, args });
      cleanups.push(() => broker.kill());

      // State of every kind.
      const { client: sub } = await mqttClient(broker, "keeper", false);
      await sub.subscribeAsync("cmd/#", { qos: 1 });
      await sub.endAsync();
      const { client: pub } = await mqttClient(broker, "writer", true);
      await pub.publishAsync("state/r1", "retained-1", { qos: 1, retain: true });
      for (let i = 0; i < 200; i++) await pub.publishAsync(`sensors/d${i % 7}/temp`, `{"s":${i}}`, { qos: 1 });
      await pub.endAsync();
      const kafka = kafkaOf(broker);
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      for (let i = 0; i < 20; i++) await producer.send({ topic: "orders", messages: [{ key: `k${i}`, value: `v${i}` }] });
      await producer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.setOffsets({ groupId: "billing", topic: "orders", partitions: [{ partition: 0, offset: "13" }] });
      const committed = await admin.fetchOffsets({ groupId: "billing", topics: ["orders"] });
      await admin.disconnect();
      const sensorRecords = await kcatCount(broker, "sensor-temp");
      expect(sensorRecords).toBe(200);

      await broker.kill(); // the power goes

      const partitionDirs = readdirSync(dir.path).filter((n) => /-\d+$/.test(n) && statSync(join(dir.path, n)).isDirectory());
      expect(partitionDirs).toEqual(expect.arrayContaining(["__consumer_offsets-0", "__mqtt_sessions-0", "__mqtt_retained-0", "orders-0", "sensor-temp-0", "sensor-temp-1"]));
      for (const name of partitionDirs) appendFileSync(lastSegment(join(dir.path, name)), new Uint8Array(4096));
      // sensor-temp-1 loses the second half of its last batch.
      const cut = lastSegment(join(dir.path, "sensor-temp-1"));
      const bytes = readFileSync(cut).subarray(0, statSync(cut).size - 4096);
      const lastBatchLength = bytes.length - findLastBatchStart(bytes);
      truncateSync(cut, bytes.length - Math.ceil(lastBatchLength / 2));
      const stateFiles = walk(dir.path).filter((p) => /(topics\.json|producer-ids\.json)$/.test(p));
      expect(stateFiles.map((p) => p.split("/").pop()).sort()).toEqual(["producer-ids.json", "topics.json"]);
      for (const p of stateFiles) writeFileSync(p, new Uint8Array(0));
      // The bridge (its upstream unreachable) may or may not have saved a checkpoint yet: tear
      // both versions either way.
      mkdirSync(join(dir.path, "bridge-state"), { recursive: true });
      writeFileSync(join(dir.path, "bridge-state", "upstream.checkpoint"), new Uint8Array(0));
      writeFileSync(join(dir.path, "bridge-state", "upstream.checkpoint.prev"), "garbage");

      broker = await startBrokerProcess(host, { dataDir: dir.path, args });
      const out = () => broker.output();
      expect(out()).toContain("topic metadata");
      expect(out()).toContain("producer id state damaged");
      expect(out()).toContain("checkpoint unreadable: starting without it");
      expect(out()).toContain("truncating torn or corrupt log tail");
      expect(out()).not.toMatch(/uncaught|unhandled|TypeError|RangeError/i);

      // Retained message and persistent session.
      const { client: probe } = await mqttClient(broker, "probe", true);
      const retained = new Promise<string>((resolve) => probe.once("message", (_t, payload) => resolve(String(payload))));
      await probe.subscribeAsync("state/#", { qos: 1 });
      expect(await retained).toBe("retained-1");
      await probe.endAsync();
      const { client: keeper, sessionPresent } = await mqttClient(broker, "keeper", false);
      expect(sessionPresent).toBe(true);
      await keeper.endAsync();

      // Committed offsets, idempotent produce after the torn producer-id state.
      const kafka2 = kafkaOf(broker);
      const admin2 = kafka2.admin();
      await admin2.connect();
      expect(await admin2.fetchOffsets({ groupId: "billing", topics: ["orders"] })).toEqual(committed);
      await admin2.disconnect();
      const producer2 = kafka2.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer2.connect();
      const [sent] = await producer2.send({ topic: "orders", messages: [{ key: "after", value: "after" }] });
      expect(sent!.baseOffset).toBe("20");
      await producer2.disconnect();

      // Every sensor reading before the cut, and offsets going on from it.
      const after = await kcatCount(broker, "sensor-temp");
      expect(after).toBeLessThan(sensorRecords);
      expect(after).toBeGreaterThan(sensorRecords - 50);
      const { client: pub2 } = await mqttClient(broker, "writer", true);
      for (let i = 0; i < 14; i++) await pub2.publishAsync(`sensors/d${i % 7}/temp`, `{"s":${1000 + i}}`, { qos: 1 });
      await pub2.endAsync();
      expect(await kcatCount(broker, "sensor-temp")).toBe(after + 14);
      expect(await broker.stop()).toBe(0);
    });
  });
}

function walk(root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}

/** Start of the last RecordBatch in a segment's bytes (walking batch lengths from the start). */
function findLastBatchStart(b: Uint8Array): number {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 0;
  let last = 0;
  while (pos + 12 <= b.length) {
    const size = 12 + view.getInt32(pos + 8);
    if (pos + size > b.length) break;
    last = pos;
    pos += size;
  }
  return last;
}
