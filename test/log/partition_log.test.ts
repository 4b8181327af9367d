import { afterEach, describe, expect, test } from "bun:test";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { decodeAllRecords, decodeRecords } from "../../broker/log/record_codec.ts";
import { readBatchHeader } from "../../broker/log/record_batch.ts";
import { DIRECT_WRITE_MIN } from "../../broker/log/batch_writer.ts";
import { CorruptRecordError, OffsetOutOfRangeError, RecordTooLargeError } from "../../broker/log/errors.ts";
import { batchOf, openTestPartition, readAll, tempDir } from "./_helpers.ts";

const fs = currentRuntime().fs;
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});
function dir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe("partition log", () => {
  test("round trips across many segment rolls and restarts with contiguous offsets", async () => {
    const d = dir();
    let expected = 0;
    const abandoned: { close(): Promise<void> }[] = [];
    for (let round = 0; round < 4; round++) {
      const { log } = await openTestPartition(fs, d, { config: { "segment.bytes": 2048 }, indexIntervalBytes: 256 });
      expect(log.logEndOffset).toBe(expected);
      for (let i = 0; i < 30; i++) {
        const n = 1 + ((i * 7) % 5);
        const r = await log.append(batchOf(n, `r${round}b${i}`));
        expect(r.baseOffset).toBe(expected);
        expect(r.lastOffset).toBe(expected + n - 1);
        expected += n;
      }
      expect(log.highWatermark).toBe(expected);
      expect(log.segments.segments.length).toBeGreaterThan(round * 2);
      if (round % 2 === 0) await log.close();
      else abandoned.push(log); // odd rounds stop "uncleanly": the next open recovers the tail
    }
    const { log } = await openTestPartition(fs, d, { config: { "segment.bytes": 2048 } });
    const all = await readAll(log, 0, decodeAllRecords);
    expect(all.map((r) => r.offset)).toEqual(Array.from({ length: expected }, (_, i) => i));
    expect(all[0]!.value).toBe("r0b0-0");
    await log.close();
    for (const a of abandoned) await a.close();
  });

  test("a fetch offset in the middle of a batch returns that whole batch", async () => {
    const { log } = await openTestPartition(fs, dir());
    await log.append(batchOf(5, "a"));
    await log.append(batchOf(5, "b"));
    const { bytes, highWatermark } = await log.read(7, 1);
    expect(highWatermark).toBe(10);
    expect(readBatchHeader(bytes).baseOffset).toBe(5);
    expect(decodeRecords(bytes).length).toBe(5); // KIP-74: one whole batch even over maxBytes
    expect((await log.read(10, 1000)).bytes.length).toBe(0);
    await expect(log.read(11, 1000)).rejects.toBeInstanceOf(OffsetOutOfRangeError);
    await log.close();
  });

  test("lookup by time and max timestamp", async () => {
    const { log } = await openTestPartition(fs, dir(), { config: { "segment.bytes": 1024 }, indexIntervalBytes: 100 });
    for (let i = 0; i < 40; i++) await log.append(batchOf(3, `t${i}`, 10_000 + i * 100));
    expect(await log.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: 10_000 });
    expect(await log.offsetForTimestamp(10_001)).toEqual({ offset: 1, timestamp: 10_001 });
    expect(await log.offsetForTimestamp(10_003)).toEqual({ offset: 3, timestamp: 10_100 });
    expect(await log.offsetForTimestamp(12_050)).toEqual({ offset: 63, timestamp: 12_100 });
    expect(await log.offsetForTimestamp(99_999)).toBeNull();
    expect(await log.maxTimestamp()).toEqual({ offset: 119, timestamp: 13_902 });
    await log.close();
  });

  test("rejects corrupt and oversized batches before writing", async () => {
    const { log } = await openTestPartition(fs, dir(), { config: { "max.message.bytes": 200 } });
    const b = batchOf(1, "x");
    b[b.length - 1]! ^= 0xff;
    await expect(log.append(b)).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(log.append(batchOf(1, "y", 0, 500))).rejects.toBeInstanceOf(RecordTooLargeError);
    // Trusted (built in-process) bytes skip only the CRC re-check.
    const t = batchOf(1, "t");
    t[20] = 99; // the CRC field itself
    expect((await log.append(t, { trusted: true })).baseOffset).toBe(0);
    const m = batchOf(1, "m");
    m[16] = 1;
    await expect(log.append(m, { trusted: true })).rejects.toBeInstanceOf(CorruptRecordError);
    expect(log.logEndOffset).toBe(1);
    await log.close();
  });

  test("LogAppendTime stamps the broker time", async () => {
    const { log } = await openTestPartition(fs, dir(), { config: { "message.timestamp.type": "LogAppendTime" }, now: () => 555 });
    const r = await log.append(batchOf(2, "z", 1));
    expect(r.logAppendTime).toBe(555);
    const { bytes } = await log.read(0, 1000);
    expect(decodeRecords(bytes).map((x) => x.timestamp)).toEqual([555, 555]);
    await log.close();
  });

  test("deleteRecordsBefore moves the start offset", async () => {
    const { log } = await openTestPartition(fs, dir(), { config: { "segment.bytes": 512 } });
    for (let i = 0; i < 20; i++) await log.append(batchOf(2, `d${i}`));
    expect(await log.deleteRecordsBefore(25)).toBe(25);
    expect(log.logStartOffset).toBe(25);
    await expect(log.read(3, 100)).rejects.toBeInstanceOf(OffsetOutOfRangeError);
    expect(log.segments.segments[0]!.baseOffset).toBeLessThanOrEqual(25);
    expect(log.segments.segments.length).toBeLessThan(10);
    const first = await readAll(log, 25, decodeAllRecords);
    expect(first[0]!.offset).toBe(25);
    await log.close();
  });

  test("high watermark listeners see every advance, and earliest/latest offsets follow", async () => {
    const { log } = await openTestPartition(fs, dir());
    const seen: number[] = [];
    const off = log.onHighWatermark((hw) => seen.push(hw));
    await Promise.all([log.append(batchOf(2, "a")), log.append(batchOf(3, "b"))]);
    await log.append(batchOf(1, "c"));
    off();
    await log.append(batchOf(1, "d"));
    expect(seen.at(-1)).toBe(6);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect([log.logStartOffset, log.highWatermark, log.logEndOffset]).toEqual([0, 7, 7]);
    await log.close();
  });

  test("large batches are written from the caller's bytes, left untouched, beside copied small ones", async () => {
    // Batches of DIRECT_WRITE_MIN or more skip the group buffer; their rewritten header is a
    // separate write. One group mixes both kinds across a segment roll.
    const { log } = await openTestPartition(fs, dir(), { config: { "segment.bytes": 600_000 }, indexIntervalBytes: 4096 });
    const big = batchOf(40, "big", 1_000, DIRECT_WRITE_MIN / 40);
    expect(big.length).toBeGreaterThanOrEqual(DIRECT_WRITE_MIN);
    const small = batchOf(3, "small");
    const bigBefore = big.slice();
    const appends = [small, big, small, big, big, small].map((b) => log.append(b));
    const results = await Promise.all(appends);
    expect(results.map((r) => r.baseOffset)).toEqual([0, 3, 43, 46, 86, 126]);
    expect(big).toEqual(bigBefore); // the caller's bytes were not rewritten
    expect(log.segments.segments.length).toBeGreaterThan(1);
    await log.close();
    const { log: reopened } = await openTestPartition(fs, log.segments.dir);
    const all = await readAll(reopened, 0, decodeAllRecords);
    expect(all.map((r) => r.offset)).toEqual(Array.from({ length: 129 }, (_, i) => i));
    expect(all[3]!.value.startsWith("big-0")).toBe(true);
    expect(all[128]!.value).toBe("small-2");
    await reopened.close();
  });
});
