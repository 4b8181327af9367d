/**
 * What an idempotent producer does with each per-partition Produce error code. The table
 * follows Kafka's `Sender`/`TransactionManager` and librdkafka's idempotence handling:
 *
 * - `ok`: appended. DUPLICATE_SEQUENCE_NUMBER (46) also means "already appended" (brokers
 *   before 2.x sent it for a retried batch instead of the original offset).
 * - `reset`: the broker no longer accepts this producer's sequence — UNKNOWN_PRODUCER_ID (59,
 *   its state expired or was lost), OUT_OF_ORDER_SEQUENCE_NUMBER (45), INVALID_PRODUCER_EPOCH
 *   (47), PRODUCER_FENCED (90). The producer drains, takes a new id (InitProducerId) and
 *   re-sequences its unacknowledged batches; any that were in doubt may now be written twice.
 * - `split`: MESSAGE_TOO_LARGE (10) / RECORD_LIST_TOO_LARGE (18) — the broker appended nothing.
 * - `leader`: leadership moved or is unknown; refresh Metadata, then retry the same batch.
 * - `retry-in-doubt`: the broker may have appended before answering (REQUEST_TIMED_OUT 7,
 *   NOT_ENOUGH_REPLICAS_AFTER_APPEND 20); retry with the same sequence.
 * - `retry`: other retriable codes.
 * - `stuck`: not retriable (authorization, invalid records…). A mirror must not drop data, so
 *   the batch is retried slowly and the error reported until an operator fixes the cause.
 *
 * @module
 */
import { ErrorCode, isRetriable } from "../../broker/kafka/errors.ts";

/** The producer's reaction to one partition's error code. */
export type ProduceOutcome = "ok" | "reset" | "split" | "leader" | "retry-in-doubt" | "retry" | "stuck";

const LEADER_CODES: ReadonlySet<number> = new Set([
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.LEADER_NOT_AVAILABLE,
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.FENCED_LEADER_EPOCH,
  ErrorCode.UNKNOWN_LEADER_EPOCH,
  ErrorCode.REPLICA_NOT_AVAILABLE,
]);

/**
 * Classify a per-partition Produce error code.
 *
 * @example
 * ```ts
 * classifyProduceError(ErrorCode.NOT_LEADER_OR_FOLLOWER); // "leader"
 * ```
 */
export function classifyProduceError(code: number): ProduceOutcome {
  switch (code) {
    case ErrorCode.NONE:
    case ErrorCode.DUPLICATE_SEQUENCE_NUMBER:
      return "ok";
    case ErrorCode.UNKNOWN_PRODUCER_ID:
    case ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER:
    case ErrorCode.INVALID_PRODUCER_EPOCH:
    case ErrorCode.PRODUCER_FENCED:
      return "reset";
    case ErrorCode.MESSAGE_TOO_LARGE:
    case ErrorCode.RECORD_LIST_TOO_LARGE:
      return "split";
    case ErrorCode.REQUEST_TIMED_OUT:
    case ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND:
      return "retry-in-doubt";
  }
  if (LEADER_CODES.has(code)) return "leader";
  return isRetriable(code) ? "retry" : "stuck";
}
