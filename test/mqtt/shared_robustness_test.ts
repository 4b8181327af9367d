import { afterEach, describe, expect, test } from "bun:test";
import { encodePacket } from "../../broker/mqtt/codec.ts";
import { Reason } from "../../broker/mqtt/reason_codes.ts";
import { collect, type Harness, runtime, startHarness, waitFor } from "./_harness.ts";
import { RawClient } from "./_raw_client.ts";

let h: Harness;
const raws: RawClient[] = [];
afterEach(async () => {
  for (const r of raws.splice(0)) r.close();
  await h?.close();
});

describe("shared subscriptions", () => {
  test("$share/<group>/<filter> splits messages round-robin among members; other groups get all", async () => {
    h = await startHarness();
    const a = await h.connect({ protocolVersion: 5 });
    const b = await h.connect({ protocolVersion: 5 });
    const c = await h.connect({ protocolVersion: 4 });
    const [ga, gb, gc] = [collect(a), collect(b), collect(c)];
    await a.subscribeAsync("$share/workers/jobs/+", { qos: 1 });
    await b.subscribeAsync("$share/workers/jobs/+", { qos: 1 });
    await c.subscribeAsync("$share/audit/jobs/#", { qos: 1 });
    const p = await h.connect({ protocolVersion: 5 });
    for (let i = 0; i < 10; i++) await p.publishAsync(`jobs/${i}`, String(i), { qos: 1 });
    await waitFor(() => ga.length + gb.length === 10 && gc.length === 10);
    expect(ga.length).toBe(5);
    expect(gb.length).toBe(5);
  });

  test("least-loaded strategy prefers the member with the shorter queue", async () => {
    h = await startHarness({ limits: { sharedSubscriptionStrategy: "least-loaded" } });
    const slow = await RawClient.connect(h.server.port, { clientId: "slow" });
    raws.push(slow);
    await slow.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "$share/g/t", qos: 1, nl: false, rap: false, rh: 0 }] });
    await slow.next("suback");
    const fast = await h.connect({ protocolVersion: 5 });
    const got = collect(fast);
    await fast.subscribeAsync("$share/g/t", { qos: 1 });
    const p = await h.connect({ protocolVersion: 5 });
    for (let i = 0; i < 10; i++) await p.publishAsync("t", String(i), { qos: 1 });
    await waitFor(() => got.length + slow.received.length === 10, 3000, "10 messages");
    expect(slow.received.length).toBeLessThanOrEqual(2); // never acks, so its queue stays deep
  });

  test("no-local on a shared subscription is a protocol error [MQTT-3.8.3-4]", async () => {
    h = await startHarness();
    const c = await RawClient.connect(h.server.port, { clientId: "nlshare" });
    raws.push(c);
    await c.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "$share/g/x", qos: 1, nl: true, rap: false, rh: 0 }] });
    expect((await c.next("disconnect")).reasonCode).toBe(Reason.ProtocolError);
  });
});

