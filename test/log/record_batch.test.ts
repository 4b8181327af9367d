import { describe, expect, test } from "bun:test";
import { crc32c, TWO_STREAMS_MIN } from "../../broker/log/crc32c.ts";
import {
  assignOffsets,
  BATCH_HEADER_SIZE,
  checkBatchAt,
  iterateBatches,
  readBatchHeader,
  scanBatches,
} from "../../broker/log/record_batch.ts";
import { buildRecordBatch, decodeAllRecords, decodeRecords, encodeHeaders } from "../../broker/log/record_codec.ts";

const enc = new TextEncoder();

describe("crc32c", () => {
  test("matches the RFC 3720 check values", () => {
    expect(crc32c(enc.encode("123456789"))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    const inc = new Uint8Array(32).map((_, i) => i);
    expect(crc32c(inc)).toBe(0x46dd794e);
  });
  test("slices agree with the byte loop on every length and offset", () => {
    const data = new Uint8Array(300).map((_, i) => (i * 31 + 7) & 0xff).subarray(1);
    const slow = (b: Uint8Array) => {
      let c = ~0;
      for (const x of b) {
        c ^= x;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      }
      return ~c >>> 0;
    };
    for (let s = 0; s < 9; s++) {
      for (let e = s; e <= data.length; e += 5) {
        expect(crc32c(data, s, e)).toBe(slow(data.subarray(s, e)));
      }
    }
  });
});

test("crc32c: the two-stream path for large ranges agrees with the byte loop", () => {
  // Ranges from TWO_STREAMS_MIN on are split in two streams and combined; every alignment of the
  // start and every tail length past the two halves must give the plain CRC.
  const data = new Uint8Array(TWO_STREAMS_MIN * 3 + 100).map((_, i) => (i * 131 + (i >>> 8) * 7 + 3) & 0xff);
  const slow = (b: Uint8Array) => {
    let c = ~0;
    for (const x of b) {
      c ^= x;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    }
    return ~c >>> 0;
  };
  for (const length of [TWO_STREAMS_MIN - 1, TWO_STREAMS_MIN, TWO_STREAMS_MIN + 1, TWO_STREAMS_MIN + 31, TWO_STREAMS_MIN * 3 + 17]) {
    for (let start = 0; start < 5; start++) {
      expect(crc32c(data, start, start + length)).toBe(slow(data.subarray(start, start + length)));
    }
  }
  expect(crc32c(new Uint8Array(TWO_STREAMS_MIN * 4))).toBe(slow(new Uint8Array(TWO_STREAMS_MIN * 4)));
});

describe("record batch", () => {
  const records = [
    { timestamp: 1000, key: enc.encode("k1"), value: enc.encode("v1"), headers: [] },
    { timestamp: 1005, key: null, value: enc.encode("hello"), headers: [{ key: "ct", value: enc.encode("json") }] },
    { timestamp: 999, key: enc.encode("k3"), value: null, headers: [{ key: "ü", value: null }] },
  ];

  test("builds a valid batch whose header fields are right", () => {
    const b = buildRecordBatch(records, { producerId: 7, producerEpoch: 2, baseSequence: 5 });
    expect(checkBatchAt(b, 0, b.length, 1 << 20)).toBe(b.length);
    const h = readBatchHeader(b);
    expect(h.magic).toBe(2);
    expect(h.recordCount).toBe(3);
    expect(h.lastOffsetDelta).toBe(2);
    expect(h.baseTimestamp).toBe(999);
    expect(h.maxTimestamp).toBe(1005);
    expect(h.producerId).toBe(7);
    expect(h.producerEpoch).toBe(2);
    expect(h.baseSequence).toBe(5);
  });

  test("decodes what it builds", () => {
    const b = buildRecordBatch(records, { baseOffset: 40 });
    const out = decodeRecords(b);
    expect(out.map((r) => r.offset)).toEqual([40, 41, 42]);
    expect(out.map((r) => r.timestamp)).toEqual([1000, 1005, 999]);
    expect(out[0]!.key).toEqual(enc.encode("k1"));
    expect(out[1]!.key).toBeNull();
    expect(out[2]!.value).toBeNull();
    expect(out[1]!.headers).toEqual([{ key: "ct", value: enc.encode("json") }]);
    expect(out[2]!.headers[0]!.key).toBe("ü");
  });

  test("pre-encoded headers build the same bytes as the headers they encode", () => {
    const encoded = records.map((r) => ({ ...r, headers: undefined, encodedHeaders: encodeHeaders(r.headers) }));
    expect(buildRecordBatch(encoded, { baseOffset: 3 })).toEqual(buildRecordBatch(records, { baseOffset: 3 }));
    // A header section is the count varint, then zigzag lengths: [] is one byte, 0.
    expect(encodeHeaders([])).toEqual(new Uint8Array([0]));
  });

  test("negative producer fields round trip", () => {
    const h = readBatchHeader(buildRecordBatch(records));
    expect([h.producerId, h.producerEpoch, h.baseSequence]).toEqual([-1, -1, -1]);
  });

  test("assigning offsets keeps the CRC; LogAppendTime recomputes it", () => {
    const b = buildRecordBatch(records);
    const crc = readBatchHeader(b).crc;
    assignOffsets(b, 0, 123456789012, 3);
    expect(readBatchHeader(b).baseOffset).toBe(123456789012);
    expect(readBatchHeader(b).partitionLeaderEpoch).toBe(3);
    expect(readBatchHeader(b).crc).toBe(crc);
    expect(checkBatchAt(b, 0, b.length, 1 << 20)).toBe(b.length);
    assignOffsets(b, 0, 5, 0, 777777);
    expect(checkBatchAt(b, 0, b.length, 1 << 20)).toBe(b.length);
    expect(decodeRecords(b).map((r) => r.timestamp)).toEqual([777777, 777777, 777777]);
  });

  test("detects torn and corrupt batches and iterates a concatenation", () => {
    const a = buildRecordBatch(records);
    const b = buildRecordBatch(records.slice(0, 1));
    const all = new Uint8Array(a.length + b.length);
    all.set(a);
    all.set(b, a.length);
    expect([...iterateBatches(all)].map((x) => x.position)).toEqual([0, a.length]);
    expect(decodeAllRecords(all).length).toBe(4);
    for (let cut = a.length + 1; cut < all.length; cut++) {
      const s = scanBatches(all, 0, cut, { maxSize: 1 << 20 });
      expect(s.count).toBe(1);
      expect(s.validEnd).toBe(a.length);
      expect(s.problem).toBe("torn");
    }
    const bad = all.slice();
    bad[a.length + BATCH_HEADER_SIZE + 2]! ^= 1;
    expect(scanBatches(bad, 0, bad.length, { maxSize: 1 << 20 }).problem).toContain("crc");
    const magic = all.slice();
    magic[16] = 1;
    expect(checkBatchAt(magic, 0, magic.length, 1 << 20)).toContain("magic");
  });

  test("builds an empty batch and large varints", () => {
    const e = buildRecordBatch([], { baseTimestamp: 5 });
    expect(e.length).toBe(BATCH_HEADER_SIZE);
    const big = new Uint8Array(300_000);
    const b = buildRecordBatch([{ timestamp: 1, key: null, value: big }, { timestamp: 2 ** 40, key: null, value: null }]);
    const out = decodeRecords(b);
    expect(out[0]!.value!.length).toBe(300_000);
    expect(out[1]!.timestamp).toBe(2 ** 40);
  });
});
