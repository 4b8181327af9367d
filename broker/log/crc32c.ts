/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of Kafka RecordBatch v2.
 *
 * Every appended byte is checked once (Kafka validates the CRC of each produced batch), so this
 * is on the ingest hot path. Slicing-by-16 over 32-bit word loads: sixteen 256-entry tables in
 * one Int32Array let each iteration consume 16 bytes with four loads instead of sixteen — about
 * 1.5 GB/s on Bun and 0.9 GB/s on Deno on our x86_64 CI box, versus ~0.9/0.5 for byte-wise
 * slicing-by-8. Word loads assume a little-endian host (x86_64, aarch64); a big-endian host
 * takes the byte loop. Verified against the RFC 3720 test vectors in the tests.
 *
 * From {@link TWO_STREAMS_MIN} bytes on (a producer's large batches), the two halves of the
 * range are checksummed in one loop as two independent streams, which the CPU overlaps (each
 * stream's table lookups wait on its own previous step only), and joined with the CRC
 * combination of zlib's `crc32_combine` (appending n zero bytes is a linear map over GF(2),
 * precomputed here for every power of two): 1.1× on Bun and 1.2–1.3× on Deno for 1 MiB.
 *
 * @module
 */

const POLY = 0x82f63b78;

/** Table k (k = 0..15) at T[k*256 .. k*256+255]: CRC of a byte followed by k zero bytes. */
const T = new Int32Array(16 * 256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  T[n] = c;
}
for (let t = 1; t < 16; t++) {
  for (let n = 0; n < 256; n++) {
    const p = T[(t - 1) * 256 + n]!;
    T[t * 256 + n] = (p >>> 8) ^ T[p & 0xff]!;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Below this many bytes the word view costs more than it saves. */
const WORD_THRESHOLD = 64;
/** From this many bytes on, two interleaved streams (see the module comment). */
export const TWO_STREAMS_MIN = 16 * 1024;

/** `M × vec` over GF(2), the matrix at `Z[at .. at+31]` (column i = image of bit i). */
function gf2Times(matrix: Int32Array, at: number, vec: number): number {
  let sum = 0;
  for (let i = at; vec !== 0; i++, vec >>>= 1) if (vec & 1) sum ^= matrix[i]!;
  return sum;
}

/** Z[k*32 .. k*32+31]: the operator that appends 2^k zero bytes to a CRC (k = 0..31). */
const Z = new Int32Array(32 * 32);
{
  const square = (into: Int32Array, at: number, from: Int32Array, fromAt: number) => {
    for (let n = 0; n < 32; n++) into[at + n] = gf2Times(from, fromAt, from[fromAt + n]!);
  };
  const bit = new Int32Array(32); // one zero bit
  bit[0] = POLY;
  for (let n = 1; n < 32; n++) bit[n] = 1 << (n - 1);
  const twoBits = new Int32Array(32);
  const fourBits = new Int32Array(32);
  square(twoBits, 0, bit, 0);
  square(fourBits, 0, twoBits, 0);
  square(Z, 0, fourBits, 0); // one byte
  for (let k = 1; k < 32; k++) square(Z, k * 32, Z, (k - 1) * 32);
}

/** CRC of A‖B from crc(A), crc(B) and B's length (zlib `crc32_combine`). */
function combine(crcA: number, crcB: number, lengthB: number): number {
  for (let k = 0; lengthB > 0; k++, lengthB = Math.floor(lengthB / 2)) {
    if (lengthB & 1) crcA = gf2Times(Z, k * 32, crcA);
  }
  return (crcA ^ crcB) >>> 0;
}

/**
 * CRC-32C of `bytes[start, end)` as an unsigned 32-bit number.
 *
 * @example
 * ```ts
 * crc32c(new TextEncoder().encode("123456789")); // 0xe3069283
 * ```
 */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (LITTLE_ENDIAN && end - start >= TWO_STREAMS_MIN) return twoStreams(bytes, start, end);
  let crc = ~0;
  let i = start;
  if (LITTLE_ENDIAN && end - start >= WORD_THRESHOLD) {
    // Byte steps until the absolute address is 4-aligned, as typed-array views require.
    while (((bytes.byteOffset + i) & 3) !== 0) crc = (crc >>> 8) ^ T[(crc ^ bytes[i++]!) & 0xff]!;
    const blocks = (end - i) >>> 4;
    const w = new Int32Array(bytes.buffer, bytes.byteOffset + i, blocks * 4);
    for (let k = 0; k < w.length; k += 4) {
      const a = crc ^ w[k]!;
      const b = w[k + 1]!;
      const c = w[k + 2]!;
      const d = w[k + 3]!;
      crc = T[3840 + (a & 0xff)]! ^ T[3584 + ((a >>> 8) & 0xff)]! ^ T[3328 + ((a >>> 16) & 0xff)]! ^
        T[3072 + (a >>> 24)]! ^ T[2816 + (b & 0xff)]! ^ T[2560 + ((b >>> 8) & 0xff)]! ^
        T[2304 + ((b >>> 16) & 0xff)]! ^ T[2048 + (b >>> 24)]! ^ T[1792 + (c & 0xff)]! ^
        T[1536 + ((c >>> 8) & 0xff)]! ^ T[1280 + ((c >>> 16) & 0xff)]! ^ T[1024 + (c >>> 24)]! ^
        T[768 + (d & 0xff)]! ^ T[512 + ((d >>> 8) & 0xff)]! ^ T[256 + ((d >>> 16) & 0xff)]! ^ T[d >>> 24]!;
    }
    i += blocks * 16;
  }
  for (; i < end; i++) crc = (crc >>> 8) ^ T[(crc ^ bytes[i]!) & 0xff]!;
  return ~crc >>> 0;
}

/** Two slicing-by-16 streams over the halves of `bytes[start, end)`, then combined. */
function twoStreams(bytes: Uint8Array, start: number, end: number): number {
  let a = ~0;
  let i = start;
  while (((bytes.byteOffset + i) & 3) !== 0) a = (a >>> 8) ^ T[(a ^ bytes[i++]!) & 0xff]!;
  const half = ((end - i) >>> 5) << 4; // bytes per stream, a multiple of 16
  const words = half >>> 2;
  const w = new Int32Array(bytes.buffer, bytes.byteOffset + i, words * 2);
  let b = ~0;
  for (let k = 0; k < words; k += 4) {
    const a0 = a ^ w[k]!;
    const a1 = w[k + 1]!;
    const a2 = w[k + 2]!;
    const a3 = w[k + 3]!;
    const b0 = b ^ w[words + k]!;
    const b1 = w[words + k + 1]!;
    const b2 = w[words + k + 2]!;
    const b3 = w[words + k + 3]!;
    a = T[3840 + (a0 & 0xff)]! ^ T[3584 + ((a0 >>> 8) & 0xff)]! ^ T[3328 + ((a0 >>> 16) & 0xff)]! ^
      T[3072 + (a0 >>> 24)]! ^ T[2816 + (a1 & 0xff)]! ^ T[2560 + ((a1 >>> 8) & 0xff)]! ^
      T[2304 + ((a1 >>> 16) & 0xff)]! ^ T[2048 + (a1 >>> 24)]! ^ T[1792 + (a2 & 0xff)]! ^
      T[1536 + ((a2 >>> 8) & 0xff)]! ^ T[1280 + ((a2 >>> 16) & 0xff)]! ^ T[1024 + (a2 >>> 24)]! ^
      T[768 + (a3 & 0xff)]! ^ T[512 + ((a3 >>> 8) & 0xff)]! ^ T[256 + ((a3 >>> 16) & 0xff)]! ^ T[a3 >>> 24]!;
    b = T[3840 + (b0 & 0xff)]! ^ T[3584 + ((b0 >>> 8) & 0xff)]! ^ T[3328 + ((b0 >>> 16) & 0xff)]! ^
      T[3072 + (b0 >>> 24)]! ^ T[2816 + (b1 & 0xff)]! ^ T[2560 + ((b1 >>> 8) & 0xff)]! ^
      T[2304 + ((b1 >>> 16) & 0xff)]! ^ T[2048 + (b1 >>> 24)]! ^ T[1792 + (b2 & 0xff)]! ^
      T[1536 + ((b2 >>> 8) & 0xff)]! ^ T[1280 + ((b2 >>> 16) & 0xff)]! ^ T[1024 + (b2 >>> 24)]! ^
      T[768 + (b3 & 0xff)]! ^ T[512 + ((b3 >>> 8) & 0xff)]! ^ T[256 + ((b3 >>> 16) & 0xff)]! ^ T[b3 >>> 24]!;
  }
  // Stream b goes on over the bytes past both halves.
  const second = i + half;
  for (let j = second + half; j < end; j++) b = (b >>> 8) ^ T[(b ^ bytes[j]!) & 0xff]!;
  return combine(~a >>> 0, ~b >>> 0, end - second);
}
