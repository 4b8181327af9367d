/**
 * The shared part of AlterConfigs (33) and IncrementalAlterConfigs (44): apply a computed
 * topic config to the log, or only validate it.
 *
 * @module
 */
import { type ConnectionSession, mayTopic } from "../auth.ts";
import type { TopicConfig } from "../../log/types.ts";
import type { KafkaServerContext } from "../context.ts";
import { ErrorCode } from "../errors.ts";
import { errorMessage, logErrorCode } from "./_common.ts";

/** ConfigResource type of topics. */
export const TOPIC_RESOURCE = 2;
/** ConfigResource type of brokers. */
export const BROKER_RESOURCE = 4;

/** One resource's answer in AlterConfigs and IncrementalAlterConfigs. */
export interface AlterResult {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
}

/** Check the resource and apply `changes` (computed from the current config) to a topic. */
export async function alterTopic(
  resourceType: number,
  resourceName: string,
  validateOnly: boolean,
  context: KafkaServerContext,
  session: ConnectionSession,
  compute: (current: TopicConfig) => { ok: true; changes: Partial<TopicConfig> } | { ok: false; errorCode: number; message: string },
): Promise<AlterResult> {
  const base = { resourceType, resourceName };
  if (resourceType === BROKER_RESOURCE) {
    return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: "broker configs are set in the configuration file" };
  }
  if (resourceType !== TOPIC_RESOURCE) return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `unsupported resource type ${resourceType}` };
  if (!mayTopic(context.auth, session, "alterConfigs", resourceName)) {
    return { ...base, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: "Topic authorization failed." };
  }
  const meta = context.log.getTopic(resourceName);
  if (!meta) return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `unknown topic ${resourceName}` };
  const computed = compute(meta.config);
  if (!computed.ok) return { ...base, errorCode: computed.errorCode, errorMessage: computed.message };
  if (!validateOnly) {
    try {
      await context.log.alterTopicConfig(resourceName, computed.changes);
    } catch (error) {
      return { ...base, errorCode: logErrorCode(error), errorMessage: errorMessage(error) };
    }
  }
  return { ...base, errorCode: ErrorCode.NONE, errorMessage: null };
}
