/**
 * The bridge's configuration: what to mirror where, and how hard to push. Plain data (JSON-able:
 * a regular expression may be written as "/…/"), validated once by {@link resolveBridgeConfig}
 * with messages that say what was expected (STYLE item 12).
 *
 * @module
 */
import type { TlsSettings } from "../client/connection.ts";
import type { SaslSettings } from "../client/sasl/authenticate.ts";
import { DEFAULT_TOPIC_TEMPLATE } from "./routing.ts";

/** Local topics to mirror upstream. */
export interface UpstreamTopicRule {
  /** A local topic name, or a regular expression (RegExp, or a string "/…/") matched against whole names. */
  match: string | RegExp;
  /** Upstream name: `{gateway}` and `{topic}` are replaced. Default "{gateway}.{topic}". */
  upstreamTopic?: string;
  /** Where a topic without a checkpoint starts: the oldest retained record (default) or new records only. */
  startFrom?: "earliest" | "latest";
}

/** An upstream topic to mirror into a local topic (e.g. commands from the cloud). */
export interface DownstreamTopicRule {
  upstreamTopic: string;
  /** Local name; default the upstream name. Created locally with the upstream partition count. */
  localTopic?: string;
  /** Where to start without a checkpoint. Default "latest": commands issued before the gateway existed are not replayed. */
  startFrom?: "earliest" | "latest";
}

/** Every bridge setting. Only `gatewayId`, `upstream.bootstrap` and `topics` are required. */
export interface BridgeConfig {
  /** This gateway's name upstream (topic template, provenance header, client id); [A-Za-z0-9._-]. */
  gatewayId: string;
  upstream: {
    /** `host:port` of one or more upstream brokers. */
    bootstrap: string[];
    /** Default `tributary-<gatewayId>`. */
    clientId?: string;
    /** TLS; `true` verifies against the system roots, `{ ca }` against a private CA. */
    tls?: boolean | TlsSettings;
    /** SASL PLAIN or SCRAM-SHA-256/512 (use with TLS). */
    sasl?: SaslSettings;
    /** Default 10 000. */
    connectTimeoutMs?: number;
    /** Default 30 000. */
    requestTimeoutMs?: number;
  };
  topics: UpstreamTopicRule[];
  downstream?: DownstreamTopicRule[];
  /** Create missing upstream topics with CreateTopics. Default false: report them missing. */
  createTopics?: boolean | { partitions?: number; replicationFactor?: number; configs?: Record<string, string> };
  /** Batch compression. Default "zstd". */
  compression?: "none" | "gzip" | "snappy" | "lz4" | "zstd";
  /** Largest batch before compression, in bytes. Default 1 000 000 (librdkafka's batch.size). */
  batchMaxBytes?: number;
  /** How long a partial batch waits for more records once the backlog is drained. Default 100 ms. */
  lingerMs?: number;
  /** Produce timeout the broker may spend on replication (acks=all). Default 10 000. */
  ackTimeoutMs?: number;
  /** Uplink limit in bytes per second after compression; unset = unlimited. */
  rateLimitBytesPerSecond?: number;
  /** Burst size for the limit. Default one second's worth. */
  rateLimitBurstBytes?: number;
  /** Retry backoff: first ceiling and largest ceiling in ms (full jitter). Defaults 100 and 10 000. */
  retryBackoffMs?: number;
  retryBackoffMaxMs?: number;
  /** Backlog in records above which the state reads "draining". Default 1000. */
  drainThresholdRecords?: number;
  /** Period of progress log lines while draining. Default 10 000. */
  progressIntervalMs?: number;
  /** How often local topics are re-listed for new matches and partitions. Default 10 000. */
  topicRescanMs?: number;
}

/** A setting that cannot be used; the message says what was expected. */
export class BridgeConfigError extends Error {
  override readonly name = "BridgeConfigError";
}

/** A config with defaults filled in and selectors compiled. */
export type ResolvedBridgeConfig = Required<Omit<BridgeConfig, "topics" | "downstream" | "createTopics" | "rateLimitBytesPerSecond" | "rateLimitBurstBytes" | "upstream">> & {
  downstream: Array<{ upstreamTopic: string; localTopic: string; startFrom: "earliest" | "latest" }>;
  upstream: BridgeConfig["upstream"] & { clientId: string };
  topics: Array<{ match: string | RegExp; upstreamTopic: string; startFrom: "earliest" | "latest" }>;
  createTopics: { partitions?: number; replicationFactor: number; configs: Record<string, string> } | null;
  rateLimitBytesPerSecond: number | undefined;
  rateLimitBurstBytes: number | undefined;
};

const NAME = /^[A-Za-z0-9._-]+$/;
const CODECS = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

/** Kafka codec id of a compression name. */
export function codecId(name: ResolvedBridgeConfig["compression"]): number {
  return CODECS[name];
}