describe("hostile input", () => {
  test("malformed bytes close that connection; the server keeps serving others", async () => {
    h = await startHarness();
    const good = await h.connect({ protocolVersion: 5 });
    const got = collect(good);
    await good.subscribeAsync("alive", { qos: 0 });
    // Garbage before CONNECT.
    const g1 = await RawClient.open(h.server.port, 5);
    raws.push(g1);
    await g1.writeRaw(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    await g1.waitClosed();
    // A connected client sending a PUBLISH with QoS 3.
    const g2 = await RawClient.connect(h.server.port, { clientId: "bad" });
    raws.push(g2);
    await g2.writeRaw(new Uint8Array([0x36, 0x05, 0x00, 0x01, 0x61, 0x00, 0x01]));
    expect((await g2.next("disconnect")).reasonCode).toBe(Reason.MalformedPacket);
    await g2.waitClosed();
    // A packet before CONNECT [MQTT-3.1.0-1].
    const g3 = await RawClient.open(h.server.port, 5);
    raws.push(g3);
    await g3.writeRaw(encodePacket({ cmd: "pingreq" }, 5));
    await g3.waitClosed();
    // A second CONNECT [MQTT-3.1.0-2].
    const g4 = await RawClient.connect(h.server.port, { clientId: "twice" });
    raws.push(g4);
    await g4.send({ cmd: "connect", protocolId: "MQTT", protocolVersion: 5, clientId: "twice", clean: true, keepalive: 0 });
    await g4.waitClosed();
    const p = await h.connect({ protocolVersion: 4 });
    await p.publishAsync("alive", "yes");
    await waitFor(() => got.length === 1);
  });

  test("a packet over the maximum size is refused (0x95) before its body is buffered", async () => {
    h = await startHarness({ limits: { maxPacketSize: 1024 } });
    const c = await RawClient.connect(h.server.port, { clientId: "huge" });
    raws.push(c);
    // Header announcing ~100 MB; only the header is sent.
    await c.writeRaw(new Uint8Array([0x30, 0x80, 0x80, 0x80, 0x30]));
    expect((await c.next("disconnect")).reasonCode).toBe(Reason.PacketTooLarge);
    await c.waitClosed();
    expect(h.metrics.value("tributary_mqtt_malformed_total")).toBe(1);
  });

  test("before CONNECT only a CONNECT-sized packet is buffered; after it, the full maximum applies", async () => {
    h = await startHarness({ limits: { maxPacketSize: 1 << 20 } });
    const good = await h.connect({ protocolVersion: 4 });
    const got = collect(good);
    await good.subscribeAsync("big", { qos: 0 });
    // A 512 KiB PUBLISH pipelined right behind CONNECT in one write is accepted.
    const c = await RawClient.open(h.server.port, 4);
    raws.push(c);
    const connect = encodePacket({ cmd: "connect", protocolId: "MQTT", protocolVersion: 4, clientId: "pipelined", clean: true, keepalive: 0 }, 4);
    const publish = encodePacket({ cmd: "publish", topic: "big", payload: new Uint8Array(512 * 1024), qos: 0, dup: false, retain: false }, 4);
    await c.writeRaw(new Uint8Array([...connect, ...publish]));
    await waitFor(() => got.length === 1);
    // A first packet claiming 512 KiB is refused at once.
    const d = await RawClient.open(h.server.port, 4);
    raws.push(d);
    await d.writeRaw(new Uint8Array([0x10, 0x80, 0x80, 0x20]));
    await d.waitClosed();
  });

  test("a subscriber that never reads does not stall other subscribers; its queue stays bounded", async () => {
    h = await startHarness({ limits: { maxQueuedMessages: 200 } });
    const stuck = await runtime.connect({ hostname: "127.0.0.1", port: h.server.port });
    await stuck.write(encodePacket({ cmd: "connect", protocolId: "MQTT", protocolVersion: 4, clientId: "stuck", clean: true, keepalive: 0 }, 4));
    await stuck.write(encodePacket({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "flood", qos: 1, nl: false, rap: false, rh: 0 }] }, 4));
    await waitFor(() => h.server.stats().subscriptions === 1);
    const ok = await h.connect({ protocolVersion: 4 });
    const got = collect(ok);
    await ok.subscribeAsync("flood", { qos: 1 });
    const p = await h.connect({ protocolVersion: 4 });
    const payload = "x".repeat(16 * 1024);
    for (let i = 0; i < 1500; i += 50) {
      await Promise.all(Array.from({ length: 50 }, () => p.publishAsync("flood", payload, { qos: 1 })));
    }
    await waitFor(() => got.length === 1500, 20_000, "all 1500 at the reading subscriber");
    // The stuck one holds at most its in-flight window plus 200 queued; the rest were dropped.
    const dropped = h.metrics.value("tributary_mqtt_messages_dropped_total", { reason: "queue-full" }) ?? 0;
    expect(dropped).toBeGreaterThanOrEqual(1500 - 100 - 200);
    stuck.close();
  }, 30_000);

  test("2,000 idle connections are held open", async () => {
    h = await startHarness();
    const sockets = await Promise.all(
      Array.from({ length: 2000 }, async (_, i) => {
        const s = await runtime.connect({ hostname: "127.0.0.1", port: h.server.port });
        await s.write(encodePacket({ cmd: "connect", protocolId: "MQTT", protocolVersion: 4, clientId: `idle-${i}`, clean: true, keepalive: 60 }, 4));
        return s;
      }),
    );
    await waitFor(() => h.server.stats().sessions === 2000, 20_000, "2000 sessions");
    expect(h.server.stats().connections).toBe(2000);
    const p = await h.connect({ protocolVersion: 5 });
    await p.publishAsync("still/working", "yes", { qos: 1 });
    for (const s of sockets) s.close();
    await waitFor(() => h.server.stats().connections === 1, 20_000, "sockets closed");
  }, 60_000);
});
