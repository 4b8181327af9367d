/**
 * DescribeProducers (key 61), v0 (KIP-664): the idempotent producers a partition knows —
 * id, epoch, last written sequence and last activity. No transactions here, so the
 * coordinator epoch is -1 and no transaction is open. Per partition errors for unknown
 * topics or partitions, and TOPIC_AUTHORIZATION_FAILED for topics the principal may not READ.
 */
import { mayTopic } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeDescribeProducersRequest, type DescribeProducersRequest } from "../protocol/generated/describe_producers_request.ts";
import { type DescribeProducersResponseInit, encodeDescribeProducersResponse } from "../protocol/generated/describe_producers_response.ts";
import { defineHandler } from "../registry.ts";
import { big } from "./_common.ts";

/** The DescribeProducers handler; see the module comment for versions and behaviour. */
export const describeProducersHandler = defineHandler<DescribeProducersRequest, DescribeProducersResponseInit>({
  apiKey: 61,
  name: "DescribeProducers",
  minVersion: 0,
  maxVersion: 0,
  decode: decodeDescribeProducersRequest,
  encode: encodeDescribeProducersResponse,
  async handle(request, info, context) {
    const topics = await Promise.all(
      request.topics.map(async (t) => ({
        name: t.name,
        partitions: await Promise.all(
          t.partitionIndexes.map(async (partitionIndex) => {
            if (!mayTopic(context.auth, info.session, "read", t.name)) {
              return { partitionIndex, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: null, activeProducers: [] };
            }
            const log = await context.log.partition(t.name, partitionIndex);
            if (!log) return { partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null, activeProducers: [] };
            await context.producers.ensureLoaded(log);
            const activeProducers = context.producers.describe(t.name, partitionIndex).map((p) => ({
              producerId: big(p.producerId),
              producerEpoch: p.epoch,
              lastSequence: p.lastSequence,
              lastTimestamp: big(p.lastTimestamp),
              coordinatorEpoch: -1,
              currentTxnStartOffset: -1n,
            }));
            return { partitionIndex, errorCode: ErrorCode.NONE, errorMessage: null, activeProducers };
          }),
        ),
      })),
    );
    return { throttleTimeMs: 0, topics };
  },
});
