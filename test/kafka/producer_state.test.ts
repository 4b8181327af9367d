import { createLogger } from "../../broker/observe/logger.ts";
import { describe, expect, test } from "bun:test";
import { ErrorCode } from "../../broker/kafka/errors.ts";
import {
  PartitionProducerState,
  ProducerIdAllocator,
  ProducerStateManager,
  type ProducerBatchHeader,
  type SequenceCheck,
} from "../../broker/kafka/producers/mod.ts";
import { readBatchHeader } from "../../broker/log/record_batch.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { MemoryFileSystem } from "../../broker/runtime/memory_fs.ts";
import { FakeLogManager } from "./_fake_log.ts";

const header = (producerId: number, producerEpoch: number, baseSequence: number, records = 1): ProducerBatchHeader => ({
  producerId,
  producerEpoch,
  baseSequence,
  lastOffsetDelta: records - 1,
  recordCount: records,
  attributes: 0,
});

function appendAt(check: SequenceCheck, baseOffset: number) {
  if (check.kind !== "append") throw new Error(`expected append, got ${JSON.stringify(check)}`);
  check.commit(baseOffset);
}
const errorOf = (check: SequenceCheck) => (check.kind === "error" ? check.errorCode : check.kind);

describe("sequence checks", () => {
  test("a duplicate batch is acknowledged with its original base offset", async () => {
    const state = new PartitionProducerState();
    appendAt(state.check(header(7, 0, 0, 3)), 100);
    appendAt(state.check(header(7, 0, 3, 2)), 103);
    const dup = state.check(header(7, 0, 0, 3));
    expect(dup.kind).toBe("duplicate");
    expect(await (dup as { baseOffset: Promise<number> }).baseOffset).toBe(100);
  });

  test("a retry of a batch still in flight waits for its offset", async () => {
    const state = new PartitionProducerState();
    const first = state.check(header(7, 0, 0));
    const dup = state.check(header(7, 0, 0));
    expect(dup.kind).toBe("duplicate");
    appendAt(first, 55);
    expect(await (dup as { baseOffset: Promise<number> }).baseOffset).toBe(55);
  });

  test("pipelined batches are checked against reservations, not only completed appends", () => {
    const state = new PartitionProducerState();
    const a = state.check(header(1, 0, 0, 2));
    const b = state.check(header(1, 0, 2, 2));
    expect(a.kind).toBe("append");
    expect(b.kind).toBe("append");
  });

  test("a gap is OUT_OF_ORDER_SEQUENCE_NUMBER", () => {
    const state = new PartitionProducerState();
    appendAt(state.check(header(1, 0, 0, 2)), 0);
    expect(errorOf(state.check(header(1, 0, 5)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  });

  test("a stale epoch is INVALID_PRODUCER_EPOCH; a new epoch must restart at 0", () => {
    const state = new PartitionProducerState();
    appendAt(state.check(header(1, 3, 0)), 0);
    expect(errorOf(state.check(header(1, 2, 1)))).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(errorOf(state.check(header(1, 4, 1)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    appendAt(state.check(header(1, 4, 0)), 1);
    expect(errorOf(state.check(header(1, 3, 1)))).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
  });

  test("an unknown producer must start at sequence 0 unless configured otherwise", () => {
    expect(errorOf(new PartitionProducerState().check(header(9, 0, 42)))).toBe(ErrorCode.UNKNOWN_PRODUCER_ID);
    expect(new PartitionProducerState(true).check(header(9, 0, 42)).kind).toBe("append");
  });

  test("sequences wrap at 2^31-1", () => {
    const state = new PartitionProducerState(true);
    appendAt(state.check(header(1, 0, 2147483646, 2)), 0);
    expect(state.check(header(1, 0, 0)).kind).toBe("append");
  });

  test("only the last 5 batches are remembered", () => {
    const state = new PartitionProducerState();
    for (let i = 0; i < 6; i++) appendAt(state.check(header(1, 0, i)), i);
    expect(state.check(header(1, 0, 1)).kind).toBe("duplicate");
    expect(errorOf(state.check(header(1, 0, 0)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  });

  test("an aborted append frees its sequence for the retry", () => {
    const state = new PartitionProducerState();
    appendAt(state.check(header(1, 0, 0)), 0);
    const failed = state.check(header(1, 0, 1));
    if (failed.kind !== "append") throw new Error("expected append");
    failed.abort();
    expect(state.check(header(1, 0, 1)).kind).toBe("append");
  });

  test("non-idempotent and control batches are not tracked", () => {
    const state = new PartitionProducerState();
    expect(state.check(header(-1, -1, -1)).kind).toBe("not-idempotent");
    expect(state.check({ ...header(1, 0, 0), attributes: 0x20 }).kind).toBe("not-idempotent");
  });
});

describe("restart", () => {
  async function produce(log: FakeLogManager, producerId: number, epoch: number, seq: number, n: number) {
    const batch = buildRecordBatch(Array.from({ length: n }, (_, i) => ({ timestamp: i, key: null, value: new Uint8Array([i]) })), {
      producerId,
      producerEpoch: epoch,
      baseSequence: seq,
    });
    return (await log.partition("t", 0))!.append(batch);
  }

  test("state is rebuilt from the batch headers in the log", async () => {
    const log = new FakeLogManager();
    await log.createTopic("t", { partitions: 1 });
    await produce(log, 5, 0, 0, 3);
    const second = await produce(log, 5, 0, 3, 2);
    await produce(log, -1, -1, -1, 4);
    const manager = new ProducerStateManager();
    await manager.ensureLoaded((await log.partition("t", 0))!);
    const dup = manager.check("t", 0, header(5, 0, 3, 2));
    expect(dup.kind).toBe("duplicate");
    expect(await (dup as { baseOffset: Promise<number> }).baseOffset).toBe(second.baseOffset);
    expect(manager.check("t", 0, header(5, 0, 5)).kind).toBe("append");
    expect(errorOf(manager.check("t", 0, header(5, 0, 9)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  });

  test("a snapshot plus the log after it gives the same state", async () => {
    const log = new FakeLogManager();
    await log.createTopic("t", { partitions: 1 });
    const partition = (await log.partition("t", 0))!;
    const before = new ProducerStateManager();
    await before.ensureLoaded(partition);
    const r = await produce(log, 5, 0, 0, 3);
    before.observeBatch("t", 0, header(5, 0, 0, 3), r.baseOffset);
    const snapshot = before.snapshot();
    const later = await produce(log, 5, 0, 3, 1); // written after the snapshot
    const after = new ProducerStateManager();
    expect(after.restoreSnapshot(snapshot)).toBe(true);
    await after.ensureLoaded(partition);
    const dup = after.check("t", 0, header(5, 0, 3, 1));
    expect(await (dup as { baseOffset: Promise<number> }).baseOffset).toBe(later.baseOffset);
    expect(after.check("t", 0, header(5, 0, 0, 3)).kind).toBe("duplicate");
  });

  test("a snapshot claiming more than the log holds is not trusted", async () => {
    const log = new FakeLogManager();
    await log.createTopic("t", { partitions: 1 });
    const bogus = new TextEncoder().encode(JSON.stringify({ version: 1, partitions: [{ topic: "t", partition: 0, upTo: 99, producers: [[5, 0, [[0, 0, 98]]]] }] }));
    const manager = new ProducerStateManager();
    manager.restoreSnapshot(bogus);
    await manager.ensureLoaded((await log.partition("t", 0))!);
    expect(errorOf(manager.check("t", 0, header(5, 0, 1)))).toBe(ErrorCode.UNKNOWN_PRODUCER_ID);
  });

  test("headers read by the log's batch decoder feed observeBatch directly", async () => {
    const batch = buildRecordBatch([{ timestamp: 1, key: null, value: null }], { producerId: 3, producerEpoch: 1, baseSequence: 0 });
    const manager = new ProducerStateManager();
    manager.observeBatch("x", 0, readBatchHeader(batch), 10);
    expect(manager.check("x", 0, header(3, 1, 0)).kind).toBe("duplicate");
  });
});

describe("producer id allocation", () => {
  test("ids are unique across restarts, and a crash skips the rest of a block", async () => {
    const fs = new MemoryFileSystem();
    await fs.mkdir("/data", { recursive: true });
    const a = await ProducerIdAllocator.open({ fs, path: "/data/producer-ids.json", blockSize: 10 });
    const first = await Promise.all(Array.from({ length: 12 }, () => a.next()));
    expect(new Set(first).size).toBe(12);
    expect(first.sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    const b = await ProducerIdAllocator.open({ fs, path: "/data/producer-ids.json", blockSize: 10 });
    expect(await b.next()).toBe(20);
  });

  test("a torn state file resumes past every id handed out, with a warning, and persists that floor", async () => {
    for (const torn of ["{oops", "", '{"nextBlockStart":-4}']) {
      const fs = new MemoryFileSystem();
      await fs.mkdir("/d", { recursive: true });
      const a = await ProducerIdAllocator.open({ fs, path: "/d/p.json", blockSize: 10 });
      const handedOut = await Promise.all(Array.from({ length: 25 }, () => a.next()));
      // Power loss: the newest version reads torn; the previous one (a block behind) survives.
      await fs.writeFile("/d/p.json", new TextEncoder().encode(torn));
      const warnings: string[] = [];
      const logger = createLogger({ level: "warn", format: "json", sink: (l) => warnings.push(l) });
      const b = await ProducerIdAllocator.open({ fs, path: "/d/p.json", blockSize: 10, logger, now: () => 0 });
      const next = await b.next();
      expect(next).toBeGreaterThan(Math.max(...handedOut));
      expect(warnings.length).toBe(1);
      expect(warnings[0]).toContain("producer id state damaged");
      const c = await ProducerIdAllocator.open({ fs, path: "/d/p.json", blockSize: 10, now: () => 0 });
      expect(await c.next()).toBeGreaterThan(next);
    }
    // Nothing readable at all: the time-based floor.
    const fs = new MemoryFileSystem();
    await fs.mkdir("/d", { recursive: true });
    await fs.writeFile("/d/p.json", new Uint8Array(0));
    const d = await ProducerIdAllocator.open({ fs, path: "/d/p.json", now: () => 1_700_000_000_000 });
    expect(await d.next()).toBe(1_700_000_000_000_000);
  });
});

describe("expiry", () => {
  test("idle producers are forgotten after producer.id.expiration.ms", () => {
    let now = 1_000_000;
    const manager = new ProducerStateManager({ now: () => now });
    manager.observeBatch("t", 0, { ...header(1, 0, 0), maxTimestamp: now }, 0);
    manager.observeBatch("t", 0, { ...header(2, 0, 0), maxTimestamp: now }, 1);
    now += 1000;
    const live = manager.check("t", 0, header(2, 0, 1));
    appendAt(live, 2);
    now += 86_400_000 - 500;
    expect(manager.expireProducers(86_400_000)).toBe(1);
    expect(errorOf(manager.check("t", 0, header(1, 0, 1)))).toBe(ErrorCode.UNKNOWN_PRODUCER_ID);
    expect(manager.check("t", 0, header(2, 0, 1)).kind).toBe("duplicate");
  });
});
