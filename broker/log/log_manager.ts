/**
 * The file-backed {@link LogManager}: topics, lazily opened partitions, the clean-shutdown
 * marker, the log-start-offset checkpoint, and the retention/compaction/disk-budget loop.
 *
 * Start-up reads `topics.json`, the checkpoint and the marker, and finishes interrupted topic
 * deletions — nothing else. A partition's files are opened on first use, so start-up cost does
 * not grow with the data.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import type { MetricsRegistry } from "../observe/metrics.ts";
import type { FileSystem, ProcessIo } from "../runtime/types.ts";
import { partitionDirName, parsePartitionDirName } from "../topics/topic_name.ts";
import { loadTopics } from "../topics/topic_store.ts";
import { TopicRegistry } from "../topics/topic_registry.ts";
import type { TopicLimits } from "../topics/topic_limits.ts";
import { writeFileAtomic } from "../runtime/atomic.ts";
import type { CreateTopicOptions, DurabilityPolicy, LogManager, PartitionLog, StorageHealth, TopicConfig, TopicMetadata } from "./types.ts";
import { TopicExistsError, UnknownTopicError } from "./errors.ts";
import { createLogMetrics, deviceWriteSampler, type LogMetrics } from "./log_metrics.ts";
import { LogStartCheckpoint } from "./log_start_checkpoint.ts";
import { openPartitionLog } from "./open_partition.ts";
import type { FilePartitionLog } from "./partition_log.ts";
import type { Decompressor } from "./record_codec.ts";
import { applyRetention, enforceDiskBudget, type RetentionContext } from "./retention.ts";
import { compactPartition } from "./cleaner.ts";
import { ensureWritableDataDir } from "./write_probe.ts";

/** Marker written by `close()`; its presence at open means every partition was closed cleanly. */
export const CLEAN_SHUTDOWN_FILE = ".clean-shutdown";

/** Free bytes that count as "space returned" for partitions that failed with ENOSPC. */
const SPACE_RETURNED_BYTES = 1 << 20;

/** Options of {@link createLogManager}. */
export interface LogManagerOptions {
  fs: FileSystem;
  dataDir: string;
  durability: { policy: DurabilityPolicy; intervalMs: number };
  /** Broker-wide topic defaults (`DEFAULT_TOPIC_CONFIG` overlaid with the broker config). */
  defaults: TopicConfig;
  defaultPartitions: number;
  autoCreateTopics: boolean;
  /** Total bytes the data dir may hold; `undefined` or ≤ 0 = no budget. */
  diskBudgetBytes?: number;
  /** Period of the retention/compaction pass; 0 = only when `runRetention()` is called. */
  retentionCheckIntervalMs?: number;
  logger: Logger;
  metrics: MetricsRegistry;
  now?: () => number;
  /** The runtime's `/proc/self/io` reader, for device-bytes-per-payload-byte. */
  processIo?: () => Promise<ProcessIo | null>;
  /** Bytes between sparse index entries (Kafka `index.interval.bytes`), default 4096. */
  indexIntervalBytes?: number;
  /** Codec hook for reading compressed batches (time lookups). */
  decompress?: Decompressor;
  /** Caps on topics and partitions (`limits.maxTopics`, `limits.maxPartitions`). */
  topicLimits?: TopicLimits;
}

/** A {@link LogManager} over files, with the extras the admin API and tests use. */
export interface FileLogManager extends LogManager {
  /** One retention + compaction + disk budget pass (the timer calls it too). */
  runRetention(): Promise<void>;
  /** The file-backed partition with its segments (retention tools, tests). */
  openPartition(topic: string, partition: number): Promise<FilePartitionLog | undefined>;
  readonly metrics: LogMetrics;
}

