import { afterEach, describe, expect, test } from "bun:test";
import { Reason } from "../../broker/mqtt/reason_codes.ts";
import { type Harness, sleep, startHarness, waitFor } from "./_harness.ts";
import { RawClient } from "./_raw_client.ts";

let h: Harness;
const raws: RawClient[] = [];
afterEach(async () => {
  for (const r of raws.splice(0)) r.close();
  await h?.close();
});
async function raw(connect: Parameters<typeof RawClient.connect>[1]) {
  const c = await RawClient.connect(h.server.port, connect);
  raws.push(c);
  return c;
}
const text = (s: string) => new TextEncoder().encode(s);
const sub = (topic: string) => ({ topic, qos: 1 as const, nl: false, rap: false, rh: 0 as const });

describe("limits keep memory bounded", () => {
  test("subscriptions per session: the excess gets 0x97", async () => {
    h = await startHarness({ limits: { maxSubscriptionsPerSession: 2 } });
    const c = await raw({ clientId: "many" });
    await c.send({ cmd: "subscribe", messageId: 1, subscriptions: [sub("a"), sub("b"), sub("c")] });
    expect((await c.next("suback")).granted).toEqual([1, 1, Reason.QuotaExceeded]);
    await c.send({ cmd: "subscribe", messageId: 2, subscriptions: [sub("a")] }); // replacing is fine
    expect((await c.next("suback")).granted).toEqual([1]);
  });

  test("offline queue: oldest QoS 1 messages are dropped beyond the message and byte caps", async () => {
    h = await startHarness({ limits: { maxQueuedMessages: 3, maxQueuedBytes: 1 << 20 } });
    const connect = { clientId: "q", clean: false, properties: { sessionExpiryInterval: 100 } };
    const c = await raw(connect);
    await c.send({ cmd: "subscribe", messageId: 1, subscriptions: [sub("q")] });
    await c.next("suback");
    c.close();
    await waitFor(() => h.server.stats().connections === 0);
    const p = await h.connect({ protocolVersion: 5 });
    for (let i = 0; i < 5; i++) await p.publishAsync("q", String(i), { qos: 1 });
    const back = await raw(connect);
    await sleep(50);
    const got = back.received.flatMap((x) => (x.cmd === "publish" ? [new TextDecoder().decode(x.payload)] : []));
    expect(got).toEqual(["2", "3", "4"]);
    expect(h.metrics.value("tributary_mqtt_messages_dropped_total", { reason: "queue-full" })).toBe(2);
  });

  test("byte cap on a session queue", async () => {
    h = await startHarness({ limits: { maxQueuedBytes: 2500 } });
    const connect = { clientId: "qb", clean: false, properties: { sessionExpiryInterval: 100 } };
    const c = await raw(connect);
    await c.send({ cmd: "subscribe", messageId: 1, subscriptions: [sub("qb")] });
    await c.next("suback");
    c.close();
    await waitFor(() => h.server.stats().connections === 0);
    const p = await h.connect({ protocolVersion: 5 });
    for (let i = 0; i < 5; i++) await p.publishAsync("qb", String(i).repeat(1000), { qos: 1 });
    const back = await raw(connect);
    await sleep(50);
    expect(back.received.filter((x) => x.cmd === "publish")).toHaveLength(2);
  });

  test("sessions cap refuses new client ids with 0x97", async () => {
    h = await startHarness({ limits: { maxSessions: 1 } });
    await raw({ clientId: "one" });
    const c = await RawClient.open(h.server.port, 5);
    raws.push(c);
    await c.send({ cmd: "connect", protocolId: "MQTT", protocolVersion: 5, clientId: "two", clean: true, keepalive: 0 });
    expect((await c.next("connack")).reasonCode).toBe(Reason.QuotaExceeded);
    await c.waitClosed();
  });

  test("retained cap: new topics beyond it are not retained", async () => {
    h = await startHarness({ limits: { maxRetainedMessages: 1 } });
    const p = await h.connect({ protocolVersion: 5 });
    await p.publishAsync("r/1", "a", { qos: 1, retain: true });
    await p.publishAsync("r/2", "b", { qos: 1, retain: true });
    await p.publishAsync("r/1", "c", { qos: 1, retain: true }); // replacing an existing one is fine
    expect(h.server.stats().retained).toBe(1);
  });

  test("QoS 1 PUBLISH with packet id 0 is malformed [MQTT-2.2.1-3]", async () => {
    h = await startHarness();
    const c = await raw({ clientId: "zero" });
    await c.send({ cmd: "publish", topic: "z", payload: text("x"), qos: 1, dup: false, retain: false, messageId: 0 });
    expect((await c.next("disconnect")).reasonCode).toBe(Reason.MalformedPacket);
  });

  test("auth hooks: refused CONNECT, publish and subscribe", async () => {
    h = await startHarness({
      hooks: {
        authenticate: (info) => (info.username === "bad" ? Reason.BadUserNameOrPassword : true),
        authorizePublish: (_id, topic) => !topic.startsWith("secret"),
        authorizeSubscribe: (_id, filter) => filter !== "#",
      },
    });
    const refused = await RawClient.open(h.server.port, 4);
    raws.push(refused);
    await refused.send({ cmd: "connect", protocolId: "MQTT", protocolVersion: 4, clientId: "x", clean: true, keepalive: 0, username: "bad" });
    expect((await refused.next("connack")).reasonCode).toBe(4); // v3 bad user name or password
    const c = await raw({ clientId: "ok" });
    await c.send({ cmd: "subscribe", messageId: 1, subscriptions: [sub("#"), sub("ok")] });
    expect((await c.next("suback")).granted).toEqual([Reason.NotAuthorized, 1]);
    await c.send({ cmd: "publish", topic: "secret/x", payload: text("x"), qos: 1, dup: false, retain: false, messageId: 5 });
    expect((await c.next("puback")).reasonCode).toBe(Reason.NotAuthorized);
  });

  test("v3.1.1 QoS 2 publishes refused by authorization complete normally and do not eat the receive window", async () => {
    h = await startHarness({ limits: { receiveMaximum: 5 }, hooks: { authorizePublish: () => false } });
    const c = await raw({ protocolVersion: 4, clientId: "denied2" });
    for (let i = 1; i <= 20; i++) {
      await c.send({ cmd: "publish", topic: "x", payload: text("x"), qos: 2, dup: false, retain: false, messageId: i });
      await c.next("pubrec");
      await c.send({ cmd: "pubrel", messageId: i });
      await c.next("pubcomp");
    }
    expect(c.closed).toBe(false);
  });
});
