/**
 * CreateTopics (key 19), v0-7. Creates topics in the log with their configs. A single node:
 * the replication factor must be 1 or -1 (broker default, v4+), and manual assignments may
 * only name broker 0 (INVALID_REPLICATION_FACTOR / INVALID_REPLICA_ASSIGNMENT otherwise);
 * -1 partitions (v4+, KIP-464) means the broker default. `validateOnly` (v1+) checks without
 * creating. A name repeated in one request fails as INVALID_REQUEST. Errors per topic; v1+
 * with a message. v5+ answers with partitions, replication factor and configs; v7 the topic id.
 */
import { type ConnectionSession, mayTopic } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeCreateTopicsRequest, type CreateTopicsRequest, type CreateTopicsRequestCreatableTopic } from "../protocol/generated/create_topics_request.ts";
import {
  type CreateTopicsResponseCreatableTopicResultInit,
  type CreateTopicsResponseInit,
  encodeCreateTopicsResponse,
} from "../protocol/generated/create_topics_response.ts";
import type { KafkaServerContext } from "../context.ts";
import { defineHandler } from "../registry.ts";
import { ConfigSource, describeTopicConfig, parseTopicConfigs } from "../topic_configs.ts";
import { checkTopicLimits, countUsage } from "../../topics/topic_limits.ts";
import { errorMessage, isValidTopicName, logErrorCode, topicIdOf } from "./_common.ts";

type Result = CreateTopicsResponseCreatableTopicResultInit;

async function createOne(
  topic: CreateTopicsRequestCreatableTopic,
  validateOnly: boolean,
  version: number,
  session: ConnectionSession,
  context: KafkaServerContext,
): Promise<Result> {
  const fail = (errorCode: number, message: string): Result => ({ name: topic.name, errorCode, errorMessage: version >= 1 ? message : null });
  if (!mayTopic(context.auth, session, "create", topic.name)) return fail(ErrorCode.TOPIC_AUTHORIZATION_FAILED, "Topic authorization failed.");
  if (!isValidTopicName(topic.name)) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, `invalid topic name ${JSON.stringify(topic.name)}`);
  if (context.log.getTopic(topic.name)) return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `topic ${topic.name} already exists`);
  let partitions = topic.numPartitions === -1 ? context.defaultPartitions : topic.numPartitions;
  if (topic.assignments.length > 0) {
    if (topic.numPartitions !== -1 || topic.replicationFactor !== -1) {
      return fail(ErrorCode.INVALID_REQUEST, "give either assignments or partitions and replication factor");
    }
    if (topic.assignments.some((a) => a.brokerIds.length !== 1 || a.brokerIds[0] !== context.nodeId)) {
      return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `the only broker is ${context.nodeId}`);
    }
    partitions = topic.assignments.length;
  } else if (topic.replicationFactor !== -1 && topic.replicationFactor !== 1) {
    return fail(ErrorCode.INVALID_REPLICATION_FACTOR, `replication factor ${topic.replicationFactor} is larger than the 1 available broker`);
  }
  if (partitions < 1) return fail(ErrorCode.INVALID_PARTITIONS, `number of partitions must be at least 1`);
  const configs = parseTopicConfigs(topic.configs);
  if (!configs.ok) return fail(configs.errorCode, configs.message);
  let meta = context.log.getTopic(topic.name);
  if (validateOnly) {
    // What the real create would answer (limits.maxTopics / maxPartitions: POLICY_VIOLATION).
    const usage = countUsage(context.log.listTopics({ includeInternal: true }));
    const refused = checkTopicLimits(context.topicLimits, usage, topic.name, partitions, false);
    if (refused) return fail(ErrorCode.POLICY_VIOLATION, refused.message);
  } else {
    try {
      meta = await context.log.createTopic(topic.name, { partitions, config: configs.config });
    } catch (error) {
      return fail(logErrorCode(error), errorMessage(error));
    }
  }
  const config = meta?.config ?? (context.topicDefaults ? { ...context.topicDefaults, ...configs.config } : undefined);
  return {
    name: topic.name,
    topicId: topicIdOf(meta),
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    numPartitions: partitions,
    replicationFactor: 1,
    configs: config
      ? describeTopicConfig(config, context.topicDefaults).map((c) => ({
        name: c.name,
        value: c.value,
        readOnly: false,
        configSource: c.isOverride ? ConfigSource.dynamicTopic : ConfigSource.default,
        isSensitive: false,
      }))
      : [],
  };
}

/** The CreateTopics handler; see the module comment for versions and behaviour. */
export const createTopicsHandler = defineHandler<CreateTopicsRequest, CreateTopicsResponseInit>({
  apiKey: 19,
  name: "CreateTopics",
  minVersion: 0,
  maxVersion: 7,
  decode: decodeCreateTopicsRequest,
  encode: encodeCreateTopicsResponse,
  async handle(request, info, context) {
    const version = info.apiVersion;
    const counts = new Map<string, number>();
    for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    const topics: Result[] = [];
    for (const topic of request.topics) {
      if ((counts.get(topic.name) ?? 0) > 1) {
        topics.push({ name: topic.name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: version >= 1 ? "duplicate topic in request" : null });
        continue;
      }
      const result = await createOne(topic, version >= 1 && request.validateOnly, version, info.session, context);
      // Fields that exist only in newer versions must keep their defaults in older ones.
      if (version < 5) topics.push({ name: result.name, errorCode: result.errorCode, errorMessage: version >= 1 ? (result.errorMessage ?? null) : null });
      else topics.push(version >= 7 ? result : { ...result, topicId: undefined });
    }
    return { throttleTimeMs: 0, topics };
  },
});
