/**
 * The fetch side of the client, as much as downstream mirroring needs: ListOffsets to find
 * where to start, and Fetch from a partition's leader (read_uncommitted; control batches are
 * skipped). Positions are the caller's — no consumer group, no committed offsets upstream:
 * the bridge keeps its own checkpoint, which is what makes resuming exact.
 *
 * @module
 */
import { ErrorCode } from "../../broker/kafka/errors.ts";
import { ApiKey } from "../../broker/kafka/protocol/generated/api_keys.ts";
import type { Decompressor } from "../../broker/log/record_codec.ts";
import type { LogRecord } from "../../broker/log/types.ts";
import type { KafkaCluster } from "./cluster.ts";
import { KafkaResponseError } from "./errors.ts";
import { readRecords } from "./record_reader.ts";

/** ListOffsets timestamps: -2 earliest, -1 latest (next offset to be written). */
export const EARLIEST = -2n;
export const LATEST = -1n;

/**
 * The earliest or latest offset of each partition, asking each partition's leader.
 *
 * @example
 * ```ts
 * const ends = await listOffsets(cluster, "gw-1.commands", [0, 1], LATEST);
 * ```
 */
export async function listOffsets(cluster: KafkaCluster, topic: string, partitions: readonly number[], timestamp: bigint): Promise<Map<number, number>> {
  const byLeader = new Map<number, number[]>();
  for (const p of partitions) {
    const leader = cluster.leader(topic, p);
    if (leader === undefined) throw new KafkaResponseError(`ListOffsets ${topic}/${p}`, ErrorCode.LEADER_NOT_AVAILABLE);
    byLeader.set(leader, [...(byLeader.get(leader) ?? []), p]);
  }
  const out = new Map<number, number>();
  for (const [leader, ps] of byLeader) {
    const connection = await cluster.connection(leader);
    const r = await connection.send(ApiKey.ListOffsets, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [{ name: topic, partitions: ps.map((partitionIndex) => ({ partitionIndex, timestamp })) }],
    });
    for (const t of r.topics) {
      for (const p of t.partitions) {
        if (p.errorCode !== 0) throw new KafkaResponseError(`ListOffsets ${topic}/${p.partitionIndex}`, p.errorCode);
        out.set(p.partitionIndex, Number(p.offset));
      }
    }
  }
  return out;
}

/** One partition's part of a Fetch answer. */
export interface FetchedPartition {
  partition: number;
  errorCode: number;
  highWatermark: number;
  /** Data records at or after the requested offset, decompressed. */
  records: LogRecord[];
  /** Where the next fetch starts (after the last whole batch returned). */
  nextOffset: number;
}

/**
 * Fetch `partitions` of `topic` from `leader`.
 *
 * @example
 * ```ts
 * const [p0] = await fetchFrom(cluster, leader, "gw-1.commands", [{ partition: 0, offset: 42 }], { maxWaitMs: 500, decompress });
 * ```
 */
export async function fetchFrom(
  cluster: KafkaCluster,
  leader: number,
  topic: string,
  partitions: ReadonlyArray<{ partition: number; offset: number }>,
  options: { maxWaitMs: number; partitionMaxBytes?: number; decompress: Decompressor },
): Promise<FetchedPartition[]> {
  const connection = await cluster.connection(leader);
  const partitionMaxBytes = options.partitionMaxBytes ?? 256 * 1024;
  const r = await connection.send(ApiKey.Fetch, {
    replicaId: -1,
    maxWaitMs: options.maxWaitMs,
    minBytes: 1,
    maxBytes: partitionMaxBytes * partitions.length,
    isolationLevel: 0,
    topics: [{ topic, partitions: partitions.map((p) => ({ partition: p.partition, fetchOffset: BigInt(p.offset), partitionMaxBytes })) }],
  }, { timeoutMs: options.maxWaitMs + 30_000 });
  if (r.errorCode !== 0) throw new KafkaResponseError("Fetch", r.errorCode);
  const asked = new Map(partitions.map((p) => [p.partition, p.offset]));
  const out: FetchedPartition[] = [];
  for (const t of r.responses) {
    for (const p of t.partitions) {
      const offset = asked.get(p.partitionIndex) ?? 0;
      const bytes = p.records ?? new Uint8Array(0);
      const { records, end } = p.errorCode === 0 ? readRecords(bytes, offset, options.decompress) : { records: [], end: offset };
      out.push({ partition: p.partitionIndex, errorCode: p.errorCode, highWatermark: Number(p.highWatermark), records, nextOffset: end });
    }
  }
  return out;
}
