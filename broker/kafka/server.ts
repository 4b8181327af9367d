/**
 * `startKafkaServer`: the Kafka listener. Opens the group coordinator (replaying
 * `__consumer_offsets`), the producer id allocator and producer state, builds the handler
 * registry and serves connections until closed.
 *
 * Listeners: plaintext on `port` and, with `tls`, TLS on `tls.port` — both served by the same
 * broker state. Like Kafka's per-listener `advertised.listeners`, each tells the clients that
 * connected through it its own port (Metadata, FindCoordinator, DescribeCluster), so a client
 * bootstrapped on 9093 stays on TLS. `tls.port` equal to `port` means TLS only on that port.
 *
 * @module
 */
import { ConnectionGate, LimitReporter } from "../limits/mod.ts";
import type { LogManager, TopicConfig } from "../log/types.ts";
import type { Logger } from "../observe/logger.ts";
import type { MetricsRegistry } from "../observe/metrics.ts";
import { writeFileAtomic } from "../runtime/atomic.ts";
import type { Runtime, TcpConnection, TcpListener, TlsOptions } from "../runtime/types.ts";
import type { KafkaAuth } from "./auth.ts";
import { type Compression, createCompression } from "./compression/mod.ts";
import { serveConnection } from "./connection.ts";
import { defaultKafkaLimits, type KafkaLimits, type KafkaServerContext, type LogDirs } from "./context.ts";
import { GroupCoordinator } from "./groups/coordinator.ts";
import { OffsetStore } from "./groups/offset_store.ts";
import { DEFAULT_OFFSETS_RETENTION_MS, expireOffsets } from "./groups/retention.ts";
import { type GroupClock, type GroupConfig, systemGroupClock } from "./groups/types.ts";
import { ProducerIdAllocator } from "./producers/id_allocator.ts";
import { ProducerStateManager } from "./producers/manager.ts";
import { HandlerRegistry } from "./registry.ts";
import { RequestMetrics } from "./request_metrics.ts";

/** How long `close()` waits for in-flight requests before closing connections anyway. */
const DRAIN_TIMEOUT_MS = 5_000;

/** Everything `startKafkaServer` needs; optional parts have Kafka-like defaults. */
export interface KafkaServerOptions {
  runtime: Runtime;
  log: LogManager;
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  /** Host and port put in Metadata and FindCoordinator answers. */
  advertisedHost: string;
  /** Defaults to the bound port. */
  advertisedPort?: number;
  limits?: Partial<KafkaLimits>;
  logger: Logger;
  metrics: MetricsRegistry;
  clock?: GroupClock;
  /** A TLS listener beside the plaintext one (or instead of it, when `tls.port` equals `port`). */
  tls?: KafkaTlsListener;
  /** SASL hook (PLAIN, SCRAM, authorization); without it connections are not authenticated. */
  auth?: KafkaAuth;
  /** Directory for small broker state (producer id blocks, producer state snapshot). */
  stateDir?: string;
  /** Group coordinator settings (session timeouts, initial rebalance delay…). */
  groups?: Partial<GroupConfig>;
  /** Partitions of `__consumer_offsets` when it is created. Default 1. */
  offsetsTopicPartitions?: number;
  compression?: Compression;
  clusterId?: string;
  /**
   * The log directory for DescribeLogDirs. Default: "memory", every existing partition 0 bytes
   * (logs that are not on files).
   */
  logDirs?: LogDirs;
  /** Partitions for CreateTopics with -1 (num.partitions). Default 1. */
  defaultPartitions?: number;
  /** Topic limits for `validateOnly` answers (the log's registry enforces them). */
  topicLimits?: { maxTopics: number; maxPartitions: number };
  /** The log's topic defaults, so DescribeConfigs can tell overrides apart. */
  topicDefaults?: TopicConfig;
  /** How often producer state is snapshotted to `stateDir` (bounds replay after a crash). Default 5 min. */
  producerSnapshotIntervalMs?: number;
  /** producer.id.expiration.ms: idle producers are forgotten after this long. Default 1 day. */
  producerIdExpirationMs?: number;
  /** offsets.retention.minutes in ms: offsets of long-empty groups expire. Default 7 days. */
  offsetsRetentionMs?: number;
  /**
   * Connection admission shared with the other listeners (global limit, per-address rate).
   * Default: a gate of this server's own, with only `limits.maxConnections`.
   */
  gate?: ConnectionGate;
  /** Counts and logs limit refusals; default one on `metrics` and `logger`. */
  limitReporter?: LimitReporter;
}

