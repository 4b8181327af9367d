/**
 * A file-backed {@link PartitionLog}: validation, a two-stage group-commit pipeline, and
 * fencing after storage failures. Group layout is in `batch_writer.ts`, reads in `log_reader.ts`.
 *
 * Pipeline (STYLE item 8, one per partition): a writer takes every append queued so far and
 * writes it as one group; a syncer fdatasyncs everything written so far, then resolves the
 * groups it covers and moves the high watermark. The writer keeps writing the next group while
 * an fdatasync is in flight, so CPU work and the device overlap, and the slower the device, the
 * more appends share each fsync. Only the writer touches files; failures are handled there.
 *
 * Failure rule (after PostgreSQL's "fsyncgate"): a failed fdatasync may have dropped dirty
 * pages while marking them clean, so nothing written since the last good sync is trusted. The
 * waiting appends fail with `StorageError`, the high watermark does not move, the partition
 * refuses appends while it truncates back to the last durable position, then resumes. If that
 * truncation fails too, it stays fenced until reopened. A failed write only loses its own group.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import type { AppendOptions, AppendResult, DurabilityPolicy, PartitionLog, ReadResult, TopicConfig } from "./types.ts";
import { type AppendRequest, prepareAppend, writeGroup } from "./batch_writer.ts";
import { OffsetOutOfRangeError, StorageError } from "./errors.ts";
import type { LogMetrics } from "./log_metrics.ts";
import { maxTimestampOf, offsetForTimestampIn, readFrom } from "./log_reader.ts";
import type { Decompressor } from "./record_codec.ts";
import { type LogMark, markOf, rollbackTo } from "./rollback.ts";
import type { SegmentSet } from "./segment_set.ts";

/** What a partition needs from its manager. */
export interface PartitionLogOptions {
  topic: string;
  partition: number;
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

interface Pending {
  request: AppendRequest;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
  result?: AppendResult;
}

/** A partition backed by a {@link SegmentSet}. */
export class FilePartitionLog implements PartitionLog {
  readonly topic: string;
  readonly partition: number;
  readonly segments: SegmentSet;
  #o: PartitionLogOptions;
  #leo: number;
  #hw: number;
  #start: number;
  #pending: Pending[] = [];
  #unsynced: Pending[] = [];
  #writer: Promise<void> | undefined;
  #syncing: Promise<void> | undefined;
  #syncFailure: { error: StorageError; covered: Pending[] } | undefined;
  /** End of the last fully written group; `#durable` the end of the last good fdatasync. */
  #written: LogMark;
  #durable: LogMark;
  #published: LogMark;
  #fenced: StorageError | undefined;
  #broken = false;
  #listeners = new Set<(hw: number) => void>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #scratch = { buf: new Uint8Array(0) };

