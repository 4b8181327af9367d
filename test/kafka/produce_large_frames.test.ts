/**
 * Large Produce requests (kcat with 1 MB batches) arrive split across socket chunks, are joined
 * once by the frame decoder and written to the log from the request's bytes (batches of 256 KiB
 * or more skip the group buffer): every record must come back byte for byte, in order.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKafkaServer } from "../../broker/kafka/server.ts";
import { createLogManager, DEFAULT_TOPIC_CONFIG } from "../../broker/log/mod.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { hasKcat, kcat } from "./_kcat.ts";

const dir = mkdtempSync(join(tmpdir(), "tributary-kafka-large-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

(hasKcat ? test : test.skip)("kcat's 1 MB produce requests come back byte for byte", async () => {
  const runtime = currentRuntime();
  const log = await createLogManager({
    fs: runtime.fs, dataDir: `${dir}/data`, durability: { policy: "group-commit", intervalMs: 0 }, defaults: DEFAULT_TOPIC_CONFIG,
    defaultPartitions: 1, autoCreateTopics: true, logger: silentLogger, metrics: new MetricsRegistry(),
  });
  const server = await startKafkaServer({
    runtime, log, hostname: "127.0.0.1", port: 0, advertisedHost: "127.0.0.1", logger: silentLogger, metrics: new MetricsRegistry(),
    stateDir: `${dir}/state`, groups: { initialRebalanceDelayMs: 0 }, topicDefaults: DEFAULT_TOPIC_CONFIG,
  });
  try {
    const broker = `127.0.0.1:${server.port}`;
    // 4,000 distinct 1.5 KiB records: several 1 MB batches in flight at once.
    const lines = Array.from({ length: 4000 }, (_, i) => `${String(i).padStart(6, "0")}:${String.fromCharCode(97 + (i % 26)).repeat(1500)}`);
    const produced = await kcat([
      "-b", broker, "-P", "-t", "frames", "-p", "0", "-X", "linger.ms=20", "-X", "batch.size=1000000", "-X", "batch.num.messages=100000",
    ], lines.join("\n") + "\n", 60000);
    expect(produced.code).toBe(0);
    const consumed = await kcat(["-b", broker, "-C", "-t", "frames", "-p", "0", "-o", "beginning", "-e", "-f", "%s\n"], "", 60000);
    expect(consumed.code).toBe(0);
    expect(consumed.stdout.trim().split("\n")).toEqual(lines);
  } finally {
    await server.close();
    await log.close();
  }
}, 120000);
