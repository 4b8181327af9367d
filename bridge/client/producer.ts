/**
 * The idempotent producer (KIP-98): one producer id and epoch, a sequence per partition, and
 * exactly one batch in flight per partition.
 *
 * One in flight per partition makes every retry trivially safe: the retried batch carries the
 * same producer id, epoch and sequence, so a broker that already appended it answers with the
 * original offset instead of writing it twice, and no later batch can overtake it. Throughput
 * comes from large batches and from many partitions sharing one pipelined Produce request per
 * broker, not from deep per-partition pipelines — the right trade on a gateway's uplink.
 *
 * Write-ahead: before a batch is first sent with a given stamp, `hooks.beforeSend` is awaited so
 * the caller can persist the batch's sequence range (the bridge's checkpoint). After a crash the
 * caller rebuilds the same batch, {@link IdempotentProducer.enqueue}s it with `restored`, and
 * the broker de-duplicates it. When the broker rejects the producer's sequence (see
 * `produce_outcome.ts`), the producer drains, takes a new id and re-sequences everything
 * unacknowledged; batches that were in doubt are counted in `hooks.onReset` as possible
 * duplicates — at-least-once, never loss.
 *
 * @module
 */
import { ApiKey } from "../../broker/kafka/protocol/generated/api_keys.ts";
import { addSequence } from "./batch_encoder.ts";
import { Backoff } from "./backoff.ts";
import { sleep } from "./clock.ts";
import { describeError, KafkaResponseError } from "./errors.ts";
import { createBatch, type ProducerBatch, type ProducerRecord, restamp, splitBatch } from "./producer_batch.ts";
import { type InFlightItem, type ItemOutcome, sendProduce } from "./produce_request.ts";
import type { ProducerIdentity, ProducerOptions } from "./producer_options.ts";
import { Wake } from "./wake.ts";

export type { ProducerHooks, ProducerIdentity, ProducerOptions } from "./producer_options.ts";

interface Queue<M> {
  topic: string;
  partition: number;
  batches: ProducerBatch<M>[];
  inFlight: boolean;
  retryAt: number;
  backoff: Backoff;
}

/** `topic/partition`, the key of per-partition maps. */
export const partitionKey = (topic: string, partition: number): string => `${topic}/${partition}`;


/**
 * @example
 * ```ts
 * const producer = new IdempotentProducer({ cluster, compression, logger });
 * producer.start();
 * await producer.enqueue("gw-1.sensors", 0, [{ timestamp: Date.now(), key: null, value }], undefined).done;
 * await producer.close();
 * ```
 */
export class IdempotentProducer<M = undefined> {
  readonly #queues = new Map<string, Queue<M>>();
  #sequences = new Map<string, number>();
  #producerId = -1;
  #producerEpoch = -1;
  #resetReason: string | undefined;
  #requests = 0;
  readonly #wake: Wake;
  #stop = new AbortController();
  #loop: Promise<void> | undefined;
  readonly #initBackoff: Backoff;
  readonly codec: number;

  constructor(private readonly options: ProducerOptions<M>) {
    this.codec = options.codec ?? 4;
    this.#initBackoff = new Backoff(options.backoff);
    this.#wake = new Wake(options.cluster.clock);
  }

