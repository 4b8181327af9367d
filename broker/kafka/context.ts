/**
 * What every Kafka handler may use: the log, the group coordinator, producer state, the
 * broker's identity as clients see it, limits, logging and metrics. Built once by
 * `startKafkaServer` and shared by all connections.
 *
 * @module
 */
import type { LogManager, TopicConfig } from "../log/types.ts";
import type { LimitReporter } from "../limits/mod.ts";
import type { Logger } from "../observe/logger.ts";
import type { MetricsRegistry } from "../observe/metrics.ts";
import type { KafkaAuth } from "./auth.ts";
import type { Compression } from "./compression/mod.ts";
import type { GroupCoordinator } from "./groups/coordinator.ts";
import type { GroupClock } from "./groups/types.ts";
import type { ProducerStateManager } from "./producers/manager.ts";
import type { HandlerRegistry } from "./registry.ts";
import type { RequestMetrics } from "./request_metrics.ts";

/** Kafka listener limits (Kafka broker config names in comments). */
export interface KafkaLimits {
  /** socket.request.max.bytes: largest request frame. Default 100 MiB. */
  maxRequestBytes: number;
  /** Requests read ahead per connection before reading pauses (pipelining bound). */
  maxInFlightPerConnection: number;
  /** Upper bound on a Fetch's max wait (ms), whatever the client asks. */
  maxFetchWaitMs: number;
  /** Idle connections are closed after this long (connections.max.idle.ms, 10 min). */
  connectionIdleMs: number;
  /** Open connections of this listener (plaintext and TLS together); 0 = no limit. */
  maxConnections: number;
  /** A new connection must send one complete request within this time. */
  firstRequestTimeoutMs: number;
  /** A request whose first bytes arrived must be complete within this time. */
  requestTimeoutMs: number;
}

/** Kafka's own defaults where it has them. */
export const defaultKafkaLimits: KafkaLimits = {
  maxRequestBytes: 100 * 1024 * 1024,
  maxInFlightPerConnection: 100,
  maxFetchWaitMs: 30_000,
  connectionIdleMs: 600_000,
  maxConnections: 1000,
  firstRequestTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
};

/** The broker's log directory as DescribeLogDirs (key 35) reports it. */
export interface LogDirs {
  /** The data directory, as admin tools show it. */
  readonly path: string;
  /** Bytes the partition's segments take; undefined when the partition does not exist. */
  partitionSize(topic: string, partition: number): Promise<number | undefined>;
  /** Capacity of the file system holding the directory; null when the host cannot tell. */
  space(): Promise<{ total: number; usable: number } | null>;
}

/** Shared state of one Kafka listener. */
export interface KafkaServerContext {
  readonly log: LogManager;
  readonly groups: GroupCoordinator;
  readonly producers: ProducerStateManager;
  /** A fresh producer id (InitProducerId). */
  readonly nextProducerId: () => Promise<number>;
  readonly compression: Compression;
  readonly registry: HandlerRegistry;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  readonly requestMetrics: RequestMetrics;
  /** Counts and logs refusals at configured limits (`tributary_limit_rejections_total`). */
  readonly limitReporter: LimitReporter;
  readonly clock: GroupClock;
  /** This broker's node id: 0, the only node of its cluster. */
  readonly nodeId: number;
  readonly clusterId: string;
  readonly advertisedHost: string;
  readonly advertisedPort: number;
  readonly limits: KafkaLimits;
  /** SASL hook; connections must authenticate when set. */
  readonly auth: KafkaAuth | undefined;
  /** The log directory DescribeLogDirs reports. */
  readonly logDirs: LogDirs;
  /** Partitions of topics created without a count (CreateTopics with -1, KIP-464). */
  readonly defaultPartitions: number;
  /**
   * `limits.maxTopics` / `limits.maxPartitions`, so a `validateOnly` CreateTopics or
   * CreatePartitions says what the real one would (the registry enforces them); none if absent.
   */
  readonly topicLimits: { maxTopics: number; maxPartitions: number } | undefined;
  /** The broker's topic defaults, to tell overrides from inherited values; unknown if absent. */
  readonly topicDefaults: TopicConfig | undefined;
  /**
   * Aborted when the listener starts shutting down: connections stop reading new requests and
   * finish answering the ones in flight. A connection removes its listener when it ends; never
   * race reads against a promise that lives as long as the listener (each race left a reaction
   * on it that kept the chunk read alive until shutdown: every produced byte leaked, issue 8).
   */
  readonly stopping: AbortSignal;
}
