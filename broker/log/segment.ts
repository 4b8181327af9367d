/**
 * One log segment: `<20-digit base offset>.log` plus its `.index` and `.timeindex`
 * (Kafka `LogSegment`). Append-only, no preallocation; positions are int32 like Kafka's.
 *
 * A segment is created lazily from its file name (no I/O) and loaded on first use, so opening a
 * partition costs one directory listing however much data it holds. `committed` is the file
 * length readers may see: under group commit it lags `size` until the fdatasync returns.
 *
 * @module
 */

import type { FileHandle, FileSystem } from "../runtime/types.ts";
import { StorageError } from "./errors.ts";
import { OffsetIndex } from "./offset_index.ts";
import { type BatchHeader, BATCH_HEADER_SIZE, readBatchHeader } from "./record_batch.ts";
import { TimeIndex } from "./time_index.ts";

/** `00000000000000000042.log` style names, like Kafka's. */
export function segmentFileName(baseOffset: number, suffix: string): string {
  return `${String(baseOffset).padStart(20, "0")}${suffix}`;
}

/** Base offset encoded in a segment file name, or undefined if it is not one. */
export function parseSegmentName(name: string): number | undefined {
  const m = /^(\d{20})\.log$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * Data bytes appended between index file writes on the active segment: the most a crash
 * recovery scans beyond the last persisted entry (index.interval.bytes aside).
 */
export const INDEX_FLUSH_BYTES = 1 << 20;

/** What the segment learns about each appended batch (read from its header before writing). */
export interface AppendedBatch {
  position: number;
  size: number;
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
}

/** A located batch: its position and header. */
export interface LocatedBatch {
  position: number;
  header: BatchHeader;
}

/**
 * fdatasync `file`; a failure becomes a `StorageError` of kind `fsync`, which tells the
 * partition that nothing written since its last good sync can be trusted (not just this group).
 */
async function syncOrFail(file: FileHandle, path: string, full = false): Promise<void> {
  try {
    await (full ? file.sync() : file.datasync());
  } catch (cause) {
    throw new StorageError(`fdatasync of ${path} failed`, { cause, kind: "fsync" });
  }
}

/** A data file and its two sparse indexes. */
export class Segment {
  readonly logPath: string;
  readonly indexPath: string;
  readonly timeIndexPath: string;
  log: FileHandle | undefined;
  /** Bytes in the data file. */
  size = 0;
  /** Bytes visible to readers (≤ size). */
  committed = 0;
  /** Next offset after the last batch, when known (always for the active segment). */
  nextOffset: number | undefined;
  maxTimestamp = -1;
  /** First batch's max timestamp: `segment.ms` counts record time from it (Kafka). -1 = none. */
  rollTimestamp = -1;
  /** Wall-clock creation (or recovery) time, for `segment.ms` while the segment is empty. */
  createdAt = 0;
  index: OffsetIndex;
  timeIndex: TimeIndex;
  /** Bytes appended since the last offset index entry (Kafka `bytesSinceLastIndexEntry`). */
  bytesSinceIndexEntry = 0;
  offsetOfMaxTimestamp = -1;
  /** Set once the index files are trusted or rebuilt, and the file is open. */
  loaded = false;
  /** Readers holding the file open; a retired segment closes when it drops to 0. */
  refs = 0;
  retired = false;

  constructor(
    readonly fs: FileSystem,
    readonly dir: string,
    readonly baseOffset: number,
    readonly indexIntervalBytes: number,
  ) {
    this.logPath = `${dir}/${segmentFileName(baseOffset, ".log")}`;
    this.indexPath = `${dir}/${segmentFileName(baseOffset, ".index")}`;
    this.timeIndexPath = `${dir}/${segmentFileName(baseOffset, ".timeindex")}`;
    this.index = new OffsetIndex(baseOffset);
    this.timeIndex = new TimeIndex(baseOffset);
  }

  /**
   * How long this segment has been "open" as Kafka's `timeWaitedForRoll` counts it: record time
   * since the first batch when there is one, else wall-clock time since creation.
   */
  timeWaited(now: number, incomingMaxTimestamp: number): number {
    return this.rollTimestamp >= 0 ? incomingMaxTimestamp - this.rollTimestamp : now - this.createdAt;
  }

  /** Update in-memory indexes for a batch at the end of the data (append and rebuild alike). */
  track(b: AppendedBatch): void {
    if (b.maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = b.maxTimestamp;
      this.offsetOfMaxTimestamp = b.baseOffset;
    }
    if (this.rollTimestamp < 0) this.rollTimestamp = b.maxTimestamp;
    const last = this.index.last;
    if (last !== undefined && last.position === b.position) {
      this.bytesSinceIndexEntry = 0; // replaying from an entry we already hold
    } else if (this.bytesSinceIndexEntry > this.indexIntervalBytes) {
      this.index.append(b.baseOffset, b.position);
      this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += b.size;
    this.nextOffset = b.lastOffset + 1;
  }

  /** Write `chunk` (whole batches described by `batches`) at the end of the data file. */
  async append(chunk: Uint8Array, batches: readonly AppendedBatch[]): Promise<void> {
    await this.log!.write(chunk, this.size);
    this.size += chunk.length;
    for (const b of batches) this.track(b);
  }

  /**
   * Write index entries lazily: only once the data has grown {@link INDEX_FLUSH_BYTES} past the
   * last index write (plus on seal and close). The entries are hints — recovery scans the data
   * from the last entry found valid in the file — so a lag only bounds the extra scan after a
   * crash, while writing them after every group cost two more write(2)s ahead of each fsync.
   */
  async writeIndexesIfDue(): Promise<void> {
    if (this.size - this.#indexesWrittenAt >= INDEX_FLUSH_BYTES) await this.writeIndexes();
  }

  /** Data size when the index files were last brought up to date. */
  #indexesWrittenAt = 0;

  /** Append index entries not yet in the index files (no fsync: indexes are rebuildable). */
  async writeIndexes(): Promise<void> {
    this.#indexesWrittenAt = this.size;
    const off = this.index.takeUnpersisted();
    if (off) await this.#appendFile(this.indexPath, off, this.index.persistedBytes - off.length);
    const time = this.timeIndex.takeUnpersisted();
    if (time) await this.#appendFile(this.timeIndexPath, time, this.timeIndex.persistedBytes - time.length);
  }

  /** Index files stay open while the segment is active: one write per group, no open/close. */
  #indexFiles = new Map<string, FileHandle>();

  async #appendFile(path: string, bytes: Uint8Array, position: number): Promise<void> {
    let f = this.#indexFiles.get(path);
    if (f === undefined) {
      f = await this.fs.open(path, { write: true, create: true });
      this.#indexFiles.set(path, f);
    }
    if (position === 0) await f.truncate(0);
    await f.write(bytes, position);
  }

  async #closeIndexFiles(): Promise<void> {
    const files = [...this.#indexFiles.values()];
    this.#indexFiles.clear();
    for (const f of files) await f.close();
  }

  /**
   * Seal on roll: record the final max timestamp in the time index (Kafka
   * `onBecomeInactiveSegment`), write and fsync both indexes, fdatasync the data.
   */
  async seal(): Promise<void> {
    if (this.maxTimestamp >= 0) this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
    await this.writeIndexes();
    for (const path of [this.indexPath, this.timeIndexPath]) {
      if (!this.#indexFiles.has(path)) this.#indexFiles.set(path, await this.fs.open(path, { write: true, create: true }));
      await syncOrFail(this.#indexFiles.get(path)!, path, true);
    }
    await this.#closeIndexFiles();
    await syncOrFail(this.log!, this.logPath);
  }

  /** Rewrite both index files from memory (after a rebuild). */
  async rewriteIndexes(): Promise<void> {
    await this.#closeIndexFiles();
    this.index.resetPersisted();
    this.timeIndex.resetPersisted();
    await this.fs.writeFile(this.indexPath, this.index.takeUnpersisted() ?? new Uint8Array(0));
    await this.fs.writeFile(this.timeIndexPath, this.timeIndex.takeUnpersisted() ?? new Uint8Array(0));
  }

  /** Read exactly `length` bytes at `position` (fewer only at end of file). */
  async readAt(position: number, length: number): Promise<Uint8Array> {
    const buf = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = await this.log!.read(buf.subarray(done), position + done);
      if (n <= 0) break;
      done += n;
    }
    return done === length ? buf : buf.subarray(0, done);
  }

  /**
   * Walk batch headers from `position` up to `limit`, reading in chunks, calling `visit` for each
   * whole header until it returns true. Returns the batch `visit` accepted, or undefined.
   */
  async walk(
    position: number,
    limit: number,
    visit: (pos: number, header: BatchHeader) => boolean,
  ): Promise<LocatedBatch | undefined> {
    const chunkSize = 16384;
    let buf: Uint8Array = new Uint8Array(0);
    let bufStart = position;
    let pos = position;
    while (pos + BATCH_HEADER_SIZE <= limit) {
      if (pos + BATCH_HEADER_SIZE > bufStart + buf.length) {
        bufStart = pos;
        buf = await this.readAt(pos, Math.min(chunkSize, limit - pos));
        if (buf.length < BATCH_HEADER_SIZE) return undefined;
      }
      const header = readBatchHeader(buf, pos - bufStart);
      const size = 12 + header.batchLength;
      if (size < BATCH_HEADER_SIZE || pos + size > limit) return undefined;
      if (visit(pos, header)) return { position: pos, header };
      pos += size;
    }
    return undefined;
  }

  /** The batch containing `offset`, or the first one after it, below `limit` bytes. */
  locate(offset: number, limit: number): Promise<LocatedBatch | undefined> {
    const start = this.index.lookup(offset).position;
    return this.walk(start, limit, (_, h) => h.baseOffset + h.lastOffsetDelta >= offset);
  }

  /** The first batch with maxTimestamp ≥ `timestamp`, below `limit` bytes. */
  locateTimestamp(timestamp: number, limit: number): Promise<LocatedBatch | undefined> {
    const start = this.index.lookup(this.timeIndex.lookup(timestamp)).position;
    return this.walk(start, limit, (_, h) => h.maxTimestamp >= timestamp);
  }

  /** Cut the data back to `position` and drop index entries past it. */
  async truncateTo(position: number, nextOffset: number): Promise<void> {
    await this.log!.truncate(position);
    this.size = Math.min(this.size, position);
    this.committed = Math.min(this.committed, position);
    this.index.truncateToPosition(position);
    this.timeIndex.truncateToOffset(nextOffset);
    this.nextOffset = nextOffset;
    this.#indexesWrittenAt = Math.min(this.#indexesWrittenAt, position);
    await this.trimIndexFiles();
  }

  /** Cut the index files to the entries held in memory (drops stale or garbage tails). */
  async trimIndexFiles(): Promise<void> {
    await this.#truncateFile(this.indexPath, this.index.persistedBytes);
    await this.#truncateFile(this.timeIndexPath, this.timeIndex.persistedBytes);
  }

  /** Cut an index file to the entries still held (no-op when it does not exist). */
  async #truncateFile(path: string, length: number): Promise<void> {
    const open = this.#indexFiles.get(path);
    if (open) return void (await open.truncate(length));
    const info = await this.fs.stat(path);
    if (!info || info.size <= length) return;
    const f = await this.fs.open(path, { write: true });
    try {
      await f.truncate(length);
    } finally {
      await f.close();
    }
  }

  async close(): Promise<void> {
    const f = this.log;
    this.log = undefined;
    this.loaded = false;
    await this.#closeIndexFiles();
    if (f) await f.close();
  }
}
