import { afterEach, describe, expect, test } from "bun:test";
import { encode as cborEncode } from "cbor-x";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { addOwnRun } from "../../broker/routing/ingest.ts";
import { partitionForKey } from "../../broker/routing/murmur2.ts";
import { applyPayloadCodec } from "../../broker/routing/payload_codec.ts";
import { compileRules, recordKey, reverseTopic } from "../../broker/routing/rules.ts";
import { EncodedHeadersCache, headersFor } from "../../broker/routing/record_mapping.ts";
import { encodeHeaders } from "../../broker/log/record_codec.ts";
import type { Message } from "../../broker/mqtt/message.ts";
import { collect, type Harness, sleep, startHarness, waitFor } from "./_harness.ts";
import { FakeLogManager } from "./_fake_log.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});
const enc = new TextEncoder();
const dec = new TextDecoder();

describe("rules", () => {
  const rules = compileRules([
    { filter: "sensors/+/temp", topic: "sensor-temp", key: "{segment:1}", partitions: 6 },
    { filter: "cmd/#", topic: "commands", key: "{clientid}", reverseTopic: "cmd/broadcast" },
    { filter: "#", topic: "rest", key: "{topic}" },
  ]);
  test("key templates", () => {
    expect(recordKey(rules[0]!, "sensors/dev7/temp", "c")).toBe("dev7");
    expect(recordKey(rules[1]!, "cmd/x", "client-1")).toBe("client-1");
    expect(recordKey(rules[2]!, "a/b", "c")).toBe("a/b");
  });
  test("reverse topic from the rule", () => {
    expect(reverseTopic(rules[0]!, "dev9")).toBe("sensors/dev9/temp");
    expect(reverseTopic(rules[0]!, null)).toBeUndefined();
    expect(reverseTopic(rules[0]!, "a/b")).toBeUndefined();
    expect(reverseTopic(rules[1]!, "k")).toBe("cmd/broadcast");
    expect(reverseTopic(rules[2]!, "x/y")).toBe("x/y");
  });
  test("bad rules are refused with a message", () => {
    expect(() => compileRules([{ filter: "a/#/b", topic: "t" }])).toThrow(/filter/);
    expect(() => compileRules([{ filter: "a", topic: "bad topic" }])).toThrow(/Kafka topic/);
    expect(() => compileRules([{ filter: "a", topic: "t", key: "{nope}" }])).toThrow(/key/);
    expect(() => compileRules([{ filter: "a", topic: "__mqtt_sessions" }])).toThrow(/internal/);
  });
});

describe("payload codecs", () => {
  test("json validates, cbor validates, cbor-to-json transcodes standard CBOR", () => {
    expect(applyPayloadCodec("json", enc.encode('{"a":1}')).ok).toBe(true);
    expect(applyPayloadCodec("json", enc.encode("{")).ok).toBe(false);
    expect(applyPayloadCodec("json", new Uint8Array([0xff])).ok).toBe(false);
    const cbor = new Uint8Array(cborEncode({ t: 21.5, id: "d1", raw: new Uint8Array([1, 2]) }));
    expect(applyPayloadCodec("cbor", cbor).ok).toBe(true);
    const out = applyPayloadCodec("cbor-to-json", cbor);
    expect(out.ok && JSON.parse(dec.decode(out.value))).toEqual({ t: 21.5, id: "d1", raw: "AQI=" });
    expect(applyPayloadCodec("cbor", new Uint8Array([0x1c])).ok).toBe(false); // reserved
    expect(applyPayloadCodec("cbor", new Uint8Array([0x01, 0x02])).ok).toBe(false); // two items
    expect(applyPayloadCodec("cbor", new Uint8Array([0x62, 0x61])).ok).toBe(false); // truncated
  });
});

