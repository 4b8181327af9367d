/**
 * Caps on how many topics and partitions the gateway holds (`limits.maxTopics`,
 * `limits.maxPartitions`). Every partition costs a directory, open files and index memory on
 * a small device, and auto-creation lets any client add topics, so the registry refuses what
 * would go beyond them — for every path that creates topics (Kafka auto-create, CreateTopics,
 * CreatePartitions, MQTT rules, the admin API). Internal topics (`__consumer_offsets`,
 * `__mqtt_sessions`, …) are the broker's own: they are neither counted nor refused.
 *
 * @module
 */
import { LogError } from "../log/errors.ts";
import type { TopicMetadata } from "../log/types.ts";

/** Limits of the topic registry; 0 = no limit. */
export interface TopicLimits {
  maxTopics: number;
  maxPartitions: number;
  /** Called for every refusal (metric and log line). */
  onRefused?: (error: TopicLimitError) => void;
}

/** Creating or growing would exceed a topic limit. Kafka: POLICY_VIOLATION; MQTT v5: 0x97. */
export class TopicLimitError extends LogError {
  constructor(
    readonly limit: "max-topics" | "max-partitions",
    readonly topic: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "TopicLimitError";
  }
}

/** Topics and partitions counted against the limits (internal topics excluded). */
export function countUsage(topics: Iterable<TopicMetadata>): { topics: number; partitions: number } {
  let count = 0;
  let partitions = 0;
  for (const t of topics) {
    if (t.internal) continue;
    count++;
    partitions += t.partitions;
  }
  return { topics: count, partitions };
}

/**
 * The refusal for creating `name` with `partitions` (or growing it by `added` partitions when
 * `existing`), or undefined when the limits allow it.
 */
export function checkTopicLimits(
  limits: TopicLimits | undefined,
  usage: { topics: number; partitions: number },
  name: string,
  added: number,
  existing: boolean,
): TopicLimitError | undefined {
  if (!limits) return undefined;
  if (!existing && limits.maxTopics > 0 && usage.topics >= limits.maxTopics) {
    return new TopicLimitError("max-topics", name, `cannot create topic "${name}": the broker holds ${usage.topics} topics, the limit (limits.maxTopics) is ${limits.maxTopics}`);
  }
  if (limits.maxPartitions > 0 && usage.partitions + added > limits.maxPartitions) {
    return new TopicLimitError(
      "max-partitions",
      name,
      `cannot ${existing ? "add" : "create"} ${added} partitions for topic "${name}": the broker holds ${usage.partitions} partitions, the limit (limits.maxPartitions) is ${limits.maxPartitions}`,
    );
  }
  return undefined;
}
