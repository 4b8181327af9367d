/**
 * Issue 8: the Kafka Produce path must not keep the bytes it was sent. Before the fix every
 * chunk a Kafka connection read stayed reachable until the listener shut down (each read was
 * raced against the listener's long-lived "stopping" promise, which kept a reaction holding the
 * chunk), so a broker that only received produce requests grew by every byte produced.
 *
 * A memory bound, not a timing one: ArrayBuffer bytes still reachable after a full GC
 * (`Bun.gc(true)`) must not grow with the bytes produced. Bun only (Deno has no GC call
 * without a flag); the leak and the fix are in host-independent code (broker/kafka/connection.ts).
 * Rerun the figures: `./node_modules/.bin/bun test/soak/produce_memory_probe.ts`.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { currentRuntime, parseConfig, startBroker } from "../../mod.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { TestClient } from "../kafka/_client.ts";
import { hasKcat, kcat } from "../kafka/_kcat.ts";

const MiB = 2 ** 20;
const dir = mkdtempSync(join(tmpdir(), "tributary-retention-"));
let broker: Awaited<ReturnType<typeof startBroker>>;
let port = 0;

/** ArrayBuffer bytes reachable after a full collection. */
function retainedArrayBuffers(): number {
  Bun.gc(true);
  return process.memoryUsage().arrayBuffers;
}

beforeAll(async () => {
  const config = parseConfig({
    dataDir: join(dir, "data"),
    kafka: { port: 0, host: "127.0.0.1" },
    mqtt: { port: 0, host: "127.0.0.1" },
    http: { port: 0, host: "127.0.0.1" },
    logging: { level: "warn" },
  } as never);
  broker = await startBroker(config, { runtime: currentRuntime() });
  port = broker.listeners.find((l) => l.protocol === "kafka")!.port;
});

afterAll(async () => {
  await broker?.close();
  rmSync(dir, { recursive: true, force: true });
});

(hasKcat ? test : test.skip)("kcat producing 4 × 100,000 records, a new connection each round: retained bytes stay flat", async () => {
  const records = 100_000;
  const line = (i: number) => `{"id":"sim-${String(i % 1000).padStart(5, "0")}","seq":${i},"temperature":21.5}`;
  const input = join(dir, "records.txt");
  writeFileSync(input, Array.from({ length: records }, (_, i) => line(i)).join("\n") + "\n");
  const retained: number[] = [];
  for (let round = 0; round < 4; round++) {
    const r = await kcat(["-P", "-b", `127.0.0.1:${port}`, "-t", "kcat-rounds", "-l", input, "-X", "linger.ms=20"], "", 120_000);
    expect(r.code).toBe(0);
    retained.push(retainedArrayBuffers());
  }
  const log = (await broker.log.partition("kcat-rounds", 0))!;
  expect(log.logEndOffset).toBe(4 * records);
  // Each round sends ≈ 7 MiB; the leak kept ≈ 5.5 MiB of it per round (16+ MiB over rounds 1-3).
  const growth = retained[3]! - retained[0]!;
  if (growth >= 3 * MiB) console.error(`retained ArrayBuffer bytes per round: ${retained.map((b) => (b / MiB).toFixed(1)).join(", ")} MiB`);
  expect(growth).toBeLessThan(3 * MiB);
}, 240_000);

test("one long-lived connection producing 64 × 256 KiB: retained bytes stay flat while it is open", async () => {
  await broker.log.ensureTopic("one-connection", 1);
  const enc = new TextEncoder();
  const value = enc.encode("x".repeat(250));
  // ≈ 256 KiB per request: 1,000 records of 250 bytes.
  const batch = buildRecordBatch(Array.from({ length: 1000 }, () => ({ timestamp: Date.now(), key: null, value })));
  const client = await TestClient.connect(currentRuntime(), port);
  try {
    const produce = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const response = await client.request(0, 9, {
          acks: -1,
          timeoutMs: 10_000,
          transactionalId: null,
          topicData: [{ name: "one-connection", partitionData: [{ index: 0, records: batch }] }],
        });
        expect(response.responses[0]!.partitionResponses[0]!.errorCode).toBe(0);
      }
    };
    await produce(8);
    const before = retainedArrayBuffers();
    await produce(64);
    const growth = retainedArrayBuffers() - before;
    // 64 requests are 16 MiB of request bytes; the leak kept all of them.
    if (growth >= 4 * MiB) console.error(`retained ArrayBuffer bytes grew by ${(growth / MiB).toFixed(1)} MiB`);
    expect(growth).toBeLessThan(4 * MiB);
    expect((await broker.log.partition("one-connection", 0))!.logEndOffset).toBe(72 * 1000);
  } finally {
    client.close();
  }
}, 120_000);
