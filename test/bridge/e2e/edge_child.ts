/**
 * End-to-end child: an "edge" Tributary — a real file log with a local producer and the bridge
 * mirroring it upstream. It appends keyed records to every partition of `sensors` until each
 * holds `target` records (continuing after a restart from what the log holds), prints
 * `produced` and then `drained` once the bridge's lag is zero. SIGTERM closes it cleanly; the
 * parent also SIGKILLs it mid-run.
 *
 * Usage: bun test/bridge/e2e/edge_child.ts <dataDir> <upstream host:port> <target per partition>
 */
import { startBridge } from "../../../bridge/bridge.ts";
import { bridgeCheckpointCodec } from "../../../bridge/checkpoint/codec.ts";
import { FileCheckpointStore } from "../../../bridge/checkpoint/file_store.ts";
import { createCompression } from "../../../broker/kafka/compression/mod.ts";
import { createLogManager } from "../../../broker/log/log_manager.ts";
import { buildRecordBatch } from "../../../broker/log/record_codec.ts";
import { createLogger } from "../../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../../broker/observe/metrics.ts";
import { currentRuntime } from "../../../broker/runtime/mod.ts";
import { DEFAULT_TOPIC_CONFIG } from "../../../broker/topics/topic_config.ts";

export const PARTITIONS = 2;
const runtime = currentRuntime();
const [dataDir, upstream, targetArg] = runtime.args();
if (!dataDir || !upstream || !targetArg) throw new Error("usage: edge_child.ts <dataDir> <host:port> <target>");
const target = Number(targetArg);
const compression = createCompression();
const metrics = new MetricsRegistry();
const logger = createLogger({ level: "warn", format: "text", sink: (l) => runtime.writeStderr(l) });
const log = await createLogManager({
  fs: runtime.fs,
  dataDir: `${dataDir}/log`,
  durability: { policy: "group-commit", intervalMs: 0 },
  defaults: { ...DEFAULT_TOPIC_CONFIG, "retention.ms": -1, "segment.bytes": 64 * 1024 },
  defaultPartitions: 1,
  autoCreateTopics: false,
  logger,
  metrics,
  decompress: (c, b) => compression.decompress(c, b),
});
if (!log.getTopic("sensors")) await log.createTopic("sensors", { partitions: PARTITIONS });
const saved = await new FileCheckpointStore(runtime.fs, `${dataDir}/bridge/upstream.checkpoint`, bridgeCheckpointCodec).load();
runtime.writeStdout(`checkpoint pending=${saved?.pending.length ?? 0} producer=${saved?.producer?.id ?? -1}\n`);
const bridge = await startBridge({
  runtime,
  log,
  logger,
  metrics,
  stateDir: `${dataDir}/bridge`,
  gatewayId: "edge1",
  upstream: { bootstrap: [upstream], requestTimeoutMs: 1000, connectTimeoutMs: 500 },
  topics: [{ match: "sensors" }],
  ackTimeoutMs: 500,
  lingerMs: 5,
  batchMaxBytes: 8 * 1024,
  retryBackoffMs: 20,
  retryBackoffMaxMs: 300,
  topicRescanMs: 200,
  progressIntervalMs: 1000,
});
let stopping = false;
runtime.onSignal("SIGTERM", () => {
  stopping = true;
  void (async () => {
    await bridge.close();
    await log.close();
    runtime.exit(0);
  })();
});

const enc = new TextEncoder();
const logs = await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => log.partition("sensors", p)));
while (!stopping && logs.some((l) => l!.logEndOffset < target)) {
  for (let p = 0; p < PARTITIONS && !stopping; p++) {
    const partition = logs[p]!;
    const start = partition.logEndOffset;
    const count = Math.min(7, target - start);
    if (count <= 0) continue;
    await partition.append(buildRecordBatch(Array.from({ length: count }, (_, i) => ({
      timestamp: runtime.now(),
      key: enc.encode(`k${(start + i) % 5}`),
      value: enc.encode(`${p}:${start + i}`),
    }))));
  }
  await new Promise((r) => setTimeout(r, 4));
}
runtime.writeStdout("produced\n");
const drained = () => {
  const s = bridge.status();
  return s.lag.partitions.length === PARTITIONS && s.lag.records === 0 && s.state === "connected";
};
while (!stopping && !drained()) await new Promise((r) => setTimeout(r, 20));
if (!stopping) runtime.writeStdout(`drained ${JSON.stringify(bridge.status().recordsSent)}\n`);
