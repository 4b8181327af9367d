/**
 * The upstream mirror: local topics → upstream cluster, exactly once across reconnects and
 * restarts.
 *
 * Protocol of one batch: a lane cuts a local range and enqueues it; before its first send the
 * producer awaits a checkpoint that lists it as pending (with its sequence range); the ack
 * removes it and another checkpoint follows (coalesced with the next batch's intent when
 * streaming). On start the checkpoint's pending batches are rebuilt from the local log and
 * resent first with their original producer id, epoch and sequences, then the lanes continue
 * from each partition's `next`. The retention floor registered with the log keeps every
 * record at or above the last *persisted* `acked` offset.
 *
 * @module
 */
import type { Compression } from "../../broker/kafka/compression/mod.ts";
import type { LogManager } from "../../broker/log/types.ts";
import type { Logger } from "../../broker/observe/logger.ts";
import type { BridgeCheckpoint, CheckpointStore, Route } from "../checkpoint/types.ts";
import { emptyCheckpoint } from "../checkpoint/types.ts";
import { Backoff, type BackoffOptions } from "../client/backoff.ts";
import { type Clock, sleep } from "../client/clock.ts";
import type { KafkaCluster } from "../client/cluster.ts";
import { describeError } from "../client/errors.ts";
import { IdempotentProducer, partitionKey } from "../client/producer.ts";
import type { ProducerBatch } from "../client/producer_batch.ts";
import type { RateLimiter } from "../client/token_bucket.ts";
import { Checkpointer } from "./checkpointer.ts";
import { codecId, type ResolvedBridgeConfig } from "./config.ts";
import { type BatchMeta, Lane, type LaneContext } from "./lane.ts";
import { rebuildPending } from "./restore.ts";
import { DrainProgress } from "./progress.ts";
import { mirroredFromStart, selectTopics } from "./selection.ts";
import type { BridgeStatus, PartitionLag } from "./status.ts";
import { ensureUpstreamTopics } from "./upstream_topics.ts";

/** What the upstream mirror is built from. */
export interface UpstreamMirrorOptions {
  config: ResolvedBridgeConfig;
  log: LogManager;
  cluster: KafkaCluster;
  store: CheckpointStore<BridgeCheckpoint>;
  compression: Compression;
  status: BridgeStatus;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  rateLimiter?: RateLimiter | undefined;
}

/**
 * @example
 * ```ts
 * const mirror = await UpstreamMirror.open({ config, log, cluster, store, compression, status, clock, logger });
 * mirror.start();
 * await mirror.close();
 * ```
 */
export class UpstreamMirror {
  readonly #o: UpstreamMirrorOptions;
  readonly #producer: IdempotentProducer<BatchMeta>;
  readonly #lanes = new Map<string, Lane>();
  readonly #running = new Map<Lane, Promise<void>>();
  readonly #routes = new Map<string, Route>();
  readonly #floors = new Map<string, number>();
  readonly #checkpointer: Checkpointer<BridgeCheckpoint>;
  readonly #stop = new AbortController();
  readonly #laneContext: LaneContext;
  #loaded: BridgeCheckpoint;
  #unregisterFloor: () => void = () => {};
  #background: Promise<unknown>[] = [];

