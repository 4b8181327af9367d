/**
 * Hostile input: truncation at every byte, random garbage and absurd lengths end in one
 * KafkaDecodeError, never a RangeError, a hang or a huge allocation.
 */
import { describe, expect, test } from "bun:test";
import { ByteReader } from "../../../broker/kafka/protocol/reader.ts";
import { ByteWriter } from "../../../broker/kafka/protocol/writer.ts";
import { KafkaDecodeError } from "../../../broker/kafka/protocol/errors.ts";
import { decodeRequestHeader } from "../../../broker/kafka/protocol/generated/headers.ts";
import { GENERATED_API_KEYS } from "../../../tools/codegen/apis.ts";
import { parseSchemas } from "../../../tools/codegen/generate.ts";
import { codecFor, loadSchemaTexts, rng, sampleMessage } from "./_samples.ts";

/** Run `fn`; return the error it threw (or null). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
    return null;
  } catch (e) {
    return e;
  }
}

const texts = await loadSchemaTexts();
const specs = texts === null ? [] : [...parseSchemas(texts).values()].filter((s) =>
  s.apiKey !== null && GENERATED_API_KEYS.includes(s.apiKey) && (s.kind === "request" || s.kind === "response")
);

describe.if(texts !== null)("truncated input", () => {
  const cases: [string, number][] = [
    ["ProduceRequest", 3], ["ProduceRequest", 9], ["FetchRequest", 15], ["FetchResponse", 12],
    ["FetchResponse", 16], ["MetadataResponse", 12], ["ApiVersionsResponse", 3], ["JoinGroupRequest", 9],
    ["DescribeConfigsResponse", 4], ["OffsetFetchResponse", 8],
  ];
  for (const [name, version] of cases) {
    test(`${name} v${version} cut at every byte fails with KafkaDecodeError`, () => {
      const spec = specs.find((s) => s.name === name)!;
      const { encode, decode } = codecFor(name);
      let checked = 0;
      for (let seed = 1; seed <= 4; seed++) {
        const w = new ByteWriter();
        encode(w, sampleMessage(spec, version, seed).init, version);
        const bytes = w.finish();
        for (let cut = 0; cut < bytes.length; cut++) {
          const e = thrown(() => decode(new ByteReader(bytes.subarray(0, cut)), version));
          expect(e).toBeInstanceOf(KafkaDecodeError);
          const err = e as KafkaDecodeError;
          expect(err.api).toBe(name);
          expect(err.version).toBe(version);
          expect(err.offset).toBeLessThanOrEqual(cut);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});

describe.if(texts !== null)("random garbage", () => {
  test("every message at every version throws nothing but KafkaDecodeError", () => {
    const rand = rng(42);
    let decoded = 0, rejected = 0;
    for (const spec of specs) {
      const { decode } = codecFor(spec.name);
      for (let v = spec.validVersions.lo; v <= spec.validVersions.hi; v++) {
        for (let i = 0; i < 60; i++) {
          const len = Math.floor(rand() * 64);
          const bytes = new Uint8Array(len);
          // Mostly small bytes so lengths and counts are plausible and decoding goes deep.
          for (let j = 0; j < len; j++) bytes[j] = rand() < 0.7 ? Math.floor(rand() * 4) : Math.floor(rand() * 256);
          const e = thrown(() => decode(new ByteReader(bytes), v));
          if (e === null) decoded++;
          else if (e instanceof KafkaDecodeError) rejected++;
          else throw e;
        }
      }
    }
    expect(decoded + rejected).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(0);
  });

  test("valid messages with random bytes overwritten throw nothing but KafkaDecodeError", () => {
    const rand = rng(99);
    let rejected = 0;
    for (const spec of specs) {
      const { encode, decode } = codecFor(spec.name);
      for (let v = spec.validVersions.lo; v <= spec.validVersions.hi; v++) {
        const w = new ByteWriter();
        encode(w, sampleMessage(spec, v, 3).init, v);
        const good = w.finish();
        for (let i = 0; i < 20 && good.length > 0; i++) {
          const bytes = good.slice();
          for (let k = 0; k < 3; k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
          const e = thrown(() => decode(new ByteReader(bytes), v));
          if (e instanceof KafkaDecodeError) rejected++;
          else if (e !== null) throw e;
        }
      }
    }
    expect(rejected).toBeGreaterThan(0);
  });

  test("random request headers", () => {
    const rand = rng(7);
    for (let i = 0; i < 5000; i++) {
      const bytes = new Uint8Array(Math.floor(rand() * 16)).map(() => Math.floor(rand() * 256));
      const e = thrown(() => decodeRequestHeader(new ByteReader(bytes)));
      if (e !== null) expect(e).toBeInstanceOf(KafkaDecodeError);
    }
  });
});

describe("hostile lengths", () => {
  const huge = [0x7f, 0xff, 0xff, 0xff];

  test("an int32 length of 2^31-1 fails without allocating", () => {
    const r = new ByteReader(new Uint8Array([...huge, 1, 2, 3]));
    expect(r.bytesField(true).length).toBe(0);
    expect(r.error).toContain("2147483647");
    expect(() => r.check("X", 0)).toThrow(KafkaDecodeError);
  });

  test("an array count of 2^31-1 is capped by the bytes left", () => {
    const r = new ByteReader(new Uint8Array([...huge, 0, 0]));
    expect(r.arrayLength()).toBe(0);
    expect(r.error).toContain("exceeds");
  });

  test("a compact length near 2^32 fails", () => {
    const r = new ByteReader(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0x41]));
    expect(r.compactString()).toBe("");
    expect(r.error).not.toBeNull();
  });

  test("a ProduceRequest claiming 2^31-1 topics is rejected quickly", () => {
    const { decode } = codecFor("ProduceRequest");
    const bytes = new Uint8Array([0xff, 0xff, 0, 1, 0, 0, 0, 0, ...huge]);
    const started = performance.now();
    const e = thrown(() => decode(new ByteReader(bytes), 3));
    expect(e).toBeInstanceOf(KafkaDecodeError);
    expect((e as KafkaDecodeError).offset).toBe(12);
    expect(performance.now() - started).toBeLessThan(100);
  });

  test("a tagged-field count of 2^32-1 does not loop", () => {
    const r = new ByteReader(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]));
    r.skipTaggedFields();
    expect(r.error).toContain("tagged field count");
  });

  test("varints longer than 5 bytes and negative lengths fail", () => {
    const r1 = new ByteReader(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]));
    r1.uvarint();
    expect(r1.error).toContain("varint");
    const r2 = new ByteReader(new Uint8Array([0xff, 0xfe]));
    expect(r2.string()).toBe("");
    expect(r2.error).toContain("negative");
  });

  test("only the first failure is kept and reads after it return zero values", () => {
    const r = new ByteReader(new Uint8Array([1, 2, 3]));
    expect(r.int32()).toBe(0);
    expect(r.int64()).toBe(0n);
    expect(r.uuid()).toBe("AAAAAAAAAAAAAAAAAAAAAA");
    const e = thrown(() => r.check("MetadataRequest", 4)) as KafkaDecodeError;
    expect(e.message).toBe("MetadataRequest v4: truncated int32 (4 bytes needed, 3 left) at byte 0");
  });

  test("finish() reports trailing bytes", () => {
    const r = new ByteReader(new Uint8Array([0, 1, 2]));
    r.int16();
    expect(() => r.finish("HeartbeatRequest", 0)).toThrow("1 trailing bytes");
  });
});
