/**
 * Retention: delete whole closed segments by age (`retention.ms`, against the segment's max
 * timestamp as Kafka does since KIP-33) and by size (`retention.bytes` per partition), then
 * enforce the data dir's disk budget across all partitions, oldest segment first.
 *
 * Retention floors (the bridge's unmirrored positions) hold back age and size retention, but
 * not the budget: a full card would stop ingest, so the budget wins — and every record it
 * takes below a floor is counted and logged, never dropped silently. The active segment is
 * never deleted.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import type { LogMetrics, RetentionReason } from "./log_metrics.ts";
import type { FilePartitionLog } from "./partition_log.ts";
import type { Segment } from "./segment.ts";
import type { TopicConfig } from "./types.ts";

/** What a retention pass needs besides the partitions. */
export interface RetentionContext {
  now: number;
  /** Lowest floor registered for the partition, if any. */
  floor: (topic: string, partition: number) => number | undefined;
  logger: Logger;
  metrics: LogMetrics;
}

/** Delete `seg` (the oldest of `log`), moving the start offset; logs and counts it. */
export async function deleteOldestSegment(
  log: FilePartitionLog,
  reason: RetentionReason,
  ctx: RetentionContext,
): Promise<void> {
  const set = log.segments;
  const seg = set.segments[0]!;
  const end = set.endOffsetOf(seg);
  const bytes = await set.sizeOf(seg);
  const records = Math.max(0, end - Math.max(seg.baseOffset, log.logStartOffset));
  const floor = ctx.floor(log.topic, log.partition);
  // The floor is the first offset not yet mirrored: records at or above it are unmirrored.
  const unmirrored = floor === undefined ? 0 : Math.max(0, end - Math.max(seg.baseOffset, log.logStartOffset, floor));
  await set.retire(seg);
  log.advanceStart(end);
  const c = ctx.metrics.retention(reason);
  c.segments.inc();
  c.records.inc(records);
  c.bytes.inc(bytes);
  const fields = { topic: log.topic, partition: log.partition, segment: seg.baseOffset, records, bytes, reason };
  if (unmirrored > 0) {
    ctx.metrics.unmirroredDroppedRecords.inc(unmirrored);
    ctx.logger.warn("disk budget deleted records not yet mirrored upstream", { ...fields, unmirrored });
  } else ctx.logger.info("retention deleted segment", fields);
}

/** True when the segment lies wholly below the partition's floor (or there is none). */
function belowFloor(log: FilePartitionLog, seg: Segment, ctx: RetentionContext): boolean {
  const floor = ctx.floor(log.topic, log.partition);
  return floor === undefined || log.segments.endOffsetOf(seg) <= floor;
}

/** Apply `retention.ms` and `retention.bytes` to one partition. Returns segments deleted. */
export async function applyRetention(log: FilePartitionLog, config: TopicConfig, ctx: RetentionContext): Promise<number> {
  if (!config["cleanup.policy"].includes("delete")) return 0;
  const set = log.segments;
  let deleted = 0;
  const retentionMs = config["retention.ms"];
  while (retentionMs >= 0 && set.segments.length > 1) {
    const seg = set.segments[0]!;
    await set.ensureLoaded(seg);
    if (ctx.now - seg.maxTimestamp <= retentionMs || !belowFloor(log, seg, ctx)) break;
    await deleteOldestSegment(log, "age", ctx);
    deleted++;
  }
  const retentionBytes = config["retention.bytes"];
  if (retentionBytes < 0) return deleted;
  let total = 0;
  for (const seg of set.segments) total += await set.sizeOf(seg);
  while (set.segments.length > 1) {
    const seg = set.segments[0]!;
    const size = await set.sizeOf(seg);
    if (total - size < retentionBytes || !belowFloor(log, seg, ctx)) break;
    await deleteOldestSegment(log, "bytes", ctx);
    total -= size;
    deleted++;
  }
  return deleted;
}

/**
 * Bring the bytes of all partitions under `budget` by deleting the oldest closed segments
 * across partitions (by max timestamp), ignoring floors. Returns the bytes still used.
 */
export async function enforceDiskBudget(logs: FilePartitionLog[], budget: number, ctx: RetentionContext): Promise<number> {
  let total = 0;
  for (const log of logs) for (const seg of log.segments.segments) total += await log.segments.sizeOf(seg);
  while (total > budget) {
    let victim: FilePartitionLog | undefined;
    let oldest = Infinity;
    for (const log of logs) {
      if (log.segments.segments.length < 2) continue;
      const seg = log.segments.segments[0]!;
      await log.segments.ensureLoaded(seg);
      if (seg.maxTimestamp < oldest) {
        oldest = seg.maxTimestamp;
        victim = log;
      }
    }
    if (victim === undefined) {
      ctx.logger.warn("disk budget exceeded but only active segments remain", { bytes: total, budget });
      break;
    }
    total -= await victim.segments.sizeOf(victim.segments.segments[0]!);
    await deleteOldestSegment(victim, "disk_budget", ctx);
  }
  return total;
}
