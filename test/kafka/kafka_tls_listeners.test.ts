/**
 * `startKafkaServer({ tls })`: a plaintext and a TLS listener over the same broker state, each
 * advertising its own port (Metadata, FindCoordinator, DescribeCluster) to the clients that
 * connected through it — Kafka's per-listener advertised listeners.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { TcpConnection } from "../../broker/runtime/types.ts";
import { type KafkaServer, startKafkaServer } from "../../broker/kafka/server.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { makeCerts } from "../runtime/_certs.ts";
import { TestClient } from "./_client.ts";
import { FakeLogManager } from "./_fake_log.ts";

const runtime = currentRuntime();
let server: KafkaServer;
let ca = "";
const clients: TestClient[] = [];

/** A wire client over an already open connection (plain or TLS). */
function clientOver(connection: TcpConnection): TestClient {
  const c = new (TestClient as unknown as new (connection: TcpConnection) => TestClient)(connection);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  const pem = await makeCerts(runtime);
  ca = pem.ca;
  const log = new FakeLogManager();
  await log.createTopic("t", { partitions: 1 });
  server = await startKafkaServer({
    runtime,
    log,
    hostname: "127.0.0.1",
    port: 0,
    advertisedHost: "127.0.0.1",
    logger: silentLogger,
    metrics: new MetricsRegistry(),
    tls: { port: 0, options: { cert: pem.cert, key: pem.key } },
  });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server?.close();
});

describe("plaintext and TLS listeners at once", () => {
  test("both listen, on different ports", () => {
    expect(server.tlsPort).toBeDefined();
    expect(server.tlsPort).not.toBe(server.port);
  });

  for (const kind of ["plaintext", "tls"] as const) {
    test(`a ${kind} client is told its own listener's port`, async () => {
      const port = kind === "tls" ? server.tlsPort! : server.port;
      const connection = await runtime.connect({ hostname: "127.0.0.1", port, ...(kind === "tls" ? { tls: { ca } } : {}) });
      const c = clientOver(connection);
      const metadata = await c.request(3, 12, { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
      expect(metadata.brokers.map((b) => b.port)).toEqual([port]);
      expect(metadata.topics.map((t) => t.name)).toEqual(["t"]);
      const coordinator = await c.request(10, 4, { keyType: 0, coordinatorKeys: ["g"] });
      expect(coordinator.coordinators[0]!.port).toBe(port);
      const cluster = await c.request(60, 0, { includeClusterAuthorizedOperations: false });
      expect(cluster.brokers.map((b) => b.port)).toEqual([port]);
    });
  }
});
