// generated — do not edit. Source: the generator's API list (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import { decodeProduceRequest } from "./produce_request.ts";
import { encodeProduceResponse } from "./produce_response.ts";
import { decodeFetchRequest } from "./fetch_request.ts";
import { encodeFetchResponse } from "./fetch_response.ts";
import { decodeListOffsetsRequest } from "./list_offsets_request.ts";
import { encodeListOffsetsResponse } from "./list_offsets_response.ts";
import { decodeMetadataRequest } from "./metadata_request.ts";
import { encodeMetadataResponse } from "./metadata_response.ts";
import { decodeOffsetCommitRequest } from "./offset_commit_request.ts";
import { encodeOffsetCommitResponse } from "./offset_commit_response.ts";
import { decodeOffsetFetchRequest } from "./offset_fetch_request.ts";
import { encodeOffsetFetchResponse } from "./offset_fetch_response.ts";
import { decodeFindCoordinatorRequest } from "./find_coordinator_request.ts";
import { encodeFindCoordinatorResponse } from "./find_coordinator_response.ts";
import { decodeJoinGroupRequest } from "./join_group_request.ts";
import { encodeJoinGroupResponse } from "./join_group_response.ts";
import { decodeHeartbeatRequest } from "./heartbeat_request.ts";
import { encodeHeartbeatResponse } from "./heartbeat_response.ts";
import { decodeLeaveGroupRequest } from "./leave_group_request.ts";
import { encodeLeaveGroupResponse } from "./leave_group_response.ts";
import { decodeSyncGroupRequest } from "./sync_group_request.ts";
import { encodeSyncGroupResponse } from "./sync_group_response.ts";
import { decodeDescribeGroupsRequest } from "./describe_groups_request.ts";
import { encodeDescribeGroupsResponse } from "./describe_groups_response.ts";
import { decodeListGroupsRequest } from "./list_groups_request.ts";
import { encodeListGroupsResponse } from "./list_groups_response.ts";
import { decodeSaslHandshakeRequest } from "./sasl_handshake_request.ts";
import { encodeSaslHandshakeResponse } from "./sasl_handshake_response.ts";
import { decodeApiVersionsRequest } from "./api_versions_request.ts";
import { encodeApiVersionsResponse } from "./api_versions_response.ts";
import { decodeCreateTopicsRequest } from "./create_topics_request.ts";
import { encodeCreateTopicsResponse } from "./create_topics_response.ts";
import { decodeDeleteTopicsRequest } from "./delete_topics_request.ts";
import { encodeDeleteTopicsResponse } from "./delete_topics_response.ts";
import { decodeDeleteRecordsRequest } from "./delete_records_request.ts";
import { encodeDeleteRecordsResponse } from "./delete_records_response.ts";
import { decodeInitProducerIdRequest } from "./init_producer_id_request.ts";
import { encodeInitProducerIdResponse } from "./init_producer_id_response.ts";
import { decodeOffsetForLeaderEpochRequest } from "./offset_for_leader_epoch_request.ts";
import { encodeOffsetForLeaderEpochResponse } from "./offset_for_leader_epoch_response.ts";
import { decodeDescribeConfigsRequest } from "./describe_configs_request.ts";
import { encodeDescribeConfigsResponse } from "./describe_configs_response.ts";
import { decodeAlterConfigsRequest } from "./alter_configs_request.ts";
import { encodeAlterConfigsResponse } from "./alter_configs_response.ts";
import { decodeDescribeLogDirsRequest } from "./describe_log_dirs_request.ts";
import { encodeDescribeLogDirsResponse } from "./describe_log_dirs_response.ts";
import { decodeSaslAuthenticateRequest } from "./sasl_authenticate_request.ts";
import { encodeSaslAuthenticateResponse } from "./sasl_authenticate_response.ts";
import { decodeCreatePartitionsRequest } from "./create_partitions_request.ts";
import { encodeCreatePartitionsResponse } from "./create_partitions_response.ts";
import { decodeDeleteGroupsRequest } from "./delete_groups_request.ts";
import { encodeDeleteGroupsResponse } from "./delete_groups_response.ts";
import { decodeIncrementalAlterConfigsRequest } from "./incremental_alter_configs_request.ts";
import { encodeIncrementalAlterConfigsResponse } from "./incremental_alter_configs_response.ts";
import { decodeOffsetDeleteRequest } from "./offset_delete_request.ts";
import { encodeOffsetDeleteResponse } from "./offset_delete_response.ts";
import { decodeDescribeClusterRequest } from "./describe_cluster_request.ts";
import { encodeDescribeClusterResponse } from "./describe_cluster_response.ts";
import { decodeDescribeProducersRequest } from "./describe_producers_request.ts";
import { encodeDescribeProducersResponse } from "./describe_producers_response.ts";

