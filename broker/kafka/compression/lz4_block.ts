/**
 * LZ4 block format (lz4 `doc/lz4_Block_format.md`) in pure TypeScript.
 *
 * A block is a run of sequences: a token (literal length, match length − 4), literals, a
 * 2-byte little-endian offset and extra match length bytes. The end-of-block rules are kept:
 * the last 5 bytes are literals and the last match starts at least 12 bytes before the end.
 * The frame around blocks (KIP-57) is in `lz4_frame.ts`.
 *
 * @module
 */
import { CompressionFormatError } from "./snappy.ts";

const MIN_MATCH = 4;
const LAST_LITERALS = 5;
const MF_LIMIT = 12;
const HASH_BITS = 16;
const MAX_OFFSET = 65535;

/** Worst-case size of one compressed block of `n` bytes (LZ4_compressBound). */
export function lz4CompressBound(n: number): number {
  return n + Math.floor(n / 255) + 16;
}

function load32(b: Uint8Array, i: number): number {
  return (b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24);
}

/** Compress `src` into one LZ4 block written to `out` at 0; returns its length. */
export function lz4CompressBlock(src: Uint8Array, out: Uint8Array, table = new Int32Array(1 << HASH_BITS)): number {
  table.fill(-1);
  const len = src.length;
  let op = 0;
  let anchor = 0;
  let ip = 0;
  const matchLimit = len - LAST_LITERALS;
  while (ip + MF_LIMIT < len) {
    const seq = load32(src, ip);
    const h = Math.imul(seq, 2654435761) >>> (32 - HASH_BITS);
    const ref = table[h] as number;
    table[h] = ip;
    if (ref < 0 || ip - ref > MAX_OFFSET || load32(src, ref) !== seq) {
      ip++;
      continue;
    }
    let matchLen = MIN_MATCH;
    while (ip + matchLen < matchLimit && src[ref + matchLen] === src[ip + matchLen]) matchLen++;
    op = writeSequence(src, anchor, ip - anchor, out, op, ip - ref, matchLen);
    ip += matchLen;
    anchor = ip;
  }
  return writeSequence(src, anchor, len - anchor, out, op, 0, 0);
}

function writeLength(out: Uint8Array, op: number, n: number): number {
  while (n >= 255) {
    out[op++] = 255;
    n -= 255;
  }
  out[op++] = n;
  return op;
}

function writeSequence(
  src: Uint8Array, from: number, literals: number, out: Uint8Array, op: number, offset: number, matchLen: number,
): number {
  const m = matchLen - MIN_MATCH;
  const token = op++;
  out[token] = (Math.min(literals, 15) << 4) | (offset ? Math.min(m, 15) : 0);
  if (literals >= 15) op = writeLength(out, op, literals - 15);
  out.set(src.subarray(from, from + literals), op);
  op += literals;
  if (!offset) return op; // the last sequence carries literals only
  out[op++] = offset & 0xff;
  out[op++] = offset >>> 8;
  if (m >= 15) op = writeLength(out, op, m - 15);
  return op;
}

/**
 * Decompress one block from `src` into `out` starting at `op`; matches may reach back into
 * earlier output (linked blocks). Returns the new output position.
 */
export function lz4DecompressBlock(src: Uint8Array, out: Uint8Array, op: number): number {
  let ip = 0;
  const end = src.length;
  while (ip < end) {
    const token = src[ip++] as number;
    let literals = token >>> 4;
    if (literals === 15) {
      let b: number;
      do {
        if (ip >= end) throw new CompressionFormatError("lz4: truncated literal length");
        b = src[ip++] as number;
        literals += b;
      } while (b === 255);
    }
    if (ip + literals > end || op + literals > out.length) throw new CompressionFormatError("lz4: literals overrun");
    out.set(src.subarray(ip, ip + literals), op);
    ip += literals;
    op += literals;
    if (ip === end) break;
    if (ip + 2 > end) throw new CompressionFormatError("lz4: truncated offset");
    const offset = (src[ip] as number) | ((src[ip + 1] as number) << 8);
    ip += 2;
    if (offset === 0 || offset > op) throw new CompressionFormatError("lz4: bad match offset");
    let matchLen = (token & 15) + MIN_MATCH;
    if ((token & 15) === 15) {
      let b: number;
      do {
        if (ip >= end) throw new CompressionFormatError("lz4: truncated match length");
        b = src[ip++] as number;
        matchLen += b;
      } while (b === 255);
    }
    if (op + matchLen > out.length) throw new CompressionFormatError("lz4: match overruns output");
    for (let i = 0; i < matchLen; i++, op++) out[op] = out[op - offset] as number;
  }
  return op;
}
