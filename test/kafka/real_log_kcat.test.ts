/**
 * The listener on the real file-backed log in a temporary directory, with kcat: idempotent
 * produce with every codec, a consumer group, a restart, and the group resuming at its
 * committed offsets (nothing consumed twice).
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

const dir = mkdtempSync(join(tmpdir(), "tributary-kafka-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function boot() {
  const runtime = currentRuntime();
  const log = await createLogManager({
    fs: runtime.fs, dataDir: `${dir}/data`, durability: { policy: "group-commit", intervalMs: 0 }, defaults: DEFAULT_TOPIC_CONFIG,
    defaultPartitions: 2, autoCreateTopics: true, logger: silentLogger, metrics: new MetricsRegistry(),
  });
  const server = await startKafkaServer({
    runtime, log, hostname: "127.0.0.1", port: 0, advertisedHost: "127.0.0.1", logger: silentLogger, metrics: new MetricsRegistry(),
    stateDir: `${dir}/state`, groups: { initialRebalanceDelayMs: 0 }, topicDefaults: DEFAULT_TOPIC_CONFIG,
  });
  return { broker: `127.0.0.1:${server.port}`, close: async () => { await server.close(); await log.close(); } };
}

(hasKcat ? test : test.skip)("produce, consume in a group, restart, resume at the committed offsets", async () => {
  let node = await boot();
  for (const z of ["none", "gzip", "snappy", "lz4", "zstd"]) {
    const r = await kcat(["-b", node.broker, "-P", "-t", "real", "-z", z, "-X", "enable.idempotence=true", "-K", ":"], `a:${z}-1\nb:${z}-2\nc:${z}-3\n`);
    expect(r.code).toBe(0);
  }
  const group = () => kcat(["-b", node.broker, "-G", "rg", "-X", "auto.offset.reset=earliest", "-e", "-f", "%s\n", "real"], "", 30000);
  expect((await group()).stdout.trim().split("\n").sort()).toHaveLength(15);
  await node.close();

  node = await boot();
  expect((await group()).stdout.trim()).toBe("");
  await kcat(["-b", node.broker, "-P", "-t", "real", "-K", ":"], "a:after\n");
  expect((await group()).stdout.trim()).toBe("after");
  await node.close();
}, 90000);
