/**
 * Downstream mirroring: upstream topics (commands, configuration) into local topics, from a
 * durable position.
 *
 * Each upstream partition maps to the same local partition; records keep key, value, headers
 * and timestamp and gain `tributary.source.*` headers with their upstream coordinates. The
 * position is checkpointed after every local append. The append and the checkpoint cannot be
 * one atomic step, so on start the tail of each local partition is read back and the upstream
 * offset in its last record's `tributary.source.offset` wins over an older checkpoint — a
 * crash between the two does not append anything twice. (That assumes the local topic is
 * written only by this mirror; the bridge never mirrors such a topic back upstream.)
 *
 * @module
 */
import type { Compression } from "../../broker/kafka/compression/mod.ts";
import { ErrorCode } from "../../broker/kafka/errors.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import type { LogManager, PartitionLog } from "../../broker/log/types.ts";
import type { Logger } from "../../broker/observe/logger.ts";
import type { CheckpointStore, DownstreamCheckpoint } from "../checkpoint/types.ts";
import { Backoff, type BackoffOptions } from "../client/backoff.ts";
import { type Clock, sleep } from "../client/clock.ts";
import type { KafkaCluster } from "../client/cluster.ts";
import { EARLIEST, fetchFrom, LATEST, listOffsets } from "../client/consumer.ts";
import { describeError } from "../client/errors.ts";
import { partitionKey } from "../client/producer.ts";
import { readRecords } from "../client/record_reader.ts";
import { lastHeader, PROVENANCE } from "./provenance.ts";
import type { BridgeStatus } from "./status.ts";

/** What the downstream mirror is built from. */
export interface DownstreamMirrorOptions {
  rules: ReadonlyArray<{ upstreamTopic: string; localTopic: string; startFrom: "earliest" | "latest" }>;
  gatewayId: string;
  log: LogManager;
  cluster: KafkaCluster;
  store: CheckpointStore<DownstreamCheckpoint>;
  compression: Compression;
  status: BridgeStatus;
  clock: Clock;
  logger: Logger;
  backoff: BackoffOptions;
  /** Longest a Fetch waits for new records. Default 500 ms. */
  maxWaitMs?: number;
}

const encoder = new TextEncoder();

/** The upstream offset after the last record this mirror appended to `local`, if any. */
export async function resumeFromTail(local: PartitionLog, upstreamTopic: string, decompress: (c: number, b: Uint8Array) => Uint8Array): Promise<number | undefined> {
  const hw = local.highWatermark;
  if (hw <= local.logStartOffset) return undefined;
  const { bytes } = await local.read(hw - 1, 1 << 20);
  const { records } = readRecords(bytes, hw - 1, decompress);
  const last = records.at(-1);
  if (!last || lastHeader(last.headers, PROVENANCE.topic) !== upstreamTopic) return undefined;
  const offset = Number(lastHeader(last.headers, PROVENANCE.offset));
  return Number.isSafeInteger(offset) ? offset + 1 : undefined;
}

/**
 * @example
 * ```ts
 * const down = await DownstreamMirror.open({ rules, gatewayId, log, cluster, store, compression, status, clock, logger, backoff: {} });
 * down.start();
 * ```
 */
export class DownstreamMirror {
  readonly #positions: Map<string, number>;
  /** Partitions whose local tail was checked this run. */
  readonly #resumed = new Set<string>();
  readonly #stop = new AbortController();
  #tasks: Promise<void>[] = [];

  private constructor(private readonly o: DownstreamMirrorOptions, loaded: DownstreamCheckpoint | null) {
    this.#positions = new Map(Object.entries(loaded?.positions ?? {}));
  }

  /** Load the checkpoint. */
  static async open(o: DownstreamMirrorOptions): Promise<DownstreamMirror> {
    return new DownstreamMirror(o, await o.store.load());
  }

  start(): void {
    this.#tasks = this.o.rules.map((rule) => this.#run(rule));
  }

