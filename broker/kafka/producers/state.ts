/**
 * Idempotent producer state per partition (Kafka `ProducerStateManager`, KIP-98): for each
 * producer id its epoch and the metadata of its last 5 batches (the most a producer keeps in
 * flight), so a retried batch is recognised and answered with its original offset instead of
 * being written twice.
 *
 * Rules for a batch with a producer id, checked before the append:
 * - same epoch, (first, last) sequence equal to a cached batch → duplicate: acknowledge with the
 *   cached base offset (DUPLICATE_SEQUENCE_NUMBER is no longer sent to clients);
 * - epoch below the known one → INVALID_PRODUCER_EPOCH (what Produce answers in every version;
 *   PRODUCER_FENCED, KIP-588, belongs to the transactional APIs);
 * - new epoch → the sequence must restart at 0, else OUT_OF_ORDER_SEQUENCE_NUMBER;
 * - same epoch → first sequence = last sequence + 1 (wrapping at 2^31−1), else
 *   OUT_OF_ORDER_SEQUENCE_NUMBER;
 * - unknown producer with a sequence ≠ 0 → UNKNOWN_PRODUCER_ID (the pre-KIP-360 rule; clients
 *   recover by bumping the epoch), or accepted when `acceptUnknownProducers` (Kafka ≥ 2.5).
 *
 * A check that passes reserves the batch at once, so pipelined batches of one producer are
 * checked against each other while earlier appends are still in flight; `commit` fills in the
 * offset, `abort` rolls the reservation back when the append fails.
 *
 * @module
 */
import { ErrorCode } from "../errors.ts";

/** Batches remembered per producer and partition (max.in.flight.requests.per.connection ≤ 5). */
export const CACHED_BATCHES = 5;
const INT32_MAX = 2147483647;

/** The header fields the state needs (a subset of the log's `BatchHeader`). */
export interface ProducerBatchHeader {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  lastOffsetDelta: number;
  recordCount: number;
  /** attributes bit 5: control batches (transaction markers) carry no data sequence. */
  attributes: number;
  /** The batch's max timestamp; the producer's last activity for expiry. */
  maxTimestamp?: number;
}

interface CachedBatch {
  firstSeq: number;
  lastSeq: number;
  /** −1 while the append is in flight. */
  baseOffset: number;
  done: Promise<number>;
  settle: (baseOffset: number) => void;
}

interface ProducerEntry {
  epoch: number;
  batches: CachedBatch[];
  /** Last activity (batch timestamp or broker time), for producer.id.expiration.ms. */
  lastTimestamp: number;
}

/** What to do with a batch: append (then commit or abort), acknowledge a duplicate, or fail. */
export type SequenceCheck =
  | { kind: "not-idempotent" }
  | { kind: "append"; commit(baseOffset: number): void; abort(): void }
  | { kind: "duplicate"; baseOffset: Promise<number> }
  | { kind: "error"; errorCode: number };

/** Last sequence of a batch, wrapping like Kafka's `DefaultRecordBatch.incrementSequence`. */
export function lastSequence(header: ProducerBatchHeader): number {
  const last = header.baseSequence + header.lastOffsetDelta;
  return last > INT32_MAX ? last - INT32_MAX - 1 : last;
}

function nextSequence(seq: number): number {
  return seq === INT32_MAX ? 0 : seq + 1;
}

function cached(firstSeq: number, lastSeq: number, baseOffset: number): CachedBatch {
  let settle!: (n: number) => void;
  const done = new Promise<number>((resolve) => (settle = resolve));
  const batch: CachedBatch = { firstSeq, lastSeq, baseOffset, done, settle };
  if (baseOffset >= 0) settle(baseOffset);
  return batch;
}

/** State of one partition. */
export class PartitionProducerState {
  readonly producers = new Map<number, ProducerEntry>();

