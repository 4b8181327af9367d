/**
 * A partition's segments sorted by base offset (Kafka `LogSegments`): binary search by offset,
 * lazy loading of closed segments, rolling, and retiring old segments safely under readers.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import type { FileSystem } from "../runtime/types.ts";
import { loadClosedSegment } from "./recovery.ts";
import { Segment } from "./segment.ts";

/** The sorted segments of one partition directory. */
export class SegmentSet {
  segments: Segment[] = [];
  #loading = new Map<Segment, Promise<void>>();

  constructor(
    readonly fs: FileSystem,
    readonly dir: string,
    readonly indexIntervalBytes: number,
    readonly logger: Logger,
  ) {}

  /** The segment appends go to (always present once the partition is open). */
  get active(): Segment {
    return this.segments[this.segments.length - 1]!;
  }

  /** A segment object for `baseOffset` (no I/O). */
  make(baseOffset: number): Segment {
    return new Segment(this.fs, this.dir, baseOffset, this.indexIntervalBytes);
  }

  /** Index of the last segment with base ≤ `offset` (0 when `offset` precedes them all). */
  floorIndex(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid]!.baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The segment following `seg` in offset order, if any (robust to concurrent roll/retire). */
  after(seg: Segment): Segment | undefined {
    const i = this.floorIndex(seg.baseOffset);
    const cur = this.segments[i];
    if (cur !== undefined && cur.baseOffset > seg.baseOffset) return cur;
    return this.segments[i + 1];
  }

  /** First offset after `seg`: the next segment's base, or the active segment's end. */
  endOffsetOf(seg: Segment): number {
    return this.after(seg)?.baseOffset ?? seg.nextOffset ?? seg.baseOffset;
  }

  /** Load a closed segment once, however many readers ask at the same time. */
  async ensureLoaded(seg: Segment): Promise<void> {
    if (seg.loaded) return;
    let p = this.#loading.get(seg);
    if (p === undefined) {
      p = loadClosedSegment(seg, this.logger).finally(() => this.#loading.delete(seg));
      this.#loading.set(seg, p);
    }
    await p;
  }

  /**
   * Seal the active segment and start a new one at `baseOffset`. The directory is fsynced so
   * the new file survives a power cut before anything in it is acknowledged.
   */
  async roll(baseOffset: number, now: number): Promise<Segment> {
    const old = this.active;
    await old.seal();
    const seg = this.make(baseOffset);
    seg.log = await this.fs.open(seg.logPath, { write: true, create: true, truncate: true });
    seg.nextOffset = baseOffset;
    seg.createdAt = now;
    seg.loaded = true;
    await this.fs.syncDir(this.dir);
    this.segments.push(seg);
    this.logger.debug("rolled segment", { segment: seg.logPath, previousBytes: old.size });
    return seg;
  }

  /** Bytes in a segment's data file, without loading it. */
  async sizeOf(seg: Segment): Promise<number> {
    if (seg.loaded) return seg.size;
    return (await this.fs.stat(seg.logPath))?.size ?? 0;
  }

  /**
   * Remove `seg` from the set and delete its files: rename to `.deleted` first (Kafka does the
   * same) so a crash mid-delete leaves names that the next open cleans, then close the handle
   * once no reader holds it, then remove.
   */
  async retire(seg: Segment): Promise<void> {
    this.segments = this.segments.filter((s) => s !== seg);
    seg.retired = true;
    for (const path of [seg.logPath, seg.indexPath, seg.timeIndexPath]) {
      if (await this.fs.stat(path)) await this.fs.rename(path, `${path}.deleted`);
    }
    if (seg.refs === 0) await this.finishRetire(seg);
  }

  /** Close and remove a retired segment's files (called when its last reader leaves). */
  async finishRetire(seg: Segment): Promise<void> {
    await seg.close();
    for (const path of [seg.logPath, seg.indexPath, seg.timeIndexPath]) {
      await this.fs.remove(`${path}.deleted`);
    }
  }

  /** Run `fn` with `seg` loaded and protected from being closed by retention meanwhile. */
  async use<T>(seg: Segment, fn: () => Promise<T>): Promise<T> {
    seg.refs++;
    try {
      await this.ensureLoaded(seg);
      return await fn();
    } finally {
      seg.refs--;
      if (seg.retired && seg.refs === 0) await this.finishRetire(seg);
    }
  }

  /** Close every segment's files. */
  async closeAll(): Promise<void> {
    for (const seg of this.segments) await seg.close();
  }
}
