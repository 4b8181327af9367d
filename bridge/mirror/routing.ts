/**
 * Where a local record goes upstream: topic by template, partition by the route.
 *
 * Partitions map one to one when the upstream topic has at least as many as the local one,
 * which keeps every local partition's order intact upstream. With fewer upstream partitions a
 * keyed record goes where Kafka's default partitioner would put it (murmur2 of the key, so
 * per-key order holds and consumers see the usual key → partition placement); keyless records
 * stay together per local partition (local partition modulo the upstream count).
 *
 * @module
 */
import { murmur2, toPositive } from "../../broker/routing/murmur2.ts";
import type { Route } from "../checkpoint/types.ts";

/** The upstream topic template's default: the gateway id, a dot, the local topic. */
export const DEFAULT_TOPIC_TEMPLATE = "{gateway}.{topic}";

/**
 * Fill `{gateway}` and `{topic}` in a template.
 *
 * @example
 * ```ts
 * renderTopicTemplate("{gateway}.{topic}", "gw-7", "sensors"); // "gw-7.sensors"
 * ```
 */
export function renderTopicTemplate(template: string, gatewayId: string, topic: string): string {
  return template.replaceAll("{gateway}", gatewayId).replaceAll("{topic}", topic);
}

/** Whether a topic selector (exact name or RegExp, anchored by the caller) selects `topic`. */
export function selects(selector: string | RegExp, topic: string): boolean {
  if (typeof selector === "string") return selector === topic;
  selector.lastIndex = 0;
  return selector.test(topic);
}

/**
 * The upstream partition of a record from `localPartition` with `key`.
 *
 * @example
 * ```ts
 * upstreamPartition({ upstreamTopic: "gw.t", upstreamPartitions: 3, localPartitions: 3 }, 2, key); // 2
 * ```
 */
export function upstreamPartition(route: Route, localPartition: number, key: Uint8Array | null): number {
  if (route.upstreamPartitions >= route.localPartitions) return localPartition;
  if (key === null) return localPartition % route.upstreamPartitions;
  return toPositive(murmur2(key)) % route.upstreamPartitions;
}
