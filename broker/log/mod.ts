/**
 * The partitioned log: Kafka RecordBatch v2 segments with sparse indexes, group commit,
 * bounded recovery, retention with a disk budget, and compaction.
 *
 * @example
 * ```ts
 * const logs = await createLogManager({
 *   fs: runtime.fs, dataDir: "data", durability: { policy: "group-commit", intervalMs: 0 },
 *   defaults: DEFAULT_TOPIC_CONFIG, defaultPartitions: 1, autoCreateTopics: true,
 *   logger, metrics, processIo: () => runtime.processIo(),
 * });
 * await logs.ensureTopic("sensor-temp");
 * const log = await logs.partition("sensor-temp", 0);
 * await log!.append(buildRecordBatch([{ timestamp: Date.now(), key: null, value: bytes }]));
 * ```
 *
 * @module
 */
export type * from "./types.ts";
export * from "./errors.ts";
export { createLogManager, CLEAN_SHUTDOWN_FILE, type FileLogManager, type LogManagerOptions } from "./log_manager.ts";
export { buildRecordBatch, decodeAllRecords, decodeRecords, type BuildOptions, type Decompressor, type RecordInput } from "./record_codec.ts";
export * from "./record_batch.ts";
export type { FilePartitionLog } from "./partition_log.ts";
export { crc32c } from "./crc32c.ts";
export { DEFAULT_TOPIC_CONFIG, validateTopicConfig, validateTopicName } from "../topics/mod.ts";
