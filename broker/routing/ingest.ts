/**
 * MQTT → log ingest: records for one partition that arrive together become ONE RecordBatch
 * and one `append()` (one group commit), which keeps SD-card writes per payload byte near 1.
 *
 * Each partition has up to {@link MAX_INFLIGHT} appends in flight. When the partition is idle,
 * a record waits only until the socket read that carried it has been decoded; then its batch
 * goes to the log, which writes it at once and fdatasyncs everything written so far as soon as
 * the previous fdatasync returns, so writing and encoding overlap the device. Past the limit,
 * records wait and go out as one batch when an append resolves, so under a slow device batches
 * grow by themselves. History, QoS 1 ingest with 4 × 100 unacknowledged publishes on Deno:
 * flushing at the next macrotask made the whole window one batch (decoding, fsync and the acks'
 * round trip took turns: 141k msg/s); one append in flight, 233–241k; four in flight once a
 * Deno write no longer queued behind the previous fdatasync (`runtime/deno_fs.ts`), 266–332k
 * against 238–295k for one, in alternating runs (Bun 271–343k against 273–328k).
 * Each caller's promise resolves after the append holding its record resolves (the
 * durability policy is met), so PUBACK/PUBREC can follow.
 * Records queued for the same batch share one promise (no promise per record): callers may
 * compare the promises they get to settle a whole batch's acks at once.
 *
 * Offsets written here are remembered per partition (until the Kafka → MQTT tailer has passed
 * them) so records from MQTT are not delivered to MQTT a second time.
 *
 * @module
 */

import { RecordTooLargeError } from "../log/errors.ts";
import { buildRecordBatch, type RecordInput } from "../log/record_codec.ts";
import type { LogManager, TopicMetadata } from "../log/types.ts";
import { partitionForKey } from "./murmur2.ts";

/** A record to append (the log assigns offsets). */
export type IngestRecord = RecordInput;

/** The batch being gathered for a partition: its records and the promise they all share. */
class PendingBatch {
  records: IngestRecord[] = [];
  /** Sum of the records' accounting sizes (see `Ingest.append`). */
  bytes = 0;
  readonly done: Promise<void>;
  resolve!: () => void;
  reject!: (error: unknown) => void;

  constructor() {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Callers handle the failure; this only keeps a batch nobody waits for from being reported
    // as an unhandled rejection.
    this.done.catch(() => {});
  }
}

/** Appends in flight per partition (see the module comment). */
const MAX_INFLIGHT = 4;

interface Inflight {
  done: Promise<void>;
  /** Log end offset just before this append: offsets from here may be ours. */
  from: number | undefined;
}

interface PartitionState {
  /** Records waiting for the next append, or undefined when none wait. */
  pending: PendingBatch | undefined;
  /** Oldest first. */
  inflight: Inflight[];
  scheduled: boolean;
  /** [first, last] offset runs written by MQTT ingest, ascending. */
  own: Array<[number, number]>;
}

/** Batched appender shared by every MQTT connection. */
export class Ingest {
  #log: LogManager;
  #topics = new Map<string, Promise<TopicMetadata>>();
  /** Topics whose metadata has resolved (the same objects `#topics` resolves to). */
  #resolved = new Map<string, TopicMetadata>();
  #sticky = new Map<string, number>();
  /** Per topic, per partition index. */
  #partitions = new Map<string, PartitionState[]>();
  #trackOwn: (topic: string) => boolean;
  #maxBatchBytes: number;
  /** Called once per topic when it is first resolved (e.g. so the Kafka → MQTT tailer attaches). */
  onTopicReady: ((topic: string) => void) | undefined;

  #pendingBytes = 0;
  #maxPendingBytes: number;
  #drainWaiters: Array<() => void> = [];

  constructor(options: {
    log: LogManager;
    trackOwn?: (topic: string) => boolean;
    maxBatchBytes?: number;
    /** Bytes accepted but not yet durable above which {@link saturated} turns true. */
    maxPendingBytes?: number;
  }) {
    this.#log = options.log;
    this.#maxPendingBytes = options.maxPendingBytes ?? 64 * 1024 * 1024;
    this.#trackOwn = options.trackOwn ?? (() => false);
    this.#maxBatchBytes = options.maxBatchBytes ?? 512 * 1024;
  }

