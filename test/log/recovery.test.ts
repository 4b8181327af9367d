import { describe, expect, test } from "bun:test";
import { MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { decodeAllRecords } from "../../broker/log/record_codec.ts";
import { INDEX_FLUSH_BYTES, segmentFileName } from "../../broker/log/segment.ts";
import { createLogger } from "../../broker/observe/logger.ts";
import { scanBatches } from "../../broker/log/record_batch.ts";
import { loadClosedSegment } from "../../broker/log/recovery.ts";
import { SegmentSet } from "../../broker/log/segment_set.ts";
import { batchOf, openTestPartition, readAll } from "./_helpers.ts";

const DIR = "/data/t-0";

/** A partition with `n` batches of 3 records in one segment; returns the data file's bytes. */
async function build(fs: MemoryFileSystem, n: number): Promise<{ file: Uint8Array; ends: number[] }> {
  const { log } = await openTestPartition(fs, DIR, { indexIntervalBytes: 300 });
  const ends: number[] = [];
  for (let i = 0; i < n; i++) {
    await log.append(batchOf(3, `b${i}`, 1000 + i));
    ends.push(log.segments.active.size);
  }
  await log.close();
  return { file: (await fs.readFile(`${DIR}/${segmentFileName(0, ".log")}`))!, ends };
}

async function expectRecords(fs: MemoryFileSystem, batches: number): Promise<void> {
  const { log } = await openTestPartition(fs, DIR, { indexIntervalBytes: 300 });
  expect(log.logEndOffset).toBe(batches * 3);
  const all = await readAll(log, 0, decodeAllRecords);
  expect(all.map((r) => r.offset)).toEqual(Array.from({ length: batches * 3 }, (_, i) => i));
  if (batches > 0) expect(all.at(-1)!.value).toBe(`b${batches - 1}-2`);
  // The log accepts appends right after the truncation point.
  const r = await log.append(batchOf(1, "after"));
  expect(r.baseOffset).toBe(batches * 3);
  await log.close();
}

describe("recovery", () => {
  test("a final batch truncated at every byte position is cut; every batch before survives", async () => {
    const fs = new MemoryFileSystem();
    const { file, ends } = await build(fs, 20);
    const lastStart = ends[ends.length - 2]!;
    for (let cut = lastStart; cut < file.length; cut++) {
      await fs.writeFile(`${DIR}/${segmentFileName(0, ".log")}`, file.subarray(0, cut));
      await expectRecords(fs, 19);
    }
  });

  test("random garbage after the data is cut", async () => {
    const fs = new MemoryFileSystem();
    const { file } = await build(fs, 10);
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let trial = 0; trial < 40; trial++) {
      const junk = new Uint8Array(1 + Math.floor(rand() * 3000)).map(() => Math.floor(rand() * 256));
      if (trial % 4 === 0) junk.fill(0); // zero-filled tail, as a crashed ext4 extent shows
      const bytes = new Uint8Array(file.length + junk.length);
      bytes.set(file);
      bytes.set(junk, file.length);
      await fs.writeFile(`${DIR}/${segmentFileName(0, ".log")}`, bytes);
      await expectRecords(fs, 10);
    }
  });

  test("a corrupted byte inside the last batch truncates that batch", async () => {
    const fs = new MemoryFileSystem();
    const { file, ends } = await build(fs, 8);
    const bad = file.slice();
    bad[ends[6]! + 40]! ^= 0x55;
    await fs.writeFile(`${DIR}/${segmentFileName(0, ".log")}`, bad);
    await expectRecords(fs, 7);
  });

  test("deleted or corrupted indexes are rebuilt and give the same answers", async () => {
    const fs = new MemoryFileSystem();
    const cfg = { config: { "segment.bytes": 1500 }, indexIntervalBytes: 200 };
    let { log } = await openTestPartition(fs, DIR, cfg);
    for (let i = 0; i < 120; i++) await log.append(batchOf(1 + (i % 4), `v${i}`, 5000 + i * 10));
    const answers = async () => {
      const out: unknown[] = [];
      for (let o = 0; o < log.logEndOffset; o += 7) out.push((await log.read(o, 100)).bytes.slice(0, 12).join());
      for (let t = 4990; t < 6300; t += 37) out.push(await log.offsetForTimestamp(t));
      out.push(await log.maxTimestamp());
      return out;
    };
    const expected = await answers();
    await log.close();
    const names = ((await fs.readDir(DIR)) ?? []).map((e) => e.name).sort();
    const indexes = names.filter((n) => n.endsWith("index"));
    const originals = new Map<string, Uint8Array>();
    for (const n of indexes) originals.set(n, (await fs.readFile(`${DIR}/${n}`))!);
    expect(indexes.length).toBeGreaterThan(8);
    // Delete one, garble others (non-monotonic, beyond file size, partial entry), active included.
    await fs.remove(`${DIR}/${indexes[0]}`);
    const garble = async (n: string, f: (b: Uint8Array) => Uint8Array) =>
      await fs.writeFile(`${DIR}/${n}`, f(originals.get(n)!.slice()));
    await garble(indexes[1]!, (b) => b.fill(0xff, 8, 16));
    await garble(indexes[2]!, (b) => b.fill(0, b.length - 12));
    await garble(indexes[3]!, (b) => b.subarray(0, b.length - 3));
    await garble(indexes.at(-1)!, (b) => b.fill(7));
    await garble(indexes.at(-2)!, () => new Uint8Array(0));
    ({ log } = await openTestPartition(fs, DIR, cfg));
    expect(await answers()).toEqual(expected);
    await log.close();
    // Rebuilt indexes of closed segments are byte-identical to what appends produced.
    for (const n of indexes.slice(0, 4)) expect(await fs.readFile(`${DIR}/${n}`)).toEqual(originals.get(n)!);
  });

  test("a clean shutdown still finds the end, and a stale marker does not skip the CRC check of the tail", async () => {
    const fs = new MemoryFileSystem();
    const { file, ends } = await build(fs, 5);
    let { log } = await openTestPartition(fs, DIR, { clean: true });
    expect(log.logEndOffset).toBe(15);
    await log.close();
    // The marker outlived a later run whose last batch the power cut garbled.
    const bad = file.slice();
    bad[ends[3]! + 70]! ^= 0x01;
    await fs.writeFile(`${DIR}/${segmentFileName(0, ".log")}`, bad);
    ({ log } = await openTestPartition(fs, DIR, { clean: true }));
    expect(log.logEndOffset).toBe(12);
    await log.close();
  });

  test("a torn closed segment cuts the log there: later segments are deleted and offsets go on from the cut", async () => {
    const fs = new MemoryFileSystem();
    const cfg = { config: { "segment.bytes": 1500 }, indexIntervalBytes: 200 };
    let { log } = await openTestPartition(fs, DIR, cfg);
    for (let i = 0; i < 60; i++) await log.append(batchOf(2, `v${i}`, 5000 + i * 10));
    const bases = log.segments.segments.map((s) => s.baseOffset);
    expect(bases.length).toBeGreaterThanOrEqual(4);
    await log.close();
    // An SD card acknowledged the flush of the third-newest segment but kept only part of it.
    const victim = bases.at(-3)!;
    const path = `${DIR}/${segmentFileName(victim, ".log")}`;
    const bytes = (await fs.readFile(path))!;
    await fs.writeFile(path, bytes.subarray(0, bytes.length - 100));
    ({ log } = await openTestPartition(fs, DIR, cfg));
    expect(log.segments.segments.map((s) => s.baseOffset)).toEqual(bases.slice(0, -2));
    const all = await readAll(log, 0, decodeAllRecords);
    expect(all.map((r) => r.offset)).toEqual(Array.from({ length: log.logEndOffset }, (_, i) => i));
    expect(log.logEndOffset).toBeLessThan(bases.at(-2)!);
    expect((await log.append(batchOf(1, "next"))).baseOffset).toBe(all.length);
    await log.close();
    const names = ((await fs.readDir(DIR)) ?? []).map((e) => e.name);
    for (const base of bases.slice(-2)) expect(names).not.toContain(segmentFileName(base, ".log"));
  });

  test("a closed segment cut at a batch boundary (short of the next base) also cuts the log there", async () => {
    const fs = new MemoryFileSystem();
    const cfg = { config: { "segment.bytes": 1500 }, indexIntervalBytes: 200 };
    let { log } = await openTestPartition(fs, DIR, cfg);
    for (let i = 0; i < 30; i++) await log.append(batchOf(2, `v${i}`, 5000 + i * 10));
    const [first, second] = log.segments.segments;
    // Cut the first segment just before its last batch (2 records), exactly at a batch boundary.
    const cut = (await first!.locate(second!.baseOffset - 2, first!.size))!.position;
    await log.close();
    const path = `${DIR}/${segmentFileName(0, ".log")}`;
    await fs.writeFile(path, (await fs.readFile(path))!.subarray(0, cut));
    ({ log } = await openTestPartition(fs, DIR, cfg));
    expect(log.logEndOffset).toBe(second!.baseOffset - 2);
    expect(log.segments.segments.length).toBe(1);
    await log.close();
  });

  test("a closed segment loaded later serves only up to its last valid batch when its tail is torn", async () => {
    const fs = new MemoryFileSystem();
    const cfg = { config: { "segment.bytes": 1500 }, indexIntervalBytes: 200 };
    const { log } = await openTestPartition(fs, DIR, cfg);
    for (let i = 0; i < 30; i++) await log.append(batchOf(2, `v${i}`, 5000 + i * 10));
    const first = log.segments.segments[0]!;
    const size = first.size;
    await log.close();
    // Beyond the start-up window (an old segment), the card lost its last 30 bytes' worth.
    const path = `${DIR}/${segmentFileName(0, ".log")}`;
    const bytes = (await fs.readFile(path))!.slice();
    bytes.fill(0, size - 30);
    await fs.writeFile(path, bytes);
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", format: "json", sink: (l) => lines.push(l) });
    for (const keepIndexes of [true, false]) {
      if (!keepIndexes) await fs.remove(`${DIR}/${segmentFileName(0, ".index")}`);
      const seg = new SegmentSet(fs, DIR, 200, logger).make(0);
      await loadClosedSegment(seg, logger);
      const lastBatch = (await seg.locate(seg.index.last?.offset ?? 0, size))!;
      expect(seg.size).toBeLessThan(size - 30);
      expect(seg.committed).toBe(seg.size);
      // What is left ends with a whole, valid batch.
      const kept = await seg.readAt(0, seg.size);
      expect(scanBatches(kept, 0, kept.length, { maxSize: 1 << 20 }).validEnd).toBe(seg.size);
      expect(lastBatch.position).toBeLessThan(seg.size);
      await seg.close();
    }
    expect(lines.filter((l) => l.includes("closed segment has a torn or corrupt tail")).length).toBe(2);
  });

  test("after a crash, index entries never written to the active segment's files are rebuilt from the data", async () => {
    const fs = new MemoryFileSystem();
    const cfg = { indexIntervalBytes: 200 };
    let { log } = await openTestPartition(fs, DIR, cfg);
    for (let i = 0; i < 60; i++) await log.append(batchOf(1 + (i % 3), `v${i}`, 5000 + i * 10));
    const entries = log.segments.active.index.entries;
    const timeEntries = log.segments.active.timeIndex.entries;
    expect(entries).toBeGreaterThan(10);
    // Index files are written lazily: nothing yet, far below INDEX_FLUSH_BYTES of data.
    expect(log.segments.active.size).toBeLessThan(INDEX_FLUSH_BYTES);
    expect((await fs.readFile(`${DIR}/${segmentFileName(0, ".index")}`))?.length ?? 0).toBe(0);
    const answers = async () => {
      const out: unknown[] = [];
      for (let o = 0; o < log.logEndOffset; o += 5) out.push((await log.read(o, 100)).bytes.slice(0, 12).join());
      for (let t = 4990; t < 5700; t += 23) out.push(await log.offsetForTimestamp(t));
      out.push(await log.maxTimestamp());
      return out;
    };
    const expected = await answers();
    fs.crash(); // no close: the index entries exist only in memory
    ({ log } = await openTestPartition(fs, DIR, cfg));
    expect(log.segments.active.index.entries).toBe(entries);
    expect(log.segments.active.timeIndex.entries).toBe(timeEntries);
    expect(await answers()).toEqual(expected);
    // Recovery wrote the rebuilt entries, so the next start scans only from the last one.
    expect((await fs.readFile(`${DIR}/${segmentFileName(0, ".index")}`))!.length).toBe(entries * 8);
    await log.close();
  });

  test("the active segment's index files lag its data by at most INDEX_FLUSH_BYTES", async () => {
    const fs = new MemoryFileSystem();
    const { log } = await openTestPartition(fs, DIR, { indexIntervalBytes: 4096 });
    const batch = batchOf(4, "x", 1000, 3000);
    while (log.segments.active.size < 3 * INDEX_FLUSH_BYTES) {
      await log.append(batch);
      const seg = log.segments.active;
      const file = (await fs.readFile(`${DIR}/${segmentFileName(0, ".index")}`)) ?? new Uint8Array(0);
      expect(file.length % 8).toBe(0);
      // Position of the last entry in the file: where a recovery scan would start.
      const last = file.length === 0 ? 0 : new DataView(file.buffer, file.byteOffset).getInt32(file.length - 4);
      expect(seg.size - last).toBeLessThanOrEqual(INDEX_FLUSH_BYTES + 4096 + batch.length);
    }
    await log.close();
  });
});
