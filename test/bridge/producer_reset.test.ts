/**
 * Idempotence edge cases against the scripted broker: the in-doubt batch of a checkpoint meets
 * a broker that lost the producer (UNKNOWN_PRODUCER_ID / OUT_OF_ORDER_SEQUENCE_NUMBER), leader
 * moves, and batches the broker refuses as too large.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { bridgeCheckpointCodec } from "../../bridge/checkpoint/codec.ts";
import { MemoryCheckpointStore } from "../../bridge/checkpoint/memory_store.ts";
import type { BridgeCheckpoint } from "../../bridge/checkpoint/types.ts";
import { ErrorCode } from "../../broker/kafka/errors.ts";
import { MemoryFileSystem } from "../../broker/runtime/memory_fs.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { openLog } from "./_central.ts";
import { FakeKafka, type FakeKafkaOptions } from "./_fake_kafka.ts";
import { appendRecords, startTestBridge, waitFor } from "./_bridge_setup.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A checkpoint as a crash would leave it: producer 77, one batch of 5 records sent and unanswered. */
function inDoubtCheckpoint(): BridgeCheckpoint {
  return {
    version: 1,
    producer: { id: 77, epoch: 0 },
    sequences: { "gw1.sensors/0": 5 },
    sources: { "sensors/0": { acked: 0, next: 5 } },
    routes: { sensors: { upstreamTopic: "gw1.sensors", upstreamPartitions: 1, localPartitions: 1 } },
    pending: [{ topic: "gw1.sensors", partition: 0, baseSequence: 0, recordCount: 5, source: { topic: "sensors", partition: 0, from: 0, to: 4 } }],
  };
}

/**
 * The edge log as the broker finds it after a restart: records 0-4 of sensors/0 written, then the
 * log closed and reopened from its files. A checkpoint only ever names offsets of a log that was
 * there when the bridge stopped, so the partition must come back from disk (a partition created
 * in this process ends at 0 when opened, and the bridge treats a checkpoint beyond where the
 * recovered log ended as a power-cut tail: see UpstreamMirror).
 */
async function restartedEdgeLog() {
  const fs = new MemoryFileSystem();
  const before = await openLog(fs);
  await before.createTopic("sensors", { partitions: 1 });
  await appendRecords(before, "sensors", 0, 0, 5);
  await before.close();
  const edge = await openLog(fs);
  cleanups.push(() => edge.close());
  return edge;
}

async function setup(options: FakeKafkaOptions, checkpoint?: BridgeCheckpoint) {
  const fake = await FakeKafka.start(currentRuntime(), { topics: { "gw1.sensors": 1 }, ...options });
  cleanups.push(() => fake.close());
  const edge = await restartedEdgeLog();
  const store = new MemoryCheckpointStore(bridgeCheckpointCodec);
  if (checkpoint) await store.save(checkpoint);
  const started = await startTestBridge(edge, fake.port, { store });
  cleanups.push(() => started.bridge.close());
  return { fake, edge, ...started };
}

