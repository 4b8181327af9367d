/**
 * The write side of one partition (STYLE item 8): appends queue up; a **writer** takes every
 * append queued so far and writes it as one group (`batch_writer.ts`); a **syncer** fdatasyncs
 * everything written so far, then resolves the groups it covers and publishes their end (the
 * partition moves its high watermark there). The writer keeps writing the next group while an
 * fdatasync is in flight, so CPU work and the device overlap, and the slower the device, the
 * more appends share each fsync. Under `interval` the writer resolves appends right after the
 * write and a timer runs the syncer; under `none` only a roll's seal fsyncs. Only the writer
 * touches files; recovery after a storage failure (`storage_recovery.ts`) runs in it too.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import type { AppendResult, DurabilityPolicy, TopicConfig } from "./types.ts";
import { type AppendRequest, writeGroup } from "./batch_writer.ts";
import { StorageError } from "./errors.ts";
import type { LogMetrics } from "./log_metrics.ts";
import { type LogMark, markOf } from "./rollback.ts";
import type { SegmentSet } from "./segment_set.ts";
import { RETAINED_SYNC_BYTES, RetainedWrites, type WrittenChunk } from "./retained_writes.ts";
import { FailureState } from "./failure_state.ts";
import { PartitionFence } from "./partition_fence.ts";
import { recoverFromStorageFailure } from "./storage_recovery.ts";

/** What the pipeline needs from its partition. */
export interface AppendPipelineOptions {
  topic: string;
  partition: number;
  set: SegmentSet;
  config: () => TopicConfig;
  policy: DurabilityPolicy;
  intervalMs: number;
  logger: Logger;
  metrics: LogMetrics;
  now: () => number;
  /** The partition's log start offset (reported in each append result). */
  logStartOffset: () => number;
  /** Everything up to this offset is published: readers may see it. */
  onPublished: (offset: number) => void;
  /** The partition's high watermark (for log lines). */
  highWatermark: () => number;
  /** Told when the partition enters the failing state (the manager then watches free space). */
  onStorageFailure?: () => void;
}

/** A queued append and, once written, its result. */
export interface Pending {
  request: AppendRequest;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
  result?: AppendResult;
}

/** Queue, writer and syncer of one partition; see the module comment. */
export class AppendPipeline {
  readonly o: AppendPipelineOptions;
  readonly name: string;
  /** Next offset to assign (the log end offset). */
  leo: number;
  pending: Pending[] = [];
  /** Written (group-commit), waiting for an fdatasync to cover them. */
  unsynced: Pending[] = [];
  writer: Promise<void> | undefined;
  syncing: Promise<void> | undefined;
  syncFailure: { error: StorageError; covered: Pending[] } | undefined;
  /** End of the last fully written group; `durable` the end of the last good fdatasync. */
  written: LogMark;
  durable: LogMark;
  published: LogMark;
  readonly fence: PartitionFence;
  /** Interval policy: copies of what was written since the last good fdatasync. */
  readonly retained: RetainedWrites | undefined;
  /** The last failure, until a write succeeds again (the gauge and /readyz report it). */
  readonly failure: FailureState;
  closed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #scratch = { buf: new Uint8Array(0) };

  constructor(o: AppendPipelineOptions) {
    this.o = o;
    this.name = `${o.topic}-${o.partition}`;
    this.leo = o.set.active.nextOffset ?? o.set.active.baseOffset;
    this.written = this.durable = this.published = markOf(o.set, this.leo);
    this.retained = o.policy === "interval" ? new RetainedWrites() : undefined;
    this.failure = new FailureState(o);
    this.fence = new PartitionFence(this.name, () => this.kick());
  }

