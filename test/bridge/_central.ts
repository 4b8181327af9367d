/**
 * A "central cluster" for bridge tests: the real Tributary Kafka listener on a free loopback
 * port over a real log on an in-memory filesystem.
 */
import { createCompression } from "../../broker/kafka/compression/mod.ts";
import { startKafkaServer, type KafkaServer } from "../../broker/kafka/server.ts";
import { createLogManager, type FileLogManager } from "../../broker/log/log_manager.ts";
import { decodeAllRecords } from "../../broker/log/record_codec.ts";
import type { LogRecord } from "../../broker/log/types.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { currentRuntime, MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { DEFAULT_TOPIC_CONFIG } from "../../broker/topics/topic_config.ts";

const compression = createCompression();

export interface Central {
  server: KafkaServer;
  log: FileLogManager;
  port: number;
  /** Every record of a partition, decompressed. */
  records(topic: string, partition: number): Promise<LogRecord[]>;
  close(): Promise<void>;
}

/** Open a log on `fs` (default a fresh in-memory one) with auto-creation off. */
export async function openLog(
  fs = new MemoryFileSystem(),
  dataDir = "/data",
  autoCreate = false,
  durability: "none" | "group-commit" = "none",
  diskBudgetBytes?: number,
): Promise<FileLogManager> {
  return await createLogManager({
    fs,
    dataDir,
    durability: { policy: durability, intervalMs: 0 },
    defaults: { ...DEFAULT_TOPIC_CONFIG, "retention.ms": -1 },
    defaultPartitions: 1,
    autoCreateTopics: autoCreate,
    logger: silentLogger,
    metrics: new MetricsRegistry(),
    decompress: (codec, bytes) => compression.decompress(codec, bytes),
    ...(diskBudgetBytes !== undefined ? { diskBudgetBytes } : {}),
  });
}

/** Read every record of a partition of `log`. */
export async function readAll(log: FileLogManager, topic: string, partition: number): Promise<LogRecord[]> {
  const p = await log.partition(topic, partition);
  if (!p) return [];
  const out: LogRecord[] = [];
  let offset = p.logStartOffset;
  while (offset < p.highWatermark) {
    const r = await p.read(offset, 1 << 20);
    if (r.bytes.length === 0) break;
    const records = decodeAllRecords(r.bytes, (c, b) => compression.decompress(c, b)).filter((x) => x.offset >= offset);
    out.push(...records);
    offset = records.length > 0 ? records.at(-1)!.offset + 1 : offset + 1;
  }
  return out;
}

/** Start the central listener; `advertisedPort` lets a fault proxy sit in front of it. */
export async function startCentral(options: { advertisedPort?: number; log?: FileLogManager } = {}): Promise<Central> {
  const runtime = currentRuntime();
  const log = options.log ?? await openLog();
  const server = await startKafkaServer({
    runtime,
    log,
    hostname: "127.0.0.1",
    port: 0,
    advertisedHost: "127.0.0.1",
    ...(options.advertisedPort !== undefined ? { advertisedPort: options.advertisedPort } : {}),
    logger: silentLogger,
    metrics: new MetricsRegistry(),
  });
  return {
    server,
    log,
    port: server.port,
    records: (topic, partition) => readAll(log, topic, partition),
    async close() {
      await server.close();
      await log.close();
    },
  };
}
