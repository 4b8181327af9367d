/**
 * Power-loss tests on the real log over MemoryFileSystem: what was acknowledged (PUBACK after
 * group commit) must survive `crash()`, which drops every byte not fsynced.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { createLogManager, DEFAULT_TOPIC_CONFIG, type FileLogManager } from "../../broker/log/mod.ts";
import { startMqttServer, type MqttServer } from "../../broker/mqtt/mod.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { runtime } from "./_harness.ts";
import { RawClient } from "./_raw_client.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
let server: MqttServer | undefined;
const raws: RawClient[] = [];
afterEach(async () => {
  for (const r of raws.splice(0)) r.close();
  await server?.close();
  server = undefined;
});

async function open(fs: MemoryFileSystem): Promise<FileLogManager> {
  const log = await createLogManager({
    fs,
    dataDir: "/data",
    durability: { policy: "group-commit", intervalMs: 0 },
    defaults: DEFAULT_TOPIC_CONFIG,
    defaultPartitions: 1,
    autoCreateTopics: true,
    logger: silentLogger,
    metrics: new MetricsRegistry(),
  });
  server = await startMqttServer({ runtime, log, hostname: "127.0.0.1", port: 0 });
  return log;
}

async function raw(connect: Parameters<typeof RawClient.connect>[1]): Promise<RawClient> {
  const c = await RawClient.connect(server!.port, connect);
  raws.push(c);
  return c;
}

describe("power loss", () => {
  test("acknowledged QoS 1 messages, queued copies, subscriptions and retained messages survive a crash", async () => {
    const fs = new MemoryFileSystem();
    await open(fs);
    const connect = { clientId: "offline-sub", clean: false, properties: { sessionExpiryInterval: 3600 } };
    const s = await raw(connect);
    await s.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "c/#", qos: 1, nl: false, rap: false, rh: 0 }] });
    await s.next("suback"); // sent after the subscription is durable
    await s.send({ cmd: "disconnect", reasonCode: 0 });
    await s.waitClosed();
    const p = await raw({ clientId: "pub" });
    for (let i = 1; i <= 20; i++) {
      await p.send({ cmd: "publish", topic: `c/${i}`, payload: enc.encode(String(i)), qos: 1, dup: false, retain: i === 20, messageId: i });
    }
    for (let i = 1; i <= 20; i++) await p.next("puback");
    // Power cut: no close, no flush. Sockets go away with the process.
    for (const r of raws.splice(0)) r.close();
    const old = server!;
    server = undefined;
    fs.crash();
    void old.close().catch(() => {});

    const log = await open(fs);
    const part = (await log.partition("mqtt-messages", 0))!;
    expect(part.highWatermark).toBe(20);
    const st = server!.stats();
    expect([st.sessions, st.subscriptions, st.retained]).toEqual([1, 1, 1]);
    const back = await raw(connect);
    const got: string[] = [];
    for (let i = 0; i < 20; i++) {
      const m = await back.next("publish");
      got.push(dec.decode(m.payload));
      await back.send({ cmd: "puback", messageId: m.messageId! });
    }
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
  });

  test("a failed fsync is reported to a v5 publisher as PUBACK 0x80, not acknowledged", async () => {
    const fs = new MemoryFileSystem();
    await open(fs);
    const p = await raw({ clientId: "pub" });
    await p.send({ cmd: "publish", topic: "w/1", payload: enc.encode("first"), qos: 1, dup: false, retain: false, messageId: 1 });
    expect((await p.next("puback")).reasonCode ?? 0).toBe(0);
    fs.failNextSync();
    await p.send({ cmd: "publish", topic: "w/2", payload: enc.encode("second"), qos: 1, dup: false, retain: false, messageId: 2 });
    expect((await p.next("puback")).reasonCode).toBe(0x80);
  });
});
