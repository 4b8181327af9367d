/**
 * One local partition's way upstream: read the local log from where the checkpoint says,
 * re-batch the records with provenance headers, and hand batches to the producer.
 *
 * Batches are cut from a contiguous local offset range [from, to]. The range — not the
 * batch's bytes — is what the checkpoint records for a pending batch, so after a crash the
 * same records are read again and resent with the same sequence. With a one-to-one partition
 * route one range is one batch; with fewer upstream partitions a range splits into one batch
 * per upstream partition, each holding the range's records that route there.
 *
 * Draining versus lingering: while the log has more than a batch waiting, batches are cut as
 * soon as they are full; once caught up, a partial batch waits `lingerMs` for company.
 * Backpressure: a lane stops reading while its unacknowledged batches exceed two batches.
 *
 * @module
 */
import { CorruptRecordError } from "../../broker/log/errors.ts";
import type { Decompressor, RecordInput } from "../../broker/log/record_codec.ts";
import type { PartitionLog } from "../../broker/log/types.ts";
import type { Logger } from "../../broker/observe/logger.ts";
import type { Route } from "../checkpoint/types.ts";
import type { Clock } from "../client/clock.ts";
import type { IdempotentProducer } from "../client/producer.ts";
import { readRecords } from "../client/record_reader.ts";
import { Wake } from "../client/wake.ts";
import { type ProvenanceSource, provenanceSource, recordSize, withProvenance } from "./provenance.ts";
import { upstreamPartition } from "./routing.ts";

/** What a mirror batch remembers about its origin. */
export interface BatchMeta {
  lane: Lane;
  /** Local range the batch was cut from (records in it that route to the batch's partition). */
  source: { topic: string; partition: number; from: number; to: number };
  /** Local offset of each record, in batch order. */
  offsets: number[];
  /** Timestamp of the batch's first record (lag in seconds). */
  firstTimestamp: number;
}

/** What lanes share. */
export interface LaneContext {
  gatewayId: string;
  producer: IdempotentProducer<BatchMeta>;
  route(topic: string): Route | undefined;
  clock: Clock;
  decompress: Decompressor;
  batchMaxBytes: number;
  lingerMs: number;
  logger: Logger;
  /** Records deleted locally before they were mirrored (disk budget). */
  onLost(topic: string, partition: number, count: number): void;
}

interface Buffered {
  offset: number;
  input: RecordInput;
  key: Uint8Array | null;
  size: number;
}

/**
 * @example
 * ```ts
 * const lane = new Lane("sensors", 0, log, { acked: 0, next: 0 }, context);
 * void lane.run(stop.signal);
 * ```
 */
