/**
 * Kafka RecordBatch v2 (magic 2): the on-disk and on-the-wire unit of the log.
 *
 * FORMAT MIGRATION: segments store RecordBatch v2 bytes exactly as Kafka does (KIP-98 layout),
 * so a file written by this broker is a valid Kafka segment and vice versa. Magic 0/1 message
 * sets are rejected on append and treated as corruption on recovery. If a future release adds
 * a format, keep reading v2 forever, write the new magic only for new segments, and make
 * recovery dispatch on the magic byte at offset 16 of each batch — never rewrite old segments
 * in place. Indexes carry no format version: they are rebuilt from the segment when in doubt.
 *
 * Layout (big-endian): baseOffset int64 @0, batchLength int32 @8 (bytes after this field),
 * partitionLeaderEpoch int32 @12, magic int8 @16, crc uint32 @17 (CRC-32C of bytes 21..end),
 * attributes int16 @21, lastOffsetDelta int32 @23, baseTimestamp int64 @27,
 * maxTimestamp int64 @35, producerId int64 @43, producerEpoch int16 @51,
 * baseSequence int32 @53, recordCount int32 @57, records @61.
 *
 * @module
 */

import { crc32c } from "./crc32c.ts";

/** Size of the fixed v2 header; the smallest valid batch (no records). */
export const BATCH_HEADER_SIZE = 61;
/** baseOffset + batchLength: bytes ahead of what batchLength counts (Kafka LOG_OVERHEAD). */
export const LOG_OVERHEAD = 12;
/** The only magic byte this log stores (RecordBatch v2, KIP-98). */
export const MAGIC_V2 = 2;

/** Byte position of base offset in a batch header. */
export const OFFSET_BASE_OFFSET = 0;
/** Byte position of batch length in a batch header. */
export const OFFSET_BATCH_LENGTH = 8;
/** Byte position of leader epoch in a batch header. */
export const OFFSET_LEADER_EPOCH = 12;
/** Byte position of magic in a batch header. */
export const OFFSET_MAGIC = 16;
/** Byte position of crc in a batch header. */
export const OFFSET_CRC = 17;
/** Byte position of attributes in a batch header. */
export const OFFSET_ATTRIBUTES = 21;
/** Byte position of last delta in a batch header. */
export const OFFSET_LAST_OFFSET_DELTA = 23;
/** Byte position of base timestamp in a batch header. */
export const OFFSET_BASE_TIMESTAMP = 27;
/** Byte position of max timestamp in a batch header. */
export const OFFSET_MAX_TIMESTAMP = 35;
/** Byte position of producer id in a batch header. */
export const OFFSET_PRODUCER_ID = 43;
/** Byte position of producer epoch in a batch header. */
export const OFFSET_PRODUCER_EPOCH = 51;
/** Byte position of base sequence in a batch header. */
export const OFFSET_BASE_SEQUENCE = 53;
/** Byte position of record count in a batch header. */
export const OFFSET_RECORD_COUNT = 57;

/** Attributes bits 0-2: compression codec (Kafka `DefaultRecordBatch`). */
export const COMPRESSION_MASK = 0x07;
/** Attributes bit 3: timestamps are LogAppendTime. */
export const TIMESTAMP_TYPE_BIT = 0x08;
/** Attributes bit 4: part of a transaction. */
export const TRANSACTIONAL_BIT = 0x10;
/** Attributes bit 5: a control batch (transaction markers). */
export const CONTROL_BIT = 0x20;

/** Compression codec ids in attributes bits 0-2. */
export const Codec = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

/** The decoded fixed header of one batch. */
export interface BatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

/** Big-endian int32 at `pos`. */
export function readInt32(b: Uint8Array, pos: number): number {
  return (b[pos]! << 24) | (b[pos + 1]! << 16) | (b[pos + 2]! << 8) | b[pos + 3]!;
}

/** Big-endian int64 at `pos` as a JS number (exact below 2^53). */
export function readInt64(b: Uint8Array, pos: number): number {
  return readInt32(b, pos) * 4294967296 + (readInt32(b, pos + 4) >>> 0);
}

/** Write a big-endian int32 (signed or unsigned 32-bit value). */
export function writeInt32(b: Uint8Array, pos: number, v: number): void {
  b[pos] = v >>> 24;
  b[pos + 1] = v >>> 16;
  b[pos + 2] = v >>> 8;
  b[pos + 3] = v;
}

/** Write a JS number as a big-endian int64 (two's complement for negatives such as -1). */
export function writeInt64(b: Uint8Array, pos: number, v: number): void {
  const hi = Math.floor(v / 4294967296);
  writeInt32(b, pos, hi | 0);
  writeInt32(b, pos + 4, (v - hi * 4294967296) >>> 0);
}

/** Decode the header at `pos`; the caller guarantees 61 bytes are there. */
export function readBatchHeader(b: Uint8Array, pos = 0): BatchHeader {
  return {
    baseOffset: readInt64(b, pos),
    batchLength: readInt32(b, pos + OFFSET_BATCH_LENGTH),
    partitionLeaderEpoch: readInt32(b, pos + OFFSET_LEADER_EPOCH),
    magic: (b[pos + OFFSET_MAGIC]! << 24) >> 24,
    crc: readInt32(b, pos + OFFSET_CRC) >>> 0,
    attributes: (b[pos + OFFSET_ATTRIBUTES]! << 8) | b[pos + OFFSET_ATTRIBUTES + 1]!,
    lastOffsetDelta: readInt32(b, pos + OFFSET_LAST_OFFSET_DELTA),
    baseTimestamp: readInt64(b, pos + OFFSET_BASE_TIMESTAMP),
    maxTimestamp: readInt64(b, pos + OFFSET_MAX_TIMESTAMP),
    producerId: readInt64(b, pos + OFFSET_PRODUCER_ID),
    producerEpoch: ((b[pos + OFFSET_PRODUCER_EPOCH]! << 24) >> 16) | b[pos + 52]!,
    baseSequence: readInt32(b, pos + OFFSET_BASE_SEQUENCE),
    recordCount: readInt32(b, pos + OFFSET_RECORD_COUNT),
  };
}

