/**
 * Produce (key 0), v0-11. Appends each partition's RecordBatch bytes to the log untouched
 * (the log rewrites only base offset and leader epoch) and answers after the durability
 * policy is met. acks=0 gets no response at all, as in Kafka; acks outside {-1, 0, 1} is
 * INVALID_REQUIRED_ACKS. Partitions are appended concurrently so group commit can share one
 * fsync between them; every error is per partition (unknown topic, corrupt or oversized batch).
 *
 * Idempotence (KIP-98): batches with a producer id go through the producer state first —
 * a retried batch is acknowledged with its original base offset and not written again, a gap
 * is OUT_OF_ORDER_SEQUENCE_NUMBER, an old epoch INVALID_PRODUCER_EPOCH, an unknown producer
 * with sequence ≠ 0 UNKNOWN_PRODUCER_ID. Internal topics are INVALID_TOPIC_EXCEPTION (only the
 * broker writes them). Transactions are not supported: a transactional id or
 * a transactional batch gets TRANSACTIONAL_ID_AUTHORIZATION_FAILED. Produce up to v2 carries
 * message format v0/v1, which the log does not store: those batches are CORRUPT_MESSAGE. A batch
 * whose record count is not lastOffsetDelta + 1 (or is 0) is INVALID_RECORD, as in Kafka.
 * v8+ response fields (record errors, error message) are filled on errors only. A topic the
 * principal may not WRITE is TOPIC_AUTHORIZATION_FAILED on each of its partitions, before the
 * log is asked (so nothing is stored or auto-created).
 *
 * Storage faults (disk full, EIO on write or fsync, a partition fenced after one) are
 * KAFKA_STORAGE_ERROR, retriable: the failed batch was cut from the log, so a retry cannot
 * duplicate it. Produce v0-3 predate that code (v4 added it, KIP-112), so older clients get
 * NOT_LEADER_OR_FOLLOWER, also retriable, as Kafka answers them.
 */
import { iterateBatches, MAGIC_V2, TRANSACTIONAL_BIT } from "../../log/record_batch.ts";
import { mayTopic } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeProduceRequest, type ProduceRequest } from "../protocol/generated/produce_request.ts";
import {
  encodeProduceResponse,
  type ProduceResponseInit,
  type ProduceResponsePartitionProduceResponseInit,
} from "../protocol/generated/produce_response.ts";
import type { SequenceCheck } from "../producers/state.ts";
import type { KafkaServerContext } from "../context.ts";
import { defineHandler } from "../registry.ts";
import { big, errorMessage, logErrorCode } from "./_common.ts";

type PartitionResult = ProduceResponsePartitionProduceResponseInit;

function failure(index: number, errorCode: number, message: string | null = null): PartitionResult {
  return { index, errorCode, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, errorMessage: message };
}

