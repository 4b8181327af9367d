import { afterEach, describe, expect, test } from "bun:test";
import type { PublishPacket } from "../../broker/mqtt/packets.ts";
import { Reason } from "../../broker/mqtt/reason_codes.ts";
import { collect, connackOf, type Harness, sleep, startHarness, waitFor } from "./_harness.ts";
import { FakeClock } from "./_fake_clock.ts";
import { RawClient } from "./_raw_client.ts";

let h: Harness;
const raws: RawClient[] = [];
afterEach(async () => {
  for (const r of raws.splice(0)) r.close();
  await h?.close();
});
async function raw(port: number, connect: Parameters<typeof RawClient.connect>[1]) {
  const c = await RawClient.connect(port, connect);
  raws.push(c);
  return c;
}
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

describe("persistent sessions", () => {
  test("v3.1.1 clean session 0: QoS 1 queued while offline arrives on reconnect with session present", async () => {
    h = await startHarness();
    const opts = { protocolVersion: 4 as const, clientId: "sub-v4", clean: false };
    const s1 = await h.connect(opts);
    await s1.subscribeAsync("q/#", { qos: 1 });
    await s1.endAsync();
    const pub = await h.connect({ protocolVersion: 4 });
    await pub.publishAsync("q/1", "m1", { qos: 1 });
    await pub.publishAsync("q/2", "m2", { qos: 1 });
    await pub.publishAsync("q/3", "m0", { qos: 0 }); // QoS 0 is not queued for offline sessions
    const s2 = await h.connect({ ...opts });
    const got = collect(s2);
    await waitFor(() => got.length === 2);
    expect(got.map((m) => m.payload)).toEqual(["m1", "m2"]);
    expect(connackOf(s2)?.sessionPresent).toBe(true);
  });

  test("v5 session expiry: queued QoS 1 across reconnect; Clean Start discards it", async () => {
    h = await startHarness();
    const sub = await raw(h.server.port, { clientId: "s5", clean: false, properties: { sessionExpiryInterval: 300 } });
    await sub.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "t/#", qos: 1, nl: false, rap: false, rh: 0 }] });
    await sub.next("suback");
    await sub.send({ cmd: "disconnect", reasonCode: 0 });
    await sub.waitClosed();
    const pub = await h.connect({ protocolVersion: 5 });
    await pub.publishAsync("t/x", "queued", { qos: 1 });
    const again = await RawClient.open(h.server.port, 5);
    raws.push(again);
    await again.send({ cmd: "connect", protocolId: "MQTT", protocolVersion: 5, clientId: "s5", clean: false, keepalive: 0, properties: { sessionExpiryInterval: 300 } });
    const connack = await again.next("connack");
    expect(connack.sessionPresent).toBe(true);
    const msg = await again.next("publish");
    expect(str(msg.payload)).toBe("queued");
    await again.send({ cmd: "puback", messageId: msg.messageId! });
    again.close();
    await waitFor(() => h.server.stats().connections === 1);
    const fresh = await raw(h.server.port, { clientId: "s5", clean: true });
    expect(fresh.received).toHaveLength(0);
    expect(h.server.stats().subscriptions).toBe(0);
  });

  test("unacknowledged QoS 1 and QoS 2 are resent with DUP on reconnect [MQTT-4.4.0-1]", async () => {
    h = await startHarness();
    const connect = { clientId: "dup", clean: false, properties: { sessionExpiryInterval: 60 } };
    const sub = await raw(h.server.port, connect);
    await sub.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "d", qos: 2, nl: false, rap: false, rh: 0 }] });
    await sub.next("suback");
    const pub = await h.connect({ protocolVersion: 5 });
    await pub.publishAsync("d", "q1", { qos: 1 });
    await pub.publishAsync("d", "q2", { qos: 2 });
    const first = [await sub.next("publish"), await sub.next("publish")];
    expect(first.every((p) => !p.dup)).toBe(true);
    // Acknowledge the QoS 2 one only up to PUBREC: the server must resend PUBREL, not PUBLISH.
    const q2 = first.find((p) => p.qos === 2)!;
    await sub.send({ cmd: "pubrec", messageId: q2.messageId! });
    await sub.next("pubrel");
    sub.close();
    await waitFor(() => h.server.stats().connections === 1);
    const back = await raw(h.server.port, connect);
    const resent = await back.next("publish");
    expect(resent.dup).toBe(true);
    expect(str(resent.payload)).toBe("q1");
    const rel = await back.next("pubrel");
    expect(rel.messageId).toBe(q2.messageId!);
    await back.send({ cmd: "pubcomp", messageId: rel.messageId });
    await back.send({ cmd: "puback", messageId: resent.messageId! });
  });

  test("sessions, subscriptions and queued messages survive a server restart", async () => {
    h = await startHarness();
    const s = await h.connect({ protocolVersion: 5, clientId: "durable", clean: false, properties: { sessionExpiryInterval: 3600 } });
    await s.subscribeAsync("keep/#", { qos: 1 });
    await s.endAsync();
    const pub = await h.connect({ protocolVersion: 4 });
    await pub.publishAsync("keep/a", "before-restart", { qos: 1 });
    const log = h.log;
    await h.close();
    h = await startHarness({ log });
    expect(h.server.stats().sessions).toBe(1);
    expect(h.server.stats().subscriptions).toBe(1);
    const back = await raw(h.server.port, { clientId: "durable", clean: false, properties: { sessionExpiryInterval: 3600 } });
    const m = await back.next("publish");
    expect(str(m.payload)).toBe("before-restart");
    await back.send({ cmd: "puback", messageId: m.messageId! });
    // And the subscription still routes new messages.
    const pub2 = await h.connect({ protocolVersion: 4 });
    await pub2.publishAsync("keep/b", "after-restart", { qos: 1 });
    const m2 = await back.next("publish");
    expect(str(m2.payload)).toBe("after-restart");
  });

  test("inbound QoS 2 packet ids survive a restart: a resent PUBLISH is not delivered twice", async () => {
    h = await startHarness();
    const watcher = await h.connect({ protocolVersion: 5 });
    const got = collect(watcher);
    await watcher.subscribeAsync("x2", { qos: 2 });
    const connect = { clientId: "pub2", clean: false, properties: { sessionExpiryInterval: 600 } };
    const p = await raw(h.server.port, connect);
    const publish: PublishPacket = { cmd: "publish", topic: "x2", payload: text("once"), qos: 2, dup: false, retain: false, messageId: 9 };
    await p.send(publish);
    await p.next("pubrec");
    await waitFor(() => got.length === 1);
    const log = h.log;
    p.close();
    await h.close();
    h = await startHarness({ log });
    const w2 = await h.connect({ protocolVersion: 5 });
    const got2 = collect(w2);
    await w2.subscribeAsync("x2", { qos: 2 });
    const p2 = await raw(h.server.port, connect);
    await p2.send({ ...publish, dup: true });
    await p2.next("pubrec");
    await p2.send({ cmd: "pubrel", messageId: 9 });
    const comp = await p2.next("pubcomp");
    expect(comp.reasonCode ?? 0).toBe(0);
    await sleep(50);
    expect(got2).toHaveLength(0);
  });
});

