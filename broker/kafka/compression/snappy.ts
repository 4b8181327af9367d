/**
 * Raw Snappy block format in pure TypeScript (google/snappy `format_description.txt`).
 *
 * A block is the uncompressed length as a varint, then elements: literals (tag 00) and
 * back-references with 1-, 2- or 4-byte offsets (tags 01, 10, 11). The compressor is the
 * classic greedy one: a hash table of 4-byte sequences over 64 KiB fragments, so every offset
 * fits a 2-byte copy. Kafka framing (raw vs Xerial) is in `xerial.ts`.
 *
 * @module
 */

/** Malformed compressed input. */
export class CompressionFormatError extends Error {
  override readonly name = "CompressionFormatError";
}

const FRAGMENT = 1 << 16;
const HASH_BITS = 14;

/** Worst-case compressed size of `n` bytes (snappy's MaxCompressedLength). */
export function snappyMaxCompressedLength(n: number): number {
  return 32 + n + Math.floor(n / 6);
}

/** Compress `input` into one raw snappy block. */
export function snappyCompress(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(snappyMaxCompressedLength(input.length) + 5);
  let op = writeVarint(out, 0, input.length);
  const table = new Int32Array(1 << HASH_BITS);
  for (let start = 0; start < input.length; start += FRAGMENT) {
    const end = Math.min(start + FRAGMENT, input.length);
    op = compressFragment(input, start, end, out, op, table);
  }
  return out.slice(0, op);
}

function hash(v: number): number {
  return Math.imul(v, 0x1e35a7bd) >>> (32 - HASH_BITS);
}

function load32(b: Uint8Array, i: number): number {
  return ((b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24)) >>> 0;
}

function compressFragment(src: Uint8Array, start: number, end: number, out: Uint8Array, op: number, table: Int32Array): number {
  table.fill(-1);
  let literalStart = start;
  let ip = start;
  let misses = 32;
  const limit = end - 4; // last position where a 4-byte match can start
  while (ip <= limit) {
    const h = hash(load32(src, ip));
    const candidate = table[h] as number;
    table[h] = ip;
    if (candidate < start || load32(src, candidate) !== load32(src, ip)) {
      ip += misses++ >> 5; // skip faster through incompressible data, as snappy does
      continue;
    }
    misses = 32;
    op = emitLiteral(src, literalStart, ip, out, op);
    let len = 4;
    while (ip + len < end && src[candidate + len] === src[ip + len]) len++;
    op = emitCopy(out, op, ip - candidate, len);
    ip += len;
    literalStart = ip;
  }
  return emitLiteral(src, literalStart, end, out, op);
}

function emitLiteral(src: Uint8Array, from: number, to: number, out: Uint8Array, op: number): number {
  const len = to - from;
  if (len === 0) return op;
  const n = len - 1;
  if (n < 60) {
    out[op++] = n << 2;
  } else if (n < 0x100) {
    out[op++] = 60 << 2;
    out[op++] = n;
  } else if (n < 0x10000) {
    out[op++] = 61 << 2;
    out[op++] = n & 0xff;
    out[op++] = n >>> 8;
  } else {
    out[op++] = 62 << 2;
    out[op++] = n & 0xff;
    out[op++] = (n >>> 8) & 0xff;
    out[op++] = n >>> 16;
  }
  out.set(src.subarray(from, to), op);
  return op + len;
}

function emitCopy(out: Uint8Array, op: number, offset: number, len: number): number {
  // Long matches become several copies of at most 64 bytes; keep each ≥ 4.
  while (len >= 68) {
    op = emitCopy2(out, op, offset, 64);
    len -= 64;
  }
  if (len > 64) {
    op = emitCopy2(out, op, offset, 60);
    len -= 60;
  }
  if (len < 12 && offset < 2048) {
    out[op++] = 1 | ((len - 4) << 2) | ((offset >>> 8) << 5);
    out[op++] = offset & 0xff;
    return op;
  }
  return emitCopy2(out, op, offset, len);
}

function emitCopy2(out: Uint8Array, op: number, offset: number, len: number): number {
  out[op++] = 2 | ((len - 1) << 2);
  out[op++] = offset & 0xff;
  out[op++] = offset >>> 8;
  return op;
}

function writeVarint(out: Uint8Array, op: number, value: number): number {
  while (value >= 0x80) {
    out[op++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  out[op++] = value;
  return op;
}

/** Decompress one raw snappy block; rejects output above `maxOutputBytes`. */
export function snappyDecompress(input: Uint8Array, maxOutputBytes = Infinity): Uint8Array {
  let ip = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (ip >= input.length || shift > 28) throw new CompressionFormatError("snappy: bad length varint");
    const b = input[ip++] as number;
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  if (length > maxOutputBytes) throw new CompressionFormatError(`snappy: ${length} bytes exceeds the limit`);
  const out = new Uint8Array(length);
  let op = 0;
  while (ip < input.length) {
    const tag = input[ip++] as number;
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const extra = len - 59;
        if (ip + extra > input.length) throw new CompressionFormatError("snappy: truncated literal length");
        len = 0;
        for (let i = 0; i < extra; i++) len += (input[ip++] as number) * 2 ** (8 * i);
      }
      len += 1;
      if (ip + len > input.length || op + len > length) throw new CompressionFormatError("snappy: literal overruns");
      out.set(input.subarray(ip, ip + len), op);
      ip += len;
      op += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      if (ip >= input.length) throw new CompressionFormatError("snappy: truncated copy");
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | (input[ip++] as number);
    } else if (kind === 2) {
      if (ip + 2 > input.length) throw new CompressionFormatError("snappy: truncated copy");
      len = (tag >>> 2) + 1;
      offset = (input[ip] as number) | ((input[ip + 1] as number) << 8);
      ip += 2;
    } else {
      if (ip + 4 > input.length) throw new CompressionFormatError("snappy: truncated copy");
      len = (tag >>> 2) + 1;
      offset = load32(input, ip);
      ip += 4;
    }
    if (offset === 0 || offset > op || op + len > length) throw new CompressionFormatError("snappy: bad copy");
    // Byte by byte: overlapping copies (offset < len) repeat the pattern.
    for (let i = 0; i < len; i++, op++) out[op] = out[op - offset] as number;
  }
  if (op !== length) throw new CompressionFormatError(`snappy: produced ${op} of ${length} bytes`);
  return out;
}
