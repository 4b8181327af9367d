import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import {
  CompressionCodec,
  CompressionFormatError,
  createCompression,
  UnsupportedCodecError,
} from "../../broker/kafka/compression/mod.ts";
import { lz4FrameCompress, lz4FrameDecompress } from "../../broker/kafka/compression/lz4_frame.ts";
import { snappyCompress, snappyDecompress } from "../../broker/kafka/compression/snappy.ts";
import { isXerialFramed, snappyDecompressAny, xerialCompress } from "../../broker/kafka/compression/xerial.ts";
import { xxhash32 } from "../../broker/kafka/compression/xxhash32.ts";
import { decodeAllRecords } from "../../broker/log/record_codec.ts";

const text = (s: string) => new TextEncoder().encode(s);
const b64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const fixture = (name: string) => b64(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8").trim());

/** The input the lz4 CLI fixtures were made from (95 582 bytes, two 64 KiB blocks). */
function cliInput(): Uint8Array {
  let s = "";
  for (let i = 0; i < 3000; i++) s += `record-${i} value=${(i * 7) % 13} sensor=gw-${i % 5}\n`;
  return text(s);
}

function samples(): Array<[string, Uint8Array]> {
  const random = new Uint8Array(200_000);
  let x = 12345;
  for (let i = 0; i < random.length; i++) random[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
  return [
    ["empty", new Uint8Array()],
    ["one byte", new Uint8Array([7])],
    ["short text", text("hello kafka")],
    ["repetitive", text("abc".repeat(100_000))],
    ["zeros", new Uint8Array(300_000)],
    ["random", random],
    ["records", cliInput()],
  ];
}

describe("round trips", () => {
  const compression = createCompression();
  for (const [codec, id] of Object.entries(CompressionCodec)) {
    for (const [name, input] of samples()) {
      test(`${codec}: ${name}`, () => {
        const packed = compression.compress(id, input);
        expect(compression.decompress(id, packed)).toEqual(input);
      });
    }
  }
  test("raw snappy framing round trips", () => {
    const raw = createCompression({ snappyFraming: "raw" });
    const packed = raw.compress(CompressionCodec.snappy, text("xyz".repeat(1000)));
    expect(isXerialFramed(packed)).toBe(false);
    expect(raw.decompress(CompressionCodec.snappy, packed)).toEqual(text("xyz".repeat(1000)));
  });
  test("repetitive data actually shrinks", () => {
    const input = text("abc".repeat(100_000));
    for (const id of [1, 2, 3, 4]) expect(compression.compress(id, input).length).toBeLessThan(input.length / 10);
  });
});

describe("known vectors", () => {
  test("xxhash32 reference values", () => {
    expect(xxhash32(new Uint8Array())).toBe(0x02cc5d05);
    expect(xxhash32(text("abc"))).toBe(0x32d153ff);
    expect(xxhash32(text("Nobody inspects the spammish repetition"))).toBe(0xe2293b2f);
  });

  test("hand-assembled raw snappy block: literal then overlapping 1-byte-offset copy", () => {
    // varint 17, literal "hello " (tag 5<<2), copy1 length 11 offset 6.
    const block = new Uint8Array([0x11, 0x14, ...text("hello "), 0x01 | (7 << 2), 0x06]);
    expect(new TextDecoder().decode(snappyDecompress(block))).toBe("hello hello hello");
  });

  test("Xerial header is snappy-java's: magic, version 1, compatible 1, int32 block lengths", () => {
    const framed = xerialCompress(text("hello"));
    expect([...framed.subarray(0, 16)]).toEqual([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    const blockLength = new DataView(framed.buffer).getInt32(16);
    expect(blockLength).toBe(framed.length - 20);
    expect(snappyDecompress(framed.subarray(20))).toEqual(text("hello"));
  });

  test("Xerial stream with several blocks decodes to their concatenation", () => {
    const input = text("0123456789".repeat(10_000));
    const framed = xerialCompress(input, 1000);
    expect(snappyDecompressAny(framed)).toEqual(input);
  });

  test("gzip from the gzip CLI", () => {
    const bytes = b64("H4sIAAAAAAACA8tIzcnJV8hOTMtOVMhAsAEXTh6fFwAAAA==");
    expect(createCompression().decompress(1, bytes)).toEqual(text("hello kafka hello kafka"));
  });

  test("zstd from the zstd CLI", () => {
    const bytes = b64("KLUv/QRYlQAAYGhlbGxvIGthZmthIAEAN0oSfydJrQ==");
    expect(createCompression().decompress(4, bytes)).toEqual(text("hello kafka hello kafka"));
  });

  test("lz4 CLI frame with content checksum", () => {
    expect(lz4FrameDecompress(fixture("lz4_cli_hello.b64"))).toEqual(text("hello"));
    expect(lz4FrameDecompress(fixture("lz4_cli_default.b64"))).toEqual(cliInput());
  });

  test("lz4 CLI frame with linked blocks, block checksums and content size", () => {
    expect(lz4FrameDecompress(fixture("lz4_cli_linked_checksums.b64"))).toEqual(cliInput());
  });

  test("our lz4 frame header: magic, FLG 0x60, BD 0x40, correct HC (KIP-57)", () => {
    const frame = lz4FrameCompress(text("hello"));
    expect([...frame.subarray(0, 7)]).toEqual([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]);
    expect([...frame.subarray(-4)]).toEqual([0, 0, 0, 0]);
  });
});

describe("bad input", () => {
  test("corrupt lz4 checksum is rejected", () => {
    const frame = fixture("lz4_cli_hello.b64");
    frame[frame.length - 1] = (frame[frame.length - 1] as number) ^ 0xff;
    expect(() => lz4FrameDecompress(frame)).toThrow(CompressionFormatError);
  });
  test("truncated inputs throw, never hang", () => {
    const input = cliInput();
    const lz4 = lz4FrameCompress(input);
    const snappy = snappyCompress(input);
    for (const cut of [1, 5, 10, 100, 1000]) {
      expect(() => lz4FrameDecompress(lz4.subarray(0, lz4.length - cut))).toThrow();
      expect(() => snappyDecompress(snappy.subarray(0, snappy.length - cut))).toThrow(CompressionFormatError);
    }
  });
  test("snappy copy before the start of output is rejected", () => {
    expect(() => snappyDecompress(new Uint8Array([0x05, 0x01, 0x09]))).toThrow(CompressionFormatError);
  });
  test("decompression limits bound the output", () => {
    const small = createCompression({ maxDecompressedBytes: 1000 });
    const input = new Uint8Array(100_000);
    for (const id of [1, 2, 3, 4]) {
      const packed = createCompression().compress(id, input);
      expect(() => small.decompress(id, packed)).toThrow();
    }
  });
  test("unknown codec ids are typed errors", () => {
    expect(() => createCompression().decompress(5, new Uint8Array())).toThrow(UnsupportedCodecError);
  });
});

describe("batches produced by a real client (librdkafka 2.0 via kcat)", () => {
  for (const codec of ["gzip", "snappy", "lz4", "zstd"] as const) {
    test(`${codec} batch decodes with our codecs`, () => {
      const bytes = fixture(`kcat_${codec}_batch.b64`);
      expect(bytes[22]! & 7).toBe(CompressionCodec[codec]);
      const compression = createCompression();
      const records = decodeAllRecords(bytes, (id, data) => compression.decompress(id, data));
      expect(records).toHaveLength(20);
      records.forEach((r, i) => expect(new TextDecoder().decode(r.value!)).toBe(`${codec} record ${i} ${"payload ".repeat(i)}`));
    });
  }
  test("librdkafka sends raw snappy and our LZ4 frame header", () => {
    expect(isXerialFramed(fixture("kcat_snappy_batch.b64").subarray(61))).toBe(false);
    expect([...fixture("kcat_lz4_batch.b64").subarray(61, 68)]).toEqual([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]);
  });
});
