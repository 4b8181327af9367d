/** The MQTT server over the real file-backed log (group commit), including broker restarts. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildRecordBatch,
  createLogManager,
  decodeAllRecords,
  DEFAULT_TOPIC_CONFIG,
  type FileLogManager,
  iterateBatches,
} from "../../broker/log/mod.ts";
import { startMqttServer, type MqttServer } from "../../broker/mqtt/mod.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { RawClient } from "./_raw_client.ts";
import { runtime } from "./_harness.ts";

let dir = "";
let log: FileLogManager | undefined;
let server: MqttServer | undefined;
const raws: RawClient[] = [];
const enc = new TextEncoder();
const dec = new TextDecoder();

async function open(limits: Record<string, number> = {}): Promise<{ log: FileLogManager; server: MqttServer }> {
  log = await createLogManager({
    fs: runtime.fs,
    dataDir: dir,
    durability: { policy: "group-commit", intervalMs: 0 },
    defaults: DEFAULT_TOPIC_CONFIG,
    defaultPartitions: 1,
    autoCreateTopics: true,
    logger: silentLogger,
    metrics: new MetricsRegistry(),
  });
  server = await startMqttServer({ runtime, log, hostname: "127.0.0.1", port: 0, limits });
  return { log, server };
}

async function shutdown(): Promise<void> {
  for (const r of raws.splice(0)) r.close();
  await server?.close();
  await log?.close();
  server = undefined;
  log = undefined;
}

async function raw(connect: Parameters<typeof RawClient.connect>[1]): Promise<RawClient> {
  const c = await RawClient.connect(server!.port, connect);
  raws.push(c);
  return c;
}

afterEach(async () => {
  await shutdown();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("MQTT over the real log", () => {
  test("QoS 1 publish is acknowledged after it is in the log", async () => {
    dir = mkdtempSync(join(tmpdir(), "tributary-mqtt-"));
    await open();
    const c = await raw({ clientId: "p" });
    await c.send({ cmd: "publish", topic: "a/b", payload: enc.encode("v"), qos: 1, dup: false, retain: false, messageId: 1, properties: { userProperties: [["k", "v"]] } });
    await c.next("puback");
    const p = (await log!.partition("mqtt-messages", 0))!;
    expect(p.highWatermark).toBe(1);
    const records = decodeAllRecords((await p.read(0, 1 << 20)).bytes);
    expect(dec.decode(records[0]!.value!)).toBe("v");
    expect(dec.decode(records[0]!.key!)).toBe("a/b");
    expect(records[0]!.headers.find((h) => h.key === "k")?.value).toEqual(enc.encode("v"));
  });

  test("persistent session, queued QoS 1 and retained messages survive a broker restart", async () => {
    dir = mkdtempSync(join(tmpdir(), "tributary-mqtt-"));
    await open();
    const connect = { clientId: "durable", clean: false, properties: { sessionExpiryInterval: 3600 } };
    const s = await raw(connect);
    await s.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "q/#", qos: 1, nl: false, rap: false, rh: 0 }] });
    await s.next("suback");
    await s.send({ cmd: "disconnect", reasonCode: 0 });
    await s.waitClosed();
    const p = await raw({ clientId: "pub" });
    await p.send({ cmd: "publish", topic: "q/1", payload: enc.encode("queued"), qos: 1, dup: false, retain: false, messageId: 1 });
    await p.next("puback");
    await p.send({ cmd: "publish", topic: "r/1", payload: enc.encode("retained"), qos: 1, dup: false, retain: true, messageId: 2 });
    await p.next("puback");
    await shutdown();

    await open();
    const st = server!.stats();
    expect([st.sessions, st.subscriptions, st.retained]).toEqual([1, 1, 1]);
    const back = await raw(connect);
    const m = await back.next("publish");
    expect(dec.decode(m.payload)).toBe("queued");
    await back.send({ cmd: "puback", messageId: m.messageId! });
    const r = await raw({ clientId: "reader" });
    await r.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "r/#", qos: 0, nl: false, rap: false, rh: 0 }] });
    const rm = await r.next("publish");
    expect(dec.decode(rm.payload)).toBe("retained");
    expect(rm.retain).toBe(true);
    // The acknowledged message is gone for good after another restart.
    await new Promise((res) => setTimeout(res, 50));
    await shutdown();
    await open();
    const again = await raw(connect);
    await new Promise((res) => setTimeout(res, 50));
    expect(again.received.filter((x) => x.cmd === "publish")).toHaveLength(0);
  });

  test("records produced into a mapped topic reach MQTT subscribers", async () => {
    dir = mkdtempSync(join(tmpdir(), "tributary-mqtt-"));
    await open();
    await server!.close();
    await log!.ensureTopic("commands", 1);
    server = await startMqttServer({ runtime, log: log!, hostname: "127.0.0.1", port: 0, rules: [{ filter: "cmd/+", topic: "commands", key: "{segment:1}" }] });
    const s = await raw({ clientId: "device" });
    await s.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "cmd/+", qos: 1, nl: false, rap: false, rh: 0 }] });
    await s.next("suback");
    const part = (await log!.partition("commands", 0))!;
    await part.append(buildRecordBatch([{ timestamp: Date.now(), key: enc.encode("dev1"), value: enc.encode("open") }]));
    const m = await s.next("publish");
    expect(m.topic).toBe("cmd/dev1");
    expect(dec.decode(m.payload)).toBe("open");
  });

  test("compaction of __mqtt_sessions and __mqtt_retained keeps the state across a restart", async () => {
    dir = mkdtempSync(join(tmpdir(), "tributary-mqtt-"));
    await open({ stateSegmentBytes: 2048 });
    const connect = { clientId: "churn", clean: false, properties: { sessionExpiryInterval: 3600 } };
    const s = await raw(connect);
    const p = await raw({ clientId: "pub" });
    // Churn: subscribe/unsubscribe, delivered-and-acked messages, retained set/clear.
    for (let i = 0; i < 60; i++) {
      await s.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: `t/${i % 5}`, qos: 1, nl: false, rap: false, rh: 2 }] });
      await s.next("suback");
      await p.send({ cmd: "publish", topic: `t/${i % 5}`, payload: enc.encode(`m${i}`), qos: 1, dup: false, retain: true, messageId: 1 });
      await p.next("puback");
      const m = await s.next("publish");
      await s.send({ cmd: "puback", messageId: m.messageId! });
      if (i % 3 === 0) {
        await s.send({ cmd: "unsubscribe", messageId: 2, unsubscriptions: [`t/${i % 5}`] });
        await s.next("unsuback");
      }
    }
    await new Promise((r) => setTimeout(r, 50));
    const sessions = (await log!.partition("__mqtt_sessions", 0))!;
    const before = decodeAllRecords((await sessions.read(0, 1 << 24)).bytes).length;
    await log!.runRetention();
    const after = decodeAllRecords((await sessions.read(0, 1 << 24)).bytes).length;
    expect(after).toBeLessThan(before);
    const expectedSubs = server!.stats().subscriptions;
    await shutdown();
    await open({ stateSegmentBytes: 2048 });
    const st = server!.stats();
    expect([st.sessions, st.subscriptions, st.retained]).toEqual([1, expectedSubs, 5]);
    const back = await raw(connect);
    await new Promise((r) => setTimeout(r, 50));
    expect(back.received.filter((x) => x.cmd === "publish")).toHaveLength(0); // everything was acked
  });

  test("many publishers at once: records share RecordBatches (one per partition per commit)", async () => {
    dir = mkdtempSync(join(tmpdir(), "tributary-mqtt-"));
    await open();
    const pubs = await Promise.all(Array.from({ length: 20 }, (_, i) => raw({ clientId: `p${i}` })));
    await Promise.all(pubs.map(async (p, i) => {
      for (let m = 1; m <= 20; m++) {
        await p.send({ cmd: "publish", topic: `s/${i}`, payload: enc.encode(`${i}-${m}`), qos: 1, dup: false, retain: false, messageId: m });
      }
      for (let m = 1; m <= 20; m++) await p.next("puback");
    }));
    const part = (await log!.partition("mqtt-messages", 0))!;
    const bytes = (await part.read(0, 1 << 24)).bytes;
    const batches = [...iterateBatches(bytes)].length;
    expect(decodeAllRecords(bytes)).toHaveLength(400);
    expect(batches).toBeLessThan(40); // 400 records; typically a handful of batches
  });
});
