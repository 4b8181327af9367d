/**
 * Fetch (key 1), v0-17. Returns stored RecordBatch bytes exactly as the log holds them (no
 * decoding, no re-encoding): the first batch is the one containing the fetch offset and the
 * client skips records before it. Long poll: when fewer than `minBytes` are available the
 * request waits on `PartitionLog.onHighWatermark` until data arrives or `maxWaitMs` passes
 * (capped by the listener's `maxFetchWaitMs`).
 *
 * Budget: `partitionMaxBytes` per partition, `maxBytes` (v3+) for the response, but the first
 * non-empty partition always gets at least one whole batch (KIP-74). Errors are per partition:
 * unknown topic or partition (UNKNOWN_TOPIC_ID for v13+ ids), OFFSET_OUT_OF_RANGE outside
 * [log start, high watermark]. Without transactions the last stable offset is the high
 * watermark and there are no aborted transactions, for both isolation levels. Fetch sessions
 * (KIP-227, v7+) are not kept: every response has session id 0, which clients take as "full
 * fetch each time"; an incremental request for a session id gets FETCH_SESSION_ID_NOT_FOUND.
 * Topic ids replace names from v13; the replica fields of v15+ are ignored. A topic the
 * principal may not READ is TOPIC_AUTHORIZATION_FAILED per partition (its data never read).
 */
import type { PartitionLog, TopicMetadata } from "../../log/types.ts";
import { mayTopic } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeFetchRequest, type FetchRequest } from "../protocol/generated/fetch_request.ts";
import {
  encodeFetchResponse,
  type FetchResponseInit,
  type FetchResponsePartitionDataInit,
} from "../protocol/generated/fetch_response.ts";
import type { KafkaServerContext } from "../context.ts";
import { defineHandler } from "../registry.ts";
import { big, logErrorCode, num, topicById } from "./_common.ts";

interface Target {
  topic: string;
  topicId: string;
  meta: TopicMetadata | undefined;
  /** The principal may READ the topic. */
  allowed: boolean;
  partitions: Array<{ partition: number; fetchOffset: number; maxBytes: number; log: PartitionLog | undefined }>;
}

function empty(partitionIndex: number, errorCode: number, log?: PartitionLog): FetchResponsePartitionDataInit {
  const hw = log ? big(log.highWatermark) : -1n;
  return {
    partitionIndex,
    errorCode,
    highWatermark: hw,
    lastStableOffset: hw,
    logStartOffset: log ? big(log.logStartOffset) : -1n,
    abortedTransactions: null,
    preferredReadReplica: -1,
    records: new Uint8Array(),
  };
}

async function readAll(targets: Target[], maxBytes: number, version: number) {
  let total = 0;
  let errors = 0;
  const responses = [];
  for (const t of targets) {
    const partitions: FetchResponsePartitionDataInit[] = [];
    for (const p of t.partitions) {
      const log = p.log;
      if (!t.allowed) {
        partitions.push(empty(p.partition, ErrorCode.TOPIC_AUTHORIZATION_FAILED));
        continue;
      }
      if (!log) {
        partitions.push(empty(p.partition, version >= 13 && !t.meta ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
        continue;
      }
      if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.highWatermark) {
        partitions.push(empty(p.partition, ErrorCode.OFFSET_OUT_OF_RANGE, log));
        continue;
      }
      const budget = Math.min(p.maxBytes, maxBytes - total);
      if (p.fetchOffset === log.highWatermark || (budget <= 0 && total > 0)) {
        partitions.push(empty(p.partition, ErrorCode.NONE, log));
        continue;
      }
      try {
        const read = await log.read(p.fetchOffset, Math.max(budget, 1));
        total += read.bytes.length;
        partitions.push({ ...empty(p.partition, ErrorCode.NONE, log), highWatermark: big(read.highWatermark), lastStableOffset: big(read.highWatermark), logStartOffset: big(read.logStartOffset), records: read.bytes });
      } catch (error) {
        partitions.push(empty(p.partition, logErrorCode(error), log));
      }
    }
    errors += partitions.filter((p) => p.errorCode !== ErrorCode.NONE).length;
    responses.push({ topic: t.topic, topicId: t.topicId, partitions });
  }
  return { responses, total, errors };
}

/** Resolve after any partition's high watermark moves or `ms` passes. */
function waitForData(targets: Target[], ms: number, context: KafkaServerContext): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribes: Array<() => void> = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      cancel();
      for (const u of unsubscribes) u();
      resolve();
    };
    const cancel = context.clock.schedule(ms, finish);
    for (const t of targets) for (const p of t.partitions) if (p.log) unsubscribes.push(p.log.onHighWatermark(finish));
  });
}

/** The Fetch handler; see the module comment for versions and behaviour. */
export const fetchHandler = defineHandler<FetchRequest, FetchResponseInit>({
  apiKey: 1,
  name: "Fetch",
  minVersion: 0,
  maxVersion: 17,
  decode: decodeFetchRequest,
  encode: encodeFetchResponse,
  async handle(request, info, context) {
    const version = info.apiVersion;
    if (version >= 7 && request.sessionId !== 0 && request.sessionEpoch !== -1) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND, sessionId: 0, responses: [] };
    }
    const all = version >= 13 ? context.log.listTopics({ includeInternal: true }) : [];
    const targets: Target[] = await Promise.all(
      request.topics.map(async (t) => {
        const meta = version >= 13 ? topicById(all, t.topicId) : context.log.getTopic(t.topic);
        const name = meta?.name ?? t.topic;
        const allowed = mayTopic(context.auth, info.session, "read", name);
        return {
          topic: name,
          topicId: t.topicId,
          meta,
          allowed,
          partitions: await Promise.all(
            t.partitions.map(async (p) => ({
              partition: p.partition,
              fetchOffset: num(p.fetchOffset),
              maxBytes: p.partitionMaxBytes,
              log: meta && allowed ? await context.log.partition(name, p.partition) : undefined,
            })),
          ),
        };
      }),
    );
    const maxBytes = version >= 3 ? request.maxBytes : Number.MAX_SAFE_INTEGER;
    const deadline = context.clock.now() + Math.min(Math.max(request.maxWaitMs, 0), context.limits.maxFetchWaitMs);
    let result = await readAll(targets, maxBytes, version);
    // Kafka answers at once on errors, when minBytes is met, or when maxWaitMs is 0.
    while (result.errors === 0 && result.total < request.minBytes && context.clock.now() < deadline) {
      await waitForData(targets, deadline - context.clock.now(), context);
      result = await readAll(targets, maxBytes, version);
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses: result.responses };
  },
});
