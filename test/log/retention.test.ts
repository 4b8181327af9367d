import { describe, expect, test } from "bun:test";
import { MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { decodeAllRecords } from "../../broker/log/record_codec.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { batchOf, enc, readAll } from "./_helpers.ts";
import { openManager } from "./_manager.ts";

const HOUR = 3600_000;

async function setup(config: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const fs = new MemoryFileSystem();
  let clock = 1_000_000_000;
  const { logs, registry } = await openManager(fs, "/data", { now: () => clock, ...extra });
  await logs.createTopic("t", { partitions: 2, config: { "segment.bytes": 1024, ...config } });
  const p0 = (await logs.openPartition("t", 0))!;
  const p1 = (await logs.openPartition("t", 1))!;
  return { fs, logs, registry, p0, p1, tick: (ms: number) => (clock += ms), now: () => clock };
}

function counter(registry: { value(n: string, l?: Record<string, string>): number | undefined }, name: string, reason?: string) {
  return registry.value(name, reason ? { reason } : {}) ?? 0;
}

describe("retention", () => {
  test("by age deletes closed segments older than retention.ms, never the active one", async () => {
    const { logs, registry, p0, tick, now } = await setup({ "retention.ms": 2 * HOUR });
    for (let i = 0; i < 30; i++) await p0.append(batchOf(5, `a${i}`, now(), 20));
    const before = p0.segments.segments.length;
    expect(before).toBeGreaterThan(3);
    tick(HOUR);
    await logs.runRetention();
    expect(p0.segments.segments.length).toBe(before);
    tick(2 * HOUR);
    await logs.runRetention();
    expect(p0.segments.segments.length).toBe(1);
    expect(p0.logStartOffset).toBe(p0.segments.active.baseOffset);
    expect(counter(registry, "tributary_log_retention_deleted_segments_total", "age")).toBe(before - 1);
    expect(counter(registry, "tributary_log_retention_deleted_records_total", "age")).toBe(p0.logStartOffset);
    const rest = await readAll(p0, p0.logStartOffset, decodeAllRecords);
    expect(rest.at(-1)!.offset).toBe(149);
    await logs.close();
  });

  test("by bytes keeps the partition under retention.bytes", async () => {
    const { logs, p0 } = await setup({ "retention.bytes": 3000 });
    for (let i = 0; i < 40; i++) await p0.append(batchOf(5, `b${i}`, 1, 20));
    await logs.runRetention();
    let total = 0;
    for (const s of p0.segments.segments) total += await p0.segments.sizeOf(s);
    expect(total).toBeLessThanOrEqual(3000 + 1024);
    expect(p0.segments.segments.length).toBeLessThanOrEqual(4);
    expect(p0.logEndOffset).toBe(200);
    await logs.close();
  });

  test("floors hold back age and bytes retention but not the disk budget", async () => {
    const { logs, registry, p0, p1, tick, now } = await setup({ "retention.ms": HOUR }, { diskBudgetBytes: 1_000_000 });
    for (let i = 0; i < 30; i++) {
      await p0.append(batchOf(5, `x${i}`, now(), 20));
      tick(1000);
      await p1.append(batchOf(5, `y${i}`, now(), 20));
    }
    let mirrored = 40;
    const unregister = logs.addRetentionFloor((_t, p) => (p === 0 ? mirrored : undefined));
    tick(2 * HOUR);
    await logs.runRetention();
    // p0: only segments wholly below offset 40 went; p1 (no floor) down to its active segment.
    expect(p0.logStartOffset).toBeLessThanOrEqual(40);
    expect(p0.segments.segments.length).toBeGreaterThan(2);
    expect(p1.segments.segments.length).toBe(1);
    mirrored = 100;
    await logs.runRetention();
    expect(p0.logStartOffset).toBeGreaterThan(40);
    expect(p0.logStartOffset).toBeLessThanOrEqual(100);
    unregister();
    expect(counter(registry, "tributary_log_retention_deleted_segments_total", "disk_budget")).toBe(0);
    await logs.close();
    const { logs: tight, registry: reg2 } = await openManager(new MemoryFileSystem(), "/x", { diskBudgetBytes: 2500, now });
    await tight.createTopic("u", { partitions: 2, config: { "segment.bytes": 1024 } });
    const a = (await tight.openPartition("u", 0))!;
    const b = (await tight.openPartition("u", 1))!;
    for (let i = 0; i < 15; i++) {
      await a.append(batchOf(5, `a${i}`, now(), 20));
      tick(10);
      await b.append(batchOf(5, `b${i}`, now(), 20));
      tick(10);
    }
    tight.addRetentionFloor(() => 0); // nothing mirrored: the budget must still win
    await tight.runRetention();
    let total = 0;
    for (const l of [a, b]) for (const s of l.segments.segments) total += await l.segments.sizeOf(s);
    expect(total).toBeLessThanOrEqual(2500);
    expect(counter(reg2, "tributary_log_retention_deleted_segments_total", "disk_budget")).toBeGreaterThan(0);
    expect(counter(reg2, "tributary_log_retention_unmirrored_dropped_records_total")).toBe(a.logStartOffset + b.logStartOffset);
    await tight.close();
  });
});

describe("compaction", () => {
  test("keeps the latest record per key and drops old tombstones", async () => {
    const { logs, p0, tick, now } = await setup({ "cleanup.policy": "compact", "delete.retention.ms": HOUR });
    const put = (key: string, value: string | null) =>
      p0.append(buildRecordBatch([{ timestamp: now(), key: enc.encode(key), value: value === null ? null : enc.encode(value) }]));
    for (let round = 0; round < 20; round++) {
      for (const k of ["a", "b", "c", "d"]) await put(k, `${k}${round}`.padEnd(40, "."));
    }
    await put("d", null);
    for (let i = 0; i < 30; i++) await put("e", `e${i}`.padEnd(40, "."));
    const end = p0.logEndOffset;
    await logs.runRetention();
    const latest = () => readAll(p0, 0, decodeAllRecords);
    let all = await latest();
    // Closed segments hold one record per key at most; d's tombstone is still there.
    expect(all.filter((r) => r.value.startsWith("a")).length).toBe(1);
    expect(all.find((r) => r.value.startsWith("a"))!.value.startsWith("a19")).toBe(true);
    for (const k of ["b", "c"]) expect(all.filter((r) => r.value.startsWith(k)).map((r) => r.value.slice(0, 3))).toEqual([`${k}19`]);
    expect(all.filter((r) => r.value.startsWith("d")).length).toBe(0);
    expect(all.filter((r) => r.value === "<null>").length).toBe(1); // the tombstone, not yet expired
    expect(p0.logEndOffset).toBe(end);
    // Offsets keep their values (holes, no renumbering).
    for (let i = 1; i < all.length; i++) expect(all[i]!.offset).toBeGreaterThan(all[i - 1]!.offset);
    tick(2 * HOUR);
    for (let i = 0; i < 30; i++) await put("f", `f${i}`.padEnd(40, "."));
    await logs.runRetention();
    all = await latest();
    expect(all.filter((r) => r.value === "<null>").length).toBe(0);
    expect(all[0]!.value.startsWith("a19")).toBe(true);
    await logs.close();
  });
});
