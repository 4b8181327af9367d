/**
 * The client's view of the upstream cluster: bootstrap addresses, the broker table and
 * partition leaders from Metadata, and one pooled connection per broker.
 *
 * Metadata is refreshed on demand (a leader error, an unknown partition) and at most every
 * `metadataMinIntervalMs`, so a flapping partition cannot turn into a Metadata storm; the
 * bootstrap list is only used to find a first broker (and again if every known broker fails),
 * as in librdkafka and franz-go.
 *
 * @module
 */
import { ApiKey } from "../../broker/kafka/protocol/generated/api_keys.ts";
import type { Logger } from "../../broker/observe/logger.ts";
import type { Runtime } from "../../broker/runtime/types.ts";
import type { Clock } from "./clock.ts";
import { BrokerConnection, type TlsSettings } from "./connection.ts";
import { BrokerConnectionError, describeError } from "./errors.ts";
import type { SaslSettings } from "./sasl/authenticate.ts";

/** Where the upstream cluster is and how to talk to it. */
export interface ClusterConfig {
  /** `host:port` pairs; any one reachable broker is enough. */
  bootstrap: readonly string[];
  /** Sent in every request header; shows up in broker logs and quotas. */
  clientId: string;
  tls?: TlsSettings | undefined;
  sasl?: SaslSettings | undefined;
  /** Default 10 000. */
  connectTimeoutMs?: number;
  /** Default 30 000. */
  requestTimeoutMs?: number;
  /** Smallest gap between two Metadata refreshes. Default 500. */
  metadataMinIntervalMs?: number;
}

/** One partition as Metadata describes it. */
export interface PartitionInfo {
  partition: number;
  /** Leader node id; -1 while there is none. */
  leader: number;
  leaderEpoch: number;
  errorCode: number;
}

/** One topic as Metadata describes it; `errorCode` 3 (UNKNOWN_TOPIC_OR_PARTITION) when missing. */
export interface TopicInfo {
  name: string;
  errorCode: number;
  partitions: PartitionInfo[];
}

/** Split "host:port" (IPv6 in brackets). */
export function parseHostPort(address: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address.trim());
  if (!m) throw new RangeError(`expected host:port, got "${address}"`);
  return { host: m[1]!, port: Number(m[2]) };
}

/**
 * Broker table, leader cache and connection pool.
 *
 * @example
 * ```ts
 * const cluster = new KafkaCluster(runtime, { bootstrap: ["kafka:9092"], clientId: "gw-1" }, systemClock, logger);
 * const topics = await cluster.metadata(["gw-1.sensors"]);
 * const conn = await cluster.connection(cluster.leader("gw-1.sensors", 0)!);
 * ```
 */
export class KafkaCluster {
  readonly #brokers = new Map<number, { host: string; port: number }>();
  readonly #topics = new Map<string, TopicInfo>();
  readonly #connections = new Map<string, Promise<BrokerConnection>>();
  #lastRefresh = -Infinity;
  #refreshing: { topics: Set<string>; promise: Promise<Map<string, TopicInfo>> } | undefined;
  #nextAddress = 0;
  #closed = false;

  constructor(
    private readonly runtime: Pick<Runtime, "connect">,
    readonly config: ClusterConfig,
    readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    if (config.bootstrap.length === 0) throw new RangeError("bootstrap list is empty");
    config.bootstrap.forEach(parseHostPort);
  }

  /** Leader of a partition from the last Metadata, or undefined when unknown. */
  leader(topic: string, partition: number): number | undefined {
    const p = this.#partition(topic, partition);
    return p && p.leader >= 0 ? p.leader : undefined;
  }

  /** Topic as last seen in Metadata. */
  topic(name: string): TopicInfo | undefined {
    return this.#topics.get(name);
  }

  /** Forget a leader (after NOT_LEADER_OR_FOLLOWER) so the next send waits for fresh Metadata. */
  invalidate(topic: string, partition: number): void {
    const p = this.#partition(topic, partition);
    if (p) p.leader = -1;
  }

