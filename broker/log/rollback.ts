/**
 * Cut a partition back to a known-good position after a failed write or fsync: delete
 * segments created after it, truncate the data file and its indexes, and make that durable.
 *
 * @module
 */

import type { SegmentSet } from "./segment_set.ts";

/** A consistent position: segment base, byte position in it, and the next offset there. */
export interface LogMark {
  base: number;
  position: number;
  offset: number;
}

/** The end of what has been written to the active segment, given the log end offset. */
export function markOf(set: SegmentSet, logEndOffset: number): LogMark {
  const a = set.active;
  return { base: a.baseOffset, position: a.size, offset: logEndOffset };
}

/** Truncate `set` to `mark` and fsync the result (file and directory). */
export async function rollbackTo(set: SegmentSet, mark: LogMark): Promise<void> {
  for (const seg of [...set.segments].reverse()) {
    if (seg.baseOffset <= mark.base) break;
    await set.retire(seg);
  }
  const seg = set.active;
  await seg.truncateTo(mark.position, mark.offset);
  await seg.log!.datasync();
  await set.fs.syncDir(set.dir);
}
