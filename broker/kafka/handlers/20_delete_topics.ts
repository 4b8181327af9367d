/**
 * DeleteTopics (key 20), v0-6. Deletes topics from the log and forgets their producer state.
 * v0-5 name topics; v6 names or ids (KIP-516), answering with both. Per topic: unknown names
 * UNKNOWN_TOPIC_OR_PARTITION, unknown ids UNKNOWN_TOPIC_ID, internal topics (the offsets
 * topic, MQTT state) INVALID_REQUEST — they belong to the broker. v5+ carry an error message.
 */
import { mayTopic } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeDeleteTopicsRequest, type DeleteTopicsRequest } from "../protocol/generated/delete_topics_request.ts";
import {
  type DeleteTopicsResponseDeletableTopicResultInit,
  type DeleteTopicsResponseInit,
  encodeDeleteTopicsResponse,
} from "../protocol/generated/delete_topics_response.ts";
import { ZERO_UUID } from "../protocol/uuid.ts";
import { defineHandler } from "../registry.ts";
import { errorMessage, logErrorCode, topicById, topicIdOf } from "./_common.ts";

/** The DeleteTopics handler; see the module comment for versions and behaviour. */
export const deleteTopicsHandler = defineHandler<DeleteTopicsRequest, DeleteTopicsResponseInit>({
  apiKey: 20,
  name: "DeleteTopics",
  minVersion: 0,
  maxVersion: 6,
  decode: decodeDeleteTopicsRequest,
  encode: encodeDeleteTopicsResponse,
  async handle(request, info, context) {
    const version = info.apiVersion;
    const wanted = version >= 6 ? request.topics : request.topicNames.map((name) => ({ name, topicId: ZERO_UUID }));
    const all = context.log.listTopics({ includeInternal: true });
    const responses: DeleteTopicsResponseDeletableTopicResultInit[] = [];
    for (const want of wanted) {
      const meta = want.name !== null ? context.log.getTopic(want.name) : topicById(all, want.topicId);
      const base = { name: meta?.name ?? want.name, topicId: version >= 6 ? (meta ? topicIdOf(meta) : want.topicId) : ZERO_UUID };
      const fail = (errorCode: number, message: string) =>
        responses.push({ ...base, errorCode, errorMessage: version >= 5 ? message : null });
      if (!mayTopic(context.auth, info.session, "delete", meta?.name ?? want.name ?? "")) {
        fail(ErrorCode.TOPIC_AUTHORIZATION_FAILED, "Topic authorization failed.");
      } else if (!meta) {
        fail(want.name !== null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.UNKNOWN_TOPIC_ID, "unknown topic");
      } else if (meta.internal) {
        fail(ErrorCode.INVALID_REQUEST, `${meta.name} is an internal topic`);
      } else {
        try {
          await context.log.deleteTopic(meta.name);
          for (let p = 0; p < meta.partitions; p++) context.producers.dropPartition(meta.name, p);
          responses.push({ ...base, errorCode: ErrorCode.NONE, errorMessage: null });
        } catch (error) {
          fail(logErrorCode(error), errorMessage(error));
        }
      }
    }
    return { throttleTimeMs: 0, responses };
  },
});
