/**
 * A file-backed {@link PartitionLog}: validation, offset assignment, group commit, rolling,
 * and fencing after a storage failure. Reads live in `log_reader.ts`.
 *
 * Failure rule (after PostgreSQL's "fsyncgate"): a failed fdatasync may have dropped dirty
 * pages while marking them clean, so nothing written since the last good sync is trusted. The
 * waiting appends fail with `StorageError`, the high watermark does not move, the partition
 * refuses appends while it truncates back to the last durable position, then resumes. If that
 * truncation fails too, it stays fenced until reopened.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import type { FileSystem } from "../runtime/types.ts";
import type { AppendResult, DurabilityPolicy, PartitionLog, ReadResult, TopicConfig } from "./types.ts";
import { AppendQueue, type Pending } from "./append_queue.ts";
import { CorruptRecordError, OffsetOutOfRangeError, RecordTooLargeError, StorageError } from "./errors.ts";
import type { LogMetrics } from "./log_metrics.ts";
import { maxTimestampOf, offsetForTimestampIn, readFrom } from "./log_reader.ts";
import { assignOffsets, checkBatchAt, OFFSET_LAST_OFFSET_DELTA, OFFSET_MAX_TIMESTAMP, OFFSET_RECORD_COUNT, readInt32, readInt64 } from "./record_batch.ts";
import type { Decompressor } from "./record_codec.ts";
import type { AppendedBatch, Segment } from "./segment.ts";
import type { SegmentSet } from "./segment_set.ts";

/** What a partition needs from its manager. */
export interface PartitionLogOptions {
  topic: string;
  partition: number;
  fs: FileSystem;
  set: SegmentSet;
  /** Live topic config (alterTopicConfig applies to the next append). */
  config: () => TopicConfig;
  policy: DurabilityPolicy;
  intervalMs: number;
  logger: Logger;
  metrics: LogMetrics;
  now: () => number;
  logStartOffset: number;
  /** Persist a moved log start offset (the manager's checkpoint). */
  onLogStartOffset: (offset: number) => Promise<void>;
  decompress?: Decompressor;
}

/** A position known to be on the device (or, for rollback after a failed write, written). */
interface Mark {
  base: number;
  position: number;
  offset: number;
}

interface Request {
  bytes: Uint8Array;
  sizes: number[];
  records: number;
}

