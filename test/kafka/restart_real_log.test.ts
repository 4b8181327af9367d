/**
 * Restart on the real file-backed log (over the in-memory filesystem): committed offsets come
 * back from `__consumer_offsets`, and producer state from the log tail, across a clean close
 * and across a crash.
 */
import { expect, test } from "bun:test";
import { commitOffsets, fetchOffsets, GroupCoordinator, OffsetStore } from "../../broker/kafka/groups/mod.ts";
import { ProducerStateManager } from "../../broker/kafka/producers/mod.ts";
import { createLogManager, DEFAULT_TOPIC_CONFIG } from "../../broker/log/mod.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { MemoryFileSystem } from "../../broker/runtime/memory_fs.ts";

const open = (fs: MemoryFileSystem) =>
  createLogManager({
    fs,
    dataDir: "/data",
    durability: { policy: "group-commit", intervalMs: 0 },
    defaults: DEFAULT_TOPIC_CONFIG,
    defaultPartitions: 1,
    autoCreateTopics: true,
    logger: silentLogger,
    metrics: new MetricsRegistry(),
  });

test("offsets and producer state survive a restart of the real log", async () => {
  const fs = new MemoryFileSystem();
  const log = await open(fs);
  await log.createTopic("orders", { partitions: 1 });
  const offsets = await OffsetStore.open({ log });
  const coordinator = new GroupCoordinator({ offsets });
  const commit = (offset: number) =>
    commitOffsets(coordinator, { groupId: "billing", generationId: -1, memberId: "", groupInstanceId: null, topics: [{ name: "orders", partitions: [{ partition: 0, offset, leaderEpoch: -1, metadata: "" }] }] });
  expect((await commit(7)).map((r) => r.errorCode)).toEqual([0]);
  expect((await commit(9)).map((r) => r.errorCode)).toEqual([0]);
  const orders = (await log.partition("orders", 0))!;
  const appended = await orders.append(buildRecordBatch([{ timestamp: 1, key: null, value: new Uint8Array([1]) }], { producerId: 42, producerEpoch: 0, baseSequence: 0 }));
  coordinator.close();
  await log.close();

  const log2 = await open(fs);
  const coordinator2 = new GroupCoordinator({ offsets: await OffsetStore.open({ log: log2 }) });
  expect(fetchOffsets(coordinator2, "billing", null).map((o) => o.offset)).toEqual([9]);
  const producers = new ProducerStateManager();
  await producers.ensureLoaded((await log2.partition("orders", 0))!);
  const dup = producers.check("orders", 0, { producerId: 42, producerEpoch: 0, baseSequence: 0, lastOffsetDelta: 0, recordCount: 1, attributes: 0 });
  expect(dup.kind).toBe("duplicate");
  expect(await (dup as { baseOffset: Promise<number> }).baseOffset).toBe(appended.baseOffset);
  await log2.close();
});

test("a crash keeps every acknowledged commit", async () => {
  const fs = new MemoryFileSystem();
  const log = await open(fs);
  const coordinator = new GroupCoordinator({ offsets: await OffsetStore.open({ log }) });
  await log.createTopic("t", { partitions: 1 });
  for (let i = 1; i <= 5; i++) {
    await commitOffsets(coordinator, { groupId: "g", generationId: -1, memberId: "", groupInstanceId: null, topics: [{ name: "t", partitions: [{ partition: 0, offset: i, leaderEpoch: -1, metadata: "" }] }] });
  }
  coordinator.close();
  fs.crash(); // no close: only what was fsynced survives
  const log2 = await open(fs);
  const restored = new GroupCoordinator({ offsets: await OffsetStore.open({ log: log2 }) });
  expect(fetchOffsets(restored, "g", null).map((o) => o.offset)).toEqual([5]);
  await log2.close();
});