  constructor(
    readonly acceptUnknownProducers = false,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Forget producers idle for longer than `maxIdleMs` (Kafka producer.id.expiration.ms, 1 day),
   * keeping memory bounded; a forgotten producer is treated as unknown again. Entries with an
   * append in flight are kept.
   */
  expire(maxIdleMs: number): number {
    const cutoff = this.now() - maxIdleMs;
    let removed = 0;
    for (const [id, entry] of this.producers) {
      if (entry.lastTimestamp < cutoff && entry.batches.every((b) => b.baseOffset >= 0)) {
        this.producers.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /** Check a batch about to be appended; see the module comment. */
  check(header: ProducerBatchHeader): SequenceCheck {
    if (header.producerId < 0 || header.attributes & 0x20) return { kind: "not-idempotent" };
    const entry = this.producers.get(header.producerId);
    const firstSeq = header.baseSequence;
    const lastSeq = lastSequence(header);
    if (entry && header.producerEpoch === entry.epoch) {
      const dup = entry.batches.find((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq);
      if (dup) return { kind: "duplicate", baseOffset: dup.done };
    }
    if (entry && header.producerEpoch < entry.epoch) return { kind: "error", errorCode: ErrorCode.INVALID_PRODUCER_EPOCH };
    if (!entry) {
      if (firstSeq !== 0 && !this.acceptUnknownProducers) return { kind: "error", errorCode: ErrorCode.UNKNOWN_PRODUCER_ID };
    } else if (header.producerEpoch > entry.epoch) {
      if (firstSeq !== 0) return { kind: "error", errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    } else {
      const last = entry.batches.at(-1);
      if (last && firstSeq !== nextSequence(last.lastSeq)) {
        return { kind: "error", errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
      }
    }
    return this.#reserve(header, firstSeq, lastSeq);
  }

  #reserve(header: ProducerBatchHeader, firstSeq: number, lastSeq: number): SequenceCheck {
    const previous = this.producers.get(header.producerId);
    const entry: ProducerEntry =
      previous && previous.epoch === header.producerEpoch ? previous : { epoch: header.producerEpoch, batches: [], lastTimestamp: 0 };
    entry.lastTimestamp = Math.max(entry.lastTimestamp, this.now());
    const batch = cached(firstSeq, lastSeq, -1);
    entry.batches.push(batch);
    if (entry.batches.length > CACHED_BATCHES) entry.batches.shift();
    this.producers.set(header.producerId, entry);
    return {
      kind: "append",
      commit: (baseOffset) => {
        batch.baseOffset = baseOffset;
        batch.settle(baseOffset);
      },
      abort: () => {
        const i = entry.batches.indexOf(batch);
        if (i >= 0) entry.batches.splice(i, 1);
        if (previous && previous !== entry) this.producers.set(header.producerId, previous);
        else if (!previous && entry.batches.length === 0) this.producers.delete(header.producerId);
        batch.settle(-1);
      },
    };
  }

  /** Active producers (DescribeProducers): last written sequence and activity time. */
  describe(): Array<{ producerId: number; epoch: number; lastSequence: number; lastTimestamp: number }> {
    const out = [];
    for (const [producerId, entry] of this.producers) {
      const done = entry.batches.filter((b) => b.baseOffset >= 0);
      out.push({ producerId, epoch: entry.epoch, lastSequence: done.at(-1)?.lastSeq ?? -1, lastTimestamp: entry.lastTimestamp });
    }
    return out;
  }

  /** Record a batch already in the log (recovery, replay, or after an unchecked append). */
  observe(header: ProducerBatchHeader, baseOffset: number): void {
    if (header.producerId < 0 || header.attributes & 0x20) return;
    let entry = this.producers.get(header.producerId);
    if (!entry || header.producerEpoch > entry.epoch) {
      entry = { epoch: header.producerEpoch, batches: [], lastTimestamp: 0 };
      this.producers.set(header.producerId, entry);
    } else if (header.producerEpoch < entry.epoch) {
      return;
    }
    entry.lastTimestamp = Math.max(entry.lastTimestamp, header.maxTimestamp ?? this.now());
    const firstSeq = header.baseSequence;
    const lastSeq = lastSequence(header);
    if (entry.batches.some((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq)) return;
    entry.batches.push(cached(firstSeq, lastSeq, baseOffset));
    if (entry.batches.length > CACHED_BATCHES) entry.batches.shift();
  }
}
