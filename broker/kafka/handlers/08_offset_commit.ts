/**
 * OffsetCommit (key 8), v0-9. Commits go through the group coordinator's checks (member id,
 * generation, static instance — KIP-345 from v7) and are durable in `__consumer_offsets`
 * before the answer. v0 (no generation, no member) and commits with generation -1 are
 * "simple" commits, accepted while the group is Empty. Per partition: a topic or partition
 * that does not exist gets UNKNOWN_TOPIC_OR_PARTITION, oversized metadata
 * OFFSET_METADATA_TOO_LARGE; the rest are committed. v1's commit timestamp and v2-4's
 * retention time are ignored (offsets are kept until deleted, with the group). v6+ carry the
 * leader epoch; v8+ flexible; v9 (KIP-848 member epoch) is treated as a generation.
 */
import { mayGroup, mayTopic } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { commitOffsets } from "../groups/offset_ops.ts";
import { decodeOffsetCommitRequest, type OffsetCommitRequest } from "../protocol/generated/offset_commit_request.ts";
import { encodeOffsetCommitResponse, type OffsetCommitResponseInit } from "../protocol/generated/offset_commit_response.ts";
import { defineHandler } from "../registry.ts";
import { num } from "./_common.ts";

/** The OffsetCommit handler; see the module comment for versions and behaviour. */
export const offsetCommitHandler = defineHandler<OffsetCommitRequest, OffsetCommitResponseInit>({
  apiKey: 8,
  name: "OffsetCommit",
  minVersion: 0,
  maxVersion: 9,
  decode: decodeOffsetCommitRequest,
  encode: encodeOffsetCommitResponse,
  async handle(request, info, context) {
    // Kafka: group READ first (the whole request), then topic READ per partition.
    if (!mayGroup(context.auth, info.session, "read", request.groupId)) {
      return {
        throttleTimeMs: 0,
        topics: request.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED })),
        })),
      };
    }
    const readable = (topic: string) => mayTopic(context.auth, info.session, "read", topic);
    const exists = (topic: string, partition: number) => {
      const meta = context.log.getTopic(topic);
      return meta !== undefined && partition >= 0 && partition < meta.partitions;
    };
    const known = request.topics.filter((t) => readable(t.name)).map((t) => ({
      name: t.name,
      partitions: t.partitions
        .filter((p) => exists(t.name, p.partitionIndex))
        .map((p) => ({
          partition: p.partitionIndex,
          offset: num(p.committedOffset),
          leaderEpoch: info.apiVersion >= 6 ? p.committedLeaderEpoch : -1,
          metadata: p.committedMetadata,
        })),
    }));
    const results = await commitOffsets(context.groups, {
      groupId: request.groupId,
      generationId: info.apiVersion >= 1 ? request.generationIdOrMemberEpoch : -1,
      memberId: info.apiVersion >= 1 ? request.memberId : "",
      groupInstanceId: info.apiVersion >= 7 ? request.groupInstanceId : null,
      topics: known,
    });
    const codes = new Map(results.map((r) => [`${r.topic}\u0000${r.partition}`, r.errorCode]));
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: !readable(t.name)
            ? ErrorCode.TOPIC_AUTHORIZATION_FAILED
            : codes.get(`${t.name}\u0000${p.partitionIndex}`) ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        })),
      })),
    };
  },
});