describe("ingest", () => {
  test("keyed records land in Kafka's murmur2 partition", async () => {
    h = await startHarness({ rules: [{ filter: "sensors/+/temp", topic: "sensor-temp", key: "{segment:1}", partitions: 4 }] });
    const p = await h.connect({ protocolVersion: 4 });
    for (const dev of ["d1", "d2", "d3", "d4", "d5"]) await p.publishAsync(`sensors/${dev}/temp`, dev, { qos: 1 });
    for (const dev of ["d1", "d2", "d3", "d4", "d5"]) {
      const part = partitionForKey(enc.encode(dev), 4);
      const records = (await h.log.partition("sensor-temp", part))!.records();
      expect(records.some((r) => dec.decode(r.key!) === dev)).toBe(true);
    }
  });

  test("publishes arriving together become one RecordBatch per partition, acked after the append", async () => {
    const log = new FakeLogManager(undefined, { appendDelayMs: 20 });
    h = await startHarness({ log, rules: [{ filter: "b/#", topic: "batched" }] });
    const p = await h.connect({ protocolVersion: 5 });
    await p.publishAsync("b/warmup", "w", { qos: 1 });
    const part = (await log.partition("batched", 0))!;
    const before = part.appends;
    // 90: MQTT.js ignores the server's Receive Maximum (100) for its own publishes.
    await Promise.all(Array.from({ length: 90 }, (_, i) => p.publishAsync("b/x", String(i), { qos: 1 })));
    expect(part.records()).toHaveLength(91);
    expect(part.appends - before).toBeLessThanOrEqual(3);
  });

  test("cbor-to-json rule stores JSON and delivers the original CBOR to MQTT subscribers", async () => {
    h = await startHarness({ rules: [{ filter: "c/+", topic: "cbor-in", codec: "cbor-to-json", key: "{segment:1}" }] });
    const s = await h.connect({ protocolVersion: 5 });
    const got = collect(s);
    await s.subscribeAsync("c/+", { qos: 1 });
    const p = await h.connect({ protocolVersion: 5 });
    const payload = Buffer.from(cborEncode({ v: 1 }));
    await p.publishAsync("c/dev", payload, { qos: 1 });
    await waitFor(() => got.length === 1);
    expect(Buffer.from(got[0]!.packet.payload as Buffer).equals(payload)).toBe(true);
    const r = (await h.log.partition("cbor-in", 0))!.records()[0]!;
    expect(dec.decode(r.value!)).toBe('{"v":1}');
  });

  test("v3.1.1: a failed append closes the connection (no way to signal it)", async () => {
    const log = new FakeLogManager();
    h = await startHarness({ log });
    const p = await h.connect({ protocolVersion: 4 });
    await p.publishAsync("warm", "x", { qos: 1 });
    log.failAppends = true;
    (await log.partition("mqtt-messages", 0))!.append = () => Promise.reject(new Error("disk full"));
    const closed = new Promise<void>((r) => p.once("close", () => r()));
    p.publish("fail", "x", { qos: 1 });
    await closed;
    expect(h.metrics.value("tributary_mqtt_ingest_failed_total")).toBe(1);
  });
});

describe("oversize records", () => {
  test("a record over max.message.bytes gets v5 PUBACK 0x83 and does not fail its batch neighbours", async () => {
    const log = new FakeLogManager();
    await log.createTopic("small", { partitions: 1, config: { "max.message.bytes": 300 } });
    h = await startHarness({ log, rules: [{ filter: "s/#", topic: "small" }] });
    const { RawClient } = await import("./_raw_client.ts");
    const c = await RawClient.connect(h.server.port, { clientId: "big" });
    await c.send({ cmd: "publish", topic: "s/1", payload: new Uint8Array(1000), qos: 1, dup: false, retain: false, messageId: 1 });
    await c.send({ cmd: "publish", topic: "s/2", payload: enc.encode("ok"), qos: 1, dup: false, retain: false, messageId: 2 });
    const acks = [await c.next("puback"), await c.next("puback")];
    expect(acks.map((a) => [a.messageId, a.reasonCode ?? 0])).toEqual([[1, 0x83], [2, 0]]);
    expect((await log.partition("small", 0))!.records()).toHaveLength(1);
    c.close();
  });
});

