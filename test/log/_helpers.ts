/** Shared fixtures for the log tests (tests may use node: APIs; the log itself may not). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { createLogMetrics, type LogMetrics } from "../../broker/log/log_metrics.ts";
import { openPartitionLog } from "../../broker/log/open_partition.ts";
import type { FilePartitionLog } from "../../broker/log/partition_log.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import type { DurabilityPolicy, TopicConfig } from "../../broker/log/types.ts";
import type { FileSystem } from "../../broker/runtime/types.ts";

export const enc = new TextEncoder();
export const dec = new TextDecoder();

/** A fresh temporary directory and a function removing it. */
export function tempDir(prefix = "tributary-log-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const testConfig: TopicConfig = {
  "retention.ms": -1,
  "retention.bytes": -1,
  "segment.bytes": 1 << 30,
  "segment.ms": 7 * 24 * 3600_000,
  "cleanup.policy": "delete",
  "max.message.bytes": 1 << 20,
  "message.timestamp.type": "CreateTime",
};

export interface PartitionFixture {
  log: FilePartitionLog;
  metrics: LogMetrics;
  registry: MetricsRegistry;
}

/** Open a partition directly (no manager). */
export async function openTestPartition(
  fs: FileSystem,
  dir: string,
  options: {
    config?: Partial<TopicConfig>;
    policy?: DurabilityPolicy;
    clean?: boolean;
    now?: () => number;
    logStartOffset?: number;
    indexIntervalBytes?: number;
    registry?: MetricsRegistry;
  } = {},
): Promise<PartitionFixture> {
  const registry = options.registry ?? new MetricsRegistry();
  const metrics = createLogMetrics(registry);
  const config = { ...testConfig, ...options.config };
  // The manager creates the data dir durably; do the same for the parent here.
  const parent = dir.slice(0, dir.lastIndexOf("/"));
  if (!(await fs.stat(parent))) {
    await fs.mkdir(parent, { recursive: true });
    await fs.syncDir(parent.slice(0, parent.lastIndexOf("/")) || "/");
  }
  const log = await openPartitionLog({
    topic: "t",
    partition: 0,
    fs,
    dir,
    config: () => config,
    policy: options.policy ?? "group-commit",
    intervalMs: 5,
    logger: process.env.LOGDBG ? createLogger({ level: "debug", format: "text", sink: (l) => process.stderr.write(l) }) : silentLogger,
    metrics,
    now: options.now ?? Date.now,
    logStartOffset: options.logStartOffset ?? 0,
    onLogStartOffset: async () => {},
    clean: options.clean ?? false,
    indexIntervalBytes: options.indexIntervalBytes ?? 4096,
  });
  return { log, metrics, registry };
}

/** A batch of `count` records with values `prefix-i`. */
export function batchOf(count: number, prefix: string, timestamp = 1_000, size = 0): Uint8Array {
  const pad = size > 0 ? "x".repeat(size) : "";
  return buildRecordBatch(
    Array.from({ length: count }, (_, i) => ({
      timestamp: timestamp + i,
      key: enc.encode(`k${i % 7}`),
      value: enc.encode(`${prefix}-${i}${pad}`),
    })),
  );
}

/** Read every record from `from` to the high watermark. */
export async function readAll(
  log: { read(o: number, m: number): Promise<{ bytes: Uint8Array }>; highWatermark: number },
  from: number,
  decode: (b: Uint8Array) => { offset: number; value: Uint8Array | null }[],
): Promise<{ offset: number; value: string }[]> {
  const out: { offset: number; value: string }[] = [];
  let next = from;
  while (next < log.highWatermark) {
    const { bytes } = await log.read(next, 64 * 1024);
    if (bytes.length === 0) break;
    for (const r of decode(bytes)) {
      if (r.offset >= next) out.push({ offset: r.offset, value: r.value === null ? "<null>" : dec.decode(r.value) });
    }
    next = out.length > 0 ? out[out.length - 1]!.offset + 1 : next;
  }
  return out;
}
