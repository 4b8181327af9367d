/**
 * Kafka topic configs as the admin APIs carry them (name → string value) mapped to the log's
 * typed {@link TopicConfig}. Configs Kafka knows but a single-node edge broker has no use for
 * (replication, compression on the broker side…) are accepted and ignored, so standard tooling
 * that sets them keeps working; names Kafka does not know are INVALID_CONFIG, as in Kafka.
 *
 * @module
 */
import type { CleanupPolicy, TimestampType, TopicConfig } from "../log/types.ts";
import { ErrorCode } from "./errors.ts";

/** DescribeConfigs config types (KIP-569). */
export const ConfigType = { boolean: 1, string: 2, int: 3, short: 4, long: 5, double: 6, list: 7 } as const;
/** DescribeConfigs config sources. */
export const ConfigSource = { dynamicTopic: 1, staticBroker: 4, default: 5 } as const;

type Key = keyof TopicConfig;

const TYPES: Record<Key, number> = {
  "retention.ms": ConfigType.long,
  "retention.bytes": ConfigType.long,
  "segment.bytes": ConfigType.int,
  "segment.ms": ConfigType.long,
  "cleanup.policy": ConfigType.list,
  "max.message.bytes": ConfigType.int,
  "message.timestamp.type": ConfigType.string,
  "delete.retention.ms": ConfigType.long,
};

/** Kafka topic configs accepted without effect here. */
const IGNORED = new Set([
  "compression.type", "min.insync.replicas", "unclean.leader.election.enable", "flush.messages", "flush.ms",
  "index.interval.bytes", "segment.index.bytes", "segment.jitter.ms", "file.delete.delay.ms",
  "min.compaction.lag.ms", "max.compaction.lag.ms", "min.cleanable.dirty.ratio", "preallocate",
  "message.downconversion.enable", "follower.replication.throttled.replicas", "leader.replication.throttled.replicas",
  "message.timestamp.difference.max.ms", "message.timestamp.before.max.ms", "message.timestamp.after.max.ms",
  "message.format.version", "local.retention.ms", "local.retention.bytes", "remote.storage.enable",
]);

/** The configs this broker reports, in a stable order. */
export const TOPIC_CONFIG_NAMES = Object.keys(TYPES) as Key[];

/** Parsed configs, or the error to answer with. */
export type ConfigResult = { ok: true; config: Partial<TopicConfig> } | { ok: false; errorCode: number; message: string };

/** Parse one value; `undefined` when the value is not valid for the name. */
function parseValue(name: Key, value: string): NonNullable<TopicConfig[Key]> | undefined {
  if (name === "cleanup.policy") {
    const parts = value.split(",").map((p) => p.trim()).filter(Boolean).sort();
    const joined = parts.join(",");
    return joined === "compact" || joined === "delete" || joined === "compact,delete" ? (joined as CleanupPolicy) : undefined;
  }
  if (name === "message.timestamp.type") return value === "CreateTime" || value === "LogAppendTime" ? (value as TimestampType) : undefined;
  if (!/^-?\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) return undefined;
  if ((name === "retention.ms" || name === "retention.bytes") && n < -1) return undefined;
  if (name === "delete.retention.ms" && n < 0) return undefined;
  if ((name === "segment.bytes" || name === "max.message.bytes" || name === "segment.ms") && n <= 0) return undefined;
  return n;
}

/** Parse name/value pairs; null values mean "no override" and are skipped. */
export function parseTopicConfigs(entries: ReadonlyArray<{ name: string; value: string | null }>): ConfigResult {
  const config: Partial<Record<Key, TopicConfig[Key]>> = {};
  for (const { name, value } of entries) {
    if (IGNORED.has(name)) continue;
    if (!(name in TYPES)) return { ok: false, errorCode: ErrorCode.INVALID_CONFIG, message: `unknown topic config ${name}` };
    if (value === null) continue;
    const parsed = parseValue(name as Key, value);
    if (parsed === undefined) {
      return { ok: false, errorCode: ErrorCode.INVALID_CONFIG, message: `invalid value ${JSON.stringify(value)} for ${name}` };
    }
    config[name as Key] = parsed;
  }
  return { ok: true, config: config as Partial<TopicConfig> };
}

/** True when the name is a topic config Kafka knows (reported or ignored). */
export function isKnownTopicConfig(name: string): boolean {
  return name in TYPES || IGNORED.has(name);
}

/** A config entry for DescribeConfigs / CreateTopics responses. */
export interface DescribedConfig {
  name: string;
  value: string;
  type: number;
  /** Set on the topic rather than inherited from the broker defaults. */
  isOverride: boolean;
}

/** Describe a topic's configs against the broker's defaults. */
export function describeTopicConfig(config: TopicConfig, defaults: TopicConfig | undefined): DescribedConfig[] {
  return TOPIC_CONFIG_NAMES.filter((name) => config[name] !== undefined).map((name) => ({
    name,
    value: String(config[name]),
    type: TYPES[name],
    isOverride: defaults !== undefined && config[name] !== defaults[name],
  }));
}
