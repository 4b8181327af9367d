/**
 * OffsetFetch (key 9), v0-9. Committed offsets of a group: -1 with no error for partitions
 * without a commit. v0-7 ask for one group; v2+ a null topic list means "all committed
 * partitions" and a top-level error code exists; v5+ carry the leader epoch; v6+ flexible;
 * v7 `requireStable` changes nothing without transactions; v8+ ask for several groups at once
 * (KIP-709); v9's member id and epoch (KIP-848) are ignored.
 */
import { type ConnectionSession, mayGroup, mayTopic } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { type FetchedOffset, fetchOffsets } from "../groups/offset_ops.ts";
import { decodeOffsetFetchRequest, type OffsetFetchRequest } from "../protocol/generated/offset_fetch_request.ts";
import { encodeOffsetFetchResponse, type OffsetFetchResponseInit } from "../protocol/generated/offset_fetch_response.ts";
import type { KafkaServerContext } from "../context.ts";
import { defineHandler } from "../registry.ts";
import { big } from "./_common.ts";

function byTopic(rows: FetchedOffset[]) {
  const topics = new Map<string, FetchedOffset[]>();
  for (const row of rows) {
    const list = topics.get(row.topic);
    if (list) list.push(row);
    else topics.set(row.topic, [row]);
  }
  return [...topics].map(([name, partitions]) => ({
    name,
    partitions: partitions.map((p) => ({
      partitionIndex: p.partition,
      committedOffset: big(p.offset),
      committedLeaderEpoch: p.leaderEpoch,
      metadata: p.metadata,
      errorCode: p.errorCode,
    })),
  }));
}

function lookup(
  context: KafkaServerContext,
  session: ConnectionSession,
  groupId: string,
  topics: Array<{ name: string; partitionIndexes: number[] }> | null,
) {
  const readable = (topic: string) => mayTopic(context.auth, session, "read", topic);
  // Topics named but not readable: TOPIC_AUTHORIZATION_FAILED per partition; "all topics"
  // (null) silently leaves unreadable ones out, as Kafka does.
  const denied = (topics ?? []).filter((t) => !readable(t.name)).map((t) => ({
    name: t.name,
    partitions: t.partitionIndexes.map((partitionIndex) => ({
      partitionIndex,
      committedOffset: -1n,
      committedLeaderEpoch: -1,
      metadata: null,
      errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
    })),
  }));
  const asked = topics?.filter((t) => readable(t.name)).map((t) => ({ name: t.name, partitions: t.partitionIndexes })) ?? null;
  const found = byTopic(fetchOffsets(context.groups, groupId, asked)).filter((t) => readable(t.name));
  return [...found, ...denied];
}

/** The OffsetFetch handler; see the module comment for versions and behaviour. */
export const offsetFetchHandler = defineHandler<OffsetFetchRequest, OffsetFetchResponseInit>({
  apiKey: 9,
  name: "OffsetFetch",
  minVersion: 0,
  maxVersion: 9,
  decode: decodeOffsetFetchRequest,
  encode: encodeOffsetFetchResponse,
  handle(request, info, context) {
    if (info.apiVersion >= 8) {
      return {
        throttleTimeMs: 0,
        groups: request.groups.map((g) =>
          mayGroup(context.auth, info.session, "describe", g.groupId)
            ? { groupId: g.groupId, topics: lookup(context, info.session, g.groupId, g.topics), errorCode: ErrorCode.NONE }
            : { groupId: g.groupId, topics: [], errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED }
        ),
      };
    }
    const topics = info.apiVersion < 2 && request.topics === null ? [] : request.topics;
    if (!mayGroup(context.auth, info.session, "describe", request.groupId)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, topics: [] };
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, topics: lookup(context, info.session, request.groupId, topics) };
  },
});