  /** Topic metadata, auto-creating with `partitions` on first use. */
  topic(name: string, partitions: number | undefined): Promise<TopicMetadata> {
    let meta = this.#topics.get(name);
    if (!meta) {
      // Rule topics are configured explicitly, so they are created even when the broker's
      // auto-creation is off.
      const log = this.#log;
      meta = log.ensureTopic(name, partitions).catch((error) => {
        const existing = log.getTopic(name);
        if (existing) return existing;
        if ((error as { name?: string }).name !== "UnknownTopicError") throw error;
        return log.createTopic(name, { partitions: partitions ?? 1 });
      });
      this.#topics.set(name, meta);
      meta.then((m) => {
        if (this.#topics.get(name) === meta) this.#resolved.set(name, m);
        this.onTopicReady?.(name);
      }, () => this.#topics.delete(name));
    }
    return meta;
  }

  /**
   * Append one record; resolves once its batch is durable. Keyed records use murmur2. Records
   * that join the same batch get the same promise.
   */
  append(topic: string, partitions: number | undefined, record: IngestRecord): Promise<void> {
    const size = 64 + (record.key?.length ?? 0) + (record.value?.length ?? 0);
    this.#pendingBytes += size;
    // Known topic: queue the record in this turn, with no await before it (once per message).
    const meta = this.#resolved.get(topic);
    if (meta) {
      try {
        return this.#enqueue(topic, meta, record, size);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.topic(topic, partitions).then((m) => this.#enqueue(topic, m, record, size), (error) => {
      this.#release(size);
      throw error;
    });
  }

  /**
   * Queue `record` in its partition's next batch; the batch releases the record's bytes when
   * it settles. Throws (bytes released) when the record cannot be queued.
   */
  #enqueue(topic: string, meta: TopicMetadata, record: IngestRecord, size: number): Promise<void> {
    // Refuse an oversize record alone, before it can fail a whole shared batch.
    const limit = meta.config["max.message.bytes"];
    if (size > limit / 2) {
      const exact = buildRecordBatch([record]).length;
      if (exact > limit) {
        this.#release(size);
        throw new RecordTooLargeError(exact, limit);
      }
    }
    const partition = record.key
      ? partitionForKey(record.key, meta.partitions)
      : (this.#sticky.get(topic) ?? 0) % meta.partitions;
    const state = this.#state(topic, partition);
    const batch = state.pending ??= new PendingBatch();
    batch.records.push(record);
    batch.bytes += size;
    this.#schedule(topic, partition, state);
    return batch.done;
  }

  #release(size: number): void {
    this.#pendingBytes -= size;
    if (this.#pendingBytes <= this.#maxPendingBytes / 2) for (const w of this.#drainWaiters.splice(0)) w();
  }

  /** More bytes are waiting for the log than `maxPendingBytes`: readers should pause. */
  get saturated(): boolean {
    return this.#pendingBytes > this.#maxPendingBytes;
  }

  /** Resolves once pending bytes fall to half the limit (immediately when not saturated). */
  drained(): Promise<void> {
    if (!this.saturated) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  /** Did MQTT ingest write this offset? (Only tracked for topics with a tailer.) */
  isOwn(topic: string, partition: number, offset: number): boolean {
    const state = this.#partitions.get(topic)?.[partition];
    if (!state) return false;
    for (const [first, last] of state.own) if (offset >= first && offset <= last) return true;
    return false;
  }

  /**
   * The first offset at or after `offset` not written by MQTT ingest, skipping whole runs of
   * our own records so the tailer does not read back what it would only discard.
   */
  skipOwn(topic: string, partition: number, offset: number): number {
    const state = this.#partitions.get(topic)?.[partition];
    if (!state) return offset;
    for (const [first, last] of state.own) {
      if (first <= offset && offset <= last) offset = last + 1;
      else if (first > offset) break;
    }
    return offset;
  }

  /** Forget own-offset runs below `offset` (the tailer has read past them). */
  forgetBefore(topic: string, partition: number, offset: number): void {
    const state = this.#partitions.get(topic)?.[partition];
    if (!state) return;
    while (state.own.length > 0 && state.own[0]![1] < offset) state.own.shift();
  }

  /**
   * First offset the in-flight append may occupy (records at or after it are not yet known to
   * be ours or not), or undefined when no append is in flight.
   */
  unsettledFrom(topic: string, partition: number): number | undefined {
    const state = this.#partitions.get(topic)?.[partition];
    if (!state || state.inflight.length === 0) return undefined;
    let from = Infinity;
    for (const a of state.inflight) from = Math.min(from, a.from ?? -1);
    return from;
  }

  /** Resolves when the append in flight for the partition (if any) has settled. */
  async settled(topic: string, partition: number): Promise<void> {
    const inflight = this.#partitions.get(topic)?.[partition]?.inflight ?? [];
    await Promise.all(inflight.map((a) => a.done.catch(() => {})));
  }

  /** Flush everything pending and wait for it. */
  async drain(): Promise<void> {
    for (;;) {
      const busy = [...this.#partitions.values()].flat().filter((s) => s.inflight.length > 0 || s.pending !== undefined);
      if (busy.length === 0) return;
      await Promise.all(busy.map((s) => s.inflight[0]?.done.catch(() => {}) ?? new Promise((r) => setTimeout(r, 1))));
    }
  }

  #state(topic: string, partition: number): PartitionState {
    let states = this.#partitions.get(topic);
    if (!states) this.#partitions.set(topic, (states = []));
    let state = states[partition];
    if (!state) states[partition] = state = { pending: undefined, inflight: [], scheduled: false, own: [] };
    return state;
  }

  #schedule(topic: string, partition: number, state: PartitionState): void {
    if (state.inflight.length >= MAX_INFLIGHT || state.scheduled) return;
    state.scheduled = true;
    // The partition is idle: gather the publishes decoded from this socket read and start
    // their append as soon as the read is done (see the module comment for why not later).
    queueMicrotask(() => {
      state.scheduled = false;
      this.#flush(topic, partition, state);
    });
  }

  #flush(topic: string, partition: number, state: PartitionState): void {
    const batch = state.pending;
    if (batch === undefined || state.inflight.length >= MAX_INFLIGHT) return;
    state.pending = undefined;
    const records = batch.records;
    if (records.some((r) => !r.key)) this.#sticky.set(topic, (this.#sticky.get(topic) ?? 0) + 1);
    const slot: Inflight = { done: Promise.resolve(), from: undefined };
    const run = async () => {
      const log = await this.#log.partition(topic, partition);
      if (!log) {
        // Deleted or shrunk behind our back: look it up again next time.
        this.#topics.delete(topic);
        this.#resolved.delete(topic);
        throw new Error(`partition ${topic}-${partition} not found`);
      }
      // A lower bound if the other append in flight is not written yet: still safe.
      slot.from = log.logEndOffset;
      // The batches were built here a moment ago with their CRC: no need to check it again.
      const result = await log.append(this.#batches(records), { trusted: true });
      if (this.#trackOwn(topic)) addOwnRun(state.own, result.baseOffset, result.lastOffset);
    };
    slot.done = run().then(
      () => {
        this.#release(batch.bytes);
        batch.resolve();
      },
      (error) => {
        this.#release(batch.bytes);
        batch.reject(error);
      },
    ).finally(() => {
      state.inflight.splice(state.inflight.indexOf(slot), 1);
      if (state.pending !== undefined) this.#flush(topic, partition, state);
    });
    state.inflight.push(slot);
  }

  /** One batch, or several concatenated when the records exceed the batch size cap. */
  #batches(records: IngestRecord[]): Uint8Array {
    const parts: Uint8Array[] = [];
    let group: IngestRecord[] = [];
    let size = 0;
    for (const r of records) {
      const estimate = 32 + (r.key?.length ?? 0) + (r.value?.length ?? 0) +
        (r.encodedHeaders?.length ?? (r.headers ?? []).reduce((n, h) => n + h.key.length * 3 + (h.value?.length ?? 0) + 4, 0));
      if (group.length > 0 && size + estimate > this.#maxBatchBytes) {
        parts.push(buildRecordBatch(group));
        group = [];
        size = 0;
      }
      group.push(r);
      size += estimate;
    }
    if (group.length > 0) parts.push(buildRecordBatch(group));
    if (parts.length === 1) return parts[0]!;
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** Most own-offset runs kept per partition, even if no tailer ever reads it. */
const MAX_OWN_RUNS = 10_000;

/**
 * Record [first, last] as written by MQTT ingest. A run that continues the previous one
 * extends it: with only MQTT writing a partition the list stays one run long, so the tailer
 * can skip all of it however far behind it is. (Before, every append added a run; past the
 * cap the oldest were dropped and a lagging tailer read those records back from the log and
 * decoded them only to discard them: on Deno, QoS 1 ingest right after a burst of 800k QoS 0
 * messages ran at ~65% of its rate.) Runs stay ascending.
 */
export function addOwnRun(own: Array<[number, number]>, first: number, last: number): void {
  const previous = own[own.length - 1];
  if (previous !== undefined && previous[1] + 1 === first) {
    previous[1] = last;
    return;
  }
  own.push([first, last]);
  if (own.length > 1 && own[own.length - 2]![0] > first) own.sort((a, b) => a[0] - b[0]);
  if (own.length > MAX_OWN_RUNS) own.splice(0, own.length - MAX_OWN_RUNS);
}

