/**
 * Metadata (key 3), v0-12. A single-node cluster: this broker (node 0) is the controller and
 * the leader of every partition, with itself as the only replica and ISR; clients are sent to
 * the advertised host and port.
 *
 * Topic selection: v0 — an empty list means all topics; v1+ — null means all, empty means none.
 * Listing all topics hides internal ones (`__consumer_offsets` and the MQTT state topics), as
 * they are not for applications; asking for one by name shows it with `isInternal` set.
 * Unknown topics are auto-created when the request allows it (always before v4,
 * `allowAutoTopicCreation` from v4) and the log's auto-creation is on; otherwise they get
 * UNKNOWN_TOPIC_OR_PARTITION — per topic, never failing the whole request. v10+ carries topic
 * ids, v12 may ask by id only (a v10/v11 topic without a name gets INVALID_REQUEST).
 * Authorized-operation fields (v8+) say "not provided".
 * Authorization: listing all topics shows only those the principal may DESCRIBE; a named
 * topic it may not describe is TOPIC_AUTHORIZATION_FAILED; auto-creation also needs CREATE
 * (without it an unknown topic stays UNKNOWN_TOPIC_OR_PARTITION).
 */
import type { TopicMetadata } from "../../log/types.ts";
import { type ConnectionSession, mayTopic } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeMetadataRequest, type MetadataRequest } from "../protocol/generated/metadata_request.ts";
import {
  encodeMetadataResponse,
  type MetadataResponseInit,
  type MetadataResponseMetadataResponseTopicInit,
} from "../protocol/generated/metadata_response.ts";
import { ZERO_UUID } from "../protocol/uuid.ts";
import type { KafkaServerContext } from "../context.ts";
import { defineHandler } from "../registry.ts";
import { isValidTopicName, logErrorCode, topicById, topicIdOf } from "./_common.ts";

const NOT_PROVIDED = -2147483648;

function describeTopic(topic: TopicMetadata, context: KafkaServerContext): MetadataResponseMetadataResponseTopicInit {
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    topicId: topicIdOf(topic),
    isInternal: topic.internal,
    partitions: Array.from({ length: topic.partitions }, (_, partitionIndex) => ({
      errorCode: ErrorCode.NONE,
      partitionIndex,
      leaderId: context.nodeId,
      leaderEpoch: 0,
      replicaNodes: [context.nodeId],
      isrNodes: [context.nodeId],
      offlineReplicas: [],
    })),
    topicAuthorizedOperations: NOT_PROVIDED,
  };
}

function topicError(name: string | null, errorCode: number, topicId = ZERO_UUID): MetadataResponseMetadataResponseTopicInit {
  return { errorCode, name, topicId, isInternal: false, partitions: [], topicAuthorizedOperations: NOT_PROVIDED };
}

async function resolveByName(name: string, autoCreate: boolean, session: ConnectionSession, context: KafkaServerContext) {
  if (!mayTopic(context.auth, session, "describe", name)) return topicError(name, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  const existing = context.log.getTopic(name);
  if (existing) return describeTopic(existing, context);
  if (!isValidTopicName(name)) return topicError(name, ErrorCode.INVALID_TOPIC_EXCEPTION);
  if (!autoCreate || !mayTopic(context.auth, session, "create", name)) return topicError(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  try {
    return describeTopic(await context.log.ensureTopic(name), context);
  } catch (error) {
    return topicError(name, logErrorCode(error));
  }
}

/** The Metadata handler; see the module comment for versions and behaviour. */
export const metadataHandler = defineHandler<MetadataRequest, MetadataResponseInit>({
  apiKey: 3,
  name: "Metadata",
  minVersion: 0,
  maxVersion: 12,
  decode: decodeMetadataRequest,
  encode: encodeMetadataResponse,
  async handle(request, info, context) {
    const version = info.apiVersion;
    const all = request.topics === null || (version === 0 && request.topics.length === 0);
    const autoCreate = version < 4 || request.allowAutoTopicCreation;
    let topics: MetadataResponseMetadataResponseTopicInit[];
    if (all) {
      topics = context.log.listTopics()
        .filter((t) => mayTopic(context.auth, info.session, "describe", t.name))
        .map((t) => describeTopic(t, context));
    } else {
      const everything = context.log.listTopics({ includeInternal: true });
      topics = await Promise.all(
        (request.topics ?? []).map((t) => {
          if (t.name !== null) return resolveByName(t.name, autoCreate, info.session, context);
          // Before v12 a response topic must have a name: asking by id is an invalid request
          // there (Kafka: "Topic name can not be null for version 10/11").
          if (version < 12) return topicError("", ErrorCode.INVALID_REQUEST, t.topicId);
          const byId = topicById(everything, t.topicId);
          if (byId && !mayTopic(context.auth, info.session, "describe", byId.name)) {
            return topicError(null, ErrorCode.TOPIC_AUTHORIZATION_FAILED, t.topicId);
          }
          return byId ? describeTopic(byId, context) : topicError(null, ErrorCode.UNKNOWN_TOPIC_ID, t.topicId);
        }),
      );
    }
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: context.nodeId, host: context.advertisedHost, port: context.advertisedPort, rack: null }],
      clusterId: context.clusterId,
      controllerId: context.nodeId,
      topics,
      clusterAuthorizedOperations: NOT_PROVIDED,
    };
  },
});
