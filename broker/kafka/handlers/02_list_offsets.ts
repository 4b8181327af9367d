/**
 * ListOffsets (key 2), v0-10. Offsets by timestamp for each partition:
 * -1 latest (the high watermark: consumers never see beyond it), -2 earliest (log start),
 * -3 the record with the largest timestamp (KIP-734, v7+), -4 earliest local (KIP-405; all
 * data is local here, so the log start), -5 earliest pending upload (KIP-1005; nothing is
 * tiered, so -1), ≥ 0 the first offset whose timestamp is at or after it (-1 when none).
 *
 * v0 answers with `oldStyleOffsets` (at most `maxNumOffsets` of them, newest first, from
 * {high watermark, log start}); v1+ with one offset and its timestamp; v4+ adds the leader
 * epoch (always 0 here). The isolation level (v2+) changes nothing without transactions.
 * Unknown topics or partitions fail only themselves; a topic the principal may not DESCRIBE is
 * TOPIC_AUTHORIZATION_FAILED per partition.
 */
import { mayTopic } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeListOffsetsRequest, type ListOffsetsRequest } from "../protocol/generated/list_offsets_request.ts";
import {
  encodeListOffsetsResponse,
  type ListOffsetsResponseInit,
  type ListOffsetsResponseListOffsetsPartitionResponseInit,
} from "../protocol/generated/list_offsets_response.ts";
import type { PartitionLog } from "../../log/types.ts";
import { defineHandler } from "../registry.ts";
import { big, logErrorCode, num } from "./_common.ts";

type PartitionResult = ListOffsetsResponseListOffsetsPartitionResponseInit;

async function lookup(log: PartitionLog, timestamp: number): Promise<{ offset: number; timestamp: number }> {
  switch (timestamp) {
    case -1:
      return { offset: log.highWatermark, timestamp: -1 };
    case -2:
    case -4:
      return { offset: log.logStartOffset, timestamp: -1 };
    case -3:
      return (await log.maxTimestamp()) ?? { offset: -1, timestamp: -1 };
    case -5:
      return { offset: -1, timestamp: -1 };
    default:
      return (await log.offsetForTimestamp(timestamp)) ?? { offset: -1, timestamp: -1 };
  }
}

/** The ListOffsets handler; see the module comment for versions and behaviour. */
export const listOffsetsHandler = defineHandler<ListOffsetsRequest, ListOffsetsResponseInit>({
  apiKey: 2,
  name: "ListOffsets",
  minVersion: 0,
  maxVersion: 10,
  decode: decodeListOffsetsRequest,
  encode: encodeListOffsetsResponse,
  async handle(request, info, context) {
    const topics = await Promise.all(
      request.topics.map(async (topic) => ({
        name: topic.name,
        partitions: await Promise.all(
          topic.partitions.map(async (p): Promise<PartitionResult> => {
            const failure = (errorCode: number): PartitionResult => ({ partitionIndex: p.partitionIndex, errorCode });
            if (!mayTopic(context.auth, info.session, "describe", topic.name)) return failure(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
            const log = await context.log.partition(topic.name, p.partitionIndex);
            if (!log) return failure(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            const timestamp = num(p.timestamp);
            if (info.apiVersion === 0) {
              // v0: a list of segment-ish offsets; we offer the two that always exist.
              const candidates = timestamp === -2 ? [log.logStartOffset] : timestamp === -1 ? [log.highWatermark, log.logStartOffset] : [];
              const unique = [...new Set(candidates)].slice(0, Math.max(0, p.maxNumOffsets));
              return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE, oldStyleOffsets: unique.map(big) };
            }
            try {
              const found = await lookup(log, timestamp);
              const leaderEpoch = info.apiVersion >= 4 && found.offset >= 0 ? 0 : -1;
              return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE, timestamp: big(found.timestamp), offset: big(found.offset), leaderEpoch };
            } catch (error) {
              return failure(logErrorCode(error));
            }
          }),
        ),
      })),
    );
    return { throttleTimeMs: 0, topics };
  },
});
