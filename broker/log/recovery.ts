/**
 * Opening segments after a start: leftovers, lazy closed segments, and the active segment's tail.
 *
 * Like Kafka's `LogLoader`, but bounded: closed segments were fsynced with their indexes when
 * they rolled, so only the active (last) segment can hold a torn write. Its scan starts at the
 * last offset index entry that matches the data (≤ index.interval.bytes plus one batch of
 * reading), validates every batch (length, magic, CRC-32C, offsets increasing) and truncates at
 * the first bad one. Indexes are trusted only after checking them against the data, and rebuilt
 * from it otherwise.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import type { FileSystem } from "../runtime/types.ts";
import { OffsetIndex } from "./offset_index.ts";
import { checkBatchAt, LOG_OVERHEAD, readBatchHeader, readInt32 } from "./record_batch.ts";
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
async function loadIndexes(seg: Segment): Promise<boolean> {
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

function padded(head: Uint8Array): Uint8Array {
  const b = new Uint8Array(61);
  b.set(head);
  return b;
}

function resetIndexes(seg: Segment): void {
  seg.index = new OffsetIndex(seg.baseOffset);
  seg.timeIndex = new TimeIndex(seg.baseOffset);
  seg.maxTimestamp = -1;
  seg.offsetOfMaxTimestamp = -1;
}

/**
 * Open a closed segment on first use: trust its indexes if they agree with the data, else
 * rebuild them by walking the batch headers (no CRC: the data was fsynced when it rolled).
 */
export async function loadClosedSegment(seg: Segment, logger: Logger): Promise<void> {
  seg.log = await seg.fs.open(seg.logPath);
  seg.size = seg.committed = await seg.log.size();
  if (await loadIndexes(seg) && (seg.size === 0 || seg.timeIndex.entries > 0)) {
    seg.loaded = true;
    return;
  }
  logger.warn("rebuilding segment indexes", { segment: seg.logPath });
  resetIndexes(seg);
  seg.bytesSinceIndexEntry = 0;
  await seg.walk(0, seg.size, (position, h) => {
    seg.track({
      position,
      size: LOG_OVERHEAD + h.batchLength,
      baseOffset: h.baseOffset,
      lastOffset: h.baseOffset + h.lastOffsetDelta,
      maxTimestamp: h.maxTimestamp,
    });
    return false;
  });
  if (seg.maxTimestamp >= 0) seg.timeIndex.maybeAppend(seg.maxTimestamp, seg.offsetOfMaxTimestamp);
  await seg.rewriteIndexes();
  seg.loaded = true;
}

/** Options for recovering the active segment. */
export interface TailRecoveryOptions {
  /** A clean-shutdown marker was found: walk headers only, skip CRC checks. */
  clean: boolean;
  maxBatchSize: number;
  logger: Logger;
  now: number;
}

/**
 * Recover the active segment: scan from the last trusted index entry, truncate at the first
 * torn or corrupt batch, extend or rebuild the indexes. Returns the bytes truncated.
 */
export async function recoverActiveSegment(seg: Segment, o: TailRecoveryOptions): Promise<number> {
  seg.log = await seg.fs.open(seg.logPath, { write: true, create: true });
  seg.size = await seg.log.size();
  let rewrite = !(await loadIndexes(seg));
  if (rewrite) resetIndexes(seg);
  const entry = seg.index.last;
  let pos = entry?.position ?? 0;
  let expected = entry?.offset ?? seg.baseOffset;
  seg.bytesSinceIndexEntry = 0;
  seg.nextOffset = seg.baseOffset;
  seg.rollTimestamp = -1;
  // segment.ms counts from the first batch; when the scan starts later, read that header too.
  if (pos > 0) seg.rollTimestamp = readBatchHeader(padded(await seg.readAt(0, 61))).maxTimestamp;
  let problem: string | undefined;
  const chunk = 1 << 20;
  while (pos < seg.size && problem === undefined) {
    let buf = await seg.readAt(pos, Math.min(chunk, seg.size - pos));
    if (buf.length >= LOG_OVERHEAD) {
      const need = LOG_OVERHEAD + readInt32(buf, 8);
      if (need > buf.length && need <= o.maxBatchSize && pos + need <= seg.size) buf = await seg.readAt(pos, need);
    }
    let at = 0;
    while (at < buf.length) {
      const r = checkBatchAt(buf, at, buf.length, o.maxBatchSize, !o.clean);
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
      seg.track({
        position: pos + at,
        size: r,
        baseOffset: h.baseOffset,
        lastOffset: h.baseOffset + h.lastOffsetDelta,
        maxTimestamp: h.maxTimestamp,
      });
      expected = h.baseOffset + h.lastOffsetDelta + 1;
      at += r;
    }
    pos += at;
  }
  const truncated = seg.size - pos;
  if (truncated > 0) {
    o.logger.warn("truncating torn or corrupt log tail", {
      segment: seg.logPath,
      position: pos,
      bytes: truncated,
      reason: problem ?? "torn",
    });
    rewrite = rewrite || seg.index.truncateToPosition(pos);
    await seg.log.truncate(pos);
  }
  seg.size = seg.committed = pos;
  seg.nextOffset = Math.max(seg.nextOffset ?? seg.baseOffset, expected);
  seg.timeIndex.truncateToOffset(seg.nextOffset);
  seg.createdAt = o.now;
  if (rewrite) await seg.rewriteIndexes();
  else {
    await seg.trimIndexFiles();
    await seg.writeIndexes();
  }
  // Make what the crashed process left in the page cache durable before readers see it.
  if (!o.clean || truncated > 0) await seg.log.datasync();
  seg.loaded = true;
  return truncated;
}
