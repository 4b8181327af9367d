// generated — do not edit. Source: the generator's API list (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import { encodeProduceRequest } from "./produce_request.ts";
import { decodeProduceResponse } from "./produce_response.ts";
import { encodeFetchRequest } from "./fetch_request.ts";
import { decodeFetchResponse } from "./fetch_response.ts";
import { encodeListOffsetsRequest } from "./list_offsets_request.ts";
import { decodeListOffsetsResponse } from "./list_offsets_response.ts";
import { encodeMetadataRequest } from "./metadata_request.ts";
import { decodeMetadataResponse } from "./metadata_response.ts";
import { encodeOffsetCommitRequest } from "./offset_commit_request.ts";
import { decodeOffsetCommitResponse } from "./offset_commit_response.ts";
import { encodeOffsetFetchRequest } from "./offset_fetch_request.ts";
import { decodeOffsetFetchResponse } from "./offset_fetch_response.ts";
import { encodeFindCoordinatorRequest } from "./find_coordinator_request.ts";
import { decodeFindCoordinatorResponse } from "./find_coordinator_response.ts";
import { encodeJoinGroupRequest } from "./join_group_request.ts";
import { decodeJoinGroupResponse } from "./join_group_response.ts";
import { encodeHeartbeatRequest } from "./heartbeat_request.ts";
import { decodeHeartbeatResponse } from "./heartbeat_response.ts";
import { encodeLeaveGroupRequest } from "./leave_group_request.ts";
import { decodeLeaveGroupResponse } from "./leave_group_response.ts";
import { encodeSyncGroupRequest } from "./sync_group_request.ts";
import { decodeSyncGroupResponse } from "./sync_group_response.ts";
import { encodeDescribeGroupsRequest } from "./describe_groups_request.ts";
import { decodeDescribeGroupsResponse } from "./describe_groups_response.ts";
import { encodeListGroupsRequest } from "./list_groups_request.ts";
import { decodeListGroupsResponse } from "./list_groups_response.ts";
import { encodeSaslHandshakeRequest } from "./sasl_handshake_request.ts";
import { decodeSaslHandshakeResponse } from "./sasl_handshake_response.ts";
import { encodeApiVersionsRequest } from "./api_versions_request.ts";
import { decodeApiVersionsResponse } from "./api_versions_response.ts";
import { encodeCreateTopicsRequest } from "./create_topics_request.ts";
import { decodeCreateTopicsResponse } from "./create_topics_response.ts";
import { encodeDeleteTopicsRequest } from "./delete_topics_request.ts";
import { decodeDeleteTopicsResponse } from "./delete_topics_response.ts";
import { encodeDeleteRecordsRequest } from "./delete_records_request.ts";
import { decodeDeleteRecordsResponse } from "./delete_records_response.ts";
import { encodeInitProducerIdRequest } from "./init_producer_id_request.ts";
import { decodeInitProducerIdResponse } from "./init_producer_id_response.ts";
import { encodeOffsetForLeaderEpochRequest } from "./offset_for_leader_epoch_request.ts";
import { decodeOffsetForLeaderEpochResponse } from "./offset_for_leader_epoch_response.ts";
import { encodeDescribeConfigsRequest } from "./describe_configs_request.ts";
import { decodeDescribeConfigsResponse } from "./describe_configs_response.ts";
import { encodeAlterConfigsRequest } from "./alter_configs_request.ts";
import { decodeAlterConfigsResponse } from "./alter_configs_response.ts";
import { encodeDescribeLogDirsRequest } from "./describe_log_dirs_request.ts";
import { decodeDescribeLogDirsResponse } from "./describe_log_dirs_response.ts";
import { encodeSaslAuthenticateRequest } from "./sasl_authenticate_request.ts";
import { decodeSaslAuthenticateResponse } from "./sasl_authenticate_response.ts";
import { encodeCreatePartitionsRequest } from "./create_partitions_request.ts";
import { decodeCreatePartitionsResponse } from "./create_partitions_response.ts";
import { encodeDeleteGroupsRequest } from "./delete_groups_request.ts";
import { decodeDeleteGroupsResponse } from "./delete_groups_response.ts";
import { encodeIncrementalAlterConfigsRequest } from "./incremental_alter_configs_request.ts";
import { decodeIncrementalAlterConfigsResponse } from "./incremental_alter_configs_response.ts";
import { encodeOffsetDeleteRequest } from "./offset_delete_request.ts";
import { decodeOffsetDeleteResponse } from "./offset_delete_response.ts";
import { encodeDescribeClusterRequest } from "./describe_cluster_request.ts";
import { decodeDescribeClusterResponse } from "./describe_cluster_response.ts";
import { encodeDescribeProducersRequest } from "./describe_producers_request.ts";
import { decodeDescribeProducersResponse } from "./describe_producers_response.ts";

