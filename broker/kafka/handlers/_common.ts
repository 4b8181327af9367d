/**
 * Helpers shared by handlers: log errors → Kafka error codes, topic ids, bigint offsets.
 *
 * @module
 */
import type { TopicMetadata } from "../../log/types.ts";
import { ErrorCode } from "../errors.ts";
import { uuidToString, ZERO_UUID } from "../protocol/uuid.ts";

/** Kafka error code for an error raised by the log (by class name, so no import cycles). */
export function logErrorCode(error: unknown): number {
  const name = error instanceof Error ? error.name : "";
  switch (name) {
    case "UnknownTopicError":
      return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    case "TopicExistsError":
      return ErrorCode.TOPIC_ALREADY_EXISTS;
    case "InvalidTopicError":
      return ErrorCode.INVALID_TOPIC_EXCEPTION;
    case "InvalidConfigError":
      return ErrorCode.INVALID_CONFIG;
    case "InvalidPartitionsError":
      return ErrorCode.INVALID_PARTITIONS;
    case "TopicLimitError": // limits.maxTopics / maxPartitions, like a CreateTopicPolicy refusal
      return ErrorCode.POLICY_VIOLATION;
    case "CorruptRecordError":
      return ErrorCode.CORRUPT_MESSAGE;
    case "RecordTooLargeError":
      return ErrorCode.MESSAGE_TOO_LARGE;
    case "OffsetOutOfRangeError":
      return ErrorCode.OFFSET_OUT_OF_RANGE;
    case "StorageError":
      return ErrorCode.KAFKA_STORAGE_ERROR;
    default:
      return ErrorCode.UNKNOWN_SERVER_ERROR;
  }
}

/** The message of an error for the optional error-message fields. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A topic's id in Kafka's text form. */
export function topicIdOf(topic: TopicMetadata | undefined): string {
  return topic ? uuidToString(topic.id, 0) : ZERO_UUID;
}

/** Find a topic by its id (Fetch v13+, Metadata v10+ lookups by id). */
export function topicById(topics: readonly TopicMetadata[], id: string): TopicMetadata | undefined {
  return topics.find((t) => uuidToString(t.id, 0) === id);
}

/** int64 wire value → JS number (offsets and timestamps stay far below 2^53). */
export const num = (v: bigint): number => Number(v);
/** JS number → int64 wire value. */
export const big = (v: number): bigint => BigInt(v);

/** Kafka's legal topic names: 1-249 chars of [a-zA-Z0-9._-], not "." or "..". */
export function isValidTopicName(name: string): boolean {
  return name.length > 0 && name.length <= 249 && name !== "." && name !== ".." && /^[a-zA-Z0-9._-]+$/.test(name);
}
