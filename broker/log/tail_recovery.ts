/**
 * Recovering the end of a partition's log after a crash or a power loss.
 *
 * Like Kafka's `LogLoader` recovering the segments after the recovery point, but bounded by
 * bytes rather than by a checkpoint: what a crash can tear is what was written last. Appends
 * fdatasync before they are acknowledged and a roll fdatasyncs the sealed segment, so on honest
 * storage only the active segment's unsynced tail is at risk. An SD card that acknowledges a
 * flush it has not made can also lose the end of the segment before, and a `.clean-shutdown`
 * marker can outlive the run that followed it (its removal lost in the same power cut). So:
 *
 * - Every start verifies, newest segment first, batch by batch (length, magic, CRC-32C, offsets
 *   increasing), at least the last `windowBytes` of the log ({@link INDEX_FLUSH_BYTES}, the most
 *   the active segment's index files can lag its data) — also after a clean shutdown, since the
 *   marker may be stale. The cost is bounded per partition, never by the size of the log. A
 *   segment's scan starts at the newest index entry at or before the window's start that points
 *   at a matching batch header.
 * - It goes on to the previous segment while the window is not covered, while the segment just
 *   verified was damaged or held no batch, or (offsets contiguous, i.e. no compaction) while the
 *   segment ended short of the next one's base offset — a tail lost at a batch boundary.
 * - The log is cut at the first damaged byte of the oldest damaged segment: that segment is
 *   truncated to its last valid batch and becomes the active one, and every later segment is
 *   deleted (Kafka does the same), so nothing after a corrupt batch is served and new offsets
 *   continue from the last valid one. Each cut is logged as a warning with the bytes dropped.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import { padded, loadIndexes, resetIndexes } from "./recovery.ts";
import { checkBatchAt, LOG_OVERHEAD, readBatchHeader, readInt32 } from "./record_batch.ts";
import { INDEX_FLUSH_BYTES, type Segment } from "./segment.ts";
import type { SegmentSet } from "./segment_set.ts";

/** Options for {@link recoverLogTail}. */
export interface TailRecoveryOptions {
  /** A clean-shutdown marker was found: the tail needs no fdatasync (the verification still runs). */
  clean: boolean;
  maxBatchSize: number;
  logger: Logger;
  now: number;
  /** Offsets run on from segment to segment (no compaction): a closed segment must end at the next base. */
  contiguous: boolean;
  /** Bytes at the end of the log verified at every start (default {@link INDEX_FLUSH_BYTES}). */
  windowBytes?: number;
}

/** What verifying one segment found. */
interface SegmentScan {
  /** Where verification started (a batch boundary). */
  start: number;
  /** End of the last valid batch. */
  end: number;
  /** Offset after the last valid batch. */
  nextOffset: number;
  problem: string | undefined;
  batches: number;
  /** The in-memory indexes differ from the files (rebuilt or cut back). */
  rewrite: boolean;
}

/** Recover `set`'s tail; returns the bytes dropped (truncated or deleted). */
export async function recoverLogTail(set: SegmentSet, o: TailRecoveryOptions): Promise<number> {
  const segments = set.segments;
  let remaining = o.windowBytes ?? INDEX_FLUSH_BYTES;
  const scans = new Map<Segment, SegmentScan>();
  let damaged = -1;
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i]!;
    const scan = await verifySegment(seg, remaining, o);
    scans.set(seg, scan);
    remaining -= seg.size - scan.start;
    const next = segments[i + 1];
    let problem = scan.end < seg.size ? (scan.problem ?? "torn") : undefined;
    if (problem === undefined && next !== undefined && scan.nextOffset > next.baseOffset) {
      problem = `ends at offset ${scan.nextOffset}, past the next segment's base ${next.baseOffset}`;
    } else if (problem === undefined && next !== undefined && o.contiguous && scan.nextOffset < next.baseOffset) {
      problem = `ends at offset ${scan.nextOffset}, short of the next segment's base ${next.baseOffset}`;
    }
    if (problem !== undefined) {
      scan.problem = problem;
      damaged = i;
    }
    if (remaining <= 0 && problem === undefined && (scan.batches > 0 || i === 0)) break;
  }
  let dropped = 0;
  if (damaged >= 0 && damaged < segments.length - 1) {
    const later = segments.slice(damaged + 1);
    for (const seg of later) dropped += seg.size;
    o.logger.warn("deleting segments after a damaged one", {
      damaged: segments[damaged]!.logPath,
      reason: scans.get(segments[damaged]!)!.problem,
      segments: later.map((s) => s.logPath),
      bytes: dropped,
    });
    for (const seg of later) await set.retire(seg);
  }
  for (const [seg, scan] of scans) {
    if (seg.retired) continue;
    dropped += await settleSegment(seg, scan, seg === set.active, o);
  }
  if (dropped > 0 || !o.clean) await set.active.log!.datasync();
  if (dropped > 0) await set.fs.syncDir(set.dir);
  return dropped;
}

/**
 * Verify `seg` from the newest trustworthy index entry at or before `size - windowBytes` to its
 * end, tracking each valid batch into its indexes. Opens the data file for writing.
 */
