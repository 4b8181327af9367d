/**
 * `startBroker()`: wires one broker process from a {@link BrokerConfig} — the log, the Kafka
 * and MQTT listeners and the admin HTTP API — and returns a handle whose `close()` shuts it all
 * down in order (stop accepting, finish in flight, fsync, clean-shutdown marker).
 *
 * @module
 */
import type { BrokerConfig, TlsFilesConfig } from "./config/types.ts";
import type { LogManager, TopicConfig } from "./log/types.ts";
import { createLogManager } from "./log/mod.ts";
import { ConnectionGate, LimitReporter } from "./limits/mod.ts";
import { createLogger, type Logger } from "./observe/logger.ts";
import { MetricsRegistry } from "./observe/metrics.ts";
import type { Runtime } from "./runtime/types.ts";
import type { AdminDeps } from "./admin/app.ts";
import { countingRuntime, type GroupSource, startEdgeGauges } from "./admin/collectors.ts";
import type { DeviceAdmin } from "./admin/devices_api.ts";
import type { KafkaAuth } from "./kafka/auth.ts";
import { createCompression } from "./kafka/compression/mod.ts";
import { groupLag } from "./kafka/groups/lag.ts";
import { type KafkaServer, startKafkaServer } from "./kafka/server.ts";
import type { MqttHooks } from "./mqtt/hooks.ts";
import { type MqttServer, startMqttServer } from "./mqtt/server.ts";
import type { TlsOptions } from "./runtime/types.ts";
import { VERSION } from "./version.ts";

export interface BrokerListener {
  /** "kafka-tls", "mqtt-tls": the TLS listeners (`kafka.tls.port`, `mqtt.tls.port`). */
  protocol: "kafka" | "kafka-tls" | "mqtt" | "mqtt-tls" | "http";
  hostname: string;
  port: number;
}

export interface BrokerHandle {
  readonly version: string;
  readonly listeners: BrokerListener[];
  readonly log: LogManager;
  readonly metrics: MetricsRegistry;
  /** Graceful shutdown; resolves when everything is flushed and closed. */
  close(): Promise<void>;
}

export interface StartOptions {
  runtime: Runtime;
  logger?: Logger;
  metrics?: MetricsRegistry;
  /**
   * Parts supplied from outside `broker/` (STYLE item 10): the device registry's auth hooks
   * and admin routes, wired by the root `mod.ts`. At most one may supply each hook.
   */
  extensions?: BrokerExtension[];
}

/** What an extension sees when the broker starts it (after the log is open). */
export interface ExtensionContext {
  config: BrokerConfig;
  runtime: Runtime;
  log: LogManager;
  metrics: MetricsRegistry;
  logger: Logger;
}

/** The hooks an extension contributes. */
export interface ExtensionParts {
  /** MQTT CONNECT/PUBLISH/SUBSCRIBE decisions. */
  mqttHooks?: Partial<MqttHooks>;
  /** SASL/PLAIN for the Kafka listener; given, every Kafka connection must authenticate. */
  kafkaAuth?: KafkaAuth;
  /** Device administration for `/api/devices`. */
  devices?: DeviceAdmin;
  /** The upstream bridge's status snapshot (for the admin API). */
  bridgeStatus?: () => unknown;
  /** Called once every listener is up. */
  started?(broker: { mqtt: MqttServer | undefined }): void;
  /** Called on shutdown, after the listeners have closed. */
  close?(): Promise<void>;
}

/** A component started with the broker (e.g. the device registry). */
export interface BrokerExtension {
  name: string;
  start(context: ExtensionContext): Promise<ExtensionParts>;
}

