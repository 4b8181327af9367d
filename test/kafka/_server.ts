/** Start a Kafka listener on a free port over the Bun runtime and an in-memory log. */
import type { KafkaAuth } from "../../broker/kafka/auth.ts";
import { startKafkaServer } from "../../broker/kafka/server.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { TestClient } from "./_client.ts";
import { FakeLogManager } from "./_fake_log.ts";

export async function startTestServer(options: { maxRequestBytes?: number; auth?: KafkaAuth } = {}) {
  const runtime = currentRuntime();
  const log = new FakeLogManager();
  await log.createTopic("t", { partitions: 2 });
  const server = await startKafkaServer({
    runtime,
    log,
    hostname: "127.0.0.1",
    port: 0,
    advertisedHost: "127.0.0.1",
    logger: silentLogger,
    metrics: new MetricsRegistry(),
    groups: { initialRebalanceDelayMs: 0 },
    limits: options.maxRequestBytes ? { maxRequestBytes: options.maxRequestBytes } : {},
    ...(options.auth ? { auth: options.auth } : {}),
  });
  const clients: TestClient[] = [];
  return {
    runtime,
    log,
    server,
    async client() {
      const c = await TestClient.connect(runtime, server.port);
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.close();
      await server.close();
    },
  };
}
