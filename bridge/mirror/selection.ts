/**
 * Which local topics the upstream mirror carries, and under which upstream names: the first
 * rule that selects a topic wins; downstream targets are never selected (no echo loop); two
 * local topics rendered to one upstream name would interleave unrelated partitions, so only
 * the first is mirrored and the clash is logged.
 *
 * @module
 */
import type { TopicMetadata } from "../../broker/log/types.ts";
import type { Logger } from "../../broker/observe/logger.ts";
import type { ResolvedBridgeConfig } from "./config.ts";
import { renderTopicTemplate, selects } from "./routing.ts";

/** A selected local topic. */
export interface SelectedTopic {
  upstream: string;
  startFrom: "earliest" | "latest";
  partitions: number;
}

/**
 * @example
 * ```ts
 * const selected = selectTopics(config, log.listTopics(), logger); // Map local name → SelectedTopic
 * ```
 */
export function selectTopics(
  config: Pick<ResolvedBridgeConfig, "topics" | "downstream" | "gatewayId">,
  topics: readonly Pick<TopicMetadata, "name" | "partitions">[],
  logger: Logger,
): Map<string, SelectedTopic> {
  const selected = new Map<string, SelectedTopic>();
  const owners = new Map<string, string>();
  const downstreamTargets = new Set(config.downstream.map((d) => d.localTopic));
  for (const t of topics) {
    if (downstreamTargets.has(t.name)) continue;
    const rule = config.topics.find((r) => selects(r.match, t.name));
    if (!rule) continue;
    const upstream = renderTopicTemplate(rule.upstreamTopic, config.gatewayId, t.name);
    const owner = owners.get(upstream);
    if (owner !== undefined) {
      logger.error("two local topics map to one upstream topic; mirroring only the first", { upstream, topics: [owner, t.name] });
      continue;
    }
    owners.set(upstream, t.name);
    selected.set(t.name, { upstream, startFrom: rule.startFrom, partitions: t.partitions });
  }
  return selected;
}

/**
 * Would `topic` be mirrored from its first record once discovered (a `startFrom: "earliest"`
 * rule selects it, and it is no downstream target)? Until its lane exists nothing of it is
 * mirrored, so its retention floor is the log start.
 */
export function mirroredFromStart(config: Pick<ResolvedBridgeConfig, "topics" | "downstream">, topic: string): boolean {
  if (config.downstream.some((d) => d.localTopic === topic)) return false;
  return config.topics.find((r) => selects(r.match, topic))?.startFrom === "earliest";
}