/** Codec id (0 = none) of a batch's attributes. */
export function compressionOf(attributes: number): number {
  return attributes & COMPRESSION_MASK;
}

/** Whole size of the batch at `pos` (LOG_OVERHEAD + batchLength); needs 12 bytes. */
export function batchSizeAt(b: Uint8Array, pos: number): number {
  return LOG_OVERHEAD + readInt32(b, pos + OFFSET_BATCH_LENGTH);
}

/**
 * Check the batch at `pos` within `b[pos, end)`. Returns its size in bytes when it is whole and
 * valid, or a short reason: `"torn"` when the bytes stop inside it (a partial write at the
 * tail), anything else for corruption. `maxSize` bounds the length so a garbage length cannot
 * make recovery read gigabytes.
 */
export function checkBatchAt(
  b: Uint8Array,
  pos: number,
  end: number,
  maxSize: number,
  verifyCrc = true,
): number | string {
  if (end - pos < LOG_OVERHEAD) return "torn";
  const size = batchSizeAt(b, pos);
  if (size < BATCH_HEADER_SIZE) return `batch length ${size - LOG_OVERHEAD} below minimum`;
  if (size > maxSize) return `batch length ${size - LOG_OVERHEAD} above limit ${maxSize}`;
  if (end - pos < OFFSET_MAGIC + 1) return "torn";
  const magic = b[pos + OFFSET_MAGIC]!;
  if (magic !== MAGIC_V2) return `magic ${magic} is not 2`;
  if (end - pos < size) return "torn";
  if (readInt32(b, pos + OFFSET_LAST_OFFSET_DELTA) < 0) return "negative lastOffsetDelta";
  if (readInt32(b, pos + OFFSET_RECORD_COUNT) < 0) return "negative record count";
  if (verifyCrc) {
    const stored = readInt32(b, pos + OFFSET_CRC) >>> 0;
    const actual = crc32c(b, pos + OFFSET_ATTRIBUTES, pos + size);
    if (stored !== actual) return `crc mismatch (stored ${stored}, computed ${actual})`;
  }
  return size;
}

/** Result of walking concatenated batches: where the valid prefix ends and why. */
export interface BatchScan {
  /** Number of whole, valid batches from the start position. */
  count: number;
  /** End (exclusive) of the last valid batch; `start` when there is none. */
  validEnd: number;
  /** Header of the last valid batch, if any. */
  last: BatchHeader | undefined;
  /** Why scanning stopped before `end`: "torn" or a corruption reason; undefined at a clean end. */
  problem: string | undefined;
}

/**
 * Walk batches in `b[start, end)`, calling `visit(pos, size)` for each valid one, and stop at the
 * first torn or corrupt batch. Recovery truncates the segment at `validEnd`.
 */
export function scanBatches(
  b: Uint8Array,
  start: number,
  end: number,
  options: { maxSize: number; verifyCrc?: boolean; visit?: (pos: number, size: number) => void },
): BatchScan {
  let pos = start;
  let count = 0;
  let lastPos = -1;
  let problem: string | undefined;
  while (pos < end) {
    const r = checkBatchAt(b, pos, end, options.maxSize, options.verifyCrc ?? true);
    if (typeof r === "string") {
      problem = r;
      break;
    }
    options.visit?.(pos, r);
    lastPos = pos;
    pos += r;
    count++;
  }
  return {
    count,
    validEnd: pos,
    last: lastPos >= 0 ? readBatchHeader(b, lastPos) : undefined,
    problem,
  };
}

/**
 * Rewrite the header fields the broker owns, in place, without touching the records.
 * baseOffset and partitionLeaderEpoch sit ahead of the CRC-covered range, so the CRC stands.
 * For LogAppendTime (Kafka `LogValidator`), the timestamp-type bit and maxTimestamp are set to
 * the broker's time; both are covered by the CRC, so it is recomputed — only then.
 */
export function assignOffsets(
  b: Uint8Array,
  pos: number,
  baseOffset: number,
  leaderEpoch: number,
  logAppendTime?: number,
): void {
  writeInt64(b, pos + OFFSET_BASE_OFFSET, baseOffset);
  writeInt32(b, pos + OFFSET_LEADER_EPOCH, leaderEpoch);
  if (logAppendTime === undefined) return;
  b[pos + OFFSET_ATTRIBUTES + 1] = b[pos + OFFSET_ATTRIBUTES + 1]! | TIMESTAMP_TYPE_BIT;
  writeInt64(b, pos + OFFSET_MAX_TIMESTAMP, logAppendTime);
  const size = batchSizeAt(b, pos);
  writeInt32(b, pos + OFFSET_CRC, crc32c(b, pos + OFFSET_ATTRIBUTES, pos + size));
}

/** Iterate `{ position, header }` of each whole batch in `b` (no CRC check). */
export function* iterateBatches(
  b: Uint8Array,
): Generator<{ position: number; size: number; header: BatchHeader }> {
  let pos = 0;
  while (b.length - pos >= BATCH_HEADER_SIZE) {
    const size = batchSizeAt(b, pos);
    if (size < BATCH_HEADER_SIZE || b.length - pos < size) return;
    yield { position: pos, size, header: readBatchHeader(b, pos) };
    pos += size;
  }
}