describe("Kafka → MQTT", () => {
  test("records produced by a Kafka client reach MQTT subscribers with headers as user properties; MQTT-origin records are not delivered twice", async () => {
    h = await startHarness({ rules: [{ filter: "sensors/+/cmd", topic: "device-commands", key: "{segment:1}", partitions: 2 }] });
    const s = await h.connect({ protocolVersion: 5 });
    const got = collect(s);
    await s.subscribeAsync("sensors/#", { qos: 1 });
    const p = await h.connect({ protocolVersion: 5 });
    await p.publishAsync("sensors/d1/cmd", "from-mqtt", { qos: 1 }); // creates the topic
    await waitFor(() => got.length === 1);
    await sleep(20); // the tailer attaches when ingest first resolves the topic
    const key = enc.encode("d2");
    const part = partitionForKey(key, 2);
    const log = (await h.log.partition("device-commands", part))!;
    await log.append(buildRecordBatch([
      { timestamp: Date.now(), key, value: enc.encode("reboot"), headers: [{ key: "origin", value: enc.encode("ops") }] },
      { timestamp: Date.now(), key: null, value: enc.encode("explicit"), headers: [{ key: "mqtt.topic", value: enc.encode("sensors/all/cmd") }] },
      // Outside this topic's rules: not injected into MQTT.
      { timestamp: Date.now(), key: null, value: enc.encode("injected"), headers: [{ key: "mqtt.topic", value: enc.encode("sensors/x/other") }] },
    ]));
    await waitFor(() => got.length === 3);
    expect(got[1]!.topic).toBe("sensors/d2/cmd");
    expect(got[1]!.payload).toBe("reboot");
    expect(got[1]!.packet.properties?.userProperties).toEqual({ origin: "ops" });
    expect(got[2]!.topic).toBe("sensors/all/cmd");
    await p.publishAsync("sensors/d3/cmd", "again-from-mqtt", { qos: 1 });
    await sleep(100);
    expect(got.map((m) => m.payload)).toEqual(["from-mqtt", "reboot", "explicit", "again-from-mqtt"]);
    expect(h.metrics.value("tributary_mqtt_from_kafka_skipped_total")).toBe(1); // the injected one
  }, 10_000);
});

describe("encoded headers of repeated messages", () => {
  const message = (over: Partial<Message> = {}): Message => ({
    topic: "s/1/t", payload: new Uint8Array(1), qos: 1, retain: false, properties: {}, expiresAt: undefined, origin: "dev-1", ...over,
  });

  test("equal the encoding of headersFor for every combination the cache keys on", () => {
    const cache = new EncodedHeadersCache();
    const variants: Array<[Message, string | undefined]> = [
      [message(), "dev-1"], [message(), "dev-1"], [message({ qos: 2 }), "dev-1"], [message({ retain: true }), "dev-1"],
      [message(), "dev-2"], [message(), undefined], [message({ topic: "s/2/t" }), "dev-1"], [message(), "dev-1"],
    ];
    for (const [m, clientId] of variants) {
      expect(cache.encoded(m, clientId)).toEqual(encodeHeaders(headersFor(m, clientId, 0)));
    }
  });

  test("are shared while topic, QoS, retain and client id repeat", () => {
    const cache = new EncodedHeadersCache();
    const first = cache.encoded(message(), "dev-1");
    expect(cache.encoded(message(), "dev-1")).toBe(first!);
    expect(cache.encoded(message({ qos: 0 }), "dev-1")).not.toBe(first!);
  });

  test("are not used for messages with properties or an expiry (their headers vary)", () => {
    const cache = new EncodedHeadersCache();
    expect(cache.encoded(message({ properties: { contentType: "text/plain" } }), "dev-1")).toBeUndefined();
    expect(cache.encoded(message({ properties: { userProperties: [["a", "b"]] } }), "dev-1")).toBeUndefined();
    expect(cache.encoded(message({ expiresAt: 5_000 }), "dev-1")).toBeUndefined();
  });
});