async function producePartition(
  topic: string,
  index: number,
  records: Uint8Array | null,
  transactional: boolean,
  context: KafkaServerContext,
): Promise<PartitionResult> {
  const log = await context.log.partition(topic, index);
  if (!log) return failure(index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  // Internal topics (offsets, MQTT state) are written by the broker only, as in Kafka.
  if (context.log.getTopic(topic)?.internal) return failure(index, ErrorCode.INVALID_TOPIC_EXCEPTION, `cannot append to internal topic ${topic}`);
  if (transactional) return failure(index, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, "transactions are not supported");
  if (!records || records.length === 0) return failure(index, ErrorCode.CORRUPT_MESSAGE, "no record batch");
  const batches = [];
  let covered = 0;
  for (const batch of iterateBatches(records)) {
    if (batch.header.magic !== MAGIC_V2) return failure(index, ErrorCode.CORRUPT_MESSAGE, `magic ${batch.header.magic} is not supported`);
    if (batch.header.attributes & TRANSACTIONAL_BIT) {
      return failure(index, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, "transactions are not supported");
    }
    // The log assigns lastOffsetDelta + 1 offsets to the batch; a count that disagrees would make
    // offsets overlap or skip. Kafka's LogValidator.validateBatch rejects it the same way.
    const { recordCount, lastOffsetDelta } = batch.header;
    if (recordCount <= 0 || lastOffsetDelta !== recordCount - 1) {
      return failure(index, ErrorCode.INVALID_RECORD, `inconsistent batch offset range [0, ${lastOffsetDelta}] and count of records ${recordCount}`);
    }
    batches.push(batch.header);
    covered += batch.size;
  }
  if (batches.length === 0 || covered !== records.length) return failure(index, ErrorCode.CORRUPT_MESSAGE, "truncated record batch");

  const reservations: Array<Extract<SequenceCheck, { kind: "append" }>> = [];
  const abort = () => reservations.forEach((r) => r.abort());
  if (batches.some((h) => h.producerId >= 0)) {
    await context.producers.ensureLoaded(log);
    for (const [i, header] of batches.entries()) {
      const check = context.producers.check(topic, index, header);
      if (check.kind === "duplicate" && i === 0) {
        const baseOffset = await check.baseOffset;
        if (baseOffset < 0) return failure(index, ErrorCode.KAFKA_STORAGE_ERROR, "the original append failed; retry");
        return { index, errorCode: ErrorCode.NONE, baseOffset: big(baseOffset), logAppendTimeMs: -1n, logStartOffset: big(log.logStartOffset) };
      }
      if (check.kind === "error" || check.kind === "duplicate") {
        abort();
        return failure(index, check.kind === "error" ? check.errorCode : ErrorCode.DUPLICATE_SEQUENCE_NUMBER);
      }
      if (check.kind === "append") reservations.push(check);
    }
  }
  try {
    const result = await log.append(records);
    let offset = result.baseOffset;
    let r = 0;
    for (const header of batches) {
      if (header.producerId >= 0) reservations[r++]?.commit(offset);
      offset += header.lastOffsetDelta + 1;
    }
    return {
      index,
      errorCode: ErrorCode.NONE,
      baseOffset: big(result.baseOffset),
      logAppendTimeMs: big(result.logAppendTime),
      logStartOffset: big(result.logStartOffset),
    };
  } catch (error) {
    abort();
    const errorCode = logErrorCode(error);
    if (errorCode === ErrorCode.UNKNOWN_SERVER_ERROR) {
      context.logger.error("produce append failed", { topic, partition: index, error: errorMessage(error) });
    } else if (errorCode === ErrorCode.KAFKA_STORAGE_ERROR) {
      // The log already reported it loudly (rate-limited): one line per produce would flood a full disk.
      context.logger.debug("produce append failed", { topic, partition: index, error: errorMessage(error) });
    }
    return failure(index, errorCode, errorMessage(error));
  }
}

/** The Produce handler; see the module comment for versions and behaviour. */
export const produceHandler = defineHandler<ProduceRequest, ProduceResponseInit>({
  apiKey: 0,
  name: "Produce",
  minVersion: 0,
  maxVersion: 11,
  decode: decodeProduceRequest,
  encode: encodeProduceResponse,
  async handle(request, info, context) {
    const validAcks = request.acks === -1 || request.acks === 0 || request.acks === 1;
    const transactional = request.transactionalId !== null;
    const storageError = info.apiVersion >= 4 ? ErrorCode.KAFKA_STORAGE_ERROR : ErrorCode.NOT_LEADER_OR_FOLLOWER;
    const responses = await Promise.all(
      request.topicData.map(async (topic) => ({
        name: topic.name,
        partitionResponses: await Promise.all(
          topic.partitionData.map((p) =>
            !mayTopic(context.auth, info.session, "write", topic.name)
              ? Promise.resolve(failure(p.index, ErrorCode.TOPIC_AUTHORIZATION_FAILED))
              : validAcks
              ? producePartition(topic.name, p.index, p.records, transactional, context).then((r) =>
                r.errorCode === ErrorCode.KAFKA_STORAGE_ERROR ? { ...r, errorCode: storageError } : r
              )
              : Promise.resolve(failure(p.index, ErrorCode.INVALID_REQUIRED_ACKS))
          ),
        ),
      })),
    );
    if (request.acks === 0) return null;
    return { responses, throttleTimeMs: 0 };
  },
});