  #partition(topic: string, partition: number): PartitionInfo | undefined {
    const partitions = this.#topics.get(topic)?.partitions;
    const p = partitions?.[partition];
    return p?.partition === partition ? p : partitions?.find((q) => q.partition === partition);
  }

  /**
   * Metadata for `topics` (never auto-creates). Concurrent callers share one request; calls
   * within `metadataMinIntervalMs` of the last refresh wait out the rest of the interval.
   */
  metadata(topics: readonly string[]): Promise<Map<string, TopicInfo>> {
    const current = this.#refreshing;
    if (current && topics.every((t) => current.topics.has(t))) return current.promise;
    const run = async () => {
      await current?.promise.catch(() => {});
      const wait = this.#lastRefresh + (this.config.metadataMinIntervalMs ?? 500) - this.clock.now();
      if (wait > 0) await new Promise<void>((r) => this.clock.setTimer(wait, r));
      try {
        return await this.#fetchMetadata(topics);
      } finally {
        this.#lastRefresh = this.clock.now();
      }
    };
    const refreshing = { topics: new Set(topics), promise: run() };
    this.#refreshing = refreshing;
    refreshing.promise.then(
      () => this.#refreshing === refreshing && (this.#refreshing = undefined),
      () => this.#refreshing === refreshing && (this.#refreshing = undefined),
    );
    return refreshing.promise;
  }

  /** The pooled connection to node `nodeId`, opened on first use. */
  connection(nodeId: number): Promise<BrokerConnection> {
    const address = this.#brokers.get(nodeId);
    if (!address) return Promise.reject(new BrokerConnectionError(`unknown broker node ${nodeId}`, false));
    return this.#connect(address.host, address.port);
  }

  /** A connection to any broker: an open one if there is one, else the next reachable address. */
  async anyConnection(): Promise<BrokerConnection> {
    for (const pending of this.#connections.values()) {
      const c = await pending.catch(() => undefined);
      if (c?.usable) return c;
    }
    const addresses = [
      ...this.config.bootstrap.map(parseHostPort),
      ...[...this.#brokers.values()],
    ];
    let last: unknown;
    for (let i = 0; i < addresses.length; i++) {
      const a = addresses[(this.#nextAddress + i) % addresses.length]!;
      try {
        return await this.#connect(a.host, a.port);
      } catch (error) {
        last = error;
        if (!(error instanceof BrokerConnectionError)) throw error;
      }
    }
    this.#nextAddress++;
    throw last;
  }

  /** Close every connection; later calls fail. */
  close(): void {
    this.#closed = true;
    for (const pending of this.#connections.values()) pending.then((c) => c.close(), () => {});
    this.#connections.clear();
  }

  #connect(host: string, port: number): Promise<BrokerConnection> {
    if (this.#closed) return Promise.reject(new BrokerConnectionError("client is closed", false));
    const key = `${host}:${port}`;
    const existing = this.#connections.get(key);
    if (existing) {
      return existing.then((c) => {
        if (c.usable) return c;
        if (this.#connections.get(key) === existing) this.#connections.delete(key);
        c.close();
        return this.#connect(host, port);
      });
    }
    const opening = BrokerConnection.open({
      runtime: this.runtime,
      host,
      port,
      clientId: this.config.clientId,
      clock: this.clock,
      tls: this.config.tls,
      sasl: this.config.sasl,
      connectTimeoutMs: this.config.connectTimeoutMs ?? 10_000,
      requestTimeoutMs: this.config.requestTimeoutMs ?? 30_000,
    });
    this.#connections.set(key, opening);
    opening.then(
      (c) => c.onClose((reason) => {
        if (this.#connections.get(key) === opening) this.#connections.delete(key);
        this.logger.debug("upstream connection closed", { broker: key, reason: describeError(reason) });
      }),
      () => {
        if (this.#connections.get(key) === opening) this.#connections.delete(key);
      },
    );
    return opening;
  }

  async #fetchMetadata(topics: readonly string[]): Promise<Map<string, TopicInfo>> {
    const connection = await this.anyConnection();
    const response = await connection.send(ApiKey.Metadata, {
      topics: topics.map((name) => ({ name })),
      allowAutoTopicCreation: false,
    });
    if (response.brokers.length > 0) {
      this.#brokers.clear();
      for (const b of response.brokers) this.#brokers.set(b.nodeId, { host: b.host, port: b.port });
    }
    const out = new Map<string, TopicInfo>();
    for (const t of response.topics) {
      if (t.name === null) continue;
      const partitions: PartitionInfo[] = t.partitions
        .map((p) => ({ partition: p.partitionIndex, leader: p.leaderId, leaderEpoch: p.leaderEpoch, errorCode: p.errorCode }))
        .sort((a, b) => a.partition - b.partition);
      const info: TopicInfo = { name: t.name, errorCode: t.errorCode, partitions };
      // Other topic errors (LEADER_NOT_AVAILABLE right after creation, authorization) are
      // reported to the caller; the cache keeps only usable answers.
      if (t.errorCode === 0) this.#topics.set(t.name, info);
      else this.#topics.delete(t.name);
      out.set(t.name, info);
    }
    return out;
  }
}