function positive(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new BridgeConfigError(`bridge.${name} must be a number >= ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function selector(match: string | RegExp, i: number): string | RegExp {
  if (match instanceof RegExp) return new RegExp(`^(?:${match.source})$`, match.flags.replace("g", ""));
  if (typeof match !== "string" || match.length === 0) throw new BridgeConfigError(`bridge.topics[${i}].match must be a topic name or "/regex/"`);
  if (match.length > 2 && match.startsWith("/") && match.endsWith("/")) {
    try {
      return new RegExp(`^(?:${match.slice(1, -1)})$`);
    } catch (cause) {
      throw new BridgeConfigError(`bridge.topics[${i}].match is not a valid regular expression: ${String(cause)}`);
    }
  }
  return match;
}

/**
 * Validate `config` and fill in defaults.
 *
 * @example
 * ```ts
 * const resolved = resolveBridgeConfig({ gatewayId: "gw-1", upstream: { bootstrap: ["kafka:9092"] },
 *   topics: [{ match: "/sensors\\..*|events/" }] });
 * ```
 */
export function resolveBridgeConfig(config: BridgeConfig): ResolvedBridgeConfig {
  if (typeof config.gatewayId !== "string" || !NAME.test(config.gatewayId)) {
    throw new BridgeConfigError(`bridge.gatewayId must match [A-Za-z0-9._-]+, got ${JSON.stringify(config.gatewayId)}`);
  }
  const bootstrap = config.upstream?.bootstrap;
  if (!Array.isArray(bootstrap) || bootstrap.length === 0 || !bootstrap.every((a) => /^\[?[^\s\]]+\]?:\d+$/.test(a))) {
    throw new BridgeConfigError(`bridge.upstream.bootstrap must be a non-empty list of "host:port", got ${JSON.stringify(bootstrap)}`);
  }
  if (!Array.isArray(config.topics)) throw new BridgeConfigError("bridge.topics must be a list of { match, upstreamTopic? }");
  const compression = config.compression ?? "zstd";
  if (!(compression in CODECS)) throw new BridgeConfigError(`bridge.compression must be one of ${Object.keys(CODECS).join(", ")}`);
  const topics = config.topics.map((t, i) => {
    const upstreamTopic = t.upstreamTopic ?? DEFAULT_TOPIC_TEMPLATE;
    if (!upstreamTopic.includes("{topic}") && typeof t.match !== "string") {
      throw new BridgeConfigError(`bridge.topics[${i}].upstreamTopic must contain {topic} when match is a regular expression`);
    }
    if (t.startFrom !== undefined && t.startFrom !== "earliest" && t.startFrom !== "latest") {
      throw new BridgeConfigError(`bridge.topics[${i}].startFrom must be "earliest" or "latest"`);
    }
    return { match: selector(t.match, i), upstreamTopic, startFrom: t.startFrom ?? "earliest" };
  });
  const create = config.createTopics;
  const rate = config.rateLimitBytesPerSecond;
  return {
    gatewayId: config.gatewayId,
    upstream: { ...config.upstream, clientId: config.upstream.clientId ?? `tributary-${config.gatewayId}` },
    topics,
    downstream: (config.downstream ?? []).map((d, i) => {
      if (typeof d.upstreamTopic !== "string" || !NAME.test(d.upstreamTopic)) throw new BridgeConfigError(`bridge.downstream[${i}].upstreamTopic must be a topic name`);
      return { upstreamTopic: d.upstreamTopic, localTopic: d.localTopic ?? d.upstreamTopic, startFrom: d.startFrom ?? "latest" };
    }),
    createTopics: create === true || typeof create === "object"
      ? {
        ...(typeof create === "object" && create.partitions !== undefined ? { partitions: positive("createTopics.partitions", create.partitions, 1) } : {}),
        replicationFactor: typeof create === "object" && create.replicationFactor !== undefined ? create.replicationFactor : -1,
        configs: typeof create === "object" ? create.configs ?? {} : {},
      }
      : null,
    compression,
    batchMaxBytes: positive("batchMaxBytes", config.batchMaxBytes, 1_000_000, 1024),
    lingerMs: positive("lingerMs", config.lingerMs, 100, 0),
    ackTimeoutMs: positive("ackTimeoutMs", config.ackTimeoutMs, 10_000),
    rateLimitBytesPerSecond: rate === undefined ? undefined : positive("rateLimitBytesPerSecond", rate, 0),
    rateLimitBurstBytes: config.rateLimitBurstBytes === undefined ? undefined : positive("rateLimitBurstBytes", config.rateLimitBurstBytes, 0),
    retryBackoffMs: positive("retryBackoffMs", config.retryBackoffMs, 100),
    retryBackoffMaxMs: positive("retryBackoffMaxMs", config.retryBackoffMaxMs, 10_000),
    drainThresholdRecords: positive("drainThresholdRecords", config.drainThresholdRecords, 1000, 0),
    progressIntervalMs: positive("progressIntervalMs", config.progressIntervalMs, 10_000),
    topicRescanMs: positive("topicRescanMs", config.topicRescanMs, 10_000),
  };
}
