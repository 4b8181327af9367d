/**
 * What a partition does after a failed write or fdatasync: refuse appends, bring the files back
 * to a trusted state, resume (details and the reasons in `README.md`, "Storage faults").
 *
 * Failure rule (after PostgreSQL's "fsyncgate"): a failed fdatasync may have dropped dirty
 * pages while marking them clean, so nothing written since the last good sync is trusted and no
 * later fsync is taken as covering it. What happens then depends on the policy:
 * - group-commit: the appends waiting on the failed sync (none of them acknowledged) fail with
 *   `StorageError` and the log is truncated back to the last durable position.
 * - interval: appends were acknowledged after write(2), so nothing is cut back: the bytes
 *   written since the last good sync are written again from retained copies
 *   (`retained_writes.ts`) and then fdatasynced. The high watermark never moves back.
 * - none: only a roll fsyncs; acknowledged data stays where the page cache has it (the policy's
 *   promise), only the group being written fails.
 * A failed write (ENOSPC, EIO) fails only its own group, which is truncated away. If the
 * recovery itself fails, the partition stays fenced and retries with a backoff
 * (`partition_fence.ts`). Every failure counts in `tributary_log_storage_errors_total{kind}`;
 * the partition counts in `tributary_log_partitions_storage_error` until a write succeeds again.
 *
 * @module
 */

import type { StorageError } from "./errors.ts";
import { type AppendPipeline, messageOf, type Pending } from "./append_pipeline.ts";
import { type LogMark, markOf, rollbackTo } from "./rollback.ts";

/**
 * Recover `p` from `error`, run by its writer. `lost` are appends that fail with `error`;
 * `syncFailed` says an fdatasync failed, so data written since the last good sync is not
 * trusted; `before` is where the failed group began.
 */
export async function recoverFromStorageFailure(
  p: AppendPipeline,
  error: StorageError,
  lost: Pending[],
  syncFailed: boolean,
  before: LogMark,
): Promise<void> {
  const { o, fence } = p;
  fence.recovering = error;
  const retry = fence.broken !== undefined;
  if (!retry) p.failure.failed(error, lost.length);
  try {
    await p.syncIdle(); // no fdatasync may race the truncation
    const late = p.syncFailure; // a sync that failed while we waited
    if (late) {
      p.syncFailure = undefined;
      syncFailed = true;
      lost.push(...late.covered);
    }
    let target: LogMark;
    if (o.policy === "group-commit") {
      // Not yet acknowledged: what a failed sync covered (or might have) is cut back.
      if (syncFailed) lost.push(...p.unsynced.splice(0));
      target = syncFailed ? p.durable : before;
    } else {
      // Acknowledged at write(2): everything published stays; only the failed group goes.
      target = p.published;
      if (syncFailed && o.policy === "none") {
        o.logger.warn("fsync failed under durability none: acknowledged records since the last roll rely on the page cache", {
          topic: o.topic,
          partition: o.partition,
        });
      }
    }
    if (syncFailed) await p.retained?.rewrite(target);
    await rollbackTo(o.set, target); // ends with an fdatasync: all that is left is durable
    p.retained?.clear();
    p.leo = target.offset;
    p.written = p.durable = markOf(o.set, p.leo);
    fence.cleared();
    // After a failed write, earlier groups still waiting for a sync were just made durable.
    const earlier = p.unsynced.splice(0);
    if (earlier.length > 0) p.publish(p.written, earlier);
    const fields = { topic: o.topic, partition: o.partition, logEndOffset: p.leo, highWatermark: o.highWatermark() };
    if (retry || syncFailed) o.logger.warn("partition recovered after storage failure", fields);
    else o.logger.debug("partition truncated after failed write", fields);
  } catch (cause) {
    // Stay fenced; the appends waiting for a sync cannot be trusted either.
    lost.push(...p.unsynced.splice(0));
    o.logger.error("partition stays fenced: recovery after storage failure failed, will retry", {
      topic: o.topic,
      partition: o.partition,
      cause: messageOf(cause),
      retryInMs: fence.retryDelay,
    });
    fence.failed(error, p.closed);
  }
  // Rejected only now, so a caller that sees the rejection also sees the rolled-back log.
  for (const a of lost) a.reject(error);
}
