/**
 * The idempotent producer's settings, hooks and persisted identity (types only).
 *
 * @module
 */
import type { Compression } from "../../broker/kafka/compression/mod.ts";
import type { Logger } from "../../broker/observe/logger.ts";
import type { BackoffOptions } from "./backoff.ts";
import type { KafkaCluster } from "./cluster.ts";
import type { ProduceAck, ProducerBatch, ProducerRecord } from "./producer_batch.ts";
import type { RateLimiter } from "./token_bucket.ts";

/** Callbacks through which the caller persists and observes progress. */
export interface ProducerHooks<M> {
  /** Awaited before batches are first sent with their current stamp (write-ahead intent). */
  beforeSend?(batches: readonly ProducerBatch<M>[]): Promise<void>;
  /** A batch was acknowledged (already removed from the queue). */
  onAck?(batch: ProducerBatch<M>, ack: ProduceAck): void;
  /** A request carrying `batches` was handed to the connection. */
  onSend?(batches: readonly ProducerBatch<M>[]): void;
  /** A send failed; the batch will be retried after `retryInMs`. */
  onError?(batch: ProducerBatch<M>, error: string, retryInMs: number): void;
  /** The producer took a new id; `duplicatesPossible` records of in-doubt batches were resent at-least-once. */
  onReset?(event: { reason: string; previousProducerId: number; producerId: number; producerEpoch: number; duplicatesPossible: number }): void;
}

/** Producer settings. */
export interface ProducerOptions<M> {
  cluster: KafkaCluster;
  compression: Compression;
  /** Kafka codec id: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd (default). */
  codec?: number;
  /** How long the broker may wait for replication before answering (Produce `timeoutMs`). Default 10 000. */
  ackTimeoutMs?: number;
  /** Upper bound on one Produce request's record bytes. Default 8 MiB. */
  maxRequestBytes?: number;
  backoff?: BackoffOptions;
  rateLimiter?: RateLimiter | undefined;
  hooks?: ProducerHooks<M>;
  /**
   * Tag for each half when a batch the broker refused as too large is split. Without it such a
   * batch is retried (and reported) until the upstream limit is raised.
   */
  splitMeta?: (batch: ProducerBatch<M>, records: readonly ProducerRecord[], half: 0 | 1) => M;
  logger: Logger;
}

/** The producer identity and next sequences, as the checkpoint stores them. */
export interface ProducerIdentity {
  producerId: number;
  producerEpoch: number;
  /** Next sequence per `topic/partition`. */
  sequences: ReadonlyMap<string, number>;
}