  /** Current identity and next sequences (for the checkpoint). */
  get identity(): ProducerIdentity {
    return { producerId: this.#producerId, producerEpoch: this.#producerEpoch, sequences: new Map(this.#sequences) };
  }

  /** Adopt a persisted identity before `start()`; batches restored after this keep their sequences. */
  restore(identity: ProducerIdentity): void {
    this.#producerId = identity.producerId;
    this.#producerEpoch = identity.producerEpoch;
    this.#sequences = new Map(identity.sequences);
  }

  /** Every unacknowledged batch, per partition in sequence order. */
  unacked(): ProducerBatch<M>[] {
    return [...this.#queues.values()].flatMap((q) => q.batches);
  }

  /** Bytes of unacknowledged batches. */
  get queuedBytes(): number {
    let n = 0;
    for (const q of this.#queues.values()) for (const b of q.batches) n += b.bytes.length;
    return n;
  }

  /** Partitions whose head batch waits for a retry, with the last error. */
  get backingOff(): number {
    const now = this.options.cluster.clock.now();
    let n = 0;
    for (const q of this.#queues.values()) if (q.batches.length > 0 && q.retryAt > now) n++;
    return n;
  }

  /**
   * Queue `records` as one batch for `topic`/`partition`. With `restored`, the batch keeps that
   * base sequence and counts as in doubt (it may already be upstream); the caller restores the
   * identity first and restores batches in sequence order.
   */
  enqueue(topic: string, partition: number, records: readonly ProducerRecord[], meta: M, restored?: { baseSequence: number }): ProducerBatch<M> {
    const key = partitionKey(topic, partition);
    let baseSequence: number;
    if (restored) {
      baseSequence = restored.baseSequence;
    } else {
      baseSequence = this.#sequences.get(key) ?? 0;
      this.#sequences.set(key, addSequence(baseSequence, records.length));
    }
    const batch = createBatch(topic, partition, records, meta, {
      producerId: this.#producerId,
      producerEpoch: this.#producerEpoch,
      baseSequence,
    }, { compression: this.options.compression, codec: this.codec });
    if (restored) batch.inDoubt = batch.intentWritten = true;
    let queue = this.#queues.get(key);
    if (!queue) {
      queue = { topic, partition, batches: [], inFlight: false, retryAt: 0, backoff: new Backoff(this.options.backoff) };
      this.#queues.set(key, queue);
    }
    queue.batches.push(batch);
    this.#wake.notify();
    return batch;
  }

  /** Ask for a new producer id before anything else is sent (e.g. a restored batch cannot be rebuilt). */
  requestReset(reason: string): void {
    this.#resetReason ??= reason;
    this.#wake.notify();
  }

  /** Start sending. */
  start(): void {
    this.#loop ??= this.#run().catch((error) => this.options.logger.error("producer loop failed", { error: describeError(error) }));
  }

  /** Stop sending; unacknowledged batches stay unacknowledged (their intents are on disk). */
  async close(): Promise<void> {
    this.#stop.abort();
    this.#wake.notify();
    await this.#loop;
    for (const q of this.#queues.values()) for (const b of q.batches) b.settle(new Error("producer closed"));
  }

  async #run(): Promise<void> {
    const { cluster } = this.options;
    while (!this.#stop.signal.aborted) {
      if (this.#producerId < 0 || this.#resetReason !== undefined) {
        if (this.#requests > 0) await this.#wake.wait(Infinity, this.#stop.signal);
        else await this.#initProducer();
        continue;
      }
      const now = cluster.clock.now();
      const ready: Array<{ queue: Queue<M>; leader: number }> = [];
      const unknown = new Set<string>();
      let nextRetry = Infinity;
      for (const queue of this.#queues.values()) {
        if (queue.inFlight || queue.batches.length === 0) continue;
        if (queue.retryAt > now) {
          nextRetry = Math.min(nextRetry, queue.retryAt);
          continue;
        }
        const leader = cluster.leader(queue.topic, queue.partition);
        if (leader === undefined) unknown.add(queue.topic);
        else ready.push({ queue, leader });
      }
      if (unknown.size > 0) await this.#refreshMetadata([...unknown]);
      if (ready.length === 0) {
        if (unknown.size === 0) await this.#wake.wait(nextRetry - now, this.#stop.signal);
        continue;
      }
      const fresh = ready.map((r) => r.queue.batches[0]!).filter((b) => !b.intentWritten);
      if (fresh.length > 0 && !(await this.#writeIntents(fresh))) continue;
      this.#dispatchAll(ready);
    }
  }

  async #writeIntents(batches: ProducerBatch<M>[]): Promise<boolean> {
    try {
      await this.options.hooks?.beforeSend?.(batches);
      for (const b of batches) b.intentWritten = true;
      return true;
    } catch (error) {
      const delay = this.#initBackoff.next();
      this.options.logger.error("cannot persist produce intent; not sending", { error: describeError(error), retryInMs: delay });
      await sleep(this.options.cluster.clock, delay, this.#stop.signal);
      return false;
    }
  }

  #dispatchAll(ready: Array<{ queue: Queue<M>; leader: number }>): void {
    const maxBytes = this.options.maxRequestBytes ?? 8 * 1024 * 1024;
    const byLeader = new Map<number, InFlightItem<M>[][]>();
    for (const { queue, leader } of ready) {
      const requests = byLeader.get(leader) ?? [[]];
      byLeader.set(leader, requests);
      let current = requests.at(-1)!;
      const size = current.reduce((n, i) => n + i.batch.bytes.length, 0);
      const batch = queue.batches[0]!;
      if (current.length > 0 && size + batch.bytes.length > maxBytes) requests.push(current = []);
      current.push({ batch, done: (outcome) => this.#settle(queue, batch, outcome) });
      queue.inFlight = true;
    }
    for (const [leader, requests] of byLeader) {
      for (const items of requests) {
        this.#requests++;
        void this.#send(leader, items).finally(() => {
          this.#requests--;
          this.#wake.notify();
        });
      }
    }
  }

  async #send(leader: number, items: InFlightItem<M>[]): Promise<void> {
    const bytes = items.reduce((n, i) => n + i.batch.bytes.length, 0);
    await this.options.rateLimiter?.take(bytes, this.#stop.signal);
    if (this.#stop.signal.aborted) return;
    for (const i of items) i.batch.attempts++;
    // Counted as sent only once a connection to the leader exists (not for attempts that never
    // reached the wire).
    const onWire = () => this.options.hooks?.onSend?.(items.map((i) => i.batch));
    await sendProduce(this.options.cluster, leader, items, this.options.ackTimeoutMs ?? 10_000, onWire);
  }

  #settle(queue: Queue<M>, batch: ProducerBatch<M>, outcome: ItemOutcome): void {
    queue.inFlight = false;
    // After close() outcomes are ignored: the batch stays pending in the caller's checkpoint.
    if (queue.batches[0] !== batch || this.#stop.signal.aborted) return;
    const { cluster, logger, hooks } = this.options;
    if (outcome.kind === "ok") {
      queue.batches.shift();
      queue.backoff.reset();
      queue.retryAt = 0;
      batch.settle({ baseOffset: outcome.baseOffset });
      hooks?.onAck?.(batch, { baseOffset: outcome.baseOffset });
      return;
    }
    if (outcome.maybeDelivered) batch.inDoubt = true;
    if (outcome.kind === "reset") {
      this.requestReset(`${outcome.error} on ${queue.topic}/${queue.partition}`);
      return;
    }
    if (outcome.kind === "split" && batch.records.length > 1 && this.options.splitMeta) {
      const splitMeta = this.options.splitMeta;
      const halves = splitBatch(batch, { compression: this.options.compression, codec: this.codec }, (records, half) => splitMeta(batch, records, half));
      queue.batches.splice(0, 1, ...halves);
      void Promise.all(halves.map((h) => h.done)).then(([a]) => batch.settle(a!), (e) => batch.settle(e));
      logger.warn("upstream refused a batch as too large; split it", { topic: queue.topic, partition: queue.partition, records: batch.records.length });
      return;
    }
    if (outcome.kind === "leader") cluster.invalidate(queue.topic, queue.partition);
    const stuck = outcome.kind === "stuck" || outcome.kind === "split";
    const delay = stuck ? queue.backoff.maxMs : queue.backoff.next();
    queue.retryAt = cluster.clock.now() + delay;
    if (stuck) logger.error("upstream refuses batch; retrying", { topic: queue.topic, partition: queue.partition, error: outcome.error });
    hooks?.onError?.(batch, outcome.error, delay);
  }

  async #refreshMetadata(topics: string[]): Promise<void> {
    try {
      await this.options.cluster.metadata(topics);
    } catch (error) {
      const delay = this.#initBackoff.next();
      this.options.logger.warn("upstream metadata refresh failed", { error: describeError(error), retryInMs: delay });
      for (const q of this.#queues.values()) if (q.batches[0]) this.options.hooks?.onError?.(q.batches[0], describeError(error), delay);
      await sleep(this.options.cluster.clock, delay, this.#stop.signal);
      return;
    }
    this.#initBackoff.reset();
  }

  async #initProducer(): Promise<void> {
    const { cluster, logger, hooks } = this.options;
    try {
      const connection = await cluster.anyConnection();
      const r = await connection.send(ApiKey.InitProducerId, { transactionalId: null, transactionTimeoutMs: 60_000 });
      if (r.errorCode !== 0) throw new KafkaResponseError("InitProducerId", r.errorCode);
      const reason = this.#resetReason ?? "no producer id";
      const previousProducerId = this.#producerId;
      this.#producerId = Number(r.producerId);
      this.#producerEpoch = r.producerEpoch;
      this.#resetReason = undefined;
      this.#initBackoff.reset();
      // A new identity starts every partition's sequence at 0 (KIP-98); re-stamp what is queued.
      let duplicatesPossible = 0;
      this.#sequences = new Map();
      for (const [key, queue] of this.#queues) {
        let sequence = 0;
        for (const b of queue.batches) {
          if (b.inDoubt) duplicatesPossible += b.records.length;
          b.inDoubt = false;
          restamp(b, { producerId: this.#producerId, producerEpoch: this.#producerEpoch, baseSequence: sequence });
          sequence = addSequence(sequence, b.records.length);
        }
        queue.retryAt = 0;
        this.#sequences.set(key, sequence);
      }
      logger.info("producer id assigned", { producerId: this.#producerId, epoch: this.#producerEpoch, reason, duplicatesPossible });
      hooks?.onReset?.({ reason, previousProducerId, producerId: this.#producerId, producerEpoch: this.#producerEpoch, duplicatesPossible });
    } catch (error) {
      const delay = this.#initBackoff.next();
      logger.warn("InitProducerId failed", { error: describeError(error), retryInMs: delay });
      const head = this.unacked()[0];
      if (head) hooks?.onError?.(head, describeError(error), delay);
      await sleep(cluster.clock, delay, this.#stop.signal);
    }
  }
}
