/**
 * DeleteRecords (key 21), v0-2. Moves a partition's log start offset forward (KIP-107);
 * offset -1 means "up to the high watermark". An offset beyond the high watermark is
 * OFFSET_OUT_OF_RANGE. Answers with the new low watermark, per partition. v2 flexible.
 */
import { mayTopic } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeDeleteRecordsRequest, type DeleteRecordsRequest } from "../protocol/generated/delete_records_request.ts";
import { type DeleteRecordsResponseInit, encodeDeleteRecordsResponse } from "../protocol/generated/delete_records_response.ts";
import { defineHandler } from "../registry.ts";
import { big, logErrorCode, num } from "./_common.ts";

/** The DeleteRecords handler; see the module comment for versions and behaviour. */
export const deleteRecordsHandler = defineHandler<DeleteRecordsRequest, DeleteRecordsResponseInit>({
  apiKey: 21,
  name: "DeleteRecords",
  minVersion: 0,
  maxVersion: 2,
  decode: decodeDeleteRecordsRequest,
  encode: encodeDeleteRecordsResponse,
  async handle(request, info, context) {
    const topics = await Promise.all(
      request.topics.map(async (t) => ({
        name: t.name,
        partitions: await Promise.all(
          t.partitions.map(async (p) => {
            if (!mayTopic(context.auth, info.session, "delete", t.name)) {
              return { partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED };
            }
            const log = await context.log.partition(t.name, p.partitionIndex);
            if (!log) return { partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
            const target = p.offset === -1n ? log.highWatermark : num(p.offset);
            if (target < 0 || target > log.highWatermark) {
              return { partitionIndex: p.partitionIndex, lowWatermark: big(log.logStartOffset), errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
            }
            try {
              const low = await log.deleteRecordsBefore(target);
              return { partitionIndex: p.partitionIndex, lowWatermark: big(low), errorCode: ErrorCode.NONE };
            } catch (error) {
              return { partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode: logErrorCode(error) };
            }
          }),
        ),
      })),
    );
    return { throttleTimeMs: 0, topics };
  },
});
