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
 * pages while marking them clean, so nothing written since the last good sync is trusted and no
 * later fsync is taken as covering it. The partition refuses appends while it recovers, then
 * resumes by itself; what it does depends on the policy:
 * - group-commit: the appends waiting on the failed sync (none of them acknowledged) fail with
 *   `StorageError` and the log is truncated back to the last durable position.
 * - interval: appends were acknowledged after write(2), so nothing is cut back: the bytes
 *   written since the last good sync are written again from retained copies
 *   (`retained_writes.ts`) and then fdatasynced. The high watermark never moves back.
 * - none: only a roll fsyncs; acknowledged data stays where the page cache has it (the policy's
 *   promise), only the group being written fails.
 * A failed write (ENOSPC, EIO) fails only its own group, which is truncated away. If the
 * recovery itself fails, the partition stays fenced and retries with a backoff (1 s → 30 s).
 * Every failure counts in `tributary_log_storage_errors_total{kind}`; the partition counts in
 * `tributary_log_partitions_storage_error` until a write succeeds again.
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
import { RETAINED_SYNC_BYTES, RetainedWrites, type WrittenChunk } from "./retained_writes.ts";
import { FailureState } from "./failure_state.ts";

/** Recovery retries of a partition that could not truncate or re-sync: first delay, cap. */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;


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
  /** Told when the partition enters the failing state (the manager then watches free space). */
  onStorageFailure?: () => void;
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
  /** Set when recovery itself failed: fenced until a retry succeeds. */
  #broken: StorageError | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #retryDelay = RETRY_FIRST_MS;
  #retryDue = false;
  /** Interval policy: copies of what was written since the last good fdatasync. */
  #retained: RetainedWrites | undefined;
  /** The last failure, until a write succeeds again (the gauge and /readyz report it). */
  #failure: FailureState;
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
    this.openedEndOffset = this.#leo;
    this.#start = Math.max(o.logStartOffset, o.set.segments[0]!.baseOffset);
    this.#written = this.#durable = this.#published = markOf(o.set, this.#leo);
    if (o.policy === "interval") this.#retained = new RetainedWrites();
    this.#failure = new FailureState({ ...o, policy: o.policy });
  }

  get logStartOffset(): number {
    return this.#start;
  }
  readonly openedEndOffset: number;

  get logEndOffset(): number {
    return this.#leo;
  }
  get highWatermark(): number {
    return this.#hw;
  }
  /** True while appends are refused after a storage failure. */
  get fenced(): boolean {
    return this.#fenced !== undefined || this.#broken !== undefined;
  }

  /** The last storage failure, while no write has succeeded since; undefined when healthy. */
  get storageFailure(): StorageError | undefined {
    return this.#failure.current;
  }

  append(batches: Uint8Array, options?: AppendOptions): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(new StorageError(`partition ${this.#name()} is closed`, { kind: "fenced" }));
    if (this.fenced) {
      this.#o.metrics.storageErrors("fenced").inc();
      return Promise.reject(this.#fencedError());
    }
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
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    this.#failure.close();
    try {
      if (!this.fenced) {
        await this.segments.active.writeIndexes();
        await this.segments.active.log?.datasync();
      }
    } finally {
      await this.segments.closeAll(); // even when the disk is full, so no handle leaks
    }
  }

  #name(): string {
    return `${this.topic}-${this.partition}`;
  }

  #fencedError(): StorageError {
    const cause = this.#fenced ?? this.#broken;
    return new StorageError(`partition ${this.#name()} is fenced after a storage failure: ${cause?.message}`, { cause, kind: "fenced" });
  }

  #kick(): void {
    this.#writer ??= this.#writeLoop().finally(() => {
      this.#writer = undefined;
      if (this.#pending.length > 0 || this.#syncFailure || this.#retryDue) this.#kick();
    });
  }

  /** The writer stage: recover from a reported sync failure, else write the next group. */
  async #writeLoop(): Promise<void> {
    await Promise.resolve(); // let appends issued in the same tick join the first group
    for (;;) {
      if (this.#retryDue) {
        this.#retryDue = false;
        if (this.#broken && !this.#closed) await this.#recover(this.#broken, [], true, this.#written);
        continue;
      }
      const failure = this.#syncFailure;
      if (failure) {
        this.#syncFailure = undefined;
        await this.#recover(failure.error, [...failure.covered], true, this.#written);
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
      const chunks: WrittenChunk[] = [];
      try {
        const { results, logEndOffset } = await writeGroup(group.map((p) => p.request), {
          set: this.segments,
          config: this.#o.config(),
          now: this.#o.now(),
          logEndOffset: this.#leo,
          logStartOffset: this.#start,
          metrics: this.#o.metrics,
          scratch: this.#scratch,
          beforeRoll: () => this.#syncIdle(),
          ...(this.#retained ? { onChunk: (segment, position, chunk) => chunks.push({ segment, position, bytes: chunk.slice() }) } : {}),
        });
        this.#leo = logEndOffset;
        group.forEach((p, i) => (p.result = results[i]!));
      } catch (cause) {
        this.#leo = before.offset;
        const error = cause instanceof StorageError ? cause : new StorageError(`write to ${this.#name()} failed: ${messageOf(cause)}`, { cause });
        await this.#recover(error, group, error.kind === "fsync", before);
        continue;
      }
      this.#written = markOf(this.segments, this.#leo);
      this.#retained?.add(chunks, this.#leo);
      this.#failure.recovered("a write succeeded");
      this.#o.metrics.groupSize.observe(group.length);
      if (this.#o.policy === "group-commit") {
        for (const p of group) this.#unsynced.push(p);
        this.#startSync();
      } else {
        this.#publish(this.#written, group);
        if (this.#retained && this.#retained.bytes >= RETAINED_SYNC_BYTES) this.#startSync();
        else if (this.#o.policy === "interval") this.#armTimer();
      }
    }
  }

  /** Wait until no fdatasync is in flight (a roll's seal must not race one on the same file). */
  async #syncIdle(): Promise<void> {
    while (this.#syncing) await this.#syncing;
  }

  /** The sync stage: one fdatasync at a time, covering everything written when it starts. */
  #startSync(): void {
    if (this.#syncing || this.#syncFailure || this.fenced || this.#closed) return;
    if (this.#unsynced.length === 0 && this.#o.policy === "group-commit") return;
    const covered = this.#unsynced;
    this.#unsynced = [];
    const mark = this.#written;
    this.#syncing = this.#fdatasync(mark).then(
      () => {
        this.#retained?.dropThrough(mark.offset);
        this.#publish(mark, covered);
      },
      (error: StorageError) => {
        this.#syncFailure = { error, covered };
        this.#kick();
      },
    ).finally(() => {
      this.#syncing = undefined;
      if (this.#o.policy === "group-commit" || (this.#retained?.bytes ?? 0) >= RETAINED_SYNC_BYTES) this.#startSync();
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
      throw new StorageError(`fdatasync of ${this.#name()} failed: ${messageOf(cause)}`, { cause, kind: "fsync" });
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

  /**
   * Refuse appends, bring the files back to a trusted state (see the module comment), resume.
   * `lost` are appends that fail with `error`; `syncFailed` says an fdatasync failed, so data
   * written since the last good sync is not trusted; `before` is where the failed group began.
   */
  async #recover(error: StorageError, lost: Pending[], syncFailed: boolean, before: LogMark): Promise<void> {
    this.#fenced = error;
    const retry = this.#broken !== undefined;
    if (!retry) this.#failure.failed(error, lost.length);
    try {
      await this.#syncIdle(); // no fdatasync may race the truncation
      const late = this.#syncFailure; // a sync that failed while we waited
      if (late) {
        this.#syncFailure = undefined;
        syncFailed = true;
        lost.push(...late.covered);
      }
      let target: LogMark;
      if (this.#o.policy === "group-commit") {
        // Not yet acknowledged: what a failed sync covered (or might have) is cut back.
        if (syncFailed) lost.push(...this.#unsynced.splice(0));
        target = syncFailed ? this.#durable : before;
      } else {
        // Acknowledged at write(2): everything published stays; only the failed group goes.
        target = this.#published;
        if (syncFailed && this.#o.policy === "none") {
          this.#o.logger.warn("fsync failed under durability none: acknowledged records since the last roll rely on the page cache", {
            topic: this.topic,
            partition: this.partition,
          });
        }
      }
      if (syncFailed) await this.#retained?.rewrite(target);
      await rollbackTo(this.segments, target); // ends with an fdatasync: all that is left is durable
      this.#retained?.clear();
      this.#leo = target.offset;
      this.#written = this.#durable = markOf(this.segments, this.#leo);
      this.#fenced = undefined;
      this.#broken = undefined;
      this.#retryDelay = RETRY_FIRST_MS;
      // After a failed write, earlier groups still waiting for a sync were just made durable.
      const earlier = this.#unsynced.splice(0);
      if (earlier.length > 0) this.#publish(this.#written, earlier);
      const fields = { topic: this.topic, partition: this.partition, logEndOffset: this.#leo, highWatermark: this.#hw };
      if (retry || syncFailed) this.#o.logger.warn("partition recovered after storage failure", fields);
      else this.#o.logger.debug("partition truncated after failed write", fields);
    } catch (cause) {
      // Stay fenced; the appends waiting for a sync cannot be trusted either.
      lost.push(...this.#unsynced.splice(0));
      this.#broken = error;
      this.#fenced = undefined;
      this.#o.logger.error("partition stays fenced: recovery after storage failure failed, will retry", {
        topic: this.topic,
        partition: this.partition,
        cause: messageOf(cause),
        retryInMs: this.#retryDelay,
      });
      this.#scheduleRetry();
    }
    // Rejected only now, so a caller that sees the rejection also sees the rolled-back log.
    for (const p of lost) p.reject(error);
  }

  #scheduleRetry(): void {
    if (this.#closed || this.#retryTimer !== undefined) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#retryDue = true;
      this.#kick();
    }, this.#retryDelay);
    this.#retryDelay = Math.min(this.#retryDelay * 2, RETRY_MAX_MS);
  }

  /**
   * The device has free space again (the manager's watch saw it): a partition that failed only
   * for lack of space leaves the failing state without waiting for its next append. Returns
   * whether it did.
   */
  spaceReturned(): boolean {
    if (this.#failure.current?.kind !== "no_space" || this.fenced) return false;
    this.#failure.recovered("free space returned");
    return true;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