  private constructor(o: UpstreamMirrorOptions, loaded: BridgeCheckpoint) {
    this.#o = o;
    this.#loaded = loaded;
    const backoff: BackoffOptions = { initialMs: o.config.retryBackoffMs, maxMs: o.config.retryBackoffMaxMs, ...(o.random ? { random: o.random } : {}) };
    const { counters } = o.status;
    this.#producer = new IdempotentProducer<BatchMeta>({
      cluster: o.cluster,
      compression: o.compression,
      codec: codecId(o.config.compression),
      ackTimeoutMs: o.config.ackTimeoutMs,
      backoff,
      rateLimiter: o.rateLimiter,
      logger: o.logger,
      splitMeta: splitMeta,
      hooks: {
        beforeSend: () => this.#checkpointer.request(),
        onSend: (batches) => {
          for (const b of batches) {
            counters.bytesSent.inc(b.bytes.length);
            counters.bytesUncompressed.inc(b.uncompressedBytes);
            b.meta.lane.notify(); // its next batch may now be cut
          }
        },
        onAck: (batch) => {
          counters.recordsSent.inc(batch.records.length);
          counters.batchesAcked.inc();
          o.status.succeeded(this.#producer.backingOff > 0);
          batch.meta.lane.notify();
          this.#checkpointer.request().catch((error) => o.logger.error("checkpoint save failed", { error: describeError(error) }));
        },
        onError: (batch, error) => {
          counters.retries.inc();
          o.status.failed(`${batch.topic}/${batch.partition}: ${error}`);
        },
        onReset: (event) => {
          if (event.previousProducerId >= 0) counters.resets.inc();
          counters.duplicatesPossible.inc(event.duplicatesPossible);
          if (event.duplicatesPossible > 0) {
            o.logger.warn("upstream lost the producer state; in-doubt records resent at-least-once", { reason: event.reason, records: event.duplicatesPossible });
          }
        },
      },
    });
    this.#checkpointer = new Checkpointer(o.store, () => this.snapshot(), (saved) => {
      counters.checkpointSaves.inc();
      for (const [key, s] of Object.entries(saved.sources)) this.#floors.set(key, s.acked);
    });
    this.#laneContext = {
      gatewayId: o.config.gatewayId,
      producer: this.#producer,
      route: (topic) => this.#routes.get(topic),
      clock: o.clock,
      decompress: (codec, bytes) => o.compression.decompress(codec, bytes),
      batchMaxBytes: o.config.batchMaxBytes,
      lingerMs: o.config.lingerMs,
      logger: o.logger,
      onLost: (_topic, _partition, count) => counters.recordsLost.inc(count),
    };
  }

  /** Load the checkpoint, register the retention floor and re-queue pending batches. */
  static async open(o: UpstreamMirrorOptions): Promise<UpstreamMirror> {
    const mirror = new UpstreamMirror(o, (await o.store.load()) ?? emptyCheckpoint());
    await mirror.#restore();
    return mirror;
  }

  /** Start discovery, the lanes and the producer. */
  start(): void {
    this.#producer.start();
    this.#background.push(this.#discoverLoop(), this.#progressLoop());
  }

  /** Stop everything and write a final checkpoint. */
  async close(): Promise<void> {
    this.#stop.abort();
    for (const lane of this.#lanes.values()) lane.notify();
    await Promise.allSettled([...this.#running.values(), ...this.#background]);
    await this.#producer.close();
    await this.#checkpointer.flush();
    await this.#checkpointer.request().catch((error) => this.#o.logger.error("final checkpoint failed", { error: describeError(error) }));
    this.#unregisterFloor();
    this.#o.status.stopped();
  }

  /** Lag per mirrored partition. */
  lag(): PartitionLag[] {
    const now = this.#o.clock.now();
    const out: PartitionLag[] = [];
    for (const lane of this.#running.keys()) {
      const acked = lane.acked, hw = lane.log.highWatermark;
      const records = Math.max(0, hw - acked);
      const oldest = records > 0 ? lane.oldestUnackedTimestamp() : undefined;
      out.push({
        topic: lane.topic,
        partition: lane.partition,
        upstreamTopic: this.#routes.get(lane.topic)?.upstreamTopic ?? "",
        records,
        seconds: oldest === undefined ? 0 : Math.max(0, (now - oldest) / 1000),
        acked,
        highWatermark: hw,
      });
    }
    return out;
  }

  /** The state a checkpoint would hold now. */
  snapshot(): BridgeCheckpoint {
    const identity = this.#producer.identity;
    const sources = { ...this.#loaded.sources };
    for (const [key, lane] of this.#lanes) sources[key] = { acked: lane.acked, next: lane.next };
    return {
      version: 1,
      producer: identity.producerId >= 0 ? { id: identity.producerId, epoch: identity.producerEpoch } : null,
      sequences: Object.fromEntries(identity.sequences),
      sources,
      routes: { ...this.#loaded.routes, ...Object.fromEntries(this.#routes) },
      pending: this.#producer.unacked().map((b) => ({
        topic: b.topic,
        partition: b.partition,
        baseSequence: b.baseSequence,
        recordCount: b.records.length,
        source: b.meta.source,
      })),
    };
  }

  async #restore(): Promise<void> {
    const { log, status, logger, clock, config } = this.#o;
    const loaded = this.#loaded;
    for (const [key, s] of Object.entries(loaded.sources)) this.#floors.set(key, s.acked);
    // The persisted acked offset; before a partition's first save, what its lane has acknowledged;
    // before its lane exists (topic discovery runs every topicRescanMs), 0 for a topic that will be
    // mirrored from its start, so neither retention nor the disk budget takes its records silently.
    this.#unregisterFloor = log.addRetentionFloor((topic, partition) => {
      const key = partitionKey(topic, partition);
      return this.#floors.get(key) ?? this.#lanes.get(key)?.acked ?? (mirroredFromStart(config, topic) ? 0 : undefined);
    });
    if (loaded.producer) {
      this.#producer.restore({ producerId: loaded.producer.id, producerEpoch: loaded.producer.epoch, sequences: new Map(Object.entries(loaded.sequences)) });
    }
    const pending = [...loaded.pending].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || a.baseSequence - b.baseSequence);
    const decompress = (codec: number, bytes: Uint8Array) => this.#o.compression.decompress(codec, bytes);
    for (const r of await rebuildPending(log, pending, loaded.routes, config.gatewayId, decompress)) {
      const { source } = r.pending;
      const lane = await this.#laneFor(source.topic, source.partition, "earliest");
      if (!r.complete) {
        status.counters.recordsLost.inc(r.pending.recordCount - r.records.length);
        this.#producer.requestReset(`pending batch ${source.topic}/${source.partition}@${source.from}-${source.to} cannot be rebuilt`);
      }
      if (!lane || r.records.length === 0) continue;
      const meta: BatchMeta = { lane, source, offsets: r.offsets, firstTimestamp: r.records[0]!.timestamp };
      // Without a producer id nothing was ever sent: these are first attempts, not resends.
      if (loaded.producer) this.#producer.enqueue(r.pending.topic, r.pending.partition, r.records, meta, { baseSequence: r.pending.baseSequence });
      else this.#producer.enqueue(r.pending.topic, r.pending.partition, r.records, meta);
    }
    if (pending.length > 0) logger.info("resending in-doubt batches from the checkpoint", { batches: pending.length, at: clock.now() });
  }

  async #laneFor(topic: string, partition: number, startFrom: "earliest" | "latest"): Promise<Lane | undefined> {
    const key = partitionKey(topic, partition);
    const existing = this.#lanes.get(key);
    if (existing) return existing;
    const local = await this.#o.log.partition(topic, partition);
    if (!local) return undefined;
    let next = this.#loaded.sources[key]?.next ?? (startFrom === "latest" ? local.highWatermark : local.logStartOffset);
    const recoveredEnd = local.openedEndOffset ?? local.highWatermark;
    if (next > recoveredEnd) {
      // Lanes never read past the high watermark, so a checkpoint beyond where the log stood
      // when it was opened means a power cut took the log's tail back (an SD card that lied
      // about a flush) and recovery cut it there. Offsets from there on are new records.
      this.#o.logger.warn("bridge checkpoint is ahead of the local log (its tail was lost): mirroring resumes where the recovered log ended", {
        topic,
        partition,
        checkpointNext: next,
        recoveredEnd,
      });
      next = recoveredEnd;
    }
    const lane = new Lane(topic, partition, local, next, this.#laneContext);
    this.#lanes.set(key, lane);
    return lane;
  }

  async #discoverLoop(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      try {
        await this.#discover();
      } catch (error) {
        this.#o.logger.warn("bridge topic discovery failed", { error: describeError(error) });
        this.#o.status.failed(describeError(error));
      }
      await sleep(this.#o.clock, this.#o.config.topicRescanMs, this.#stop.signal);
    }
  }

  async #discover(): Promise<void> {
    const { config, log, cluster, logger, status } = this.#o;
    const selected = selectTopics(config, log.listTopics(), logger);
    if (selected.size === 0) return;
    // Lanes start before the upstream is known: they wait for a route, and lag is visible meanwhile.
    let added = false;
    for (const [topic, s] of selected) {
      for (let p = 0; p < s.partitions; p++) {
        const lane = await this.#laneFor(topic, p, s.startFrom);
        if (!lane || this.#running.has(lane)) continue;
        added = true;
        this.#running.set(lane, this.#runLane(lane));
      }
    }
    if (added) await this.#checkpointer.request();
    const wanted = [...selected.values()].map((s) => ({ name: s.upstream, partitions: s.partitions }));
    const counts = await ensureUpstreamTopics(cluster, wanted, config.createTopics, logger);
    status.succeeded(this.#producer.backingOff > 0);
    for (const [topic, s] of selected) {
      const upstreamPartitions = counts.get(s.upstream);
      if (upstreamPartitions === undefined) continue;
      this.#routes.set(topic, { upstreamTopic: s.upstream, upstreamPartitions, localPartitions: s.partitions });
      for (let p = 0; p < s.partitions; p++) this.#lanes.get(partitionKey(topic, p))?.notify();
    }
  }

  /** Run a lane; a failure (unreadable local data, a storage error) is reported and retried after backoff. */
  async #runLane(lane: Lane): Promise<void> {
    const { logger, status, config, clock } = this.#o;
    const backoff = new Backoff({ initialMs: config.retryBackoffMs, maxMs: config.retryBackoffMaxMs, ...(this.#o.random ? { random: this.#o.random } : {}) });
    while (!this.#stop.signal.aborted) {
      try {
        return await lane.run(this.#stop.signal);
      } catch (error) {
        const delay = backoff.next();
        logger.error("bridge lane failed; retrying", { topic: lane.topic, partition: lane.partition, error: describeError(error), retryInMs: delay });
        status.failed(`${lane.topic}/${lane.partition}: ${describeError(error)}`);
        lane.rewind();
        await sleep(clock, delay, this.#stop.signal);
      }
    }
  }

  async #progressLoop(): Promise<void> {
    const { clock, config, status, logger } = this.#o;
    const progress = new DrainProgress(status, logger, () => this.lag());
    while (!this.#stop.signal.aborted) {
      await sleep(clock, config.progressIntervalMs, this.#stop.signal);
      if (!this.#stop.signal.aborted) progress.tick(config.progressIntervalMs);
    }
  }
}

/** Provenance of the halves when a too-large batch is split: consecutive sub-ranges of the original. */
function splitMeta(batch: ProducerBatch<BatchMeta>, _records: readonly unknown[], half: 0 | 1): BatchMeta {
  const { meta } = batch;
  const n0 = Math.ceil(meta.offsets.length / 2);
  const offsets = half === 0 ? meta.offsets.slice(0, n0) : meta.offsets.slice(n0);
  const boundary = meta.offsets[n0 - 1]!;
  const source = half === 0
    ? { ...meta.source, to: boundary }
    : { ...meta.source, from: boundary + 1 };
  return { lane: meta.lane, source, offsets, firstTimestamp: meta.firstTimestamp };
}