export class Lane {
  /** End (exclusive) of the last range handed to the producer. */
  next: number;
  #readPos: number;
  #buffer: Buffered[] = [];
  #bufferBytes = 0;
  #bufferedSince = 0;
  readonly #wake: Wake;
  readonly #provenance: ProvenanceSource;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly log: PartitionLog,
    next: number,
    private readonly ctx: LaneContext,
  ) {
    this.next = this.#readPos = next;
    this.#wake = new Wake(ctx.clock);
    this.#provenance = provenanceSource(ctx.gatewayId, topic, partition);
  }

  /** Wake the lane (an ack freed room, or the route changed). */
  notify(): void {
    this.#wake.notify();
  }

  /** This lane's batches the producer has not had acknowledged. */
  unacked(): BatchMetaBatch[] {
    return this.ctx.producer.unacked().filter((b) => b.meta.lane === this);
  }

  /** Every record below this offset is acknowledged upstream. */
  get acked(): number {
    let acked = this.next;
    for (const b of this.unacked()) acked = Math.min(acked, b.meta.source.from);
    return acked;
  }

  /** Timestamp of the oldest record not yet acknowledged, or undefined when caught up. */
  oldestUnackedTimestamp(): number | undefined {
    let oldest: number | undefined;
    for (const b of this.unacked()) oldest = Math.min(oldest ?? Infinity, b.meta.firstTimestamp);
    return oldest ?? this.#buffer[0]?.input.timestamp;
  }

  /** Forget what was read but not cut into a batch; reading resumes at `next` (after a failure). */
  rewind(): void {
    this.#buffer = [];
    this.#bufferBytes = 0;
    this.#readPos = this.next;
  }

  /** Read, batch and enqueue until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const unsubscribe = this.log.onHighWatermark(() => this.#wake.notify());
    try {
      while (!signal.aborted) await this.#step(signal);
    } finally {
      unsubscribe();
    }
  }

  async #step(signal: AbortSignal): Promise<void> {
    const { batchMaxBytes, lingerMs, clock } = this.ctx;
    const route = this.ctx.route(this.topic);
    const unacked = this.unacked();
    const unackedBytes = unacked.reduce((n, b) => n + b.uncompressedBytes, 0);
    if (!route || unackedBytes >= 2 * batchMaxBytes) return await this.#wake.wait(Infinity, signal);
    if (this.#readPos < this.log.logStartOffset) this.#skipLost();
    if (this.#bufferBytes < batchMaxBytes && this.#readPos < this.log.highWatermark) return await this.#fill();
    if (this.#bufferBytes >= batchMaxBytes) return this.#seal(route, batchMaxBytes);
    if (this.#buffer.length === 0) return await this.#wake.wait(Infinity, signal);
    // A batch of this lane still waits to be sent: keep filling the buffer instead of queueing
    // a second small batch behind it (batches form at send time, as in librdkafka).
    if (unacked.some((b) => b.attempts === 0)) return await this.#wake.wait(Infinity, signal);
    const left = this.#bufferedSince + lingerMs - clock.now();
    if (left <= 0) return this.#seal(route, Infinity);
    await this.#wake.wait(left, signal);
  }

  async #fill(): Promise<void> {
    let result;
    try {
      result = await this.log.read(this.#readPos, this.ctx.batchMaxBytes);
    } catch (error) {
      if (this.#readPos < this.log.logStartOffset) return this.#skipLost();
      throw error;
    }
    const { records, end } = readRecords(result.bytes, this.#readPos, this.ctx.decompress);
    if (end <= this.#readPos) throw new CorruptRecordError(`no batch at ${this.topic}/${this.partition}@${this.#readPos}`);
    if (this.#buffer.length === 0 && records.length > 0) this.#bufferedSince = this.ctx.clock.now();
    for (const r of records) {
      const input = withProvenance(r, this.#provenance);
      const size = recordSize(input);
      this.#buffer.push({ offset: r.offset, input, key: r.key, size });
      this.#bufferBytes += size;
    }
    this.#readPos = end;
    // A range may end in records that are not data (control batches): the next range starts after them.
    if (this.#buffer.length === 0) this.next = end;
  }

  /** Cut a range of up to `maxBytes` from the buffer and enqueue its batches. */
  #seal(route: Route, maxBytes: number): void {
    let count = 0, bytes = 0;
    while (count < this.#buffer.length && (count === 0 || bytes + this.#buffer[count]!.size <= maxBytes)) {
      bytes += this.#buffer[count]!.size;
      count++;
    }
    const taken = this.#buffer.splice(0, count);
    this.#bufferBytes -= bytes;
    this.#bufferedSince = this.ctx.clock.now();
    const from = this.next, to = taken.at(-1)!.offset;
    const groups = new Map<number, Buffered[]>();
    for (const r of taken) {
      const q = upstreamPartition(route, this.partition, r.key);
      const g = groups.get(q);
      if (g) g.push(r);
      else groups.set(q, [r]);
    }
    for (const [q, group] of [...groups].sort((a, b) => a[0] - b[0])) {
      this.ctx.producer.enqueue(route.upstreamTopic, q, group.map((r) => r.input), {
        lane: this,
        source: { topic: this.topic, partition: this.partition, from, to },
        offsets: group.map((r) => r.offset),
        firstTimestamp: group[0]!.input.timestamp,
      });
    }
    this.next = to + 1;
  }

  #skipLost(): void {
    const start = this.log.logStartOffset;
    const lost = start - this.#readPos;
    this.ctx.logger.error("local records were deleted before they were mirrored", { topic: this.topic, partition: this.partition, from: this.#readPos, to: start - 1 });
    this.ctx.onLost(this.topic, this.partition, lost);
    this.#readPos = start;
    if (this.#buffer.length === 0) this.next = start;
  }
}

type BatchMetaBatch = ReturnType<IdempotentProducer<BatchMeta>["unacked"]>[number];
