/**
 * A listener restart on the same state directory and log: producer ids are never reused, and a
 * producer's retry after the restart is still recognised as a duplicate (snapshot + replay).
 */
import { expect, test } from "bun:test";
import { startKafkaServer } from "../../broker/kafka/server.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { MemoryFileSystem } from "../../broker/runtime/memory_fs.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import type { Runtime } from "../../broker/runtime/types.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { TestClient } from "./_client.ts";
import { FakeLogManager } from "./_fake_log.ts";

test("producer ids and de-duplication survive a listener restart", async () => {
  const fs = new MemoryFileSystem();
  const runtime: Runtime = Object.assign(Object.create(currentRuntime()) as Runtime, { fs });
  const log = new FakeLogManager();
  await log.createTopic("t", { partitions: 1 });
  const start = () =>
    startKafkaServer({ runtime, log, hostname: "127.0.0.1", port: 0, advertisedHost: "127.0.0.1", logger: silentLogger, metrics: new MetricsRegistry(), stateDir: "/state" });
  const produce = async (client: TestClient, producerId: bigint, seq: number) =>
    (await client.request(0, 9, {
      acks: -1,
      timeoutMs: 1000,
      topicData: [{ name: "t", partitionData: [{ index: 0, records: buildRecordBatch([{ timestamp: 1, key: null, value: new Uint8Array([seq]) }], { producerId: Number(producerId), producerEpoch: 0, baseSequence: seq }) }] }],
    })).responses[0]!.partitionResponses[0]!;

  const first = await start();
  const c1 = await TestClient.connect(runtime, first.port);
  const { producerId } = await c1.request(22, 4, { transactionalId: null, transactionTimeoutMs: 1000 });
  const original = await produce(c1, producerId, 0);
  c1.close();
  await first.close();
  expect(await fs.readFile("/state/producer-state.json")).not.toBeNull();

  const second = await start();
  const c2 = await TestClient.connect(runtime, second.port);
  const again = await c2.request(22, 4, { transactionalId: null, transactionTimeoutMs: 1000 });
  expect(again.producerId).toBeGreaterThan(producerId);
  const retry = await produce(c2, producerId, 0);
  expect(retry.errorCode).toBe(0);
  expect(retry.baseOffset).toBe(original.baseOffset);
  expect((await log.partition("t", 0))!.logEndOffset).toBe(1);
  expect((await produce(c2, producerId, 1)).baseOffset).toBe(1n);
  c2.close();
  await second.close();
});
