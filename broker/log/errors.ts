/**
 * Error classes of the log that callers catch and map to protocol errors
 * (Kafka error codes, MQTT reason codes). Each carries `name` and an optional `cause`.
 *
 * @module
 */

/** Base class so callers can tell log errors from programming errors. */
export class LogError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LogError";
  }
}

/** The topic does not exist (and auto-creation is off). Kafka: UNKNOWN_TOPIC_OR_PARTITION. */
export class UnknownTopicError extends LogError {
  constructor(readonly topic: string, options?: { cause?: unknown }) {
    super(`unknown topic "${topic}"`, options);
    this.name = "UnknownTopicError";
  }
}

/** A topic with this name exists already. Kafka: TOPIC_ALREADY_EXISTS. */
export class TopicExistsError extends LogError {
  constructor(readonly topic: string, options?: { cause?: unknown }) {
    super(`topic "${topic}" already exists`, options);
    this.name = "TopicExistsError";
  }
}

/** The topic name breaks Kafka's rules. Kafka: INVALID_TOPIC_EXCEPTION. */
export class InvalidTopicError extends LogError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InvalidTopicError";
  }
}

/** A topic config key or value is not acceptable. Kafka: INVALID_CONFIG. */
export class InvalidConfigError extends LogError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InvalidConfigError";
  }
}

/** Partition count that cannot be applied. Kafka: INVALID_PARTITIONS. */
export class InvalidPartitionsError extends LogError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InvalidPartitionsError";
  }
}

/** A RecordBatch failed validation (length, magic, CRC-32C). Kafka: CORRUPT_MESSAGE. */
export class CorruptRecordError extends LogError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CorruptRecordError";
  }
}

/** A batch is larger than `max.message.bytes` or `segment.bytes`. Kafka: MESSAGE_TOO_LARGE. */
export class RecordTooLargeError extends LogError {
  constructor(readonly size: number, readonly limit: number, options?: { cause?: unknown }) {
    super(`record batch of ${size} bytes exceeds the limit of ${limit} bytes`, options);
    this.name = "RecordTooLargeError";
  }
}

/** Fetch/ListOffsets outside [logStartOffset, logEndOffset]. Kafka: OFFSET_OUT_OF_RANGE. */
export class OffsetOutOfRangeError extends LogError {
  constructor(
    readonly offset: number,
    readonly logStartOffset: number,
    readonly logEndOffset: number,
    options?: { cause?: unknown },
  ) {
    super(`offset ${offset} is outside [${logStartOffset}, ${logEndOffset}]`, options);
    this.name = "OffsetOutOfRangeError";
  }
}

/**
 * What went wrong with the device (the `kind` label of `tributary_log_storage_errors_total`):
 * `no_space` ENOSPC/EDQUOT, `read_only` EROFS/EACCES/EPERM, `fsync` a failed fsync/fdatasync
 * (the unsynced data is treated as lost), `write` any other failed write or truncate, `fenced`
 * an append refused because the partition has not recovered from an earlier failure.
 */
export type StorageErrorKind = "no_space" | "read_only" | "fsync" | "write" | "fenced";

/** The storage kind an errno-style `code` means for a write (`fsync` is decided by the caller). */
export function storageKindOf(cause: unknown): StorageErrorKind {
  const code = typeof cause === "object" && cause !== null ? (cause as { code?: unknown }).code : undefined;
  if (code === "ENOSPC" || code === "EDQUOT") return "no_space";
  if (code === "EROFS" || code === "EACCES" || code === "EPERM") return "read_only";
  // Deno reports EACCES/EPERM as PermissionDenied without a code.
  if ((cause as { name?: unknown } | null)?.name === "PermissionDenied") return "read_only";
  return "write";
}

/**
 * The device refused a write or an fsync, or the partition is fenced after such a failure.
 * Never retried silently: an fsync failure means the page cache may have dropped the data.
 * Kafka: KAFKA_STORAGE_ERROR.
 */
export class StorageError extends LogError {
  readonly kind: StorageErrorKind;
  constructor(message: string, options?: { cause?: unknown; kind?: StorageErrorKind }) {
    super(message, options);
    this.name = "StorageError";
    this.kind = options?.kind ?? storageKindOf(options?.cause);
  }
}
