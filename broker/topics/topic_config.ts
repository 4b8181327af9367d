/**
 * Topic configuration: defaults and validation with messages that say what was expected.
 * Values may arrive as strings (Kafka's CreateTopics/AlterConfigs carry strings) or numbers.
 *
 * @module
 */

import { InvalidConfigError } from "../log/errors.ts";
import type { CleanupPolicy, TimestampType, TopicConfig } from "../log/types.ts";

/** Kafka's broker defaults, except `segment.bytes` (128 MiB suits SD cards and small RAM). */
export const DEFAULT_TOPIC_CONFIG: TopicConfig = {
  "retention.ms": 7 * 24 * 3600 * 1000,
  "retention.bytes": -1,
  "segment.bytes": 128 * 1024 * 1024,
  "segment.ms": 7 * 24 * 3600 * 1000,
  "cleanup.policy": "delete",
  "max.message.bytes": 1024 * 1024 + 12,
  "message.timestamp.type": "CreateTime",
  "delete.retention.ms": 24 * 3600 * 1000,
};

const CLEANUP: readonly CleanupPolicy[] = ["delete", "compact", "compact,delete"];
const TIMESTAMP: readonly TimestampType[] = ["CreateTime", "LogAppendTime"];

/** Numeric keys with their smallest legal value (Kafka's ConfigDef ranges). */
const NUMERIC: Record<string, number> = {
  "retention.ms": -1,
  "retention.bytes": -1,
  "segment.bytes": 14,
  "segment.ms": 1,
  "max.message.bytes": 0,
  "delete.retention.ms": 0,
};

/** The config keys this broker understands. */
export const TOPIC_CONFIG_KEYS = Object.keys(DEFAULT_TOPIC_CONFIG) as (keyof TopicConfig)[];

/**
 * Validate and normalize a partial config. Throws {@link InvalidConfigError} for unknown keys and
 * bad values.
 *
 * @example
 * ```ts
 * validateTopicConfig({ "retention.ms": "3600000" }); // { "retention.ms": 3600000 }
 * ```
 */
export function validateTopicConfig(input: Record<string, unknown>): Partial<TopicConfig> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(input)) {
    if (raw === undefined) continue;
    if (key in NUMERIC) {
      const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
      if (typeof n !== "number" || !Number.isSafeInteger(n)) {
        throw new InvalidConfigError(`${key}=${String(raw)}: expected an integer`);
      }
      const min = NUMERIC[key]!;
      if (n < min) throw new InvalidConfigError(`${key}=${n}: expected an integer ≥ ${min}`);
      if (key === "segment.bytes" && n > 0x7fffffff) {
        throw new InvalidConfigError(`${key}=${n}: expected at most ${0x7fffffff} (int32 file positions)`);
      }
      out[key] = n;
    } else if (key === "cleanup.policy") {
      const v = String(raw).split(",").map((s) => s.trim()).sort().join(",");
      if (!(CLEANUP as readonly string[]).includes(v)) {
        throw new InvalidConfigError(`cleanup.policy=${String(raw)}: expected one of ${CLEANUP.join(" | ")}`);
      }
      out[key] = v;
    } else if (key === "message.timestamp.type") {
      if (!(TIMESTAMP as readonly unknown[]).includes(raw)) {
        throw new InvalidConfigError(`message.timestamp.type=${String(raw)}: expected ${TIMESTAMP.join(" or ")}`);
      }
      out[key] = raw;
    } else {
      throw new InvalidConfigError(`unknown topic config "${key}"; expected one of ${TOPIC_CONFIG_KEYS.join(", ")}`);
    }
  }
  return out as Partial<TopicConfig>;
}

/** Defaults overlaid with validated overrides. */
export function resolveTopicConfig(defaults: TopicConfig, overrides: Record<string, unknown> = {}): TopicConfig {
  return { ...defaults, ...validateTopicConfig(overrides) };
}