/**
 * The upstream client's half of every generated API, by api key: encode the request, decode
 * the response. Versions are the schema's validVersions.
 */
export const CLIENT_CODECS = {
  0: {
    name: "Produce",
    minVersion: 0,
    maxVersion: 11,
    encodeRequest: encodeProduceRequest,
    decodeResponse: decodeProduceResponse,
  },
  1: {
    name: "Fetch",
    minVersion: 0,
    maxVersion: 17,
    encodeRequest: encodeFetchRequest,
    decodeResponse: decodeFetchResponse,
  },
  2: {
    name: "ListOffsets",
    minVersion: 0,
    maxVersion: 10,
    encodeRequest: encodeListOffsetsRequest,
    decodeResponse: decodeListOffsetsResponse,
  },
  3: {
    name: "Metadata",
    minVersion: 0,
    maxVersion: 12,
    encodeRequest: encodeMetadataRequest,
    decodeResponse: decodeMetadataResponse,
  },
  8: {
    name: "OffsetCommit",
    minVersion: 0,
    maxVersion: 9,
    encodeRequest: encodeOffsetCommitRequest,
    decodeResponse: decodeOffsetCommitResponse,
  },
  9: {
    name: "OffsetFetch",
    minVersion: 0,
    maxVersion: 9,
    encodeRequest: encodeOffsetFetchRequest,
    decodeResponse: decodeOffsetFetchResponse,
  },
  10: {
    name: "FindCoordinator",
    minVersion: 0,
    maxVersion: 6,
    encodeRequest: encodeFindCoordinatorRequest,
    decodeResponse: decodeFindCoordinatorResponse,
  },
  11: {
    name: "JoinGroup",
    minVersion: 0,
    maxVersion: 9,
    encodeRequest: encodeJoinGroupRequest,
    decodeResponse: decodeJoinGroupResponse,
  },
  12: {
    name: "Heartbeat",
    minVersion: 0,
    maxVersion: 4,
    encodeRequest: encodeHeartbeatRequest,
    decodeResponse: decodeHeartbeatResponse,
  },
  13: {
    name: "LeaveGroup",
    minVersion: 0,
    maxVersion: 5,
    encodeRequest: encodeLeaveGroupRequest,
    decodeResponse: decodeLeaveGroupResponse,
  },
  14: {
    name: "SyncGroup",
    minVersion: 0,
    maxVersion: 5,
    encodeRequest: encodeSyncGroupRequest,
    decodeResponse: decodeSyncGroupResponse,
  },
  15: {
    name: "DescribeGroups",
    minVersion: 0,
    maxVersion: 5,
    encodeRequest: encodeDescribeGroupsRequest,
    decodeResponse: decodeDescribeGroupsResponse,
  },
  16: {
    name: "ListGroups",
    minVersion: 0,
    maxVersion: 5,
    encodeRequest: encodeListGroupsRequest,
    decodeResponse: decodeListGroupsResponse,
  },
  17: {
    name: "SaslHandshake",
    minVersion: 0,
    maxVersion: 1,
    encodeRequest: encodeSaslHandshakeRequest,
    decodeResponse: decodeSaslHandshakeResponse,
  },
  18: {
    name: "ApiVersions",
    minVersion: 0,
    maxVersion: 4,
    encodeRequest: encodeApiVersionsRequest,
    decodeResponse: decodeApiVersionsResponse,
  },
  19: {
    name: "CreateTopics",
    minVersion: 0,
    maxVersion: 7,
    encodeRequest: encodeCreateTopicsRequest,
    decodeResponse: decodeCreateTopicsResponse,
  },
  20: {
    name: "DeleteTopics",
    minVersion: 0,
    maxVersion: 6,
    encodeRequest: encodeDeleteTopicsRequest,
    decodeResponse: decodeDeleteTopicsResponse,
  },
  21: {
    name: "DeleteRecords",
    minVersion: 0,
    maxVersion: 2,
    encodeRequest: encodeDeleteRecordsRequest,
    decodeResponse: decodeDeleteRecordsResponse,
  },
  22: {
    name: "InitProducerId",
    minVersion: 0,
    maxVersion: 5,
    encodeRequest: encodeInitProducerIdRequest,
    decodeResponse: decodeInitProducerIdResponse,
  },
  23: {
    name: "OffsetForLeaderEpoch",
    minVersion: 0,
    maxVersion: 4,
    encodeRequest: encodeOffsetForLeaderEpochRequest,
    decodeResponse: decodeOffsetForLeaderEpochResponse,
  },
  32: {
    name: "DescribeConfigs",
    minVersion: 0,
    maxVersion: 4,
    encodeRequest: encodeDescribeConfigsRequest,
    decodeResponse: decodeDescribeConfigsResponse,
  },
  33: {
    name: "AlterConfigs",
    minVersion: 0,
    maxVersion: 2,
    encodeRequest: encodeAlterConfigsRequest,
    decodeResponse: decodeAlterConfigsResponse,
  },
  35: {
    name: "DescribeLogDirs",
    minVersion: 0,
    maxVersion: 4,
    encodeRequest: encodeDescribeLogDirsRequest,
    decodeResponse: decodeDescribeLogDirsResponse,
  },
  36: {
    name: "SaslAuthenticate",
    minVersion: 0,
    maxVersion: 2,
    encodeRequest: encodeSaslAuthenticateRequest,
    decodeResponse: decodeSaslAuthenticateResponse,
  },
  37: {
    name: "CreatePartitions",
    minVersion: 0,
    maxVersion: 3,
    encodeRequest: encodeCreatePartitionsRequest,
    decodeResponse: decodeCreatePartitionsResponse,
  },
  42: {
    name: "DeleteGroups",
    minVersion: 0,
    maxVersion: 2,
    encodeRequest: encodeDeleteGroupsRequest,
    decodeResponse: decodeDeleteGroupsResponse,
  },
  44: {
    name: "IncrementalAlterConfigs",
    minVersion: 0,
    maxVersion: 1,
    encodeRequest: encodeIncrementalAlterConfigsRequest,
    decodeResponse: decodeIncrementalAlterConfigsResponse,
  },
  47: {
    name: "OffsetDelete",
    minVersion: 0,
    maxVersion: 0,
    encodeRequest: encodeOffsetDeleteRequest,
    decodeResponse: decodeOffsetDeleteResponse,
  },
  60: {
    name: "DescribeCluster",
    minVersion: 0,
    maxVersion: 1,
    encodeRequest: encodeDescribeClusterRequest,
    decodeResponse: decodeDescribeClusterResponse,
  },
  61: {
    name: "DescribeProducers",
    minVersion: 0,
    maxVersion: 0,
    encodeRequest: encodeDescribeProducersRequest,
    decodeResponse: decodeDescribeProducersResponse,
  },
} as const;

/** An api key with generated codecs. */
export type ClientApiKey = keyof typeof CLIENT_CODECS;
