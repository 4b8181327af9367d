/**
 * The broker under fuzz: the real log (group commit on an in-memory filesystem), the real
 * Kafka and MQTT listeners — what `startBroker` wires — over {@link MemoryNet} and one
 * {@link VirtualClock}. A fresh instance per input keeps every input independent.
 */
import type { KafkaAuth } from "../../broker/kafka/auth.ts";
import { parseConfig } from "../../broker/config/mod.ts";
import { createCompression } from "../../broker/kafka/compression/mod.ts";
import { type KafkaServer, startKafkaServer } from "../../broker/kafka/server.ts";
import { createLogManager, type FileLogManager } from "../../broker/log/log_manager.ts";
import { type MqttServer, startMqttServer } from "../../broker/mqtt/server.ts";
import type { LogFields, Logger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { currentRuntime, MemoryFileSystem } from "../../broker/runtime/mod.ts";
import type { Runtime } from "../../broker/runtime/types.ts";
import { DEFAULT_TOPIC_CONFIG } from "../../broker/topics/topic_config.ts";
import { MemoryNet } from "./memory_net.ts";
import { VirtualClock } from "./virtual_clock.ts";

const compression = createCompression();
/** The configuration a broker gets with no settings at all. */
const defaults = parseConfig({});
export const decompress = (codec: number, bytes: Uint8Array) => compression.decompress(codec, bytes);

/** The log's directory on the in-memory filesystem. */
export const DATA_DIR = "/data";

/** Topic every Kafka input may produce to (created before the input runs). */
export const FUZZ_TOPIC = "t";
/** The topic the corpus's kafkajs frames name (3 partitions when captured). */
const CORPUS_TOPIC = "kjs";

/**
 * Log lines that mean the broker failed on a client's input rather than refusing it: any
 * error, and the warnings the listeners write when a handler, an ack or a connection loop threw.
 */
const FAULT_WARNINGS = ["mqtt connection failed", "mqtt ack failed", "mqtt ingest append failed", "mqtt session state write failed"];

/** A logger that keeps the fault lines and drops the rest. */
function faultRecorder(faults: string[]): Logger {
  const keep = (message: string, fields?: LogFields) => {
    const detail = fields ? Object.entries(fields).map(([k, v]) => `${k}=${v instanceof Error ? `${v.name}: ${v.message}\n${v.stack ?? ""}` : String(v)}`).join(" ") : "";
    faults.push(`${message} ${detail}`.trim());
  };
  const logger: Logger = {
    debug() {},
    info() {},
    warn(message, fields) {
      if (FAULT_WARNINGS.includes(message)) keep(message, fields);
    },
    error: keep,
    child: () => logger,
  };
  return logger;
}

export interface MemoryBroker {
  /** Fault lines logged so far (see FAULT_WARNINGS); empty when the broker only refused input. */
  faults: string[];
  net: MemoryNet;
  clock: VirtualClock;
  fs: MemoryFileSystem;
  log: FileLogManager;
  kafka: KafkaServer | undefined;
  mqtt: MqttServer | undefined;
  close(): Promise<void>;
}

/** The one SASL/PLAIN user of a broker started with `sasl` (see {@link fuzzAuth}). */
export const FUZZ_USER = { username: "fuzz", password: "secret" };

/** PLAIN only, no anonymous access: every connection must authenticate first. */
const fuzzAuth: KafkaAuth = {
  mechanisms: ["PLAIN"],
  authenticatePlain: (username, password) =>
    Promise.resolve(username === FUZZ_USER.username && password === FUZZ_USER.password ? username : null),
};

/** Start a broker with the listeners the target needs; `sasl` puts PLAIN in front of Kafka. */
export async function startMemoryBroker(which: { kafka: boolean; mqtt: boolean; sasl?: boolean }): Promise<MemoryBroker> {
  const net = new MemoryNet();
  const clock = new VirtualClock();
  const fs = new MemoryFileSystem();
  const metrics = new MetricsRegistry();
  const faults: string[] = [];
  const logger = faultRecorder(faults);
  const runtime: Runtime = { ...currentRuntime(), fs, listen: net.listen, now: () => clock.now() };
  const log = await createLogManager({
    fs,
    dataDir: DATA_DIR,
    durability: { policy: "group-commit", intervalMs: 0 },
    // No time retention: fuzzed timestamps are anywhere in time and must not expire records.
    defaults: { ...DEFAULT_TOPIC_CONFIG, "retention.ms": -1 },
    defaultPartitions: 1,
    autoCreateTopics: true,
    retentionCheckIntervalMs: 0,
    logger,
    metrics,
    now: () => clock.now(),
    decompress,
    // The product's caps (limits.maxTopics / maxPartitions): without them one CreatePartitions
    // of 65,535 makes every later partition walk open tens of thousands of partitions.
    topicLimits: { maxTopics: defaults.limits.maxTopics, maxPartitions: defaults.limits.maxPartitions },
  });
  await log.createTopic(FUZZ_TOPIC, { partitions: 2 });
  await log.createTopic(CORPUS_TOPIC, { partitions: 3 });
  const kafka = which.kafka
    ? await startKafkaServer({
      runtime,
      log,
      hostname: "memory",
      port: 9092,
      advertisedHost: "127.0.0.1",
      logger,
      metrics,
      clock,
      stateDir: `${DATA_DIR}/.kafka`,
      compression,
      ...(which.sasl ? { auth: fuzzAuth } : {}),
    })
    : undefined;
  let closing: Promise<void> | undefined;
  const mqtt = which.mqtt
    ? await startMqttServer({ runtime, log, hostname: "memory", port: 1883, logger, metrics, clock, decompress })
    : undefined;
  return {
    faults,
    net,
    clock,
    fs,
    log,
    kafka,
    mqtt,
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
  async function shutdown(): Promise<void> {
    // Shutdown waits on virtual timers (drain bounds): keep time moving while it runs.
    let ticking = true;
    const ticker = (async () => {
      while (ticking) {
        await new Promise((r) => setTimeout(r, 1));
        clock.advance(1_000);
      }
    })();
    try {
      await mqtt?.close();
      await kafka?.close();
      await log.close();
    } finally {
      ticking = false;
      await ticker;
    }
  }
}