async function verifySegment(seg: Segment, windowBytes: number, o: TailRecoveryOptions): Promise<SegmentScan> {
  seg.log = await seg.fs.open(seg.logPath, { write: true, create: true });
  seg.size = await seg.log.size();
  let rewrite = !(await loadIndexes(seg));
  if (rewrite) resetIndexes(seg);
  let entry = windowBytes <= 0 ? seg.index.last : undefined;
  if (windowBytes > 0 && seg.size - windowBytes > 0) {
    const e = seg.index.lookupPosition(seg.size - windowBytes);
    // Entries before the last are hints nobody checked: trust this one only if it matches the data.
    if (e !== undefined && (await batchBaseAt(seg, e.position)) === e.offset) entry = e;
  }
  if (entry !== undefined && entry !== seg.index.last) {
    rewrite = true;
    seg.index.truncateToPosition(entry.position + 1);
    seg.timeIndex.truncateToOffset(entry.offset);
    seg.maxTimestamp = seg.timeIndex.last?.timestamp ?? -1;
    seg.offsetOfMaxTimestamp = seg.timeIndex.last?.offset ?? -1;
  }
  if (entry === undefined && seg.index.entries > 0) {
    rewrite = true;
    resetIndexes(seg);
  }
  const start = entry?.position ?? 0;
  let pos = start;
  let expected = entry?.offset ?? seg.baseOffset;
  seg.bytesSinceIndexEntry = 0;
  seg.nextOffset = seg.baseOffset;
  seg.rollTimestamp = -1;
  let problem: string | undefined;
  let batches = 0;
  const chunk = 1 << 20;
  while (pos < seg.size && problem === undefined) {
    let buf = await seg.readAt(pos, Math.min(chunk, seg.size - pos));
    if (buf.length >= LOG_OVERHEAD) {
      const need = LOG_OVERHEAD + readInt32(buf, 8);
      if (need > buf.length && need <= o.maxBatchSize && pos + need <= seg.size) buf = await seg.readAt(pos, need);
    }
    let at = 0;
    while (at < buf.length) {
      const r = checkBatchAt(buf, at, buf.length, o.maxBatchSize, true);
      if (typeof r === "string") {
        // A torn batch inside this chunk may just continue in the next read.
        if (r === "torn" && at > 0) break;
        problem = r;
        break;
      }
      const h = readBatchHeader(buf, at);
      if (h.baseOffset < expected) {
        problem = `offset ${h.baseOffset} goes back (expected ≥ ${expected})`;
        break;
      }
      seg.track({ position: pos + at, size: r, baseOffset: h.baseOffset, lastOffset: h.baseOffset + h.lastOffsetDelta, maxTimestamp: h.maxTimestamp });
      expected = h.baseOffset + h.lastOffsetDelta + 1;
      batches++;
      at += r;
    }
    pos += at;
  }
  return { start, end: pos, nextOffset: Math.max(seg.nextOffset ?? seg.baseOffset, expected), problem, batches, rewrite };
}

/** Base offset of the batch header at `position`, or undefined when there is none. */
async function batchBaseAt(seg: Segment, position: number): Promise<number | undefined> {
  const head = await seg.readAt(position, LOG_OVERHEAD);
  return head.length < LOG_OVERHEAD ? undefined : readBatchHeader(padded(head)).baseOffset;
}

/** Truncate `seg` after its last valid batch, bring its index files in line; returns bytes cut. */
async function settleSegment(seg: Segment, scan: SegmentScan, active: boolean, o: TailRecoveryOptions): Promise<number> {
  const truncated = seg.size - scan.end;
  let rewrite = scan.rewrite;
  if (truncated > 0) {
    o.logger.warn("truncating torn or corrupt log tail", { segment: seg.logPath, position: scan.end, bytes: truncated, reason: scan.problem ?? "torn" });
    rewrite = seg.index.truncateToPosition(scan.end) || rewrite;
    await seg.log!.truncate(scan.end);
  }
  seg.size = seg.committed = scan.end;
  seg.nextOffset = scan.nextOffset;
  rewrite = seg.timeIndex.truncateToOffset(seg.nextOffset) || rewrite;
  if (active) {
    seg.createdAt = o.now;
    // segment.ms counts from the first batch; when the scan started later, read that header too.
    if (scan.start > 0 || seg.rollTimestamp < 0) {
      const head = await seg.readAt(0, 61);
      seg.rollTimestamp = head.length >= 61 ? readBatchHeader(head).maxTimestamp : -1;
    }
  } else if (seg.maxTimestamp >= 0) {
    // A sealed segment's time index ends with its max timestamp (Segment.seal).
    rewrite = seg.timeIndex.maybeAppend(seg.maxTimestamp, seg.offsetOfMaxTimestamp) || rewrite;
  }
  if (rewrite) await seg.rewriteIndexes();
  else {
    await seg.trimIndexFiles();
    await seg.writeIndexes();
  }
  if (!active && truncated > 0) await seg.log!.datasync();
  seg.loaded = true;
  return truncated;
}
