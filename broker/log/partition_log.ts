/**
 * A file-backed {@link PartitionLog}: validation, offsets and the high watermark, reads, and
 * closing. Appends go through the partition's {@link AppendPipeline} (`append_pipeline.ts`:
 * the group-commit writer and syncer), which fences the partition after a storage failure and
 * recovers it (`storage_recovery.ts`, `partition_fence.ts`). Group layout is in
 * `batch_writer.ts`, reads in `log_reader.ts`.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import type { AppendOptions, AppendResult, DurabilityPolicy, PartitionLog, ReadResult, TopicConfig } from "./types.ts";
import { AppendPipeline } from "./append_pipeline.ts";
import { prepareAppend } from "./batch_writer.ts";
import { OffsetOutOfRangeError, StorageError } from "./errors.ts";
import type { LogMetrics } from "./log_metrics.ts";
import { maxTimestampOf, offsetForTimestampIn, readFrom } from "./log_reader.ts";
import type { Decompressor } from "./record_codec.ts";
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
  /** Told when the partition enters the failing state (the manager then watches free space). */
  onStorageFailure?: () => void;
}

/** A partition backed by a {@link SegmentSet}. */
export class FilePartitionLog implements PartitionLog {
  readonly topic: string;
  readonly partition: number;
  readonly segments: SegmentSet;
  #o: PartitionLogOptions;
  #hw: number;
  #start: number;
  #appends: AppendPipeline;
  #listeners = new Set<(hw: number) => void>();

  constructor(o: PartitionLogOptions) {
    this.#o = o;
    this.topic = o.topic;
    this.partition = o.partition;
    this.segments = o.set;
    this.#start = Math.max(o.logStartOffset, o.set.segments[0]!.baseOffset);
    this.#appends = new AppendPipeline({
      ...o,
      logStartOffset: () => this.#start,
      onPublished: (offset) => {
        if (offset > this.#hw) this.#setHighWatermark(offset);
      },
      highWatermark: () => this.#hw,
    });
    this.#hw = this.#appends.leo;
    this.openedEndOffset = this.#hw;
  }

  /** Log end offset right after opening (recovery done): see `PartitionLog.openedEndOffset`. */
  readonly openedEndOffset: number;

  get logStartOffset(): number {
    return this.#start;
  }
  get logEndOffset(): number {
    return this.#appends.leo;
  }
  get highWatermark(): number {
    return this.#hw;
  }
  /** True while appends are refused after a storage failure. */
  get fenced(): boolean {
    return this.#appends.fence.fenced;
  }

  /** The last storage failure, while no write has succeeded since; undefined when healthy. */
  get storageFailure(): StorageError | undefined {
    return this.#appends.failure.current;
  }

  append(batches: Uint8Array, options?: AppendOptions): Promise<AppendResult> {
    const appends = this.#appends;
    if (appends.closed) return Promise.reject(new StorageError(`partition ${appends.name} is closed`, { kind: "fenced" }));
    if (appends.fence.fenced) {
      this.#o.metrics.storageErrors("fenced").inc();
      return Promise.reject(appends.fence.error());
    }
    try {
      return appends.enqueue(prepareAppend(batches, this.#o.config(), options?.trusted === true));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  read(offset: number, maxBytes: number): Promise<ReadResult> {
    const leo = this.#appends.leo;
    if (offset < this.#start || offset > leo) {
      return Promise.reject(new OffsetOutOfRangeError(offset, this.#start, leo));
    }
    return readFrom(this.segments, offset, maxBytes, this.#hw).then(
      (bytes) => ({ bytes, highWatermark: this.#hw, logStartOffset: this.#start }),
      (error) => {
        // Retention deleted the segment under the reader: Kafka answers OFFSET_OUT_OF_RANGE.
        if (offset < this.#start) throw new OffsetOutOfRangeError(offset, this.#start, this.#appends.leo, { cause: error });
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
    await this.#appends.drain();
    this.#appends.close();
    try {
      if (!this.fenced) {
        await this.segments.active.writeIndexes();
        await this.segments.active.log?.datasync();
      }
    } finally {
      await this.segments.closeAll(); // even when the disk is full, so no handle leaks
    }
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

  /**
   * The device has free space again (the manager's watch saw it): a partition that failed only
   * for lack of space leaves the failing state without waiting for its next append. Returns
   * whether it did.
   */
  spaceReturned(): boolean {
    const failure = this.#appends.failure;
    if (failure.current?.kind !== "no_space" || this.fenced) return false;
    failure.recovered("free space returned");
    return true;
  }
}
