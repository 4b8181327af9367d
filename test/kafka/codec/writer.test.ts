/** The growable writer, zero-copy chunks, varints and the encoders' refusals. */
import { describe, expect, test } from "bun:test";
import {
  ByteReader,
  ByteWriter,
  encodeFetchRequest,
  encodeFetchResponse,
  encodeMetadataRequest,
  encodeProduceRequest,
  KafkaEncodeError,
  uuidToBytes,
  uuidToString,
  ZERO_UUID,
} from "../../../broker/kafka/protocol/mod.ts";

describe("ByteWriter", () => {
  test("grows from a tiny buffer", () => {
    const w = new ByteWriter({ initialCapacity: 1 });
    for (let i = 0; i < 1000; i++) w.int32(i);
    const r = new ByteReader(w.finish());
    for (let i = 0; i < 1000; i++) expect(r.int32()).toBe(i);
    expect(w.length).toBe(4000);
  });

  test("unsigned varint, zigzag varint and varlong match Kafka's encodings", () => {
    const w = new ByteWriter();
    w.uvarint(300); // ac 02
    w.varint(-1); // 01
    w.varint(1); // 02
    w.varlong(-2n); // 03
    w.varlong(-(2n ** 63n)); // ff ff ff ff ff ff ff ff ff 01
    expect([...w.finish()]).toEqual([0xac, 0x02, 0x01, 0x02, 0x03, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1]);
    const r = new ByteReader(w.finish());
    expect([r.uvarint(), r.varint(), r.varint(), r.varlong(), r.varlong()]).toEqual([300, -1, 1, -2n, -(2n ** 63n)]);
  });

  test("large byte fields are referenced, not copied", () => {
    const records = new Uint8Array(10_000).fill(7);
    const w = new ByteWriter({ zeroCopyThreshold: 1024 });
    encodeProduceRequest(w, { acks: 1, timeoutMs: 100, topicData: [{ name: "t", partitionData: [{ index: 0, records }] }] }, 9);
    const chunks = w.chunks();
    expect(chunks.some((c) => c === records)).toBe(true);
    const joined = w.finish();
    expect(joined.length).toBe(w.length);
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(w.length);
    const small = new ByteWriter({ zeroCopyThreshold: 1 << 30 });
    encodeProduceRequest(small, { acks: 1, timeoutMs: 100, topicData: [{ name: "t", partitionData: [{ index: 0, records }] }] }, 9);
    expect(small.finish()).toEqual(joined);
  });

  test("sized sections survive buffer growth and earlier zero-copy chunks", () => {
    const w = new ByteWriter({ initialCapacity: 16, zeroCopyThreshold: 4 });
    w.bytesField(new Uint8Array([1, 2, 3, 4, 5]));
    const mark = w.beginSized();
    for (let i = 0; i < 100; i++) w.int8(i);
    w.compactBytes(new Uint8Array(50).fill(9)); // not referenced inside a sized section
    w.endSized(mark);
    const r = new ByteReader(w.finish());
    expect(r.bytesField(false)).toEqual(new Uint8Array([1, 2, 3, 4, 5]));
    expect(r.uvarint()).toBe(151);
    r.skip(151);
    expect(r.remaining).toBe(0);
  });

  test("strings: ASCII, multi-byte, compact with long lengths", () => {
    const long = "ü".repeat(100);
    const w = new ByteWriter();
    w.string("héllo");
    w.compactString(long);
    w.compactNullableString(null);
    w.nullableString(null);
    const r = new ByteReader(w.finish());
    expect([r.string(), r.compactString(), r.compactNullableString(), r.nullableString()]).toEqual(["héllo", long, null, null]);
  });

  test("an int16 string over 32767 bytes is refused", () => {
    expect(() => new ByteWriter().string("x".repeat(40_000))).toThrow(KafkaEncodeError);
  });
});

describe("uuid text form", () => {
  test("round trips and rejects malformed text", () => {
    const bytes = new Uint8Array(16).map((_, i) => i * 17);
    const text = uuidToString(bytes, 0);
    expect(text.length).toBe(22);
    const back = new Uint8Array(16);
    expect(uuidToBytes(text, back, 0)).toBe(true);
    expect(back).toEqual(bytes);
    expect(uuidToBytes("not-a-uuid", back, 0)).toBe(false);
    expect(uuidToBytes("AAAAAAAAAAAAAAAAAAAAA!", back, 0)).toBe(false);
    expect(uuidToString(new Uint8Array(16), 0)).toBe(ZERO_UUID);
    expect(() => new ByteWriter().uuid("nope")).toThrow(KafkaEncodeError);
  });
});

describe("encoders refuse what a version cannot carry", () => {
  test("a version outside validVersions", () => {
    expect(() => encodeMetadataRequest(new ByteWriter(), { topics: [] }, 13)).toThrow("unsupported version");
  });

  test("a non-ignorable field with a non-default value in a version without it", () => {
    // AllowAutoTopicCreation is "ignorable": false and only exists from v4.
    expect(() => encodeMetadataRequest(new ByteWriter(), { topics: [], allowAutoTopicCreation: false }, 3))
      .toThrow("allowAutoTopicCreation");
    expect(() => encodeMetadataRequest(new ByteWriter(), { topics: [], allowAutoTopicCreation: true }, 3)).not.toThrow();
  });

  test("ignorable fields are dropped silently", () => {
    // RackId is ignorable and only exists from Fetch v11.
    const req = { maxWaitMs: 1, minBytes: 1, topics: [], rackId: "rack-a" };
    expect(() => encodeFetchRequest(new ByteWriter(), req, 10)).not.toThrow();
  });

  test("null in a version where the field is not nullable", () => {
    // Metadata topics are nullable from v1 only.
    expect(() => encodeMetadataRequest(new ByteWriter(), { topics: null }, 0)).toThrow(KafkaEncodeError);
    expect(() => encodeMetadataRequest(new ByteWriter(), { topics: null }, 1)).not.toThrow();
  });

  test("tagged fields at their default are not written", () => {
    const base = { responses: [] };
    const a = new ByteWriter();
    encodeFetchResponse(a, base, 16);
    const b = new ByteWriter();
    encodeFetchResponse(b, { ...base, nodeEndpoints: [] }, 16);
    expect(b.finish()).toEqual(a.finish());
  });
});
