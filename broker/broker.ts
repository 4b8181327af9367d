/**
 * `startBroker()`: wires one broker process from a {@link BrokerConfig} — the log, the Kafka
 * and MQTT listeners and the admin HTTP API — and returns a handle whose `close()` shuts it all
 * down in order (stop accepting, finish in flight, fsync, clean-shutdown marker).
 *
 * @module
 */
import type { BrokerConfig } from "./config/types.ts";
import type { LogManager, TopicConfig } from "./log/types.ts";
import { createLogManager } from "./log/mod.ts";
import { createLogger, type Logger } from "./observe/logger.ts";
import { MetricsRegistry } from "./observe/metrics.ts";
import type { Runtime } from "./runtime/types.ts";
import { createAdminApp } from "./admin/app.ts";
import { createCompression } from "./kafka/compression/mod.ts";
import { startKafkaServer } from "./kafka/server.ts";
import { startMqttServer } from "./mqtt/server.ts";
import { VERSION } from "./version.ts";

export interface BrokerListener {
  protocol: "kafka" | "mqtt" | "http";
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
}

/** Start a broker. Rejects (after closing what was opened) if any part fails to start. */
export async function startBroker(config: BrokerConfig, options: StartOptions): Promise<BrokerHandle> {
  const { runtime } = options;
  const logger = options.logger ??
    createLogger({ level: config.logging.level, format: config.logging.format, sink: (l) => runtime.writeStderr(l) });
  const metrics = options.metrics ?? new MetricsRegistry();
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
      logger: logger.child({ component: "log" }),
      metrics,
      now: () => runtime.now(),
      processIo: () => runtime.processIo(),
    });
    closers.push(() => log.close());

    const compression = createCompression();
    if (config.kafka.enabled) {
      const kafka = await startKafkaServer({
        runtime,
        log,
        hostname: config.kafka.host,
        port: config.kafka.port,
        advertisedHost: advertisedHost(config),
        ...(config.kafka.advertisedPort ? { advertisedPort: config.kafka.advertisedPort } : {}),
        limits: { maxRequestBytes: config.kafka.maxRequestBytes },
        logger,
        metrics,
        stateDir: `${config.dataDir}/${KAFKA_STATE_DIR}`,
        compression,
        defaultPartitions: config.log.defaultPartitions,
        topicDefaults: topicDefaults(config),
      });
      closers.push(() => kafka.close());
      listeners.push({ protocol: "kafka", hostname: config.kafka.host, port: kafka.port });
    }

    if (config.mqtt.enabled) {
      const mqtt = await startMqttServer({
        runtime,
        log,
        hostname: config.mqtt.host,
        port: config.mqtt.port,
        rules: config.mqtt.rules,
        limits: { maxPacketSize: config.mqtt.maxPacketBytes },
        logger,
        metrics,
        decompress: (codec, bytes) => compression.decompress(codec, bytes),
      });
      closers.push(() => mqtt.close());
      listeners.push({ protocol: "mqtt", hostname: config.mqtt.host, port: mqtt.port });
    }

    if (config.http.enabled) {
      const app = createAdminApp({ log, metrics, ready: () => ready, adminToken: config.http.adminToken, version: VERSION });
      const server = await runtime.serveHttp({ hostname: config.http.host, port: config.http.port }, app.fetch);
      closers.push(() => server.close());
      listeners.push({ protocol: "http", hostname: config.http.host, port: server.port });
    }

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
