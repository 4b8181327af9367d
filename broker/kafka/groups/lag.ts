/**
 * Consumer lag: committed offset against the partition's high watermark (what
 * `kafka-consumer-groups --describe` shows as LAG), for the admin API and metrics.
 *
 * @module
 */
import type { LogManager } from "../../log/types.ts";
import type { OffsetStore } from "./offset_store.ts";

/** One partition's lag row. */
export interface PartitionLag {
  topic: string;
  partition: number;
  committedOffset: number;
  highWatermark: number;
  logStartOffset: number;
  /** Records not yet consumed; a commit below the log start counts from the log start. */
  lag: number;
}

/**
 * Lag of every partition a group has committed to. Partitions that no longer exist are
 * reported with high watermark −1 and lag 0.
 *
 * @example
 * ```ts
 * const rows = await groupLag(offsetStore, log, "billing");
 * const total = rows.reduce((sum, r) => sum + r.lag, 0);
 * ```
 */
export async function groupLag(offsets: OffsetStore, log: LogManager, groupId: string): Promise<PartitionLag[]> {
  const rows: PartitionLag[] = [];
  for (const entry of offsets.offsetsOf(groupId)) {
    const partition = await log.partition(entry.topic, entry.partition);
    const committedOffset = entry.value.offset;
    if (!partition) {
      rows.push({ topic: entry.topic, partition: entry.partition, committedOffset, highWatermark: -1, logStartOffset: -1, lag: 0 });
      continue;
    }
    const { highWatermark, logStartOffset } = partition;
    const lag = Math.max(0, highWatermark - Math.max(committedOffset, logStartOffset));
    rows.push({ topic: entry.topic, partition: entry.partition, committedOffset, highWatermark, logStartOffset, lag });
  }
  rows.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  return rows;
}
