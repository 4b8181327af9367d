/**
 * One producer batch: the records bound for one partition, their sequence range and their
 * encoded bytes, plus what the producer knows about earlier attempts.
 *
 * @module
 */
import type { Compression } from "../../broker/kafka/compression/mod.ts";
import type { RecordInput } from "../../broker/log/record_codec.ts";
import { encodeProducerBatch, restampBatch } from "./batch_encoder.ts";

/** A record as the producer takes it: key, value, headers and its original timestamp. */
export type ProducerRecord = RecordInput;

/** Where a batch ended up. */
export interface ProduceAck {
  /** Offset of the first record upstream; -1 when the broker did not say (old duplicate answer). */
  baseOffset: number;
}

/** A batch the producer owns from `enqueue` until it is acknowledged. `M` is the caller's tag. */
export interface ProducerBatch<M> {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly ProducerRecord[];
  readonly meta: M;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  /** Encoded for the current producer id, epoch and sequence. */
  bytes: Uint8Array;
  uncompressedBytes: number;
  /** An earlier attempt may have been appended (timeout, broken connection, restored intent). */
  inDoubt: boolean;
  /** The caller persisted this batch's sequence range (write-ahead) for the current stamp. */
  intentWritten: boolean;
  attempts: number;
  /** Settles with the ack; rejects only when the producer is closed first. */
  readonly done: Promise<ProduceAck>;
  /** @internal */ settle(ack: ProduceAck | Error): void;
}

/** Encoding settings shared by every batch of one producer. */
export interface BatchEncoding {
  compression: Compression;
  codec: number;
}

/** A new batch; the producer calls this from `enqueue`. */
export function createBatch<M>(
  topic: string,
  partition: number,
  records: readonly ProducerRecord[],
  meta: M,
  stamp: { producerId: number; producerEpoch: number; baseSequence: number },
  encoding: BatchEncoding,
): ProducerBatch<M> {
  const encoded = encodeProducerBatch(records, encoding.compression, encoding.codec, stamp);
  let settle!: (ack: ProduceAck | Error) => void;
  const done = new Promise<ProduceAck>((resolve, reject) => {
    settle = (ack) => (ack instanceof Error ? reject(ack) : resolve(ack));
  });
  done.catch(() => {}); // nobody has to listen
  return {
    topic,
    partition,
    records,
    meta,
    ...stamp,
    bytes: encoded.bytes,
    uncompressedBytes: encoded.uncompressedBytes,
    inDoubt: false,
    intentWritten: false,
    attempts: 0,
    done,
    settle,
  };
}

/** Give `batch` a new producer identity and sequence (after a producer reset). */
export function restamp<M>(batch: ProducerBatch<M>, stamp: { producerId: number; producerEpoch: number; baseSequence: number }): void {
  batch.producerId = stamp.producerId;
  batch.producerEpoch = stamp.producerEpoch;
  batch.baseSequence = stamp.baseSequence;
  batch.bytes = restampBatch(batch.bytes, stamp);
  batch.intentWritten = false;
}

/**
 * Split a batch the broker refused as too large into two halves with consecutive sequences.
 * The broker appended nothing, so the halves are not in doubt; both settle the original's
 * promise only through their own acks (the caller tracks them via `meta`).
 */
export function splitBatch<M>(batch: ProducerBatch<M>, encoding: BatchEncoding, metaOf: (records: readonly ProducerRecord[], half: 0 | 1) => M): [ProducerBatch<M>, ProducerBatch<M>] {
  const mid = Math.ceil(batch.records.length / 2);
  const first = batch.records.slice(0, mid), second = batch.records.slice(mid);
  const stamp = { producerId: batch.producerId, producerEpoch: batch.producerEpoch };
  return [
    createBatch(batch.topic, batch.partition, first, metaOf(first, 0), { ...stamp, baseSequence: batch.baseSequence }, encoding),
    createBatch(batch.topic, batch.partition, second, metaOf(second, 1), { ...stamp, baseSequence: batch.baseSequence + first.length }, encoding),
  ];
}
