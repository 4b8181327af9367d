/**
 * The classic consumer group coordinator: JoinGroup/SyncGroup/Heartbeat/LeaveGroup state
 * machine, group listing and deletion, committed offsets persisted in `__consumer_offsets`,
 * and lag. No sockets here: the Kafka handlers translate wire messages to these calls.
 *
 * @module
 */
export { GroupCoordinator, type GroupCoordinatorOptions, type LeaveGroupResult } from "./coordinator.ts";
export { Group, type Member } from "./group.ts";
export { groupLag, type PartitionLag } from "./lag.ts";
export {
  commitOffsets,
  deleteOffsets,
  type FetchedOffset,
  fetchOffsets,
  type OffsetCommitRequest,
  parseSubscriptionTopics,
  type PartitionError,
} from "./offset_ops.ts";
export { DEFAULT_OFFSETS_RETENTION_MS, expireOffsets } from "./retention.ts";
export { OFFSETS_TOPIC, OffsetStore, type OffsetStoreOptions } from "./offset_store.ts";
export type { CommittedOffset, StoredGroupMetadata } from "./offsets_codec.ts";
export * from "./types.ts";