/** Open (creating if needed) the data dir and return its manager. */
export async function createLogManager(o: LogManagerOptions): Promise<FileLogManager> {
  const { fs, dataDir, logger } = o;
  await ensureWritableDataDir(fs, dataDir);
  const clean = (await fs.stat(`${dataDir}/${CLEAN_SHUTDOWN_FILE}`)) !== null;
  if (clean) {
    // Removed before any write so a crash from here on is seen as unclean.
    await fs.remove(`${dataDir}/${CLEAN_SHUTDOWN_FILE}`);
    await fs.syncDir(dataDir);
  }
  const stored = await loadTopics(fs, dataDir, o.defaults, logger);
  const checkpoint = new LogStartCheckpoint(fs, dataDir, logger);
  await checkpoint.load();
  const manager = new Manager(o, clean, checkpoint, stored ?? []);
  await manager.finishDeletions(stored !== null);
  logger.info("log manager opened", { dataDir, topics: stored?.length ?? 0, cleanShutdown: clean });
  return manager;
}

/** Segment and index files, their leftovers, and the cleaner's OFFSET_GAPS_MARKER. */
const LOG_FILE = /^(\d{20}\.(log|index|timeindex)(\.deleted|\.cleaned|\.tmp)?|offset-gaps)$/;

/** True when every entry of `dir` is a segment or index file (an orphaned partition dir). */
async function holdsOnlyLogFiles(fs: FileSystem, dir: string): Promise<boolean> {
  const entries = (await fs.readDir(dir)) ?? [];
  return entries.every((e) => e.isFile && LOG_FILE.test(e.name));
}

class Manager implements FileLogManager {
  readonly metrics: LogMetrics;
  #o: LogManagerOptions;
  #now: () => number;
  #topics: TopicRegistry;
  #partitions = new Map<string, Promise<FilePartitionLog>>();
  /** The partitions of `#partitions` once opened (read synchronously by `storageHealth`). */
  #opened = new Set<FilePartitionLog>();
  #spaceTimer: ReturnType<typeof setInterval> | undefined;
  #floors = new Set<(topic: string, partition: number) => number | undefined>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #retention: Promise<void> | undefined;
  #cleanedAt = new WeakMap<FilePartitionLog, number>();
  #closed = false;

