/**
 * End-to-end child: a "central" Tributary — the real Kafka listener over a real file log — that
 * advertises the fault proxy's port. Prints `central listening <port>`; SIGTERM shuts it down.
 *
 * Usage: bun test/bridge/e2e/central_child.ts <dataDir> <advertisedPort> <topic> <partitions>
 */
import { createCompression } from "../../../broker/kafka/compression/mod.ts";
import { startKafkaServer } from "../../../broker/kafka/server.ts";
import { createLogManager } from "../../../broker/log/log_manager.ts";
import { silentLogger } from "../../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../../broker/observe/metrics.ts";
import { currentRuntime } from "../../../broker/runtime/mod.ts";
import { DEFAULT_TOPIC_CONFIG } from "../../../broker/topics/topic_config.ts";

const runtime = currentRuntime();
const [dataDir, advertisedPort, topic, partitions] = runtime.args();
if (!dataDir || !advertisedPort || !topic || !partitions) throw new Error("usage: central_child.ts <dataDir> <advertisedPort> <topic> <partitions>");
const compression = createCompression();
const log = await createLogManager({
  fs: runtime.fs,
  dataDir: `${dataDir}/log`,
  durability: { policy: "group-commit", intervalMs: 0 },
  defaults: { ...DEFAULT_TOPIC_CONFIG, "retention.ms": -1 },
  defaultPartitions: 1,
  autoCreateTopics: false,
  logger: silentLogger,
  metrics: new MetricsRegistry(),
  decompress: (c, b) => compression.decompress(c, b),
});
if (!log.getTopic(topic)) await log.createTopic(topic, { partitions: Number(partitions) });
const server = await startKafkaServer({
  runtime,
  log,
  hostname: "127.0.0.1",
  port: 0,
  advertisedHost: "127.0.0.1",
  advertisedPort: Number(advertisedPort),
  stateDir: `${dataDir}/state`,
  logger: silentLogger,
  metrics: new MetricsRegistry(),
});
runtime.writeStdout(`central listening ${server.port}\n`);
runtime.onSignal("SIGTERM", () => {
  void (async () => {
    await server.close();
    await log.close();
    runtime.exit(0);
  })();
});