  /** Queue a validated append; it resolves once the durability policy is met. */
  enqueue(request: AppendRequest): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      this.kick();
    });
  }

  /** Wait until neither the writer nor the syncer is running. */
  async drain(): Promise<void> {
    while (this.writer || this.syncing) await (this.writer ?? this.syncing);
  }

  /** Stop the timers; call after {@link drain}. */
  close(): void {
    this.closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.fence.close();
    this.failure.close();
  }

  kick(): void {
    this.writer ??= this.#writeLoop().finally(() => {
      this.writer = undefined;
      if (this.pending.length > 0 || this.syncFailure || this.fence.retryDue) this.kick();
    });
  }

  /** The writer stage: recover from a reported sync failure, else write the next group. */
  async #writeLoop(): Promise<void> {
    await Promise.resolve(); // let appends issued in the same tick join the first group
    for (;;) {
      if (this.fence.retryDue) {
        this.fence.retryDue = false;
        if (this.fence.broken && !this.closed) await recoverFromStorageFailure(this, this.fence.broken, [], true, this.written);
        continue;
      }
      const failure = this.syncFailure;
      if (failure) {
        this.syncFailure = undefined;
        await recoverFromStorageFailure(this, failure.error, [...failure.covered], true, this.written);
        continue;
      }
      if (this.pending.length === 0) return;
      const group = this.pending;
      this.pending = [];
      if (this.fence.fenced || this.closed) {
        for (const p of group) p.reject(this.fence.error());
        continue;
      }
      const before = this.written;
      const chunks: WrittenChunk[] = [];
      try {
        const { results, logEndOffset } = await writeGroup(group.map((p) => p.request), {
          set: this.o.set,
          config: this.o.config(),
          now: this.o.now(),
          logEndOffset: this.leo,
          logStartOffset: this.o.logStartOffset(),
          metrics: this.o.metrics,
          scratch: this.#scratch,
          beforeRoll: () => this.syncIdle(),
          ...(this.retained ? { onChunk: (segment, position, chunk) => chunks.push({ segment, position, bytes: chunk.slice() }) } : {}),
        });
        this.leo = logEndOffset;
        group.forEach((p, i) => (p.result = results[i]!));
      } catch (cause) {
        this.leo = before.offset;
        const error = cause instanceof StorageError ? cause : new StorageError(`write to ${this.name} failed: ${messageOf(cause)}`, { cause });
        await recoverFromStorageFailure(this, error, group, error.kind === "fsync", before);
        continue;
      }
      this.written = markOf(this.o.set, this.leo);
      this.retained?.add(chunks, this.leo);
      this.failure.recovered("a write succeeded");
      this.o.metrics.groupSize.observe(group.length);
      if (this.o.policy === "group-commit") {
        for (const p of group) this.unsynced.push(p);
        this.#startSync();
      } else {
        this.publish(this.written, group);
        if (this.retained && this.retained.bytes >= RETAINED_SYNC_BYTES) this.#startSync();
        else if (this.o.policy === "interval") this.#armTimer();
      }
    }
  }

  /** Wait until no fdatasync is in flight (a roll's seal must not race one on the same file). */
  async syncIdle(): Promise<void> {
    while (this.syncing) await this.syncing;
  }

  /** The sync stage: one fdatasync at a time, covering everything written when it starts. */
  #startSync(): void {
    if (this.syncing || this.syncFailure || this.fence.fenced || this.closed) return;
    if (this.unsynced.length === 0 && this.o.policy === "group-commit") return;
    const covered = this.unsynced;
    this.unsynced = [];
    const mark = this.written;
    const sync: Promise<void> = this.#fdatasync(mark).then(
      () => {
        this.retained?.dropThrough(mark.offset);
        // The next fdatasync (over what was written meanwhile) starts before this one's appends
        // resolve, so the device works while their acks are sent.
        this.#syncEnded(sync);
        this.publish(mark, covered);
      },
      (error: StorageError) => {
        this.syncFailure = { error, covered };
        this.#syncEnded(sync);
        this.kick();
      },
    );
    this.syncing = sync;
  }

  #syncEnded(sync: Promise<void>): void {
    if (this.syncing === sync) this.syncing = undefined;
    if (this.o.policy === "group-commit" || (this.retained?.bytes ?? 0) >= RETAINED_SYNC_BYTES) this.#startSync();
  }

  async #fdatasync(mark: LogMark): Promise<void> {
    // Segments before mark.base were fdatasynced when they rolled (Segment.seal).
    const set = this.o.set;
    const seg = set.segments[set.floorIndex(mark.base)]!;
    const m = this.o.metrics;
    const t0 = performance.now();
    try {
      await seg.log!.datasync();
    } catch (cause) {
      throw new StorageError(`fdatasync of ${this.name} failed: ${messageOf(cause)}`, { cause, kind: "fsync" });
    }
    m.fsyncs.inc();
    m.fsyncSeconds.observe((performance.now() - t0) / 1000);
    if (mark.offset >= this.durable.offset) this.durable = mark;
  }

  /** Make everything up to `mark` visible and resolve the appends it covers. */
  publish(mark: LogMark, done: Pending[]): void {
    const segs = this.o.set.segments;
    for (let i = segs.length - 1; i >= 0 && segs[i]!.baseOffset >= this.published.base; i--) {
      const seg = segs[i]!;
      if (seg.baseOffset < mark.base) seg.committed = seg.size;
      else if (seg.baseOffset === mark.base) seg.committed = Math.max(seg.committed, mark.position);
    }
    // An interval sync publishes the mark it started with; writes published since stay.
    if (mark.offset >= this.published.offset) this.published = mark;
    const m = this.o.metrics;
    for (const p of done) {
      m.appendedRecords.inc(p.request.records);
      m.appendedBytes.inc(p.request.bytes.length);
      p.resolve(p.result!);
    }
    this.o.onPublished(mark.offset);
  }

  #armTimer(): void {
    if (this.#timer !== undefined || this.closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#startSync();
    }, this.o.intervalMs);
  }
}

/** The message of a thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
