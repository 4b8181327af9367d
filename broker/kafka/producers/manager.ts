/**
 * Producer state of every partition, rebuilt after a restart the way Kafka does it: load the
 * last snapshot, then replay the batch headers of the log after the snapshot's offset
 * (`ProducerStateManager.truncateAndReload`). A snapshot is trusted only when it does not claim
 * more than the log holds; otherwise the partition is replayed from its log start.
 *
 * Loading is lazy and per partition (`ensureLoaded`), so start-up does not grow with the
 * number of partitions; the produce path awaits it before its first check.
 *
 * @module
 */
import { iterateBatches } from "../../log/record_batch.ts";
import type { PartitionLog } from "../../log/types.ts";
import { lastSequence, PartitionProducerState, type ProducerBatchHeader, type SequenceCheck } from "./state.ts";

interface PartitionSnapshot {
  topic: string;
  partition: number;
  /** State covers the log below this offset. */
  upTo: number;
  /** [producerId, epoch, [[firstSeq, lastSeq, baseOffset], …]] */
  producers: Array<[number, number, Array<[number, number, number]>]>;
}

/** Options of {@link ProducerStateManager}. */
export interface ProducerStateOptions {
  /** Accept an unknown producer's non-zero sequence (Kafka ≥ 2.5, KIP-360). Default false. */
  acceptUnknownProducers?: boolean;
  /** Bytes per log read while replaying. Default 1 MiB. */
  readBytes?: number;
  /** Wall clock for producer expiry. */
  now?: () => number;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** Idempotent producer state for all partitions. */
export class ProducerStateManager {
  readonly #states = new Map<string, PartitionProducerState>();
  /** Highest offset (exclusive) each partition's state reflects. */
  readonly #upTo = new Map<string, number>();
  readonly #loading = new Map<string, Promise<void>>();
  readonly #snapshots = new Map<string, PartitionSnapshot>();
  readonly #accept: boolean;
  readonly #readBytes: number;
  readonly #now: () => number;

  constructor(options: ProducerStateOptions = {}) {
    this.#accept = options.acceptUnknownProducers ?? false;
    this.#readBytes = options.readBytes ?? 1 << 20;
    this.#now = options.now ?? Date.now;
  }

  /** Active producers of a partition (call `ensureLoaded` first). */
  describe(topic: string, partition: number): ReturnType<PartitionProducerState["describe"]> {
    return this.#states.get(key(topic, partition))?.describe() ?? [];
  }

  /** Drop producers idle for longer than `maxIdleMs` in every partition; returns how many. */
  expireProducers(maxIdleMs: number): number {
    let removed = 0;
    for (const state of this.#states.values()) removed += state.expire(maxIdleMs);
    return removed;
  }

  #state(topic: string, partition: number): PartitionProducerState {
    const k = key(topic, partition);
    let state = this.#states.get(k);
    if (!state) this.#states.set(k, (state = new PartitionProducerState(this.#accept, this.#now)));
    return state;
  }

  /** Check a batch before appending it; see `state.ts`. Call `ensureLoaded` first. */
  check(topic: string, partition: number, header: ProducerBatchHeader): SequenceCheck {
    const result = this.#state(topic, partition).check(header);
    if (result.kind !== "append") return result;
    const k = key(topic, partition);
    return {
      kind: "append",
      abort: result.abort,
      commit: (baseOffset) => {
        result.commit(baseOffset);
        this.#upTo.set(k, Math.max(this.#upTo.get(k) ?? 0, baseOffset + header.lastOffsetDelta + 1));
      },
    };
  }

  /**
   * Feed a batch that is in the log (log recovery, a scan, or an append that skipped `check`).
   * Batches must come in offset order per partition.
   */
  observeBatch(topic: string, partition: number, header: ProducerBatchHeader, baseOffset: number): void {
    this.#state(topic, partition).observe(header, baseOffset);
    const k = key(topic, partition);
    this.#upTo.set(k, Math.max(this.#upTo.get(k) ?? 0, baseOffset + header.lastOffsetDelta + 1));
  }

  /** Make sure a partition's state reflects its whole log (snapshot + replay of the tail). */
  ensureLoaded(log: PartitionLog): Promise<void> {
    const k = key(log.topic, log.partition);
    let loading = this.#loading.get(k);
    if (!loading) {
      loading = this.#load(log).catch((error) => {
        this.#loading.delete(k);
        throw error;
      });
      this.#loading.set(k, loading);
    }
    return loading;
  }

  async #load(log: PartitionLog): Promise<void> {
    const k = key(log.topic, log.partition);
    const snapshot = this.#snapshots.get(k);
    this.#snapshots.delete(k);
    let next = log.logStartOffset;
    if (snapshot && snapshot.upTo <= log.logEndOffset) {
      const state = this.#state(log.topic, log.partition);
      for (const [id, epoch, batches] of snapshot.producers) {
        for (const [firstSeq, lastSeq, baseOffset] of batches) {
          const header = { producerId: id, producerEpoch: epoch, baseSequence: firstSeq, lastOffsetDelta: lastSeq - firstSeq, recordCount: 0, attributes: 0 };
          state.observe(header, baseOffset);
        }
      }
      next = Math.max(next, snapshot.upTo);
    }
    const end = log.logEndOffset;
    while (next < end) {
      const { bytes } = await log.read(next, this.#readBytes);
      const before = next;
      for (const { header } of iterateBatches(bytes)) {
        const last = header.baseOffset + header.lastOffsetDelta;
        if (last >= next) this.observeBatch(log.topic, log.partition, header, header.baseOffset);
        next = Math.max(next, last + 1);
      }
      if (next === before) break;
    }
    this.#upTo.set(k, Math.max(this.#upTo.get(k) ?? 0, next));
  }

  /** Serialize every loaded partition (and still-unloaded snapshots) for a snapshot file. */
  snapshot(): Uint8Array {
    const partitions: PartitionSnapshot[] = [...this.#snapshots.values()];
    for (const [k, state] of this.#states) {
      if (!this.#loading.has(k) && !this.#upTo.has(k)) continue;
      const [topic, p] = k.split("\u0000") as [string, string];
      const producers: PartitionSnapshot["producers"] = [];
      for (const [id, entry] of state.producers) {
        const batches = entry.batches.filter((b) => b.baseOffset >= 0).map((b) => [b.firstSeq, b.lastSeq, b.baseOffset] as [number, number, number]);
        producers.push([id, entry.epoch, batches]);
      }
      partitions.push({ topic, partition: Number(p), upTo: this.#upTo.get(k) ?? 0, producers });
    }
    return new TextEncoder().encode(JSON.stringify({ version: 1, partitions }));
  }

  /** Load a snapshot written by {@link snapshot}; applied lazily by `ensureLoaded`. Bad input is ignored. */
  restoreSnapshot(bytes: Uint8Array): boolean {
    try {
      const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { version?: number; partitions?: PartitionSnapshot[] };
      if (parsed.version !== 1 || !Array.isArray(parsed.partitions)) return false;
      for (const p of parsed.partitions) this.#snapshots.set(key(p.topic, p.partition), p);
      return true;
    } catch {
      return false;
    }
  }

  /** Forget a partition (topic deleted). */
  dropPartition(topic: string, partition: number): void {
    const k = key(topic, partition);
    this.#states.delete(k);
    this.#upTo.delete(k);
    this.#loading.delete(k);
    this.#snapshots.delete(k);
  }
}

export { lastSequence };
