/**
 * Opening segments after a start: leftovers and lazily loaded closed segments. The recovery of
 * the log's tail (after a crash or power loss) is in `tail_recovery.ts`.
 *
 * Indexes are trusted only after checking them against the data, and rebuilt from it otherwise.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import type { FileSystem } from "../runtime/types.ts";
import { OffsetIndex } from "./offset_index.ts";
import { LOG_OVERHEAD, readBatchHeader, scanBatches } from "./record_batch.ts";
import { parseSegmentName, type Segment } from "./segment.ts";
import { TimeIndex } from "./time_index.ts";

/** Suffixes of files a crash can leave behind mid-operation (atomic writes, cleaner, deletion). */
const LEFTOVER = [".tmp", ".cleaned", ".deleted"];

/** Remove leftovers in a partition directory and return the segment base offsets, sorted. */
export async function listSegments(fs: FileSystem, dir: string, logger: Logger): Promise<number[]> {
  const bases: number[] = [];
  for (const entry of (await fs.readDir(dir)) ?? []) {
    if (LEFTOVER.some((s) => entry.name.endsWith(s))) {
      logger.info("removing leftover file", { file: `${dir}/${entry.name}` });
      await fs.remove(`${dir}/${entry.name}`, { recursive: true });
      continue;
    }
    const base = parseSegmentName(entry.name);
    if (base !== undefined) bases.push(base);
  }
  return bases.sort((a, b) => a - b);
}

/** Load the offset and time index files and check them against the data file. */
export async function loadIndexes(seg: Segment): Promise<boolean> {
  const [idx, tidx] = await Promise.all([seg.fs.readFile(seg.indexPath), seg.fs.readFile(seg.timeIndexPath)]);
  if (idx === null || tidx === null) return false;
  const o = OffsetIndex.fromBytes(seg.baseOffset, idx, seg.size);
  const t = TimeIndex.fromBytes(seg.baseOffset, tidx, 0x7fffffff);
  seg.index = o.index;
  seg.timeIndex = t.index;
  if (!o.consistent || !t.consistent) return false;
  const last = o.index.last;
  if (last !== undefined) {
    // The last entry must point at a batch header with that base offset.
    const head = await seg.readAt(last.position, LOG_OVERHEAD);
    if (head.length < LOG_OVERHEAD || readBatchHeader(padded(head)).baseOffset !== last.offset) return false;
  }
  const lastTime = t.index.last;
  if (lastTime !== undefined) {
    seg.maxTimestamp = lastTime.timestamp;
    seg.offsetOfMaxTimestamp = lastTime.offset;
  }
  return true;
}

export function padded(head: Uint8Array): Uint8Array {
  const b = new Uint8Array(61);
  b.set(head);
  return b;
}

export function resetIndexes(seg: Segment): void {
  seg.index = new OffsetIndex(seg.baseOffset);
  seg.timeIndex = new TimeIndex(seg.baseOffset);
  seg.maxTimestamp = -1;
  seg.offsetOfMaxTimestamp = -1;
}

/**
 * Open a closed segment on first use: trust its indexes if they agree with the data, else
 * rebuild them by walking the batch headers. Closed segments were fdatasynced when they rolled,
 * and start-up recovery verified the newest ones; still, an SD card that acknowledged a flush
 * it never made can leave an older tail torn. So the batches after the last index entry are
 * CRC-checked (at most index.interval.bytes plus a batch), and a segment whose data ends in a
 * torn or corrupt batch is served only up to the last whole valid batch, with an error logged.
 */
export async function loadClosedSegment(seg: Segment, logger: Logger): Promise<void> {
  seg.log = await seg.fs.open(seg.logPath);
  seg.size = seg.committed = await seg.log.size();
  if (await loadIndexes(seg) && (seg.size === 0 || seg.timeIndex.entries > 0)) {
    const from = seg.index.last?.position ?? 0;
    const end = await validEnd(seg, from);
    if (end < seg.size) {
      logger.error("closed segment has a torn or corrupt tail: serving only the valid part", { segment: seg.logPath, position: end, bytes: seg.size - end });
      seg.size = seg.committed = end;
    }
    seg.loaded = true;
    return;
  }
  logger.warn("rebuilding segment indexes", { segment: seg.logPath });
  resetIndexes(seg);
  seg.bytesSinceIndexEntry = 0;
  let end = 0;
  await seg.walk(0, seg.size, (position, h) => {
    seg.track({
      position,
      size: LOG_OVERHEAD + h.batchLength,
      baseOffset: h.baseOffset,
      lastOffset: h.baseOffset + h.lastOffsetDelta,
      maxTimestamp: h.maxTimestamp,
    });
    end = position + LOG_OVERHEAD + h.batchLength;
    return false;
  });
  // Whatever follows the last whole batch header is torn: never handed to a reader.
  const checked = await validEnd(seg, seg.index.last?.position ?? 0);
  if (Math.min(end, checked) < seg.size) {
    end = Math.min(end, checked);
    logger.error("closed segment has a torn or corrupt tail: serving only the valid part", { segment: seg.logPath, position: end, bytes: seg.size - end });
    seg.size = seg.committed = end;
    seg.index.truncateToPosition(end);
  }
  if (seg.maxTimestamp >= 0) seg.timeIndex.maybeAppend(seg.maxTimestamp, seg.offsetOfMaxTimestamp);
  await seg.rewriteIndexes();
  seg.loaded = true;
}

/** End of the whole, CRC-valid batches from `position` on (a batch boundary). */
async function validEnd(seg: Segment, position: number): Promise<number> {
  const bytes = await seg.readAt(position, seg.size - position);
  return position + scanBatches(bytes, 0, bytes.length, { maxSize: 0x7fffffff }).validEnd;
}