describe("user properties round trip through Kafka headers", () => {
  test("MQTT → record headers → re-produced by a Kafka client → MQTT user properties", async () => {
    const log = new FakeLogManager();
    await log.ensureTopic("egress", 1); // exists before the server starts, so it is tailed at once
    h = await startHarness({
      log,
      rules: [
        { filter: "in/#", topic: "ingress", key: "{topic}", reverse: false },
        { filter: "out/#", topic: "egress", key: "{topic}" },
      ],
    });
    const s = await h.connect({ protocolVersion: 5 });
    const got = collect(s);
    await s.subscribeAsync("out/#", { qos: 1 });
    const p = await h.connect({ protocolVersion: 5 });
    await p.publishAsync("in/a", "payload", { qos: 1, properties: { userProperties: { unit: "C", tag: ["x", "y"] }, contentType: "text/plain" } });
    // A Kafka stream processor copies the record, headers included, to the egress topic.
    const [record] = (await h.log.partition("ingress", 0))!.records();
    const headers = record!.headers.map((x) => (x.key === "mqtt.topic" ? { key: x.key, value: enc.encode("out/a") } : x));
    await (await h.log.partition("egress", 0))!.append(buildRecordBatch([{ timestamp: Date.now(), key: enc.encode("out/a"), value: record!.value, headers }]));
    await waitFor(() => got.length === 1);
    expect(got[0]!.topic).toBe("out/a");
    expect(got[0]!.payload).toBe("payload");
    expect(got[0]!.packet.properties?.userProperties).toEqual({ unit: "C", tag: ["x", "y"] });
    expect(got[0]!.packet.properties?.contentType).toBe("text/plain");
    expect(got[0]!.packet.qos).toBe(1);
  });
});

describe("Kafka → MQTT with compressed batches", () => {
  test("an lz4-compressed batch from a Kafka producer is decompressed and delivered", async () => {
    const { createCompression, CompressionCodec } = await import("../../broker/kafka/compression/mod.ts");
    const { crc32c } = await import("../../broker/log/crc32c.ts");
    const compression = createCompression();
    const log = new FakeLogManager();
    await log.ensureTopic("zipped", 1);
    h = await startHarness({
      log,
      rules: [{ filter: "z/+", topic: "zipped", key: "{segment:1}" }],
      decompress: (codec, bytes) => compression.decompress(codec, bytes),
    });
    const s = await h.connect({ protocolVersion: 5 });
    const got = collect(s);
    await s.subscribeAsync("z/+", { qos: 1 });
    // Build a plain batch, then compress its records section as a Kafka producer would.
    const plain = buildRecordBatch([
      { timestamp: Date.now(), key: enc.encode("a"), value: enc.encode("one") },
      { timestamp: Date.now(), key: enc.encode("b"), value: enc.encode("two") },
    ]);
    const records = compression.compress(CompressionCodec.lz4, plain.subarray(61));
    const batch = new Uint8Array(61 + records.length);
    batch.set(plain.subarray(0, 61));
    batch.set(records, 61);
    const view = new DataView(batch.buffer);
    view.setInt32(8, batch.length - 12); // batch length
    view.setInt16(21, CompressionCodec.lz4); // attributes
    view.setUint32(17, crc32c(batch, 21, batch.length) >>> 0); // CRC-32C over attributes..end
    await (await log.partition("zipped", 0))!.append(batch);
    await waitFor(() => got.length === 2);
    expect(got.map((m) => [m.topic, m.payload])).toEqual([["z/a", "one"], ["z/b", "two"]]);
  });
});

describe("own-offset runs of MQTT ingest", () => {
  test("a run that continues the previous one extends it; a gap (another producer's records) starts a new one", () => {
    const own: Array<[number, number]> = [];
    for (let base = 0; base < 100_000; base += 10) addOwnRun(own, base, base + 9);
    expect(own).toEqual([[0, 99_999]]); // 10,000 appends, one run: nothing falls off the cap
    addOwnRun(own, 100_005, 100_009); // offsets 100,000–100,004 came from a Kafka producer
    addOwnRun(own, 100_010, 100_019);
    expect(own).toEqual([[0, 99_999], [100_005, 100_019]]);
  });

  test("runs settling out of order stay ascending, and the list stays bounded", () => {
    const own: Array<[number, number]> = [];
    addOwnRun(own, 20, 29);
    addOwnRun(own, 5, 9);
    expect(own).toEqual([[5, 9], [20, 29]]);
    for (let i = 0; i < 12_000; i++) addOwnRun(own, 100 + i * 2, 100 + i * 2); // every other offset
    expect(own.length).toBe(10_000);
    expect(own[own.length - 1]).toEqual([100 + 11_999 * 2, 100 + 11_999 * 2]);
  });
});
