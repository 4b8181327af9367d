/**
 * Log compaction for `cleanup.policy=compact` (Kafka `LogCleaner`, simplified): keep the latest
 * record per key; drop tombstones (null value) once their segment is older than
 * `delete.retention.ms`. Offsets never change; rewritten batches keep their base offset,
 * lastOffsetDelta, timestamps and producer fields, with holes in the offset deltas (legal in v2).
 *
 * Each closed segment is rewritten on its own (no merging of small segments yet):
 * `<base>.log.cleaned` is written and fsynced, the old indexes are removed, then the cleaned
 * file is renamed over the segment and the directory fsynced. A crash before the rename leaves
 * a `.cleaned` leftover that the next open deletes; after it, the new data without indexes,
 * which are rebuilt. Compressed, transactional and control batches are kept as they are.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import type { LogMetrics } from "./log_metrics.ts";
import type { FilePartitionLog } from "./partition_log.ts";
import { CONTROL_BIT, LOG_OVERHEAD, readBatchHeader, TIMESTAMP_TYPE_BIT, TRANSACTIONAL_BIT } from "./record_batch.ts";
import { buildRecordBatch, decodeRecords } from "./record_codec.ts";
import { loadClosedSegment } from "./recovery.ts";
import type { Segment } from "./segment.ts";

/**
 * File in a partition directory once the cleaner has rewritten one of its segments: offsets
 * there may have gaps (whole batches dropped), so start-up recovery must not take a segment
 * ending short of the next one's base for a lost tail and cut the log there — even when the
 * topic is no longer configured as compacted (cleanup.policy altered, topics.json rebuilt).
 */
export const OFFSET_GAPS_MARKER = "offset-gaps";

/** What the cleaner needs. */
export interface CleanerContext {
  now: number;
  deleteRetentionMs: number;
  logger: Logger;
  metrics: LogMetrics;
}

function keyString(key: Uint8Array): string {
  let s = "";
  for (let i = 0; i < key.length; i++) s += String.fromCharCode(key[i]!);
  return s;
}

/** Visit each whole batch of a segment below `limit` as bytes. */
async function forEachBatch(seg: Segment, limit: number, fn: (batch: Uint8Array) => void): Promise<void> {
  const batches: { position: number; size: number }[] = [];
  await seg.walk(0, limit, (position, h) => {
    batches.push({ position, size: LOG_OVERHEAD + h.batchLength });
    return false;
  });
  for (const b of batches) fn(await seg.readAt(b.position, b.size));
}

function compactable(attributes: number): boolean {
  return (attributes & (7 | TRANSACTIONAL_BIT | CONTROL_BIT)) === 0;
}

/** Compact the closed segments of `log`. Returns the number of records removed. */
export async function compactPartition(log: FilePartitionLog, ctx: CleanerContext): Promise<number> {
  const set = log.segments;
  const closed = set.segments.slice(0, -1);
  if (closed.length === 0) return 0;
  // 1. Latest offset per key over the whole log up to the high watermark.
  const latest = new Map<string, number>();
  let skipped = 0;
  for (const seg of set.segments) {
    await set.use(seg, () =>
      forEachBatch(seg, seg.committed, (batch) => {
        const h = readBatchHeader(batch);
        if (!compactable(h.attributes)) return void skipped++;
        for (const r of decodeRecords(batch)) if (r.key !== null) latest.set(keyString(r.key), r.offset);
      }));
  }
  if (skipped > 0) ctx.logger.info("cleaner kept compressed or transactional batches as they are", { topic: log.topic, partition: log.partition, batches: skipped });
  // 2. Rewrite each closed segment that has superseded records or expired tombstones.
  let removed = 0;
  for (const seg of closed) {
    const parts: Uint8Array[] = [];
    let dropped = 0;
    const expired = ctx.now - seg.maxTimestamp > ctx.deleteRetentionMs;
    await set.use(seg, () =>
      forEachBatch(seg, seg.size, (batch) => {
        const h = readBatchHeader(batch);
        if (!compactable(h.attributes)) return void parts.push(batch);
        const records = decodeRecords(batch);
        const keep = records.filter((r) =>
          r.key === null || (latest.get(keyString(r.key)) === r.offset && !(r.value === null && expired))
        );
        dropped += records.length - keep.length;
        if (keep.length === records.length) parts.push(batch);
        else if (keep.length > 0) {
          parts.push(buildRecordBatch(keep.map((r) => ({ ...r, offsetDelta: r.offset - h.baseOffset })), {
            baseOffset: h.baseOffset,
            baseTimestamp: h.baseTimestamp,
            maxTimestamp: h.maxTimestamp,
            lastOffsetDelta: h.lastOffsetDelta,
            logAppendTime: (h.attributes & TIMESTAMP_TYPE_BIT) !== 0,
            producerId: h.producerId,
            producerEpoch: h.producerEpoch,
            baseSequence: h.baseSequence,
            partitionLeaderEpoch: h.partitionLeaderEpoch,
          }));
        }
      }));
    if (dropped === 0 || seg.retired) continue;
    await swapCleaned(log, seg, parts, ctx.logger);
    removed += dropped;
  }
  ctx.metrics.compactedRecords.inc(removed);
  if (removed > 0) ctx.logger.info("compacted partition", { topic: log.topic, partition: log.partition, removedRecords: removed });
  return removed;
}

/** Write the cleaned data beside `seg` and swap it in crash-safely. */
async function swapCleaned(log: FilePartitionLog, seg: Segment, parts: Uint8Array[], logger: Logger): Promise<void> {
  const set = log.segments;
  const fs = set.fs;
  const cleanedPath = `${seg.logPath}.cleaned`;
  const f = await fs.open(cleanedPath, { write: true, create: true, truncate: true });
  try {
    let pos = 0;
    for (const p of parts) {
      await f.write(p, pos);
      pos += p.length;
    }
    await f.datasync();
  } finally {
    await f.close();
  }
  const marker = `${set.dir}/${OFFSET_GAPS_MARKER}`;
  if (!(await fs.stat(marker))) {
    // Durable before the first cleaned segment can be (see OFFSET_GAPS_MARKER).
    await fs.writeFile(marker, new Uint8Array(0));
    await fs.syncDir(set.dir);
  }
  await fs.remove(seg.indexPath);
  await fs.remove(seg.timeIndexPath);
  await fs.rename(cleanedPath, seg.logPath);
  await fs.syncDir(set.dir);
  const fresh = set.make(seg.baseOffset);
  await loadClosedSegment(fresh, logger);
  const i = set.segments.indexOf(seg);
  if (i >= 0) set.segments[i] = fresh;
  // Readers still on the old handle read the old inode; close it when they leave.
  seg.retired = true;
  if (seg.refs === 0) await seg.close();
}
