/**
 * One Produce request to one broker (acks = all) carrying the head batch of several
 * partitions, and the per-partition outcomes it produced.
 *
 * A failure of the whole request (broken connection, timeout) becomes a per-batch outcome too:
 * `leader` so Metadata is refreshed before the retry, and `maybeDelivered` when the bytes may
 * have reached the broker — those batches are in doubt and must keep their sequence.
 *
 * @module
 */
import { errorForCode } from "../../broker/kafka/errors.ts";
import { ApiKey } from "../../broker/kafka/protocol/generated/api_keys.ts";
import type { KafkaCluster } from "./cluster.ts";
import { describeError, maybeDelivered, UnsupportedApiError } from "./errors.ts";
import { classifyProduceError, type ProduceOutcome } from "./produce_outcome.ts";
import type { ProducerBatch } from "./producer_batch.ts";

/** What happened to one batch of a request. */
export type ItemOutcome =
  | { kind: "ok"; baseOffset: number }
  | { kind: Exclude<ProduceOutcome, "ok">; error: string; maybeDelivered: boolean };

/** A batch in a request and where its outcome goes. */
export interface InFlightItem<M> {
  batch: ProducerBatch<M>;
  done(outcome: ItemOutcome): void;
}

/**
 * Send the items' batches to `leader` and report each outcome exactly once. Never rejects.
 *
 * @example
 * ```ts
 * await sendProduce(cluster, 1, [{ batch, done: (o) => console.log(o.kind) }], 10_000);
 * ```
 */
export async function sendProduce<M>(
  cluster: KafkaCluster,
  leader: number,
  items: readonly InFlightItem<M>[],
  ackTimeoutMs: number,
  /** Called once the leader's connection is up, right before the request is written. */
  onWire?: () => void,
): Promise<void> {
  const fail = (error: unknown, delivered: boolean) => {
    const kind = error instanceof UnsupportedApiError ? "stuck" : "leader";
    for (const item of items) item.done({ kind, error: describeError(error), maybeDelivered: delivered });
  };
  let connection;
  try {
    connection = await cluster.connection(leader);
  } catch (error) {
    fail(error, false);
    return;
  }
  onWire?.();
  const byTopic = new Map<string, InFlightItem<M>[]>();
  for (const item of items) {
    const list = byTopic.get(item.batch.topic) ?? [];
    list.push(item);
    byTopic.set(item.batch.topic, list);
  }
  let response;
  try {
    response = await connection.send(ApiKey.Produce, {
      transactionalId: null,
      acks: -1,
      timeoutMs: ackTimeoutMs,
      topicData: [...byTopic].map(([name, list]) => ({
        name,
        partitionData: list.map((i) => ({ index: i.batch.partition, records: i.batch.bytes })),
      })),
    }, {
      // The broker may legitimately spend the ack timeout waiting for replicas, then answer.
      timeoutMs: ackTimeoutMs + (cluster.config.requestTimeoutMs ?? 30_000),
    });
  } catch (error) {
    fail(error, maybeDelivered(error));
    return;
  }
  const answered = new Map<string, { errorCode: number; baseOffset: bigint; errorMessage: string | null }>();
  for (const t of response.responses) {
    for (const p of t.partitionResponses) answered.set(`${t.name}/${p.index}`, p);
  }
  for (const item of items) {
    const p = answered.get(`${item.batch.topic}/${item.batch.partition}`);
    if (!p) {
      item.done({ kind: "retry-in-doubt", error: "partition missing from the Produce response", maybeDelivered: true });
      continue;
    }
    const kind = classifyProduceError(p.errorCode);
    if (kind === "ok") {
      item.done({ kind, baseOffset: Number(p.baseOffset) });
    } else {
      const name = errorForCode(p.errorCode).name;
      item.done({ kind, error: p.errorMessage ? `${name}: ${p.errorMessage}` : name, maybeDelivered: kind === "retry-in-doubt" });
    }
  }
}
