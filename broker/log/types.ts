/**
 * Contracts of the partitioned log, shared by the Kafka port, the MQTT ingest and the bridge.
 *
 * Offsets and timestamps are JS numbers (exact below 2^53, far beyond any gateway's log);
 * the wire codecs convert to and from int64 at the edges.
 *
 * @module
 */

/** How appends reach the device before they are acknowledged. */
export type DurabilityPolicy =
  /** Appends arriving together share one fdatasync; the append resolves after it. Default. */
  | "group-commit"
  /** fdatasync every `intervalMs`; the append resolves after the write(2). */
  | "interval"
  /** Page cache only (Kafka's default); the append resolves after the write(2). */
  | "none";

export type CleanupPolicy = "delete" | "compact" | "compact,delete";
export type TimestampType = "CreateTime" | "LogAppendTime";

/** Per-topic configuration, Kafka's names and meanings. */
export interface TopicConfig {
  "retention.ms": number; // -1 = keep forever
  "retention.bytes": number; // per partition, -1 = unlimited
  "segment.bytes": number;
  "segment.ms": number;
  "cleanup.policy": CleanupPolicy;
  "max.message.bytes": number; // largest record batch accepted
  "message.timestamp.type": TimestampType;
  /** Compacted topics: how long tombstones stay readable (Kafka default 1 day). Optional: added later. */
  "delete.retention.ms"?: number;
}

export interface TopicMetadata {
  name: string;
  /** 16 random bytes, stable for the topic's life (Metadata v10+, Fetch v13+). */
  id: Uint8Array;
  partitions: number;
  config: TopicConfig;
  /** Internal topics (consumer offsets, MQTT state) are hidden from default listings. */
  internal: boolean;
}

export interface AppendResult {
  /** Offset assigned to the first record of the first batch. */
  baseOffset: number;
  /** Offset of the last record appended. */
  lastOffset: number;
  /** Broker time when LogAppendTime applies, else -1. */
  logAppendTime: number;
  /** Log start offset after the append. */
  logStartOffset: number;
}

/** Options of {@link PartitionLog.append}. */
export interface AppendOptions {
  /**
   * The bytes were built in this process by `buildRecordBatch` (e.g. the MQTT ingest), which
   * just computed their CRC: skip re-checking it (lengths and magic are still checked). The CRC
   * check is the largest CPU cost of an append (~1 GB/s in JS). Never set it for client bytes.
   */
  trusted?: boolean;
}

export interface ReadResult {
  /**
   * Whole RecordBatch v2 byte runs exactly as stored. The first batch is the one containing the
   * requested offset (clients skip records before it). At least one batch is returned when one
   * exists at or after the offset, even if larger than `maxBytes` (KIP-74).
   */
  bytes: Uint8Array;
  highWatermark: number;
  logStartOffset: number;
}

/** One partition's log. All appends go through one queue, so offsets stay monotonic. */
export interface PartitionLog {
  readonly topic: string;
  readonly partition: number;
  /** First offset still in the log. */
  readonly logStartOffset: number;
  /** Next offset to be assigned (log end offset). */
  readonly logEndOffset: number;
  /**
   * Offset up to which records are visible to readers: under group-commit the durable end,
   * otherwise the log end. Readers never see a record that a crash could take back.
   */
  readonly highWatermark: number;
  /**
   * The log end offset when the partition was opened, after recovery. A reader's saved position
   * beyond it (a bridge checkpoint) means a power cut took the log's tail back.
   */
  readonly openedEndOffset?: number;
  /**
   * Append concatenated RecordBatch v2 bytes. Validates each batch (magic, length, CRC-32C,
   * size limit), assigns offsets by rewriting only the header fields ahead of the CRC, and
   * resolves once the durability policy is met. Rejects with `CorruptRecordError` or
   * `RecordTooLargeError` before anything is written.
   */
  append(batches: Uint8Array, options?: AppendOptions): Promise<AppendResult>;
  read(offset: number, maxBytes: number): Promise<ReadResult>;
  /** First offset whose timestamp is ≥ `timestamp`, or `null` when none is. */
  offsetForTimestamp(timestamp: number): Promise<{ offset: number; timestamp: number } | null>;
  /** Largest timestamp in the log and its offset (ListOffsets -3, KIP-734), or `null` if empty. */
  maxTimestamp(): Promise<{ offset: number; timestamp: number } | null>;
  /** Advance the log start offset (DeleteRecords). Returns the new log start offset. */
  deleteRecordsBefore(offset: number): Promise<number>;
  /** Called with the new high watermark whenever it moves. Returns an unsubscribe function. */
  onHighWatermark(listener: (highWatermark: number) => void): () => void;
}

/** One record as producers and consumers see it (inside a RecordBatch). */
export interface LogRecord {
  /** Absolute offset; set when read from the log, ignored when building a batch. */
  offset: number;
  /** ms since the epoch. */
  timestamp: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: RecordHeader[];
}

export interface RecordHeader {
  key: string;
  value: Uint8Array | null;
}

/** Options for creating a topic; unset configs take the broker's defaults. */
export interface CreateTopicOptions {
  partitions: number;
  config?: Partial<TopicConfig>;
  internal?: boolean;
}

/**
 * All topics and partitions under one data directory. Recovery happens in `open()`; partitions
 * open lazily on first use so start-up does not grow with the number of segments.
 */
export interface LogManager {
  getTopic(name: string): TopicMetadata | undefined;
  listTopics(options?: { includeInternal?: boolean }): TopicMetadata[];
  /** Rejects with `TopicExistsError`, `InvalidTopicError` or `InvalidConfigError`. */
  createTopic(name: string, options: CreateTopicOptions): Promise<TopicMetadata>;
  /**
   * The topic, auto-created with `partitions` (or the broker default) when missing and
   * auto-creation is on; rejects with `UnknownTopicError` otherwise.
   */
  ensureTopic(name: string, partitions?: number): Promise<TopicMetadata>;
  deleteTopic(name: string): Promise<void>;
  /** Grow a topic to `totalPartitions` (never shrink). */
  createPartitions(name: string, totalPartitions: number): Promise<void>;
  alterTopicConfig(name: string, changes: Partial<TopicConfig>): Promise<void>;
  /** The partition's log, opened on first use; `undefined` when topic or partition is unknown. */
  partition(topic: string, partition: number): Promise<PartitionLog | undefined>;
  /**
   * Offsets below which retention may not delete without the disk budget forcing it
   * (the bridge registers its unmirrored positions here). Returns an unregister function.
   */
  addRetentionFloor(floor: (topic: string, partition: number) => number | undefined): () => void;
  /** Partitions whose last write failed (disk full, I/O error), for `/readyz`. Optional for fakes. */
  storageHealth?(): StorageHealth;
  /** Flush, fsync and write the clean-shutdown marker. */
  close(): Promise<void>;
}

/** What `/readyz` reports about storage: healthy, or the partitions that cannot write. */
export interface StorageHealth {
  ok: boolean;
  failing: Array<{ topic: string; partition: number; kind: string; error: string; fenced: boolean }>;
}
