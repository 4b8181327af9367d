/**
 * CreatePartitions (key 37), v0-3. Grows a topic to `count` partitions (never shrinks:
 * INVALID_PARTITIONS); manual assignments may only name broker 0. `validateOnly` checks
 * without changing anything. A topic repeated in one request is INVALID_REQUEST. v2+ flexible.
 */
import { mayTopic } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { type CreatePartitionsRequest, decodeCreatePartitionsRequest } from "../protocol/generated/create_partitions_request.ts";
import { type CreatePartitionsResponseInit, encodeCreatePartitionsResponse } from "../protocol/generated/create_partitions_response.ts";
import { defineHandler } from "../registry.ts";
import { errorMessage, logErrorCode } from "./_common.ts";
import { checkTopicLimits, countUsage } from "../../topics/topic_limits.ts";

/** The CreatePartitions handler; see the module comment for versions and behaviour. */
export const createPartitionsHandler = defineHandler<CreatePartitionsRequest, CreatePartitionsResponseInit>({
  apiKey: 37,
  name: "CreatePartitions",
  minVersion: 0,
  maxVersion: 3,
  decode: decodeCreatePartitionsRequest,
  encode: encodeCreatePartitionsResponse,
  async handle(request, info, context) {
    const seen = new Map<string, number>();
    for (const t of request.topics) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
    const results = [];
    for (const t of request.topics) {
      const fail = (errorCode: number, message: string) => results.push({ name: t.name, errorCode, errorMessage: message });
      const meta = context.log.getTopic(t.name);
      if (!mayTopic(context.auth, info.session, "alter", t.name)) fail(ErrorCode.TOPIC_AUTHORIZATION_FAILED, "Topic authorization failed.");
      else if ((seen.get(t.name) ?? 0) > 1) fail(ErrorCode.INVALID_REQUEST, "duplicate topic in request");
      else if (!meta) fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "unknown topic");
      else if (t.count <= meta.partitions) fail(ErrorCode.INVALID_PARTITIONS, `topic has ${meta.partitions} partitions; the count must be larger`);
      else if (t.assignments && (t.assignments.length !== t.count - meta.partitions || t.assignments.some((a) => a.brokerIds.some((b) => b !== context.nodeId)))) {
        fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `the only broker is ${context.nodeId}`);
      } else if (request.validateOnly) {
        // What the real change would answer (limits.maxPartitions: POLICY_VIOLATION).
        const usage = countUsage(context.log.listTopics({ includeInternal: true }));
        const refused = meta.internal ? undefined : checkTopicLimits(context.topicLimits, usage, t.name, t.count - meta.partitions, true);
        if (refused) fail(ErrorCode.POLICY_VIOLATION, refused.message);
        else results.push({ name: t.name, errorCode: ErrorCode.NONE, errorMessage: null });
      } else {
        try {
          await context.log.createPartitions(t.name, t.count);
          results.push({ name: t.name, errorCode: ErrorCode.NONE, errorMessage: null });
        } catch (error) {
          fail(logErrorCode(error), errorMessage(error));
        }
      }
    }
    return { throttleTimeMs: 0, results };
  },
});