/** Start a broker. Rejects (after closing what was opened) if any part fails to start. */
export async function startBroker(config: BrokerConfig, options: StartOptions): Promise<BrokerHandle> {
  const { runtime } = options;
  const logger = options.logger ??
    createLogger({ level: config.logging.level, format: config.logging.format, sink: (l) => runtime.writeStderr(l) });
  const metrics = options.metrics ?? new MetricsRegistry();
  // One reporter and one connection gate for every listener, so limits.maxConnections counts
  // MQTT and Kafka together and refusals share one metric family.
  const limitReporter = new LimitReporter(metrics, logger.child({ component: "limits" }));
  const gate = new ConnectionGate({
    maxConnections: config.limits.maxConnections,
    addressRate: {
      perMinute: config.limits.addressConnectionsPerMinute,
      burst: config.limits.addressConnectionBurst,
      exempt: config.limits.addressRateExempt,
    },
    now: () => runtime.monotonic(),
    reporter: limitReporter,
  });
  const closers: Array<() => Promise<void>> = [];
  const listeners: BrokerListener[] = [];
  let ready = false;

  const closeAll = async () => {
    ready = false;
    for (const close of closers.reverse()) {
      await close().catch((err) => logger.error("error during shutdown", { err }));
    }
  };

  try {
    const log = await createLogManager({
      fs: runtime.fs,
      dataDir: config.dataDir,
      durability: { policy: config.log.durability, intervalMs: config.log.flushIntervalMs },
      defaults: topicDefaults(config),
      defaultPartitions: config.log.defaultPartitions,
      autoCreateTopics: config.log.autoCreateTopics,
      diskBudgetBytes: config.log.diskBudgetBytes,
      retentionCheckIntervalMs: config.log.retentionCheckIntervalMs,
      topicLimits: {
        maxTopics: config.limits.maxTopics,
        maxPartitions: config.limits.maxPartitions,
        onRefused: (error) => limitReporter.refused("any", error.limit, `limits.${error.limit === "max-topics" ? "maxTopics" : "maxPartitions"}`, { topic: error.topic }),
      },
      logger: logger.child({ component: "log" }),
      metrics,
      now: () => runtime.now(),
      processIo: () => runtime.processIo(),
    });
    closers.push(() => log.close());

    const parts: ExtensionParts[] = [];
    for (const extension of options.extensions ?? []) {
      const part = await extension.start({ config, runtime, log, metrics, logger: logger.child({ component: extension.name }) });
      parts.push(part);
      if (part.close) closers.push(part.close);
    }
    const mqttHooks = only(parts, "mqttHooks");
    const kafkaAuth = only(parts, "kafkaAuth");
    const devices = only(parts, "devices");
    if (!config.auth.allowAnonymous && (!mqttHooks || !kafkaAuth)) {
      throw new Error("auth.allowAnonymous is false but no device registry supplies authentication (start through mod.ts)");
    }

    const compression = createCompression();
    let kafka: KafkaServer | undefined;
    if (config.kafka.enabled) {
      const tls = await tlsFromFiles(config.kafka.tls, runtime);
      kafka = await startKafkaServer({
        runtime: countingRuntime(runtime, "kafka", metrics),
        log,
        hostname: config.kafka.host,
        port: config.kafka.port,
        advertisedHost: advertisedHost(config),
        ...(config.kafka.advertisedPort ? { advertisedPort: config.kafka.advertisedPort } : {}),
        // Plaintext on kafka.port and TLS on kafka.tls.port (TLS only when they are equal).
        ...(tls
          ? {
            tls: {
              port: config.kafka.tls.port,
              options: tls,
              ...(config.kafka.tls.advertisedPort ? { advertisedPort: config.kafka.tls.advertisedPort } : {}),
            },
          }
          : {}),
        limits: {
          maxRequestBytes: config.kafka.maxRequestBytes,
          maxConnections: config.kafka.maxConnections,
          maxInFlightPerConnection: config.kafka.maxInflightRequests,
          firstRequestTimeoutMs: config.kafka.firstRequestTimeoutMs,
          requestTimeoutMs: config.kafka.requestTimeoutMs,
        },
        gate,
        limitReporter,
        logger,
        metrics,
        stateDir: `${config.dataDir}/${KAFKA_STATE_DIR}`,
        compression,
        defaultPartitions: config.log.defaultPartitions,
        topicLimits: { maxTopics: config.limits.maxTopics, maxPartitions: config.limits.maxPartitions },
        topicDefaults: topicDefaults(config),
        logDirs: {
          path: config.dataDir,
          // A partition's size is its segment files' bytes (Kafka's Log.size), read from the log.
          partitionSize: async (topic, partition) => {
            const part = await log.openPartition(topic, partition);
            return part?.segments.segments.reduce((sum, segment) => sum + segment.size, 0);
          },
          space: async () => {
            const space = await runtime.fs.diskSpace?.(config.dataDir);
            return space ? { total: space.total, usable: space.free } : null;
          },
        },
        // With anonymous access on, SASL is still offered: a device that logs in gets its ACL.
        ...(kafkaAuth ? { auth: config.auth.allowAnonymous ? { ...kafkaAuth, allowAnonymous: true } : kafkaAuth } : {}),
      });
      const k = kafka;
      closers.push(() => k.close());
      const tlsOnly = kafka.tlsPort !== undefined && kafka.tlsPort === kafka.port;
      if (!tlsOnly) listeners.push({ protocol: "kafka", hostname: config.kafka.host, port: kafka.port });
      if (kafka.tlsPort !== undefined) listeners.push({ protocol: "kafka-tls", hostname: config.kafka.host, port: kafka.tlsPort });
    }

    let mqtt: MqttServer | undefined;
    if (config.mqtt.enabled) {
      const tls = await tlsFromFiles(config.mqtt.tls, runtime);
      mqtt = await startMqttServer({
        runtime: countingRuntime(runtime, "mqtt", metrics),
        log,
        hostname: config.mqtt.host,
        port: config.mqtt.port,
        rules: config.mqtt.rules,
        limits: {
          maxPacketSize: config.mqtt.maxPacketBytes,
          maxConnections: config.mqtt.maxConnections,
          connectTimeoutMs: config.mqtt.connectTimeoutMs,
          receiveMaximum: config.mqtt.receiveMaximum,
          maxInflight: config.mqtt.maxInflight,
          maxQueuedMessages: config.mqtt.maxQueuedMessages,
          maxQueuedBytes: config.mqtt.maxQueuedBytes,
          maxKeepAlive: config.mqtt.maxKeepAliveSeconds,
        },
        gate,
        limitReporter,
        logger,
        metrics,
        decompress: (codec, bytes) => compression.decompress(codec, bytes),
        // Plaintext on mqtt.port and MQTTS on mqtt.tls.port (TLS only when they are equal).
        ...(tls ? { tls: { port: config.mqtt.tls.port, options: tls } } : {}),
        ...(mqttHooks ? { hooks: mqttHooks } : {}),
      });
      const m = mqtt;
      closers.push(() => m.close());
      const mqttTlsOnly = mqtt.tlsPort !== undefined && mqtt.tlsPort === mqtt.port;
      if (!mqttTlsOnly) listeners.push({ protocol: "mqtt", hostname: config.mqtt.host, port: mqtt.port });
      if (mqtt.tlsPort !== undefined) listeners.push({ protocol: "mqtt-tls", hostname: config.mqtt.host, port: mqtt.tlsPort });
    }

    const groups = kafka ? groupSource(kafka, log) : undefined;
    const gauges = startEdgeGauges({
      log,
      fs: runtime.fs,
      dataDir: config.dataDir,
      diskBudgetBytes: config.log.diskBudgetBytes,
      metrics,
      groups,
      intervalMs: EDGE_GAUGE_INTERVAL_MS,
      setInterval: (fn, ms) => {
        const timer = setInterval(fn, ms);
        return () => clearInterval(timer);
      },
    });
    closers.push(() => Promise.resolve(gauges.stop()));
    const bridgeStatus = only(parts, "bridgeStatus");
    metrics.collectedGauge("tributary_bridge_configured", "1 when an upstream bridge runs in this process", () => [
      { labels: {}, value: bridgeStatus ? 1 : 0 },
    ]);

    if (config.http.enabled) {
      const handler = lazyAdminHandler({
        log,
        metrics,
        ready: () => ready,
        adminToken: config.http.adminToken,
        version: VERSION,
        listeners: () => listeners,
        mqtt,
        groups,
        devices,
        bridge: bridgeStatus,
      });
      const server = await runtime.serveHttp({ hostname: config.http.host, port: config.http.port }, handler);
      closers.push(() => server.close());
      listeners.push({ protocol: "http", hostname: config.http.host, port: server.port });
    }

    for (const part of parts) part.started?.({ mqtt });
    ready = true;
    logger.info("broker started", { version: VERSION, runtime: runtime.name, dataDir: config.dataDir, listeners });
    return {
      version: VERSION,
      listeners,
      log,
      metrics,
      async close() {
        logger.info("broker stopping");
        await closeAll();
        logger.info("broker stopped");
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/**
 * The admin API's request handler, building the app (hono, routes, dashboard) on the first
 * request: a broker that nobody scrapes or browses does not carry them in memory.
 */
function lazyAdminHandler(deps: AdminDeps): (request: Request) => Promise<Response> {
  let app: Promise<{ fetch(request: Request): Response | Promise<Response> }> | undefined;
  return async (request) => {
    app ??= import("./admin/app.ts").then((m) => m.createAdminApp(deps));
    return await (await app).fetch(request);
  };
}

/** Refresh period of the per-partition, disk and lag gauges. */
const EDGE_GAUGE_INTERVAL_MS = 2000;

/** The one extension part named `key`; two suppliers are a wiring error. */
function only<K extends keyof ExtensionParts>(parts: ExtensionParts[], key: K): ExtensionParts[K] | undefined {
  const found = parts.filter((p) => p[key] !== undefined);
  if (found.length > 1) throw new Error(`more than one extension supplies ${key}`);
  return found[0]?.[key];
}

/** TLS material from the configured files, or undefined for plain TCP. */
async function tlsFromFiles(t: TlsFilesConfig, runtime: Runtime): Promise<TlsOptions | undefined> {
  if (!t.certFile) return undefined;
  const read = async (path: string) => {
    const bytes = await runtime.fs.readFile(path);
    if (!bytes) throw new Error(`TLS file ${path} does not exist`);
    return new TextDecoder().decode(bytes);
  };
  return {
    cert: await read(t.certFile),
    key: await read(t.keyFile),
    ...(t.caFile ? { ca: await read(t.caFile) } : {}),
    ...(t.requestClientCert ? { requestClientCert: true } : {}),
  };
}

/** Consumer groups for the admin API and the lag gauge. */
function groupSource(kafka: KafkaServer, log: LogManager): GroupSource {
  const groups = kafka.context.groups;
  return {
    list: () => groups.listGroups(),
    describe: (id) => {
      const d = groups.describeGroup(id);
      return {
        groupId: d.groupId,
        state: d.state,
        members: d.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, clientHost: m.clientHost })),
      };
    },
    lag: (id) => groupLag(groups.offsets, log, id),
  };
}

/** Small Kafka-side state (producer id blocks, producer state snapshot) under the data dir. */
const KAFKA_STATE_DIR = "kafka-state";

/** What Metadata tells clients: the configured host, or loopback when bound to every address. */
function advertisedHost(config: BrokerConfig): string {
  if (config.kafka.advertisedHost) return config.kafka.advertisedHost;
  return config.kafka.host === "0.0.0.0" || config.kafka.host === "::" ? "127.0.0.1" : config.kafka.host;
}

function topicDefaults(config: BrokerConfig): TopicConfig {
  const d = config.log.topicDefaults;
  return {
    "retention.ms": d.retentionMs,
    "retention.bytes": d.retentionBytes,
    "segment.bytes": d.segmentBytes,
    "segment.ms": d.segmentMs,
    "cleanup.policy": "delete",
    "max.message.bytes": d.maxMessageBytes,
    "message.timestamp.type": d.timestampType,
  };
}