describe("takeover and keep-alive", () => {
  test("a second CONNECT with the same client id closes the first with 0x8E [MQTT-3.1.4-3]", async () => {
    h = await startHarness();
    const first = await raw(h.server.port, { clientId: "same" });
    const second = await raw(h.server.port, { clientId: "same" });
    const d = await first.next("disconnect");
    expect(d.reasonCode).toBe(Reason.SessionTakenOver);
    await first.waitClosed();
    await second.send({ cmd: "pingreq" });
    await second.next("pingresp");
  });

  test("v3.1.1 takeover closes the old connection", async () => {
    h = await startHarness();
    const first = await raw(h.server.port, { protocolVersion: 4, clientId: "same4" });
    await raw(h.server.port, { protocolVersion: 4, clientId: "same4" });
    await first.waitClosed();
  });

  for (const protocolVersion of [4, 5] as const) {
    test(`v${protocolVersion}: silence beyond 1.5 × keep-alive closes the connection`, async () => {
      const clock = new FakeClock();
      h = await startHarness({ clock });
      const c = await raw(h.server.port, { protocolVersion, clientId: "ka", keepalive: 10 });
      clock.advance(14_000);
      await sleep(20);
      expect(c.closed).toBe(false);
      await c.send({ cmd: "pingreq" }); // activity resets the deadline
      await c.next("pingresp");
      clock.advance(14_000);
      await sleep(20);
      expect(c.closed).toBe(false);
      clock.advance(1_001);
      if (protocolVersion === 5) expect((await c.next("disconnect")).reasonCode).toBe(Reason.KeepAliveTimeout);
      await c.waitClosed();
    });
  }

  test("v5 server keep alive caps the client's value", async () => {
    h = await startHarness({ limits: { maxKeepAlive: 30 } });
    const c = await RawClient.open(h.server.port, 5);
    raws.push(c);
    await c.send({ cmd: "connect", protocolId: "MQTT", protocolVersion: 5, clientId: "", clean: true, keepalive: 0 });
    const ack = await c.next("connack");
    expect(ack.properties?.serverKeepAlive).toBe(30);
    expect(ack.properties?.assignedClientIdentifier).toMatch(/^tributary-/);
  });

  test("session expiry removes an offline session after its interval", async () => {
    const clock = new FakeClock();
    h = await startHarness({ clock });
    const c = await raw(h.server.port, { clientId: "exp", clean: false, properties: { sessionExpiryInterval: 5 } });
    await c.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "e", qos: 1, nl: false, rap: false, rh: 0 }] });
    await c.next("suback");
    c.close();
    await waitFor(() => h.server.stats().connections === 0);
    expect(h.server.stats().sessions).toBe(1);
    const [info] = h.server.clients();
    expect([info!.clientId, info!.connected, info!.subscriptions, info!.sessionExpiryInterval]).toEqual(["exp", false, ["e"], 5]);
    clock.advance(5000);
    expect(h.server.stats().sessions).toBe(0);
    expect(h.server.stats().subscriptions).toBe(0);
  });

  test("an expiry longer than the host timer limit (100 days) neither fires early nor is lost", async () => {
    const clock = new FakeClock();
    h = await startHarness({ clock });
    const c = await raw(h.server.port, { clientId: "long", clean: false, properties: { sessionExpiryInterval: 100 * 86400 } });
    c.close();
    await waitFor(() => h.server.stats().connections === 0);
    clock.advance(99 * 86400 * 1000);
    expect(h.server.stats().sessions).toBe(1);
    clock.advance(86400 * 1000);
    expect(h.server.stats().sessions).toBe(0);
  });
});
