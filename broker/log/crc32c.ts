/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of Kafka RecordBatch v2.
 *
 * Slicing-by-8: eight 256-entry tables let the loop consume 8 bytes per iteration, several
 * times faster than the byte-at-a-time loop in pure JS. Tables are built once at module load
 * (8 KiB of Int32). Verified against the RFC 3720 (iSCSI) test vectors in the tests.
 *
 * @module
 */

const POLY = 0x82f63b78;

function makeTables(): Int32Array[] {
  const tables: Int32Array[] = [];
  const t0 = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t0[n] = c;
  }
  tables.push(t0);
  for (let t = 1; t < 8; t++) {
    const prev = tables[t - 1]!;
    const next = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      const p = prev[n]!;
      next[n] = (p >>> 8) ^ t0[p & 0xff]!;
    }
    tables.push(next);
  }
  return tables;
}

const [T0, T1, T2, T3, T4, T5, T6, T7] = makeTables() as [
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
];

/**
 * CRC-32C of `bytes[start, end)` as an unsigned 32-bit number.
 *
 * @example
 * ```ts
 * crc32c(new TextEncoder().encode("123456789")); // 0xe3069283
 * ```
 */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = ~0;
  let i = start;
  // Bytes one at a time until 8-aligned remainder is small enough; then 8 per round.
  const stop8 = end - ((end - i) & 7);
  for (; i < stop8; i += 8) {
    crc ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    crc = T7[crc & 0xff]! ^ T6[(crc >>> 8) & 0xff]! ^ T5[(crc >>> 16) & 0xff]! ^
      T4[crc >>> 24]! ^ T3[bytes[i + 4]!]! ^ T2[bytes[i + 5]!]! ^ T1[bytes[i + 6]!]! ^
      T0[bytes[i + 7]!]!;
  }
  for (; i < end; i++) crc = (crc >>> 8) ^ T0[(crc ^ bytes[i]!) & 0xff]!;
  return ~crc >>> 0;
}
