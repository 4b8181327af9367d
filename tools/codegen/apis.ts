/**
 * The APIs Tributary generates codecs for: the broker's server set plus what the bridge's
 * upstream client sends. Every version in each schema's validVersions is generated, v0
 * included (kafka-python 2.0.2 and older librdkafka still send old versions).
 *
 * @module
 */

/** API keys with generated request and response codecs, ascending. */
export const GENERATED_API_KEYS: readonly number[] = [
  0, // Produce
  1, // Fetch
  2, // ListOffsets
  3, // Metadata
  8, // OffsetCommit
  9, // OffsetFetch
  10, // FindCoordinator
  11, // JoinGroup
  12, // Heartbeat
  13, // LeaveGroup
  14, // SyncGroup
  15, // DescribeGroups
  16, // ListGroups
  17, // SaslHandshake
  18, // ApiVersions
  19, // CreateTopics
  20, // DeleteTopics
  21, // DeleteRecords
  22, // InitProducerId
  23, // OffsetForLeaderEpoch
  32, // DescribeConfigs
  33, // AlterConfigs
  35, // DescribeLogDirs
  36, // SaslAuthenticate
  37, // CreatePartitions
  42, // DeleteGroups
  44, // IncrementalAlterConfigs
  47, // OffsetDelete
  60, // DescribeCluster
  61, // DescribeProducers
];

/**
 * Non-API schemas ("type": "data") generated too: the consumer protocol's subscription and
 * assignment, carried as opaque bytes in JoinGroup/SyncGroup metadata. On the wire they
 * start with an int16 version, which the caller reads or writes before the body.
 */
export const GENERATED_DATA_SCHEMAS: readonly string[] = [
  "ConsumerProtocolSubscription",
  "ConsumerProtocolAssignment",
];

/** Where generated files go, relative to the project root. */
export const OUTPUT_DIR = "broker/kafka/protocol/generated";

/** `OffsetForLeaderEpochRequest` → `offset_for_leader_epoch_request`. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}