/** The TLS listener of {@link KafkaServerOptions.tls} (Kafka's SSL / SASL_SSL listener). */
export interface KafkaTlsListener {
  /** Port of the TLS listener (9093 by convention); 0 picks a free one. */
  port: number;
  /** Port advertised to clients connected over TLS; defaults to the bound port. */
  advertisedPort?: number;
  /** Certificate, key and optional client-certificate settings. */
  options: TlsOptions;
}

/** A running Kafka listener. */
export interface KafkaServer {
  readonly hostname: string;
  /** The plaintext listener's port (the TLS one's when TLS is the only listener). */
  readonly port: number;
  /** The TLS listener's port, when there is one. */
  readonly tlsPort: number | undefined;
  readonly context: KafkaServerContext;
  /** Stop accepting, close connections, answer pending group calls, snapshot producer state. */
  close(): Promise<void>;
}

/**
 * Start the Kafka listener.
 *
 * @example
 * ```ts
 * const kafka = await startKafkaServer({ runtime, log, hostname: "0.0.0.0", port: 9092,
 *   advertisedHost: "gateway.local", logger, metrics, stateDir: "data" });
 * ```
 */
export async function startKafkaServer(options: KafkaServerOptions): Promise<KafkaServer> {
  const { runtime, log } = options;
  const clock = options.clock ?? systemGroupClock;
  const logger = options.logger.child({ component: "kafka" });
  const offsets = await OffsetStore.open({
    log,
    partitions: options.offsetsTopicPartitions ?? 1,
    now: () => clock.now(),
    onSkip: (where, error) => logger.warn("skipping unreadable __consumer_offsets record", { where, error: String(error) }),
  });
  const groups = new GroupCoordinator({
    offsets,
    clock,
    config: options.groups ?? {},
    onError: (error) => logger.error("group metadata write failed", { error: String(error) }),
  });
  const producers = new ProducerStateManager({ now: () => clock.now() });
  let nextProducerId: () => Promise<number>;
  const snapshotPath = options.stateDir ? `${options.stateDir}/producer-state.json` : undefined;
  if (options.stateDir) {
    await runtime.fs.mkdir(options.stateDir, { recursive: true });
    const allocator = await ProducerIdAllocator.open({ fs: runtime.fs, path: `${options.stateDir}/producer-ids.json`, logger });
    nextProducerId = () => allocator.next();
    const snapshot = snapshotPath ? await runtime.fs.readFile(snapshotPath) : null;
    if (snapshot && !producers.restoreSnapshot(snapshot)) logger.warn("ignoring unreadable producer state snapshot");
    // A snapshot is only a shortcut; remove it so a crash cannot leave a stale one behind.
    if (snapshotPath) await runtime.fs.remove(snapshotPath);
  } else {
    // No state directory (tests, embedded use): time-based ids never repeat across restarts.
    let next = runtime.now() * 1000;
    nextProducerId = () => Promise.resolve(next++);
  }

  const connections = new Set<TcpConnection>();
  const limits = { ...defaultKafkaLimits, ...options.limits };
  const limitReporter = options.limitReporter ?? new LimitReporter(options.metrics, logger);
  const gate = options.gate ??
    new ConnectionGate({ maxConnections: 0, addressRate: { perMinute: 0, burst: 1 }, now: () => runtime.monotonic(), reporter: limitReporter });
  const stopping = new AbortController();
  const context: KafkaServerContext = {
    log,
    groups,
    producers,
    nextProducerId,
    compression: options.compression ?? createCompression(),
    // Handlers and codecs load with the first connection (see HandlerRegistry.deferred).
    registry: HandlerRegistry.deferred(async () => (await import("./handlers/mod.ts")).allHandlers),
    logger,
    metrics: options.metrics,
    requestMetrics: new RequestMetrics(options.metrics, () => runtime.monotonic()),
    limitReporter,
    clock,
    nodeId: 0,
    clusterId: options.clusterId ?? "tributary",
    advertisedHost: options.advertisedHost,
    advertisedPort: options.advertisedPort ?? options.port,
    limits,
    auth: options.auth,
    logDirs: options.logDirs ?? memoryLogDirs(log),
    defaultPartitions: options.defaultPartitions ?? 1,
    topicLimits: options.topicLimits,
    topicDefaults: options.topicDefaults,
    stopping: stopping.signal,
  };
  const served = new Set<Promise<void>>();
  const connectionGauge = options.metrics.gauge("tributary_kafka_connections", "Open Kafka connections");
  const serve = (listenerContext: KafkaServerContext) => (connection: TcpConnection) => {
    // Over a limit: closed at accept, like Kafka's max.connections (counted and logged by the gate).
    const admission = gate.admit("kafka", connection.remoteAddress, limits.maxConnections);
    if (!admission.ok) return connection.close();
    connections.add(connection);
    connectionGauge.inc();
    const serving = listenerContext.registry.ready()
      .then(() => serveConnection(connection, listenerContext), (error) => {
        connection.close();
        throw error;
      })
      .catch((error) => logger.error("kafka connection failed", { error: String(error) }))
      .finally(() => {
        admission.release();
        connections.delete(connection);
        served.delete(serving);
        connectionGauge.dec();
      });
    served.add(serving);
  };
  const tls = options.tls;
  const tlsOnly = tls !== undefined && tls.port === options.port && tls.port !== 0;
  // The TLS listener shares every piece of state; only the port it advertises differs.
  const tlsContext: KafkaServerContext | undefined = tls ? { ...context, advertisedPort: tls.advertisedPort ?? tls.port } : undefined;
  const listeners: TcpListener[] = [];
  try {
    if (!tlsOnly) listeners.push(await runtime.listen({ hostname: options.hostname, port: options.port }, serve(context)));
    if (tls && tlsContext) listeners.push(await runtime.listen({ hostname: options.hostname, port: tls.port, tls: tls.options }, serve(tlsContext)));
  } catch (error) {
    for (const l of listeners) await l.close();
    groups.close();
    throw error;
  }
  const plainListener = tlsOnly ? undefined : listeners[0];
  const tlsListener = tls ? listeners[listeners.length - 1] : undefined;
  const listener = listeners[0]!;
  if (plainListener && options.advertisedPort === undefined) (context as { advertisedPort: number }).advertisedPort = plainListener.port;
  if (tlsListener && tlsContext && tls?.advertisedPort === undefined) {
    (tlsContext as { advertisedPort: number }).advertisedPort = options.advertisedPort !== undefined && tlsOnly ? options.advertisedPort : tlsListener.port;
  }
  let cancelMaintenance = () => {};
  let closed = false;
  const writeSnapshot = async () => {
    if (snapshotPath) await writeFileAtomic(runtime.fs, snapshotPath, producers.snapshot());
  };
  const maintenance = () => {
    if (closed) return;
    cancelMaintenance = clock.schedule(options.producerSnapshotIntervalMs ?? 300_000, () => {
      producers.expireProducers(options.producerIdExpirationMs ?? 86_400_000);
      expireOffsets(groups, options.offsetsRetentionMs ?? DEFAULT_OFFSETS_RETENTION_MS)
        .catch((error) => logger.warn("offset expiry failed", { error: String(error) }));
      writeSnapshot()
        .catch((error) => logger.warn("producer state snapshot failed", { error: String(error) }))
        .finally(maintenance);
    });
  };
  maintenance();
  logger.info("kafka listener started", {
    hostname: listener.hostname,
    ...(plainListener ? { port: plainListener.port } : {}),
    ...(tlsListener ? { tlsPort: tlsListener.port } : {}),
  });

  return {
    hostname: listener.hostname,
    port: listener.port,
    tlsPort: tlsListener?.port,
    context,
    async close() {
      closed = true;
      cancelMaintenance();
      for (const l of listeners) await l.close();
      // Graceful: stop reading requests, answer pending group calls, and give the requests in
      // flight (a Produce waiting for its fsync) a bounded time to be answered.
      stopping.abort();
      groups.close();
      let cancelWait = () => {};
      await Promise.race([
        Promise.allSettled([...served]),
        new Promise<void>((resolve) => (cancelWait = clock.schedule(DRAIN_TIMEOUT_MS, resolve))),
      ]);
      cancelWait();
      for (const connection of connections) connection.close();
      await writeSnapshot();
    },
  };
}

/** DescribeLogDirs without files: one "memory" dir whose partitions take no disk. */
function memoryLogDirs(log: LogManager): LogDirs {
  return {
    path: "memory",
    partitionSize: (topic, partition) => {
      const meta = log.getTopic(topic);
      return Promise.resolve(meta && partition < meta.partitions ? 0 : undefined);
    },
    space: () => Promise.resolve(null),
  };
}
