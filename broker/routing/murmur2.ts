/**
 * Kafka's key partitioner hash: a port of Java's `org.apache.kafka.common.utils.Utils.murmur2`
 * (MurmurHash2, seed 0x9747b28c) and the default partitioner's
 * `toPositive(murmur2(keyBytes)) % numPartitions`, so a keyed MQTT message lands in the same
 * partition a Java or librdkafka (`murmur2_random`) producer would choose.
 *
 * @module
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/**
 * The signed 32-bit MurmurHash2 of `data`, exactly as Java's `Utils.murmur2` returns it.
 *
 * @example
 * ```ts
 * murmur2(new TextEncoder().encode("21")); // -973932308
 * ```
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (data[i4]! & 0xff) | ((data[i4 + 1]! & 0xff) << 8) | ((data[i4 + 2]! & 0xff) << 16) |
      ((data[i4 + 3]! & 0xff) << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  // Java's switch falls through from the highest remaining byte down.
  const tail = length & ~3;
  const rest = length % 4;
  if (rest === 3) h ^= (data[tail + 2]! & 0xff) << 16;
  if (rest >= 2) h ^= (data[tail + 1]! & 0xff) << 8;
  if (rest >= 1) {
    h ^= data[tail]! & 0xff;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Java's `Utils.toPositive`: clears the sign bit (not `Math.abs`, which overflows). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/**
 * The partition Kafka's default partitioner picks for a non-null key.
 *
 * @example
 * ```ts
 * partitionForKey(new TextEncoder().encode("device-7"), 6); // same as a Java producer
 * ```
 */
export function partitionForKey(key: Uint8Array, partitions: number): number {
  if (partitions === 1) return 0; // the hash cannot matter (the default: one partition)
  return toPositive(murmur2(key)) % partitions;
}
