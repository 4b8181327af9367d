import { afterEach, describe, expect, test } from "bun:test";
import type { PublishPacket } from "../../broker/mqtt/packets.ts";
import { Reason } from "../../broker/mqtt/reason_codes.ts";
import { collect, type Harness, sleep, startHarness, waitFor } from "./_harness.ts";
import { FakeClock } from "./_fake_clock.ts";
import { RawClient } from "./_raw_client.ts";

let h: Harness;
const raws: RawClient[] = [];
afterEach(async () => {
  for (const r of raws.splice(0)) r.close();
  await h?.close();
});
async function raw(connect: Parameters<typeof RawClient.connect>[1] = {}) {
  const c = await RawClient.connect(h.server.port, connect);
  raws.push(c);
  return c;
}
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));
const sub = (topic: string, qos: 0 | 1 | 2 = 1, extra = {}) => ({ topic, qos, nl: false, rap: false, rh: 0 as const, ...extra });

describe("MQTT 5 properties", () => {
  test("user properties, content type, response topic and correlation data are forwarded and become Kafka headers", async () => {
    h = await startHarness();
    const s = await h.connect({ protocolVersion: 5 });
    const got = collect(s);
    await s.subscribeAsync("props", { qos: 1 });
    const p = await h.connect({ protocolVersion: 5 });
    await p.publishAsync("props", "{}", {
      qos: 1,
      properties: {
        userProperties: { site: "north", tag: ["a", "b"] },
        contentType: "application/json",
        responseTopic: "reply/here",
        correlationData: Buffer.from([1, 2, 3]),
        payloadFormatIndicator: true,
      },
    });
    await waitFor(() => got.length === 1);
    const props = got[0]!.packet.properties!;
    expect(props.userProperties).toEqual({ site: "north", tag: ["a", "b"] });
    expect(props.contentType).toBe("application/json");
    expect(props.responseTopic).toBe("reply/here");
    expect([...props.correlationData!]).toEqual([1, 2, 3]);
    expect(props.payloadFormatIndicator).toBe(true);
    const record = (await h.log.partition("mqtt-messages", 0))!.records()[0]!;
    const headers = record.headers.map((x) => [x.key, x.key === "mqtt.correlation-data" ? [...x.value!].join(",") : str(x.value)]);
    expect(headers).toEqual([
      ["mqtt.topic", "props"],
      ["mqtt.qos", "1"],
      ["mqtt.client-id", p.options.clientId!],
      ["mqtt.content-type", "application/json"],
      ["mqtt.response-topic", "reply/here"],
      ["mqtt.correlation-data", "1,2,3"],
      ["mqtt.payload-format", "1"],
      ["site", "north"],
      ["tag", "a"],
      ["tag", "b"],
    ]);
    expect(str(record.key)).toBe("props");
  });

  test("inbound topic alias: set with a topic, then used with an empty topic; unknown or too large alias closes", async () => {
    h = await startHarness({ limits: { topicAliasMaximum: 5 } });
    const s = await h.connect({ protocolVersion: 5 });
    const got = collect(s);
    await s.subscribeAsync("alias/#", { qos: 0 });
    const c = await raw({ clientId: "aliaser" });
    const base: PublishPacket = { cmd: "publish", topic: "alias/long/topic", payload: text("1"), qos: 0, dup: false, retain: false, properties: { topicAlias: 3 } };
    await c.send(base);
    await c.send({ ...base, topic: "", payload: text("2") });
    await waitFor(() => got.length === 2);
    expect(got.map((m) => m.topic)).toEqual(["alias/long/topic", "alias/long/topic"]);
    await c.send({ ...base, topic: "", properties: { topicAlias: 6 } });
    expect((await c.next("disconnect")).reasonCode).toBe(Reason.TopicAliasInvalid);
    const d = await raw({ clientId: "aliaser2" });
    await d.send({ ...base, topic: "", properties: { topicAlias: 4 } });
    expect((await d.next("disconnect")).reasonCode).toBe(Reason.ProtocolError);
  });

  test("outbound topic aliases when the client allows them", async () => {
    h = await startHarness();
    const c = await raw({ clientId: "alias-out", properties: { topicAliasMaximum: 1 } });
    await c.send({ cmd: "subscribe", messageId: 1, subscriptions: [sub("o/#", 0)] });
    await c.next("suback");
    const p = await h.connect({ protocolVersion: 5 });
    await p.publishAsync("o/first", "1");
    await p.publishAsync("o/first", "2");
    await p.publishAsync("o/second", "3");
    const m = [await c.next("publish"), await c.next("publish"), await c.next("publish")];
    expect(m.map((x) => [x.topic, x.properties?.topicAlias])).toEqual([["o/first", 1], ["", 1], ["o/second", undefined]]);
  });

  test("receive maximum: no more than the client's window in flight; the rest follows acks", async () => {
    h = await startHarness();
    const c = await raw({ clientId: "slow", properties: { receiveMaximum: 2 } });
    await c.send({ cmd: "subscribe", messageId: 1, subscriptions: [sub("w")] });
    await c.next("suback");
    const p = await h.connect({ protocolVersion: 5 });
    for (let i = 0; i < 5; i++) await p.publishAsync("w", String(i), { qos: 1 });
    await sleep(50);
    const inflight = c.received.filter((x) => x.cmd === "publish") as PublishPacket[];
    expect(inflight).toHaveLength(2);
    for (let i = 0; i < 5; i++) {
      const m = await c.next("publish");
      expect(str(m.payload)).toBe(String(i));
      await c.send({ cmd: "puback", messageId: m.messageId! });
    }
  });

  test("exceeding the server's receive maximum is disconnected with 0x93 [MQTT-3.3.4-7]", async () => {
    h = await startHarness({ limits: { receiveMaximum: 2 }, log: new (await import("./_fake_log.ts")).FakeLogManager(undefined, { appendDelayMs: 200 }) });
    const c = await raw({ clientId: "flood" });
    for (let i = 1; i <= 3; i++) {
      await c.send({ cmd: "publish", topic: "f", payload: text("x"), qos: 1, dup: false, retain: false, messageId: i });
    }
    expect((await c.next("disconnect")).reasonCode).toBe(Reason.ReceiveMaximumExceeded);
  });

  test("subscription identifiers, no-local", async () => {
    h = await startHarness();
    const c = await raw({ clientId: "ids" });
    await c.send({ cmd: "subscribe", messageId: 1, subscriptions: [sub("i/+")], properties: { subscriptionIdentifier: 7 } });
    await c.send({ cmd: "subscribe", messageId: 2, subscriptions: [sub("i/#")], properties: { subscriptionIdentifier: 9 } });
    await c.send({ cmd: "subscribe", messageId: 3, subscriptions: [sub("nl", 1, { nl: true })] });
    await c.next("suback");
    await c.next("suback");
    await c.next("suback");
    const p = await h.connect({ protocolVersion: 5 });
    await p.publishAsync("i/x", "both", { qos: 1 });
    const m = await c.next("publish");
    expect(m.properties?.subscriptionIdentifier?.sort()).toEqual([7, 9]);
    await c.send({ cmd: "puback", messageId: m.messageId! });
    await c.send({ cmd: "publish", topic: "nl", payload: text("mine"), qos: 0, dup: false, retain: false });
    await sleep(50);
    expect(c.received.filter((x) => x.cmd === "publish")).toHaveLength(0); // [MQTT-3.8.3-3]
  });

  test("message expiry: the interval is decremented on forward and expired queued messages are dropped", async () => {
    const clock = new FakeClock();
    h = await startHarness({ clock });
    const connect = { clientId: "late", clean: false, properties: { sessionExpiryInterval: 600 } };
    const c = await raw(connect);
    await c.send({ cmd: "subscribe", messageId: 1, subscriptions: [sub("exp")] });
    await c.next("suback");
    c.close();
    await waitFor(() => h.server.stats().connections === 0);
    const p = await h.connect({ protocolVersion: 5 });
    await p.publishAsync("exp", "short", { qos: 1, properties: { messageExpiryInterval: 5 } });
    await p.publishAsync("exp", "long", { qos: 1, properties: { messageExpiryInterval: 100 } });
    clock.advance(10_000);
    const back = await raw(connect);
    const m = await back.next("publish");
    expect(str(m.payload)).toBe("long");
    expect(m.properties?.messageExpiryInterval).toBe(90); // [MQTT-3.3.2-6]
    await sleep(30);
    expect(back.received.filter((x) => x.cmd === "publish")).toHaveLength(0);
  });

  test("a payload failing its rule's codec gets PUBACK 0x99 and is neither stored nor forwarded", async () => {
    h = await startHarness({ rules: [{ filter: "json/#", topic: "json-in", codec: "json" }] });
    const s = await h.connect({ protocolVersion: 5 });
    const got = collect(s);
    await s.subscribeAsync("json/#", { qos: 1 });
    const c = await raw({ clientId: "jsonpub" });
    await c.send({ cmd: "publish", topic: "json/a", payload: text("{not json"), qos: 1, dup: false, retain: false, messageId: 1 });
    expect((await c.next("puback")).reasonCode).toBe(Reason.PayloadFormatInvalid);
    await c.send({ cmd: "publish", topic: "json/a", payload: text('{"ok":true}'), qos: 1, dup: false, retain: false, messageId: 2 });
    expect((await c.next("puback")).reasonCode ?? 0).toBe(0);
    await waitFor(() => got.length === 1);
    expect(got[0]!.payload).toBe('{"ok":true}');
    expect((await h.log.partition("json-in", 0))!.records()).toHaveLength(1);
    expect(h.metrics.value("tributary_mqtt_payload_invalid_total")).toBe(1);
  });

  test("a message larger than the client's Maximum Packet Size is not sent to it [MQTT-3.1.2-25]", async () => {
    h = await startHarness();
    const c = await raw({ clientId: "tiny", properties: { maximumPacketSize: 64 } });
    await c.send({ cmd: "subscribe", messageId: 1, subscriptions: [sub("big")] });
    await c.next("suback");
    const p = await h.connect({ protocolVersion: 5 });
    await p.publishAsync("big", "x".repeat(200), { qos: 1 });
    await p.publishAsync("big", "small", { qos: 1 });
    const m = await c.next("publish");
    expect(str(m.payload)).toBe("small");
  });
});