  constructor(o: LogManagerOptions, readonly clean: boolean, readonly checkpoint: LogStartCheckpoint, topics: TopicMetadata[]) {
    this.#o = o;
    this.#now = o.now ?? Date.now;
    this.metrics = createLogMetrics(o.metrics);
    this.#topics = new TopicRegistry(o.fs, o.dataDir, o.defaults, o.logger, topics, o.topicLimits);
    const every = o.retentionCheckIntervalMs ?? 0;
    if (every > 0) this.#timer = setInterval(() => void this.runRetention(), every);
    o.metrics.collectedGauge("tributary_log_partitions_open", "Partitions with open files", () => [{ labels: {}, value: this.#partitions.size }]);
    if (o.processIo) this.#sampleIo = deviceWriteSampler(o.metrics, o.processIo, this.metrics.appendedBytes);
  }

  /** Updates the device-bytes gauges; runs after each retention pass. */
  #sampleIo: () => Promise<void> = async () => {};

  /** Remove `*.deleted` directories; finish deletes of topics no longer in the metadata. */
  async finishDeletions(metadataExisted: boolean): Promise<void> {
    const { fs, dataDir, logger } = this.#o;
    for (const entry of (await fs.readDir(dataDir)) ?? []) {
      if (!entry.isDirectory) continue;
      const path = `${dataDir}/${entry.name}`;
      if (entry.name.endsWith(".deleted")) {
        logger.info("finishing interrupted topic deletion", { dir: path });
        await fs.remove(path, { recursive: true });
        continue;
      }
      const parsed = parsePartitionDirName(entry.name);
      if (!parsed || !metadataExisted) continue;
      const topic = this.#topics.get(parsed.topic);
      // Only directories holding nothing but log files: other components may share the data dir.
      if ((topic === undefined || parsed.partition >= topic.partitions) && (await holdsOnlyLogFiles(fs, path))) {
        // Metadata is written before directories are removed: an orphan is an unfinished delete.
        logger.warn("removing partition directory of a deleted topic", { dir: path });
        await this.#removeDir(path);
      }
    }
  }

  getTopic(name: string): TopicMetadata | undefined {
    return this.#topics.get(name);
  }

  listTopics(options?: { includeInternal?: boolean }): TopicMetadata[] {
    return this.#topics.list(options?.includeInternal ?? false);
  }

  createTopic(name: string, options: CreateTopicOptions): Promise<TopicMetadata> {
    return this.#topics.create(name, options);
  }

  async ensureTopic(name: string, partitions?: number): Promise<TopicMetadata> {
    const existing = this.#topics.get(name);
    if (existing) return existing;
    if (!this.#o.autoCreateTopics) throw new UnknownTopicError(name);
    try {
      return await this.createTopic(name, { partitions: partitions ?? this.#o.defaultPartitions });
    } catch (error) {
      // Another caller auto-created it between our check and our turn.
      if (error instanceof TopicExistsError) return this.#topics.get(name)!;
      throw error;
    }
  }

  deleteTopic(name: string): Promise<void> {
    // Metadata first, then directories: at open, a directory without a topic is an unfinished
    // delete and is removed. All inside the registry's queue so a re-create waits for it.
    return this.#topics.serial(async () => {
      const meta = await this.#topics.remove(name);
      for (let p = 0; p < meta.partitions; p++) {
        const key = this.#key(name, p);
        const open = this.#partitions.get(key);
        this.#partitions.delete(key);
        if (open) {
          const log = await open;
          this.#opened.delete(log);
          await log.close().catch(() => {});
        }
        await this.#removeDir(`${this.#o.dataDir}/${partitionDirName(name, p)}`);
      }
      await this.checkpoint.removeTopic(name);
      this.#o.logger.info("topic deleted", { topic: name });
    });
  }

  createPartitions(name: string, totalPartitions: number): Promise<void> {
    return this.#topics.grow(name, totalPartitions);
  }

  alterTopicConfig(name: string, changes: Partial<TopicConfig>): Promise<void> {
    return this.#topics.alter(name, changes);
  }

  partition(topic: string, partition: number): Promise<PartitionLog | undefined> {
    return this.openPartition(topic, partition);
  }

  /** The file-backed partition (opening it on first use), or undefined when unknown. */
  async openPartition(topic: string, partition: number): Promise<FilePartitionLog | undefined> {
    const meta = this.#topics.get(topic);
    if (!meta || !Number.isInteger(partition) || partition < 0 || partition >= meta.partitions || this.#closed) return undefined;
    const key = this.#key(topic, partition);
    let p = this.#partitions.get(key);
    if (!p) {
      p = openPartitionLog({
        topic,
        partition,
        fs: this.#o.fs,
        dir: `${this.#o.dataDir}/${partitionDirName(topic, partition)}`,
        config: () => this.#topics.get(topic)?.config ?? meta.config,
        policy: this.#o.durability.policy,
        intervalMs: this.#o.durability.intervalMs,
        logger: this.#o.logger.child({ topic, partition }),
        metrics: this.metrics,
        now: this.#now,
        logStartOffset: this.checkpoint.get(topic, partition),
        onLogStartOffset: (offset) => this.checkpoint.set(topic, partition, offset),
        onStorageFailure: () => this.#watchSpace(),
        clean: this.clean,
        indexIntervalBytes: this.#o.indexIntervalBytes ?? 4096,
        ...(this.#o.decompress ? { decompress: this.#o.decompress } : {}),
      });
      this.#partitions.set(key, p);
      p.then((log) => this.#opened.add(log), () => this.#partitions.delete(key));
    }
    return p;
  }

  /**
   * While partitions fail for lack of space, check the free space every second; once at least
   * {@link SPACE_RETURNED_BYTES} are free they leave the failing state (readyz, gauge) without
   * waiting for a client to write again. Appends never wait for this: each one simply tries.
   */
  #watchSpace(): void {
    if (this.#spaceTimer !== undefined || this.#closed || !this.#o.fs.diskSpace) return;
    this.#spaceTimer = setInterval(() => {
      const full = [...this.#opened].filter((log) => log.storageFailure?.kind === "no_space");
      if (full.length === 0 || this.#closed) {
        clearInterval(this.#spaceTimer);
        this.#spaceTimer = undefined;
        return;
      }
      this.#o.fs.diskSpace!(this.#o.dataDir).then((space) => {
        if (space && space.free >= SPACE_RETURNED_BYTES) for (const log of full) log.spaceReturned();
      }, () => {});
    }, 1000);
  }

  storageHealth(): StorageHealth {
    const failing = [];
    for (const log of this.#opened) {
      const error = log.storageFailure;
      if (error) failing.push({ topic: log.topic, partition: log.partition, kind: error.kind, error: error.message, fenced: log.fenced });
    }
    return { ok: failing.length === 0, failing };
  }

  addRetentionFloor(floor: (topic: string, partition: number) => number | undefined): () => void {
    this.#floors.add(floor);
    return () => this.#floors.delete(floor);
  }

  runRetention(): Promise<void> {
    this.#retention ??= this.#retentionPass().finally(() => (this.#retention = undefined));
    return this.#retention;
  }

  async #retentionPass(): Promise<void> {
    const ctx: RetentionContext = {
      now: this.#now(),
      floor: (t, p) => {
        let min: number | undefined;
        for (const f of this.#floors) {
          const v = f(t, p);
          if (v !== undefined && (min === undefined || v < min)) min = v;
        }
        return min;
      },
      logger: this.#o.logger,
      metrics: this.metrics,
    };
    const logs: FilePartitionLog[] = [];
    for (const meta of this.#topics.list(true)) {
      for (let p = 0; p < meta.partitions; p++) {
        try {
          const log = await this.openPartition(meta.name, p);
          if (!log) continue;
          logs.push(log);
          await applyRetention(log, meta.config, ctx);
          if (meta.config["cleanup.policy"].includes("compact")) await this.#compact(log, meta.config, ctx.now);
        } catch (error) {
          this.#o.logger.error("retention pass failed for partition", { topic: meta.name, partition: p, error });
        }
      }
    }
    const budget = this.#o.diskBudgetBytes ?? 0;
    if (budget > 0) await enforceDiskBudget(logs, budget, ctx);
    await this.#sampleIo();
  }

  async #compact(log: FilePartitionLog, config: TopicConfig, now: number): Promise<void> {
    // Only when a segment closed since the last run: closed segments are what the cleaner rewrites.
    const activeBase = log.segments.active.baseOffset;
    if (this.#cleanedAt.get(log) === activeBase) return;
    await compactPartition(log, {
      now,
      deleteRetentionMs: config["delete.retention.ms"] ?? 86_400_000,
      logger: this.#o.logger,
      metrics: this.metrics,
    });
    this.#cleanedAt.set(log, activeBase);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    if (this.#spaceTimer !== undefined) clearInterval(this.#spaceTimer);
    await this.#retention;
    let clean = true;
    for (const p of this.#partitions.values()) {
      try {
        const log = await p;
        if (log.fenced) clean = false;
        await log.close();
      } catch (error) {
        clean = false;
        this.#o.logger.error("partition close failed", { error });
      }
    }
    this.#partitions.clear();
    this.#opened.clear();
    await this.#topics.idle();
    if (clean) await writeFileAtomic(this.#o.fs, `${this.#o.dataDir}/${CLEAN_SHUTDOWN_FILE}`, new Uint8Array(0));
    this.#o.logger.info("log manager closed", { clean });
  }

  #key(topic: string, partition: number): string {
    return `${topic}\u0000${partition}`;
  }

  /** Rename to `<dir>.deleted` (durably) first, so a crash mid-delete is finished at next open. */
  async #removeDir(path: string): Promise<void> {
    const { fs, dataDir } = this.#o;
    if (!(await fs.stat(path))) return;
    await fs.remove(`${path}.deleted`, { recursive: true });
    await fs.rename(path, `${path}.deleted`);
    await fs.syncDir(dataDir);
    await fs.remove(`${path}.deleted`, { recursive: true });
  }
}
