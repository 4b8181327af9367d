/**
 * Make sure the upstream topics exist: look them up with Metadata and, when the config allows
 * it, create the missing ones with CreateTopics (any broker forwards it to the controller,
 * KIP-590). Otherwise fail with one error that lists every missing topic — managed clusters
 * often forbid creation by clients, and the operator has to create them.
 *
 * @module
 */
import { ErrorCode } from "../../broker/kafka/errors.ts";
import { ApiKey } from "../../broker/kafka/protocol/generated/api_keys.ts";
import type { Logger } from "../../broker/observe/logger.ts";
import type { KafkaCluster } from "../client/cluster.ts";
import { KafkaResponseError } from "../client/errors.ts";
import type { ResolvedBridgeConfig } from "./config.ts";

/** Upstream topics that do not exist and may not be created by the bridge. */
export class MissingUpstreamTopicError extends Error {
  override readonly name = "MissingUpstreamTopicError";
  constructor(readonly topics: readonly string[]) {
    super(`upstream topics missing: ${topics.join(", ")} — create them upstream or set bridge.createTopics`);
  }
}

/**
 * Partition counts of the `wanted` upstream topics, creating missing ones when `create` is set
 * (with the local partition count unless the config fixes one). Topics still electing a leader
 * are left out; the caller asks again later.
 *
 * @example
 * ```ts
 * const counts = await ensureUpstreamTopics(cluster, [{ name: "gw-1.sensors", partitions: 3 }], config.createTopics, logger);
 * ```
 */
export async function ensureUpstreamTopics(
  cluster: KafkaCluster,
  wanted: ReadonlyArray<{ name: string; partitions: number }>,
  create: ResolvedBridgeConfig["createTopics"],
  logger: Logger,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (wanted.length === 0) return counts;
  const found = await cluster.metadata(wanted.map((w) => w.name));
  const missing: Array<{ name: string; partitions: number }> = [];
  for (const w of wanted) {
    const t = found.get(w.name);
    if (!t || t.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) missing.push(w);
    else if (t.errorCode === 0 && t.partitions.length > 0) counts.set(w.name, t.partitions.length);
    else if (t.errorCode !== ErrorCode.LEADER_NOT_AVAILABLE) throw new KafkaResponseError(`Metadata for ${w.name}`, t.errorCode);
  }
  if (missing.length === 0) return counts;
  if (!create) throw new MissingUpstreamTopicError(missing.map((m) => m.name));
  const connection = await cluster.anyConnection();
  const response = await connection.send(ApiKey.CreateTopics, {
    timeoutMs: 30_000,
    topics: missing.map((m) => ({
      name: m.name,
      numPartitions: create.partitions ?? m.partitions,
      replicationFactor: create.replicationFactor,
      assignments: [],
      configs: Object.entries(create.configs).map(([name, value]) => ({ name, value })),
    })),
  });
  for (const t of response.topics) {
    if (t.errorCode !== 0 && t.errorCode !== ErrorCode.TOPIC_ALREADY_EXISTS) {
      throw new KafkaResponseError(`CreateTopics ${t.name}`, t.errorCode, t.errorMessage);
    }
    if (t.errorCode === 0) logger.info("created upstream topic", { topic: t.name, partitions: t.numPartitions });
  }
  // Leaders may take a moment; the next discovery pass picks up what is not ready yet.
  const again = await cluster.metadata(missing.map((m) => m.name));
  for (const m of missing) {
    const t = again.get(m.name);
    if (t && t.errorCode === 0 && t.partitions.length > 0) counts.set(m.name, t.partitions.length);
  }
  return counts;
}
