/**
 * Producer-side RecordBatch v2 encoding: records → one compressed batch stamped with the
 * idempotent producer's id, epoch and base sequence (KIP-98).
 *
 * The records are laid out by the log's `buildRecordBatch` (one implementation of the record
 * format in the tree), then the records section is compressed and the header patched: codec
 * bits, batch length and the CRC-32C. A batch that does not shrink is sent uncompressed, as
 * librdkafka does. {@link restampBatch} changes only the producer fields and the CRC, so a
 * batch re-sequenced after a producer reset is not compressed twice.
 *
 * @module
 */
import type { Compression } from "../../broker/kafka/compression/mod.ts";
import { crc32c } from "../../broker/log/crc32c.ts";
import {
  BATCH_HEADER_SIZE,
  COMPRESSION_MASK,
  LOG_OVERHEAD,
  OFFSET_ATTRIBUTES,
  OFFSET_BASE_SEQUENCE,
  OFFSET_BATCH_LENGTH,
  OFFSET_CRC,
  OFFSET_PRODUCER_EPOCH,
  OFFSET_PRODUCER_ID,
  writeInt32,
  writeInt64,
} from "../../broker/log/record_batch.ts";
import { buildRecordBatch, type RecordInput } from "../../broker/log/record_codec.ts";

/** The idempotent producer fields of a batch header. */
export interface ProducerStamp {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
}

/** An encoded batch and its size before compression (for the compression-ratio metric). */
export interface EncodedBatch {
  bytes: Uint8Array;
  uncompressedBytes: number;
}

/**
 * Encode `records` as one batch with `codec` (0 none … 4 zstd).
 *
 * @example
 * ```ts
 * const { bytes } = encodeProducerBatch(records, createCompression(), 4, { producerId: 7, producerEpoch: 0, baseSequence: 0 });
 * ```
 */
export function encodeProducerBatch(
  records: readonly RecordInput[],
  compression: Compression,
  codec: number,
  stamp: ProducerStamp,
): EncodedBatch {
  const plain = buildRecordBatch(records, stamp);
  if (codec === 0 || records.length === 0) return { bytes: plain, uncompressedBytes: plain.length };
  const packed = compression.compress(codec, plain.subarray(BATCH_HEADER_SIZE));
  if (packed.length >= plain.length - BATCH_HEADER_SIZE) return { bytes: plain, uncompressedBytes: plain.length };
  const out = new Uint8Array(BATCH_HEADER_SIZE + packed.length);
  out.set(plain.subarray(0, BATCH_HEADER_SIZE));
  out.set(packed, BATCH_HEADER_SIZE);
  writeInt32(out, OFFSET_BATCH_LENGTH, out.length - LOG_OVERHEAD);
  out[OFFSET_ATTRIBUTES + 1] = (out[OFFSET_ATTRIBUTES + 1]! & ~COMPRESSION_MASK) | (codec & COMPRESSION_MASK);
  writeInt32(out, OFFSET_CRC, crc32c(out, OFFSET_ATTRIBUTES, out.length));
  return { bytes: out, uncompressedBytes: plain.length };
}

/** A copy of `batch` with new producer fields and a recomputed CRC (records untouched). */
export function restampBatch(batch: Uint8Array, stamp: ProducerStamp): Uint8Array {
  const out = batch.slice();
  writeInt64(out, OFFSET_PRODUCER_ID, stamp.producerId);
  out[OFFSET_PRODUCER_EPOCH] = stamp.producerEpoch >> 8;
  out[OFFSET_PRODUCER_EPOCH + 1] = stamp.producerEpoch;
  writeInt32(out, OFFSET_BASE_SEQUENCE, stamp.baseSequence);
  writeInt32(out, OFFSET_CRC, crc32c(out, OFFSET_ATTRIBUTES, out.length));
  return out;
}

/** Kafka's sequence arithmetic: int32 that wraps to 0 after 2^31−1 (`DefaultRecordBatch.incrementSequence`). */
export function addSequence(sequence: number, increment: number): number {
  const next = sequence + increment;
  return next > 0x7fffffff ? next - 0x7fffffff - 1 : next;
}
