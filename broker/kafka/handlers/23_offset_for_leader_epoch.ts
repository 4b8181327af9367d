/**
 * OffsetForLeaderEpoch (key 23), v0-4 (KIP-101, KIP-320). Consumers use it to detect log
 * truncation after a leader change. This broker is the only leader there ever was, at epoch 0,
 * and elections never truncate its log: any requested epoch ≥ 0 ends at the log end offset
 * (Kafka answers an epoch above the current one with the current epoch's end too). A current
 * leader epoch (v2+) above 0 is UNKNOWN_LEADER_EPOCH: the client believes in a future leader.
 * Per partition errors for unknown topics or partitions, TOPIC_AUTHORIZATION_FAILED for topics
 * the principal may not DESCRIBE. v1+ return the epoch, v4 flexible.
 */
import { mayTopic } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeOffsetForLeaderEpochRequest, type OffsetForLeaderEpochRequest } from "../protocol/generated/offset_for_leader_epoch_request.ts";
import { encodeOffsetForLeaderEpochResponse, type OffsetForLeaderEpochResponseInit } from "../protocol/generated/offset_for_leader_epoch_response.ts";
import { defineHandler } from "../registry.ts";
import { big } from "./_common.ts";

/** The OffsetForLeaderEpoch handler; see the module comment for versions and behaviour. */
export const offsetForLeaderEpochHandler = defineHandler<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponseInit>({
  apiKey: 23,
  name: "OffsetForLeaderEpoch",
  minVersion: 0,
  maxVersion: 4,
  decode: decodeOffsetForLeaderEpochRequest,
  encode: encodeOffsetForLeaderEpochResponse,
  async handle(request, info, context) {
    const topics = await Promise.all(
      request.topics.map(async (t) => ({
        topic: t.topic,
        partitions: await Promise.all(
          t.partitions.map(async (p) => {
            if (!mayTopic(context.auth, info.session, "describe", t.topic)) {
              return { errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, partition: p.partition, leaderEpoch: -1, endOffset: -1n };
            }
            const log = await context.log.partition(t.topic, p.partition);
            if (!log) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, partition: p.partition, leaderEpoch: -1, endOffset: -1n };
            if (info.apiVersion >= 2 && p.currentLeaderEpoch > 0) {
              return { errorCode: ErrorCode.UNKNOWN_LEADER_EPOCH, partition: p.partition, leaderEpoch: -1, endOffset: -1n };
            }
            if (p.leaderEpoch < 0) return { errorCode: ErrorCode.NONE, partition: p.partition, leaderEpoch: -1, endOffset: -1n };
            return { errorCode: ErrorCode.NONE, partition: p.partition, leaderEpoch: 0, endOffset: big(log.logEndOffset) };
          }),
        ),
      })),
    );
    return { throttleTimeMs: 0, topics };
  },
});