describe("producer resets", () => {
  test("the in-doubt batch is resent with the checkpoint's producer id and sequence and de-duplicated", async () => {
    const fake = await FakeKafka.start(currentRuntime(), { topics: { "gw1.sensors": 1 } });
    cleanups.push(() => fake.close());
    // The lost attempt had been appended: the broker knows producer 77's batch 0-4.
    const original = Array.from({ length: 5 }, (_, i) => ({ offset: i, timestamp: i, key: null, value: null, headers: [] }));
    fake.remember(77, "gw1.sensors", 0, 0, original);
    const edge = await restartedEdgeLog();
    const store = new MemoryCheckpointStore(bridgeCheckpointCodec);
    await store.save(inDoubtCheckpoint());
    const { bridge, metrics } = await startTestBridge(edge, fake.port, { store });
    cleanups.push(() => bridge.close());
    await waitFor(async () => (await store.load())!.pending.length === 0, 5000, "acked checkpoint");
    const first = fake.attempts[0]!;
    expect([first.header.producerId, first.header.producerEpoch, first.header.baseSequence, first.records.length]).toEqual([77, 0, 0, 5]);
    expect(fake.records("gw1.sensors", 0).length).toBe(5);
    expect((await store.load())!.sources["sensors/0"]).toEqual({ acked: 5, next: 5 });
    expect(metrics.value("tributary_bridge_duplicates_possible_total")).toBe(0);
    await appendRecords(edge, "sensors", 0, 5, 1);
    await waitFor(() => fake.records("gw1.sensors", 0).length === 6, 5000, "next record");
    expect(fake.attempts.at(-1)!.header.baseSequence).toBe(5);
  });

  for (const code of [ErrorCode.UNKNOWN_PRODUCER_ID, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER]) {
    test(`error ${code} for the in-doubt batch: new producer id, resent at-least-once, counted`, async () => {
      const { fake, store, metrics } = await setup({ onProduce: (a) => (a.header.producerId === 77 ? code : undefined) }, inDoubtCheckpoint());
      await waitFor(() => fake.records("gw1.sensors", 0).length === 5, 5000, "resent records");
      expect(fake.attempts.map((a) => [a.header.producerId, a.header.baseSequence, a.errorCode])).toEqual([[77, 0, code], [1000, 0, 0]]);
      await waitFor(() => metrics.value("tributary_bridge_duplicates_possible_total") === 5, 5000, "duplicates counted");
      expect(metrics.value("tributary_bridge_producer_resets_total")).toBe(1);
      await waitFor(async () => (await store.load())!.pending.length === 0, 5000, "acked checkpoint");
      const cp = (await store.load())!;
      expect(cp.producer).toEqual({ id: 1000, epoch: 0 });
      expect(cp.sequences["gw1.sensors/0"]).toBe(5);
    });
  }

  test("UNKNOWN_PRODUCER_ID for a first attempt re-inits without counting duplicates", async () => {
    let refused = false;
    const { fake, metrics } = await setup({
      onProduce: () => {
        if (refused) return undefined;
        refused = true;
        return ErrorCode.UNKNOWN_PRODUCER_ID;
      },
    });
    await waitFor(() => fake.records("gw1.sensors", 0).length === 5, 5000, "records");
    expect(metrics.value("tributary_bridge_producer_resets_total")).toBe(1);
    expect(metrics.value("tributary_bridge_duplicates_possible_total")).toBe(0);
  });

  test("NOT_LEADER_OR_FOLLOWER: metadata is refreshed and the same sequence retried", async () => {
    let refusals = 2;
    const { fake, metrics } = await setup({ onProduce: () => (refusals-- > 0 ? ErrorCode.NOT_LEADER_OR_FOLLOWER : undefined) });
    await waitFor(() => fake.records("gw1.sensors", 0).length === 5, 5000, "records");
    const sequences = fake.attempts.map((a) => [a.header.producerId, a.header.baseSequence]);
    expect(new Set(sequences.map((s) => s.join("/"))).size).toBe(1);
    expect(fake.requests.filter((k) => k === 3).length).toBeGreaterThanOrEqual(3);
    expect(metrics.value("tributary_bridge_retries_total")).toBe(2);
  });

  test("MESSAGE_TOO_LARGE splits the batch into halves with consecutive sequences", async () => {
    const { fake, edge } = await setup({ onProduce: (a) => (a.records.length > 3 ? ErrorCode.MESSAGE_TOO_LARGE : undefined) });
    await waitFor(() => fake.records("gw1.sensors", 0).length === 5, 5000, "records");
    const ok = fake.attempts.filter((a) => a.errorCode === 0).map((a) => [a.header.baseSequence, a.records.length]);
    expect(ok).toEqual([[0, 3], [3, 2]]);
    await appendRecords(edge, "sensors", 0, 5, 2);
    await waitFor(() => fake.records("gw1.sensors", 0).length === 7, 5000, "next batch");
    expect(fake.attempts.at(-1)!.header.baseSequence).toBe(5);
  });
});