/**
 * The broker's half of every generated API, by api key: decode the request, encode the
 * response. Versions are the schema's validVersions.
 */
export const BROKER_CODECS = {
  0: {
    name: "Produce",
    minVersion: 0,
    maxVersion: 11,
    decodeRequest: decodeProduceRequest,
    encodeResponse: encodeProduceResponse,
  },
  1: {
    name: "Fetch",
    minVersion: 0,
    maxVersion: 17,
    decodeRequest: decodeFetchRequest,
    encodeResponse: encodeFetchResponse,
  },
  2: {
    name: "ListOffsets",
    minVersion: 0,
    maxVersion: 10,
    decodeRequest: decodeListOffsetsRequest,
    encodeResponse: encodeListOffsetsResponse,
  },
  3: {
    name: "Metadata",
    minVersion: 0,
    maxVersion: 12,
    decodeRequest: decodeMetadataRequest,
    encodeResponse: encodeMetadataResponse,
  },
  8: {
    name: "OffsetCommit",
    minVersion: 0,
    maxVersion: 9,
    decodeRequest: decodeOffsetCommitRequest,
    encodeResponse: encodeOffsetCommitResponse,
  },
  9: {
    name: "OffsetFetch",
    minVersion: 0,
    maxVersion: 9,
    decodeRequest: decodeOffsetFetchRequest,
    encodeResponse: encodeOffsetFetchResponse,
  },
  10: {
    name: "FindCoordinator",
    minVersion: 0,
    maxVersion: 6,
    decodeRequest: decodeFindCoordinatorRequest,
    encodeResponse: encodeFindCoordinatorResponse,
  },
  11: {
    name: "JoinGroup",
    minVersion: 0,
    maxVersion: 9,
    decodeRequest: decodeJoinGroupRequest,
    encodeResponse: encodeJoinGroupResponse,
  },
  12: {
    name: "Heartbeat",
    minVersion: 0,
    maxVersion: 4,
    decodeRequest: decodeHeartbeatRequest,
    encodeResponse: encodeHeartbeatResponse,
  },
  13: {
    name: "LeaveGroup",
    minVersion: 0,
    maxVersion: 5,
    decodeRequest: decodeLeaveGroupRequest,
    encodeResponse: encodeLeaveGroupResponse,
  },
  14: {
    name: "SyncGroup",
    minVersion: 0,
    maxVersion: 5,
    decodeRequest: decodeSyncGroupRequest,
    encodeResponse: encodeSyncGroupResponse,
  },
  15: {
    name: "DescribeGroups",
    minVersion: 0,
    maxVersion: 5,
    decodeRequest: decodeDescribeGroupsRequest,
    encodeResponse: encodeDescribeGroupsResponse,
  },
  16: {
    name: "ListGroups",
    minVersion: 0,
    maxVersion: 5,
    decodeRequest: decodeListGroupsRequest,
    encodeResponse: encodeListGroupsResponse,
  },
  17: {
    name: "SaslHandshake",
    minVersion: 0,
    maxVersion: 1,
    decodeRequest: decodeSaslHandshakeRequest,
    encodeResponse: encodeSaslHandshakeResponse,
  },
  18: {
    name: "ApiVersions",
    minVersion: 0,
    maxVersion: 4,
    decodeRequest: decodeApiVersionsRequest,
    encodeResponse: encodeApiVersionsResponse,
  },
  19: {
    name: "CreateTopics",
    minVersion: 0,
    maxVersion: 7,
    decodeRequest: decodeCreateTopicsRequest,
    encodeResponse: encodeCreateTopicsResponse,
  },
  20: {
    name: "DeleteTopics",
    minVersion: 0,
    maxVersion: 6,
    decodeRequest: decodeDeleteTopicsRequest,
    encodeResponse: encodeDeleteTopicsResponse,
  },
  21: {
    name: "DeleteRecords",
    minVersion: 0,
    maxVersion: 2,
    decodeRequest: decodeDeleteRecordsRequest,
    encodeResponse: encodeDeleteRecordsResponse,
  },
  22: {
    name: "InitProducerId",
    minVersion: 0,
    maxVersion: 5,
    decodeRequest: decodeInitProducerIdRequest,
    encodeResponse: encodeInitProducerIdResponse,
  },
  23: {
    name: "OffsetForLeaderEpoch",
    minVersion: 0,
    maxVersion: 4,
    decodeRequest: decodeOffsetForLeaderEpochRequest,
    encodeResponse: encodeOffsetForLeaderEpochResponse,
  },
  32: {
    name: "DescribeConfigs",
    minVersion: 0,
    maxVersion: 4,
    decodeRequest: decodeDescribeConfigsRequest,
    encodeResponse: encodeDescribeConfigsResponse,
  },
  33: {
    name: "AlterConfigs",
    minVersion: 0,
    maxVersion: 2,
    decodeRequest: decodeAlterConfigsRequest,
    encodeResponse: encodeAlterConfigsResponse,
  },
  35: {
    name: "DescribeLogDirs",
    minVersion: 0,
    maxVersion: 4,
    decodeRequest: decodeDescribeLogDirsRequest,
    encodeResponse: encodeDescribeLogDirsResponse,
  },
  36: {
    name: "SaslAuthenticate",
    minVersion: 0,
    maxVersion: 2,
    decodeRequest: decodeSaslAuthenticateRequest,
    encodeResponse: encodeSaslAuthenticateResponse,
  },
  37: {
    name: "CreatePartitions",
    minVersion: 0,
    maxVersion: 3,
    decodeRequest: decodeCreatePartitionsRequest,
    encodeResponse: encodeCreatePartitionsResponse,
  },
  42: {
    name: "DeleteGroups",
    minVersion: 0,
    maxVersion: 2,
    decodeRequest: decodeDeleteGroupsRequest,
    encodeResponse: encodeDeleteGroupsResponse,
  },
  44: {
    name: "IncrementalAlterConfigs",
    minVersion: 0,
    maxVersion: 1,
    decodeRequest: decodeIncrementalAlterConfigsRequest,
    encodeResponse: encodeIncrementalAlterConfigsResponse,
  },
  47: {
    name: "OffsetDelete",
    minVersion: 0,
    maxVersion: 0,
    decodeRequest: decodeOffsetDeleteRequest,
    encodeResponse: encodeOffsetDeleteResponse,
  },
  60: {
    name: "DescribeCluster",
    minVersion: 0,
    maxVersion: 1,
    decodeRequest: decodeDescribeClusterRequest,
    encodeResponse: encodeDescribeClusterResponse,
  },
  61: {
    name: "DescribeProducers",
    minVersion: 0,
    maxVersion: 0,
    decodeRequest: decodeDescribeProducersRequest,
    encodeResponse: encodeDescribeProducersResponse,
  },
} as const;

/** An api key with generated codecs. */
export type BrokerApiKey = keyof typeof BROKER_CODECS;