  async close(): Promise<void> {
    this.#stop.abort();
    await Promise.allSettled(this.#tasks);
  }

  async #run(rule: DownstreamMirrorOptions["rules"][number]): Promise<void> {
    const backoff = new Backoff(this.o.backoff);
    while (!this.#stop.signal.aborted) {
      try {
        await this.#round(rule);
        backoff.reset();
      } catch (error) {
        const delay = backoff.next();
        this.o.logger.warn("downstream mirroring failed; retrying", { topic: rule.upstreamTopic, error: describeError(error), retryInMs: delay });
        this.o.status.failed(`downstream ${rule.upstreamTopic}: ${describeError(error)}`);
        await sleep(this.o.clock, delay, this.#stop.signal);
      }
    }
  }

  /** One fetch per leader for every partition of the rule's topic, appended locally. */
  async #round(rule: DownstreamMirrorOptions["rules"][number]): Promise<void> {
    const { cluster, log, compression } = this.o;
    const decompress = (c: number, b: Uint8Array) => compression.decompress(c, b);
    if (!cluster.topic(rule.upstreamTopic)) await cluster.metadata([rule.upstreamTopic]);
    const info = cluster.topic(rule.upstreamTopic);
    if (!info) throw new Error(`upstream topic ${rule.upstreamTopic} does not exist`);
    const partitions = info.partitions.length;
    const local = log.getTopic(rule.localTopic);
    if (!local) await log.createTopic(rule.localTopic, { partitions });
    else if (local.partitions < partitions) await log.createPartitions(rule.localTopic, partitions);
    const unknown: number[] = [];
    for (let p = 0; p < partitions; p++) {
      const key = partitionKey(rule.upstreamTopic, p);
      if (this.#resumed.has(key)) continue;
      const target = (await log.partition(rule.localTopic, p))!;
      const tail = await resumeFromTail(target, rule.upstreamTopic, decompress);
      const saved = this.#positions.get(key);
      if (tail !== undefined && (saved === undefined || tail > saved)) this.#positions.set(key, tail);
      else if (saved === undefined) unknown.push(p);
      if (saved !== undefined || tail !== undefined) this.#resumed.add(key);
    }
    if (unknown.length > 0) {
      const start = await listOffsets(cluster, rule.upstreamTopic, unknown, rule.startFrom === "earliest" ? EARLIEST : LATEST);
      for (const [p, offset] of start) {
        this.#positions.set(partitionKey(rule.upstreamTopic, p), offset);
        this.#resumed.add(partitionKey(rule.upstreamTopic, p));
      }
      await this.#save();
    }
    const byLeader = new Map<number, Array<{ partition: number; offset: number }>>();
    for (let p = 0; p < partitions; p++) {
      const leader = cluster.leader(rule.upstreamTopic, p);
      if (leader === undefined) {
        await cluster.metadata([rule.upstreamTopic]);
        throw new Error(`no leader for ${rule.upstreamTopic}/${p}`);
      }
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), { partition: p, offset: this.#positions.get(partitionKey(rule.upstreamTopic, p))! }]);
    }
    await Promise.all([...byLeader].map(async ([leader, wanted]) => {
      const fetched = await fetchFrom(cluster, leader, rule.upstreamTopic, wanted, { maxWaitMs: this.o.maxWaitMs ?? 500, decompress });
      for (const f of fetched) await this.#apply(rule, f);
    }));
  }

  async #apply(rule: DownstreamMirrorOptions["rules"][number], f: Awaited<ReturnType<typeof fetchFrom>>[number]): Promise<void> {
    const key = partitionKey(rule.upstreamTopic, f.partition);
    if (f.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
      const [start] = (await listOffsets(this.o.cluster, rule.upstreamTopic, [f.partition], EARLIEST)).values();
      this.o.logger.warn("downstream position out of range upstream; restarting at the earliest offset", { topic: rule.upstreamTopic, partition: f.partition, from: this.#positions.get(key), to: start });
      this.#positions.set(key, start!);
      return await this.#save();
    }
    if (f.errorCode !== 0) {
      this.o.cluster.invalidate(rule.upstreamTopic, f.partition);
      throw new Error(`fetch ${rule.upstreamTopic}/${f.partition}: error ${f.errorCode}`);
    }
    if (f.records.length > 0) {
      const target = (await this.o.log.partition(rule.localTopic, f.partition))!;
      const topic = encoder.encode(rule.upstreamTopic), partition = encoder.encode(String(f.partition));
      await target.append(buildRecordBatch(f.records.map((r) => ({
        timestamp: r.timestamp,
        key: r.key,
        value: r.value,
        headers: [
          ...r.headers,
          { key: PROVENANCE.topic, value: topic },
          { key: PROVENANCE.partition, value: partition },
          { key: PROVENANCE.offset, value: encoder.encode(String(r.offset)) },
        ],
      }))));
      this.o.status.counters.downstreamRecords.inc(f.records.length);
    }
    if (f.nextOffset !== this.#positions.get(key)) {
      this.#positions.set(key, f.nextOffset);
      await this.#save();
    }
  }

  #save(): Promise<void> {
    return this.o.store.save({ version: 1, positions: Object.fromEntries(this.#positions) });
  }
}
