/**
 * Open one partition directory: clean leftovers, list segments (names only), recover the
 * log's tail (`tail_recovery.ts`), and hand back a ready {@link FilePartitionLog}.
 *
 * @module
 */

import { dirname } from "../runtime/atomic.ts";
import type { FileSystem } from "../runtime/types.ts";
import { FilePartitionLog, type PartitionLogOptions } from "./partition_log.ts";
import { listSegments } from "./recovery.ts";
import { OFFSET_GAPS_MARKER } from "./cleaner.ts";
import { recoverLogTail } from "./tail_recovery.ts";
import { SegmentSet } from "./segment_set.ts";

/** Options for {@link openPartitionLog}. */
export interface OpenPartitionOptions extends Omit<PartitionLogOptions, "set"> {
  fs: FileSystem;
  dir: string;
  /** The data dir had a clean-shutdown marker: skip CRC checks of the tail. */
  clean: boolean;
  indexIntervalBytes: number;
}

/** Open (creating if needed) the partition in `o.dir`. Cost is independent of data size. */
export async function openPartitionLog(o: OpenPartitionOptions): Promise<FilePartitionLog> {
  const { fs, dir, logger } = o;
  if (!(await fs.stat(dir))) {
    await fs.mkdir(dir, { recursive: true });
    await fs.syncDir(dirname(dir));
  }
  const set = new SegmentSet(fs, dir, o.indexIntervalBytes, logger);
  const bases = await listSegments(fs, dir, logger);
  set.segments = bases.map((b) => set.make(b));
  if (set.segments.length > 0) {
    const truncated = await recoverLogTail(set, {
      clean: o.clean,
      // Compacted once, offsets may have gaps whatever the topic's policy says now.
      contiguous: !o.config()["cleanup.policy"].includes("compact") && (await fs.stat(`${dir}/${OFFSET_GAPS_MARKER}`)) === null,
      maxBatchSize: 0x7fffffff,
      logger,
      now: o.now(),
    });
    o.metrics.recoveryTruncatedBytes.inc(truncated);
  }
  const end = set.segments.length > 0 ? set.active.nextOffset! : 0;
  if (set.segments.length === 0 || o.logStartOffset > end) {
    // Kafka's "truncate fully and start at the log start offset": the checkpoint says records
    // up to there were deleted, so the log restarts there rather than re-expose or reuse them.
    if (set.segments.length > 0) {
      logger.warn("log start offset beyond log end: starting empty", { dir, logStartOffset: o.logStartOffset, logEndOffset: end });
    }
    for (const seg of [...set.segments]) await set.retire(seg);
    const seg = set.make(Math.max(o.logStartOffset, 0));
    seg.log = await fs.open(seg.logPath, { write: true, create: true, truncate: true });
    seg.nextOffset = seg.baseOffset;
    seg.createdAt = o.now();
    seg.loaded = true;
    await fs.syncDir(dir);
    set.segments = [seg];
  }
  return new FilePartitionLog({ ...o, set });
}
