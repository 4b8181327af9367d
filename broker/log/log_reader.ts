/**
 * Reads from a partition's segments: Fetch by offset, ListOffsets by timestamp and max timestamp.
 *
 * Fetch semantics are Kafka's: whole batches starting with the one that contains the offset,
 * from one segment, up to `maxBytes` but at least one batch (KIP-74), never a byte past the
 * high watermark. Readers are bounded by each segment's `committed` length, so bytes that
 * are written but not yet fsynced under group commit are never returned.
 *
 * @module
 */

import { decodeRecords, type Decompressor } from "./record_codec.ts";
import { LOG_OVERHEAD, readBatchHeader, TIMESTAMP_TYPE_BIT } from "./record_batch.ts";
import type { Segment } from "./segment.ts";
import type { SegmentSet } from "./segment_set.ts";

const EMPTY = new Uint8Array(0);

/** Whole batches from the one containing `offset`, below `highWatermark`. */
export async function readFrom(
  set: SegmentSet,
  offset: number,
  maxBytes: number,
  highWatermark: number,
): Promise<Uint8Array> {
  if (offset >= highWatermark) return EMPTY;
  let seg: Segment | undefined = set.segments[set.floorIndex(offset)];
  while (seg !== undefined) {
    const current: Segment = seg;
    const bytes = await set.use(current, async () => {
      const limit = current.committed;
      const at = await current.locate(offset, limit);
      if (at === undefined) return undefined;
      if (at.header.baseOffset >= highWatermark) return EMPTY;
      const first = LOG_OVERHEAD + at.header.batchLength;
      const want = Math.min(Math.max(first, maxBytes), limit - at.position);
      const raw = await current.readAt(at.position, want);
      return wholeBatchesBelow(raw, highWatermark);
    });
    if (bytes !== undefined) return bytes;
    seg = set.after(current); // the offset is past this segment's data (compaction holes)
  }
  return EMPTY;
}

/** Cut `raw` after its last whole batch whose base offset is below the high watermark. */
function wholeBatchesBelow(raw: Uint8Array, highWatermark: number): Uint8Array {
  let pos = 0;
  while (raw.length - pos >= 61) {
    const h = readBatchHeader(raw, pos);
    const size = LOG_OVERHEAD + h.batchLength;
    if (pos + size > raw.length || h.baseOffset >= highWatermark) break;
    pos += size;
  }
  return pos === raw.length ? raw : raw.subarray(0, pos);
}

/** ListOffsets by time: the first record with timestamp ≥ `timestamp`, or null. */
export async function offsetForTimestampIn(
  set: SegmentSet,
  timestamp: number,
  logStartOffset: number,
  highWatermark: number,
  decompress?: Decompressor,
): Promise<{ offset: number; timestamp: number } | null> {
  let seg: Segment | undefined = set.segments[set.floorIndex(logStartOffset)];
  while (seg !== undefined) {
    const current: Segment = seg;
    const found = await set.use(current, async () => {
      if (current.maxTimestamp < timestamp) return undefined;
      const at = await current.locateTimestamp(timestamp, current.committed);
      if (at === undefined) return undefined;
      if (at.header.baseOffset >= highWatermark) return null;
      const batch = await current.readAt(at.position, LOG_OVERHEAD + at.header.batchLength);
      return firstRecordAtOrAfter(batch, timestamp, logStartOffset, decompress);
    });
    if (found !== undefined) return found;
    seg = set.after(current);
  }
  return null;
}

function firstRecordAtOrAfter(
  batch: Uint8Array,
  timestamp: number,
  logStartOffset: number,
  decompress?: Decompressor,
): { offset: number; timestamp: number } | undefined {
  const h = readBatchHeader(batch);
  const base = Math.max(h.baseOffset, logStartOffset);
  if ((h.attributes & TIMESTAMP_TYPE_BIT) !== 0) return { offset: base, timestamp: h.maxTimestamp };
  if ((h.attributes & 7) !== 0 && !decompress) return { offset: base, timestamp: h.maxTimestamp };
  for (const r of decodeRecords(batch, 0, decompress)) {
    if (r.timestamp >= timestamp && r.offset >= logStartOffset) return { offset: r.offset, timestamp: r.timestamp };
  }
  return undefined;
}

/** ListOffsets -3 (KIP-734): the largest timestamp and the offset of its record. */
export async function maxTimestampOf(
  set: SegmentSet,
  logStartOffset: number,
  highWatermark: number,
  decompress?: Decompressor,
): Promise<{ offset: number; timestamp: number } | null> {
  let best: Segment | undefined;
  for (const seg of [...set.segments]) {
    await set.ensureLoaded(seg);
    if (seg.maxTimestamp >= 0 && (best === undefined || seg.maxTimestamp > best.maxTimestamp)) best = seg;
  }
  if (best === undefined) return null;
  const ts = best.maxTimestamp;
  const found = await offsetForTimestampIn(set, ts, Math.max(logStartOffset, best.baseOffset), highWatermark, decompress);
  return found === null ? null : { offset: found.offset, timestamp: ts };
}