  constructor(o: PartitionLogOptions) {
    this.#o = o;
    this.topic = o.topic;
    this.partition = o.partition;
    this.segments = o.set;
    this.#leo = this.#hw = o.set.active.nextOffset ?? o.set.active.baseOffset;
    this.#start = Math.max(o.logStartOffset, o.set.segments[0]!.baseOffset);
    this.#written = this.#durable = this.#published = markOf(o.set, this.#leo);
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
  /** True while appends are refused after a storage failure. */
  get fenced(): boolean {
    return this.#fenced !== undefined || this.#broken;
  }

  append(batches: Uint8Array, options?: AppendOptions): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(new StorageError(`partition ${this.#name()} is closed`));
    if (this.fenced) return Promise.reject(this.#fencedError());
    let request: AppendRequest;
    try {
      request = prepareAppend(batches, this.#o.config(), options?.trusted === true);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.#pending.push({ request, resolve, reject });
      this.#kick();
    });
  }

  read(offset: number, maxBytes: number): Promise<ReadResult> {
    if (offset < this.#start || offset > this.#leo) {
      return Promise.reject(new OffsetOutOfRangeError(offset, this.#start, this.#leo));
    }
    return readFrom(this.segments, offset, maxBytes, this.#hw).then(
      (bytes) => ({ bytes, highWatermark: this.#hw, logStartOffset: this.#start }),
      (error) => {
        // Retention deleted the segment under the reader: Kafka answers OFFSET_OUT_OF_RANGE.
        if (offset < this.#start) throw new OffsetOutOfRangeError(offset, this.#start, this.#leo, { cause: error });
        throw error;
      },
    );
  }

  offsetForTimestamp(timestamp: number): Promise<{ offset: number; timestamp: number } | null> {
    return offsetForTimestampIn(this.segments, timestamp, this.#start, this.#hw, this.#o.decompress);
  }

  maxTimestamp(): Promise<{ offset: number; timestamp: number } | null> {
    return maxTimestampOf(this.segments, this.#start, this.#hw, this.#o.decompress);
  }

  async deleteRecordsBefore(offset: number): Promise<number> {
    if (offset > this.#hw || offset < 0) throw new OffsetOutOfRangeError(offset, this.#start, this.#hw);
    if (offset <= this.#start) return this.#start;
    this.#start = offset;
    await this.#o.onLogStartOffset(offset);
    // Whole segments below the new start go now (Kafka deletes them on its next retention pass).
    const set = this.segments;
    while (set.segments.length > 1 && set.segments[1]!.baseOffset <= this.#start) await set.retire(set.segments[0]!);
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

  /** Finish queued appends, write the active segment's indexes, fsync, close files. */
  async close(): Promise<void> {
    while (this.#writer || this.#syncing) await (this.#writer ?? this.#syncing);
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (!this.fenced) {
      await this.segments.active.writeIndexes();
      await this.segments.active.log?.datasync();
    }
    await this.segments.closeAll();
  }

  #name(): string {
    return `${this.topic}-${this.partition}`;
  }

  #fencedError(): StorageError {
    return new StorageError(`partition ${this.#name()} is fenced after a storage failure`, { cause: this.#fenced });
  }

  #kick(): void {
    this.#writer ??= this.#writeLoop().finally(() => {
      this.#writer = undefined;
      if (this.#pending.length > 0 || this.#syncFailure) this.#kick();
    });
  }

  /** The writer stage: recover from a reported sync failure, else write the next group. */
  async #writeLoop(): Promise<void> {
    await Promise.resolve(); // let appends issued in the same tick join the first group
    for (;;) {
      const failure = this.#syncFailure;
      if (failure) {
        this.#syncFailure = undefined;
        const lost = [...failure.covered, ...this.#unsynced];
        this.#unsynced = [];
        await this.#recover(failure.error, this.#durable, lost);
        continue;
      }
      if (this.#pending.length === 0) return;
      const group = this.#pending;
      this.#pending = [];
      if (this.fenced || this.#closed) {
        for (const p of group) p.reject(this.#fencedError());
        continue;
      }
      const before = this.#written;
      try {
        const { results, logEndOffset } = await writeGroup(group.map((p) => p.request), {
          set: this.segments,
          config: this.#o.config(),
          now: this.#o.now(),
          logEndOffset: this.#leo,
          logStartOffset: this.#start,
          metrics: this.#o.metrics,
          scratch: this.#scratch,
        });
        this.#leo = logEndOffset;
        group.forEach((p, i) => (p.result = results[i]!));
      } catch (cause) {
        this.#leo = before.offset;
        await this.#recover(new StorageError(`write to ${this.#name()} failed`, { cause }), before, group);
        continue;
      }
      this.#written = markOf(this.segments, this.#leo);
      this.#o.metrics.groupSize.observe(group.length);
      if (this.#o.policy === "group-commit") {
        for (const p of group) this.#unsynced.push(p);
        this.#startSync();
      } else {
        this.#publish(this.#written, group);
        if (this.#o.policy === "interval") this.#armTimer();
      }
    }
  }

  /** The sync stage: one fdatasync at a time, covering everything written when it starts. */
  #startSync(): void {
    if (this.#syncing || this.#syncFailure || (this.#unsynced.length === 0 && this.#o.policy === "group-commit")) return;
    const covered = this.#unsynced;
    this.#unsynced = [];
    const mark = this.#written;
    this.#syncing = this.#fdatasync(mark).then(
      () => this.#publish(mark, covered),
      (error: StorageError) => {
        this.#syncFailure = { error, covered };
        this.#kick();
      },
    ).finally(() => {
      this.#syncing = undefined;
      if (this.#o.policy === "group-commit") this.#startSync();
    });
  }

  async #fdatasync(mark: LogMark): Promise<void> {
    // Segments before mark.base were fdatasynced when they rolled (Segment.seal).
    const seg = this.segments.segments[this.segments.floorIndex(mark.base)]!;
    const m = this.#o.metrics;
    const t0 = performance.now();
    try {
      await seg.log!.datasync();
    } catch (cause) {
      throw new StorageError(`fdatasync of ${this.#name()} failed`, { cause });
    }
    m.fsyncs.inc();
    m.fsyncSeconds.observe((performance.now() - t0) / 1000);
    if (mark.offset >= this.#durable.offset) this.#durable = mark;
  }

  /** Make everything up to `mark` visible and resolve the appends it covers. */
  #publish(mark: LogMark, done: Pending[]): void {
    const segs = this.segments.segments;
    for (let i = segs.length - 1; i >= 0 && segs[i]!.baseOffset >= this.#published.base; i--) {
      const seg = segs[i]!;
      if (seg.baseOffset < mark.base) seg.committed = seg.size;
      else if (seg.baseOffset === mark.base) seg.committed = Math.max(seg.committed, mark.position);
    }
    this.#published = mark;
    const m = this.#o.metrics;
    for (const p of done) {
      m.appendedRecords.inc(p.request.records);
      m.appendedBytes.inc(p.request.bytes.length);
      p.resolve(p.result!);
    }
    if (mark.offset > this.#hw) this.#setHighWatermark(mark.offset);
  }

  #setHighWatermark(hw: number): void {
    this.#hw = hw;
    for (const l of this.#listeners) {
      try {
        l(hw);
      } catch (error) {
        this.#o.logger.error("high watermark listener failed", { error });
      }
    }
  }

  #armTimer(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#startSync();
    }, this.#o.intervalMs);
  }

  /** Refuse appends, truncate to `mark`, reject `lost`, resume; stay fenced if truncation fails. */
  async #recover(error: StorageError, mark: LogMark, lost: Pending[]): Promise<void> {
    this.#fenced = error;
    this.#o.metrics.storageFailures.inc();
    this.#o.logger.error("storage failure: partition fenced, truncating to last safe position", {
      topic: this.topic,
      partition: this.partition,
      error,
      cause: error.cause,
      truncateTo: mark.offset,
      failedAppends: lost.length,
    });
    try {
      while (this.#syncing) await this.#syncing; // no fdatasync may race the truncation
      await rollbackTo(this.segments, mark); // ends with an fdatasync: all that is left is durable
      this.#leo = mark.offset;
      this.#written = this.#durable = markOf(this.segments, this.#leo);
      if (this.#published.offset > mark.offset) this.#published = this.#written;
      if (this.#hw > mark.offset) this.#hw = mark.offset; // interval policy: acked data was lost
      this.#fenced = undefined;
      // After a failed write, earlier groups still waiting for a sync were just made durable.
      const earlier = this.#unsynced;
      this.#unsynced = [];
      if (earlier.length > 0) this.#publish(this.#written, earlier);
      this.#o.logger.warn("partition recovered after storage failure", { topic: this.topic, partition: this.partition, logEndOffset: this.#leo });
    } catch (cause) {
      this.#broken = true;
      this.#o.logger.error("partition stays fenced: truncation failed", { topic: this.topic, partition: this.partition, cause });
    }
    // Rejected only now, so a caller that sees the rejection also sees the rolled-back log.
    for (const p of lost) p.reject(error);
  }
}