/** A partition backed by a {@link SegmentSet}. */
export class FilePartitionLog implements PartitionLog {
  readonly topic: string;
  readonly partition: number;
  #o: PartitionLogOptions;
  #set: SegmentSet;
  #queue: AppendQueue<Request, AppendResult>;
  #leo: number;
  #hw: number;
  #start: number;
  #durable: Mark;
  #fenced: StorageError | undefined;
  #listeners = new Set<(hw: number) => void>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(o: PartitionLogOptions) {
    this.#o = o;
    this.topic = o.topic;
    this.partition = o.partition;
    this.#set = o.set;
    const active = o.set.active;
    this.#leo = this.#hw = active.nextOffset ?? active.baseOffset;
    this.#start = Math.max(o.logStartOffset, o.set.segments[0]!.baseOffset);
    this.#durable = this.#markNow();
    this.#queue = new AppendQueue((g) => this.#commit(g), () => this.#backgroundSync());
  }

  get logStartOffset(): number {
    return this.#start;
  }
  get logEndOffset(): number {
    return this.#leo;
  }
  get highWatermark(): number {
    return this.#hw;
  }
  /** The segments, for retention and the cleaner. */
  get segments(): SegmentSet {
    return this.#set;
  }
  get fenced(): boolean {
    return this.#fenced !== undefined;
  }

  append(batches: Uint8Array): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(new StorageError(`partition ${this.#name()} is closed`));
    if (this.#fenced) return Promise.reject(new StorageError(`partition ${this.#name()} is fenced after a storage failure`, { cause: this.#fenced }));
    const cfg = this.#o.config();
    const limit = Math.min(cfg["max.message.bytes"], cfg["segment.bytes"]);
    const sizes: number[] = [];
    let records = 0;
    for (let pos = 0; pos < batches.length;) {
      const r = checkBatchAt(batches, pos, batches.length, 0x7fffffff);
      if (typeof r === "string") {
        return Promise.reject(new CorruptRecordError(`invalid record batch at byte ${pos}: ${r}`));
      }
      if (r > limit) return Promise.reject(new RecordTooLargeError(r, limit));
      sizes.push(r);
      records += readInt32(batches, pos + OFFSET_RECORD_COUNT);
      pos += r;
    }
    if (sizes.length === 0) return Promise.reject(new CorruptRecordError("no record batch in append"));
    return this.#queue.push({ bytes: batches, sizes, records });
  }

  read(offset: number, maxBytes: number): Promise<ReadResult> {
    if (offset < this.#start || offset > this.#leo) {
      return Promise.reject(new OffsetOutOfRangeError(offset, this.#start, this.#leo));
    }
    return readFrom(this.#set, offset, maxBytes, this.#hw).then(
      (bytes) => ({ bytes, highWatermark: this.#hw, logStartOffset: this.#start }),
      (error) => {
        // Retention deleted the segment under the reader: Kafka answers OFFSET_OUT_OF_RANGE.
        if (offset < this.#start) throw new OffsetOutOfRangeError(offset, this.#start, this.#leo, { cause: error });
        throw error;
      },
    );
  }

  offsetForTimestamp(timestamp: number): Promise<{ offset: number; timestamp: number } | null> {
    return offsetForTimestampIn(this.#set, timestamp, this.#start, this.#hw, this.#o.decompress);
  }

  maxTimestamp(): Promise<{ offset: number; timestamp: number } | null> {
    return maxTimestampOf(this.#set, this.#start, this.#hw, this.#o.decompress);
  }

  async deleteRecordsBefore(offset: number): Promise<number> {
    if (offset > this.#hw || offset < 0) throw new OffsetOutOfRangeError(offset, this.#start, this.#hw);
    if (offset <= this.#start) return this.#start;
    this.#start = offset;
    await this.#o.onLogStartOffset(offset);
    // Whole segments below the new start go now (Kafka deletes them on its next retention pass).
    while (this.#set.segments.length > 1 && this.#set.segments[1]!.baseOffset <= this.#start) {
      await this.#set.retire(this.#set.segments[0]!);
    }
    return this.#start;
  }

  /** Raise the log start offset after retention deleted the first segments. */
  advanceStart(offset: number): void {
    if (offset > this.#start) this.#start = offset;
  }

  onHighWatermark(listener: (highWatermark: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Wait for queued appends, seal the active segment's indexes and fsync, close files. */
  async close(): Promise<void> {
    await this.#queue.idle();
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (!this.#fenced) {
      const active = this.#set.active;
      await active.writeIndexes();
      await active.log?.datasync();
    }
    await this.#set.closeAll();
  }

  #name(): string {
    return `${this.topic}-${this.partition}`;
  }

  #markNow(): Mark {
    const a = this.#set.active;
    return { base: a.baseOffset, position: a.size, offset: this.#leo };
  }

  #setHighWatermark(hw: number): void {
    if (hw === this.#hw) return;
    this.#hw = hw;
    for (const l of this.#listeners) {
      try {
        l(hw);
      } catch (error) {
        this.#o.logger.error("high watermark listener failed", { error });
      }
    }
  }

  async #commit(group: Pending<Request, AppendResult>[]): Promise<void> {
    const before = this.#markNow();
    let syncing = false;
    try {
      const results = await this.#write(group);
      syncing = true;
      if (this.#o.policy === "group-commit") await this.#sync();
      const segs = this.#set.segments;
      for (let i = segs.length - 1; i >= 0 && segs[i]!.baseOffset >= before.base; i--) segs[i]!.committed = segs[i]!.size;
      this.#setHighWatermark(this.#leo);
      if (this.#o.policy === "interval") this.#armTimer();
      const m = this.#o.metrics;
      m.groupSize.observe(group.length);
      group.forEach((g, i) => {
        m.appendedRecords.inc(g.item.records);
        m.appendedBytes.inc(g.item.bytes.length);
        g.resolve(results[i]!);
      });
    } catch (cause) {
      const error = cause instanceof StorageError ? cause : new StorageError(`append to ${this.#name()} failed`, { cause });
      // A failed write leaves the page cache intact before it; a failed sync trusts nothing unsynced.
      // Truncate first, so a caller that sees the rejection also sees the rolled-back log.
      await this.#fence(error, syncing ? this.#durable : before);
      for (const g of group) g.reject(error);
    }
  }

  /** Assign offsets, roll as needed, and write the group as one write(2) per segment. */
  async #write(group: Pending<Request, AppendResult>[]): Promise<AppendResult[]> {
    const cfg = this.#o.config();
    const now = this.#o.now();
    const appendTime = cfg["message.timestamp.type"] === "LogAppendTime" ? now : undefined;
    let total = 0;
    for (const g of group) total += g.item.bytes.length;
    const buf = new Uint8Array(total); // one copy: the caller's bytes are never modified
    let seg = this.#set.active;
    let at = 0;
    let chunkStart = 0;
    let batches: AppendedBatch[] = [];
    let offset = this.#leo;
    const results: AppendResult[] = [];
    for (const g of group) {
      const base = offset;
      buf.set(g.item.bytes, at);
      for (const size of g.item.sizes) {
        const delta = readInt32(buf, at + OFFSET_LAST_OFFSET_DELTA);
        const batchMaxTs = appendTime ?? readInt64(buf, at + OFFSET_MAX_TIMESTAMP);
        const pos = seg.size + (at - chunkStart);
        // Kafka's roll conditions: size, age (segment.ms), relative offset overflowing int32.
        const full = pos + size > cfg["segment.bytes"] || offset + delta - seg.baseOffset > 0x7fffffff;
        if (pos > 0 && (full || seg.timeWaited(now, batchMaxTs) > cfg["segment.ms"])) {
          await this.#writeChunk(seg, buf.subarray(chunkStart, at), batches);
          seg = await this.#set.roll(offset, now);
          chunkStart = at;
          batches = [];
        }
        assignOffsets(buf, at, offset, 0, appendTime);
        batches.push({ position: seg.size + (at - chunkStart), size, baseOffset: offset, lastOffset: offset + delta, maxTimestamp: batchMaxTs });
        offset += delta + 1;
        at += size;
      }
      results.push({ baseOffset: base, lastOffset: offset - 1, logAppendTime: appendTime ?? -1, logStartOffset: this.#start });
    }
    await this.#writeChunk(seg, buf.subarray(chunkStart, at), batches);
    await seg.writeIndexes();
    this.#leo = offset;
    return results;
  }

  async #writeChunk(seg: Segment, chunk: Uint8Array, batches: AppendedBatch[]): Promise<void> {
    if (chunk.length === 0) return;
    await seg.append(chunk, batches);
    this.#o.metrics.writtenBytes.inc(chunk.length);
  }

  /** fdatasync the active segment (rolled ones were sealed) and move the durable mark. */
  async #sync(): Promise<void> {
    const mark = this.#markNow();
    const m = this.#o.metrics;
    const t0 = performance.now();
    try {
      await this.#set.active.log!.datasync();
    } catch (cause) {
      throw new StorageError(`fdatasync of ${this.#name()} failed`, { cause });
    }
    m.fsyncs.inc();
    m.fsyncSeconds.observe((performance.now() - t0) / 1000);
    this.#durable = mark;
  }

  async #backgroundSync(): Promise<void> {
    if (this.#fenced || this.#closed) return;
    try {
      await this.#sync();
    } catch (cause) {
      const error = cause instanceof StorageError ? cause : new StorageError("sync failed", { cause });
      await this.#fence(error, this.#durable);
    }
  }

  #armTimer(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#queue.requestSync();
    }, this.#o.intervalMs);
  }

  /** Refuse appends, truncate back to `mark`, and resume; stay fenced if that fails too. */
  async #fence(error: StorageError, mark: Mark): Promise<void> {
    this.#fenced = error;
    this.#o.metrics.storageFailures.inc();
    this.#o.logger.error("storage failure: partition fenced, truncating to last safe position", {
      topic: this.topic,
      partition: this.partition,
      error,
      cause: error.cause,
      truncateTo: mark.offset,
    });
    try {
      for (const seg of [...this.#set.segments].reverse()) {
        if (seg.baseOffset <= mark.base) break;
        await this.#set.retire(seg);
      }
      const seg = this.#set.active;
      await seg.truncateTo(mark.position, mark.offset);
      await seg.log!.datasync();
      await this.#o.fs.syncDir(this.#set.dir);
      this.#leo = mark.offset;
      this.#durable = this.#markNow();
      if (this.#hw > mark.offset) this.#setHighWatermark(mark.offset);
      this.#fenced = undefined;
      this.#o.logger.warn("partition recovered after storage failure", { topic: this.topic, partition: this.partition, logEndOffset: this.#leo });
    } catch (cause) {
      this.#o.logger.error("partition stays fenced: truncation failed", { topic: this.topic, partition: this.partition, cause });
    }
  }
}
