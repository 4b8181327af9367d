/**
 * Storage faults through the in-memory filesystem's fault injection: failed fdatasync (also the
 * Linux way, dropping the dirty pages), failed write, disk full, recovery that fails and is
 * retried, a read-only data dir at start. What is checked each time: the error appends see,
 * the metrics, recovery without a restart, and that no acknowledged record is lost or moved
 * back — also after a crash that keeps only what was durable.
 */
import { describe, expect, test } from "bun:test";
import { MemoryFileSystem, systemError } from "../../broker/runtime/mod.ts";
import type { FileSystem } from "../../broker/runtime/types.ts";
import { StorageError } from "../../broker/log/errors.ts";
import { createLogManager } from "../../broker/log/log_manager.ts";
import type { FilePartitionLog } from "../../broker/log/partition_log.ts";
import { decodeAllRecords } from "../../broker/log/record_codec.ts";
import type { DurabilityPolicy } from "../../broker/log/types.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { DEFAULT_TOPIC_CONFIG } from "../../broker/topics/mod.ts";
import { batchOf, openTestPartition, readAll } from "./_helpers.ts";

const errors = (r: MetricsRegistry, kind: string) => r.value("tributary_log_storage_errors_total", { kind });
const inError = (r: MetricsRegistry) => r.value("tributary_log_partitions_storage_error");

/** Poll until `cond` holds (memory I/O never yields to timers, so the loop sleeps a little). */
async function until(what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; !cond(); i++) {
    if (i > 2000) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Records of the partition after a power cut: reopen from what was durable. */
async function afterCrash(mem: MemoryFileSystem, policy: DurabilityPolicy, segmentBytes: number) {
  mem.crash();
  const { log } = await openTestPartition(mem, "/d/t-0", { policy, config: { "segment.bytes": segmentBytes } });
  const records = await readAll(log, 0, decodeAllRecords);
  await log.close();
  return records;
}

/** Appenders that record what was acknowledged and every high watermark seen. */
function appenders(log: FilePartitionLog, total: number, onAppend: (i: number) => void) {
  const acked = new Map<number, string>();
  const rejected: StorageError[] = [];
  const watermarks: number[] = [];
  log.onHighWatermark((hw) => watermarks.push(hw));
  let i = 0;
  const run = Promise.all(Array.from({ length: 4 }, async () => {
    while (i < total) {
      const n = i++;
      onAppend(n);
      try {
        const r = await log.append(batchOf(1, `v${n}`));
        acked.set(r.baseOffset, `v${n}-0`);
      } catch (e) {
        expect(e).toBeInstanceOf(StorageError);
        rejected.push(e as StorageError);
      }
      await new Promise((r) => setTimeout(r, n % 7 === 0 ? 2 : 0));
    }
  }));
  return { acked, rejected, watermarks, run };
}

describe("storage faults in the log", () => {
  test("interval: a failed fdatasync that drops the dirty pages moves no acknowledged record back", async () => {
    const mem = new MemoryFileSystem();
    const { log, registry } = await openTestPartition(mem, "/d/t-0", { policy: "interval" });
    const acked: string[] = [];
    for (let i = 0; i < 10; i++) await log.append(batchOf(1, `a${i}`)).then(() => acked.push(`a${i}-0`));
    await until("first interval sync", () => (registry.value("tributary_log_fsyncs_total") ?? 0) >= 1);
    for (let i = 0; i < 10; i++) await log.append(batchOf(1, `b${i}`)).then(() => acked.push(`b${i}-0`));
    // The next interval sync fails and, as on Linux, the kernel forgets the dirty pages: a naive
    // second fsync would "succeed" and a crash would then lose b0..b9.
    mem.failNextSync(undefined, { forgetDirty: true });
    await until("the failed sync to be handled", () => errors(registry, "fsync") === 1 && !log.fenced);
    expect(log.highWatermark).toBe(20);
    expect(log.logEndOffset).toBe(20);
    const r = await log.append(batchOf(1, "c"));
    expect(r.baseOffset).toBe(20);
    acked.push("c-0");
    await log.close();
    expect((await afterCrash(mem, "interval", 1 << 30)).map((x) => x.value)).toEqual(acked);
  });

  test("interval: a write failing after a slow sync finished cuts back only its own group", async () => {
    // An interval sync covers what was written when it started; appends written (and
    // acknowledged) while it ran must stay when it completes and a later write fails.
    const mem = new MemoryFileSystem();
    let gate: Promise<void> | undefined;
    let syncWaiting = false;
    const open = mem.open.bind(mem);
    mem.open = async (path, options) => {
      const handle = await open(path, options);
      const datasync = handle.datasync.bind(handle);
      handle.datasync = async () => {
        if (gate) {
          syncWaiting = true;
          await gate;
        }
        return datasync();
      };
      return handle;
    };
    const { log, registry } = await openTestPartition(mem, "/d/t-0", { policy: "interval" });
    let release = () => {};
    gate = new Promise((r) => (release = r));
    expect((await log.append(batchOf(1, "a"))).baseOffset).toBe(0);
    await until("the interval sync to start", () => syncWaiting);
    expect((await log.append(batchOf(1, "b"))).baseOffset).toBe(1); // written during the sync
    // The timer b armed fires while the sync still runs (and so starts none): after the
    // release, nothing syncs again before the failing write.
    await new Promise((r) => setTimeout(r, 30));
    gate = undefined;
    release();
    await until("the sync to finish", () => (registry.value("tributary_log_fsyncs_total") ?? 0) >= 1);
    mem.failNextWrite();
    await expect(log.append(batchOf(1, "c"))).rejects.toBeInstanceOf(StorageError);
    await until("recovery", () => !log.fenced);
    expect(log.logEndOffset).toBe(2);
    expect((await log.append(batchOf(1, "d"))).baseOffset).toBe(2);
    expect((await readAll(log, 0, decodeAllRecords)).map((r) => r.value)).toEqual(["a-0", "b-0", "d-0"]);
    await log.close();
  });

  test("interval: failed fdatasyncs at random points, across segment rolls, lose nothing acknowledged", async () => {
    for (const failAt of [5, 17, 40, 77]) {
      const mem = new MemoryFileSystem();
      const { log, registry } = await openTestPartition(mem, "/d/t-0", { policy: "interval", config: { "segment.bytes": 700 } });
      const run = appenders(log, 120, (n) => n === failAt && mem.failNextSync(undefined, { forgetDirty: true }));
      await run.run;
      await until("recovery", () => errors(registry, "fsync") === 1 && !log.fenced);
      for (let k = 1; k < run.watermarks.length; k++) expect(run.watermarks[k]!).toBeGreaterThanOrEqual(run.watermarks[k - 1]!);
      // Appends refused while fenced are refused, not acknowledged (kind "fenced").
      for (const e of run.rejected) expect(["fenced", "fsync"]).toContain(e.kind);
      await log.close();
      const after = await afterCrash(mem, "interval", 700);
      expect(after.map((x) => x.offset)).toEqual(after.map((_, k) => k));
      for (const [offset, value] of run.acked) expect(after[offset]?.value).toBe(value);
    }
  });

  test("group commit: a failed fdatasync that drops the dirty pages fails the unsynced appends only", async () => {
    for (const failAt of [3, 20, 55]) {
      const mem = new MemoryFileSystem();
      const { log, registry } = await openTestPartition(mem, "/d/t-0", { config: { "segment.bytes": 700 } });
      const run = appenders(log, 90, (n) => n === failAt && mem.failNextSync(undefined, { forgetDirty: true }));
      await run.run;
      expect(run.rejected.length).toBeGreaterThan(0);
      expect(errors(registry, "fsync")).toBe(1);
      const visible = await readAll(log, 0, decodeAllRecords);
      expect(visible.length).toBe(run.acked.size);
      await log.close();
      const after = await afterCrash(mem, "group-commit", 700);
      expect(after.map((x) => x.offset)).toEqual(after.map((_, k) => k));
      for (const [offset, value] of run.acked) expect(after[offset]?.value).toBe(value);
      expect(after.length).toBe(run.acked.size);
    }
  });

  test("none: a failed fsync at a roll fails that group only; the high watermark stays", async () => {
    const mem = new MemoryFileSystem();
    const { log, registry } = await openTestPartition(mem, "/d/t-0", { policy: "none", config: { "segment.bytes": 400 } });
    let n = 0;
    while (log.segments.segments.length === 1) await log.append(batchOf(1, `x${n++}`));
    const hw = log.highWatermark;
    // Fill the new active segment up to the next roll, then fail the seal's fsync.
    const rolls = log.segments.segments.length;
    mem.failNextSync();
    let failed: unknown;
    while (failed === undefined && log.segments.segments.length === rolls) {
      await log.append(batchOf(1, `y${n++}`)).catch((e) => (failed = e));
    }
    expect(failed).toBeInstanceOf(StorageError);
    expect((failed as StorageError).kind).toBe("fsync");
    expect(errors(registry, "fsync")).toBe(1);
    expect(log.highWatermark).toBeGreaterThanOrEqual(hw);
    const before = await readAll(log, 0, decodeAllRecords);
    expect(before.map((r) => r.offset)).toEqual(before.map((_, k) => k));
    expect((await log.append(batchOf(1, "z"))).baseOffset).toBe(before.length);
    await log.close();
  });

  test("disk full: appends fail with no_space, the gauge holds, and writes resume when space returns", async () => {
    const mem = new MemoryFileSystem();
    const { log, registry } = await openTestPartition(mem, "/d/t-0");
    const acked: string[] = [];
    for (let i = 0; i < 5; i++) await log.append(batchOf(1, `a${i}`)).then(() => acked.push(`a${i}-0`));
    const stat = await mem.stat(log.segments.active.logPath);
    mem.setCapacity(stat!.size + 50); // room for less than one more batch
    for (let i = 0; i < 3; i++) {
      const e = await log.append(batchOf(1, `full${i}`)).catch((x) => x);
      expect(e).toBeInstanceOf(StorageError);
      expect((e as StorageError).kind).toBe("no_space");
    }
    expect(errors(registry, "no_space")).toBe(3);
    expect(inError(registry)).toBe(1);
    expect(log.storageFailure?.kind).toBe("no_space");
    expect(log.logEndOffset).toBe(5);
    mem.setCapacity(undefined); // space returns
    await log.append(batchOf(1, "b")).then(() => acked.push("b-0"));
    expect(inError(registry)).toBe(0);
    expect(log.storageFailure).toBeUndefined();
    expect((await readAll(log, 0, decodeAllRecords)).map((x) => x.value)).toEqual(acked);
    await log.close();
    expect((await afterCrash(mem, "group-commit", 1 << 30)).map((x) => x.value)).toEqual(acked);
  });

  test("an EIO write fails its group with kind write; the partition recovers at once", async () => {
    const mem = new MemoryFileSystem();
    const { log, registry } = await openTestPartition(mem, "/d/t-0");
    await log.append(batchOf(2, "a"));
    mem.failNextWrite(undefined, 17);
    const e = await log.append(batchOf(1, "b")).catch((x) => x);
    expect((e as StorageError).kind).toBe("write");
    expect(errors(registry, "write")).toBe(1);
    expect((await log.append(batchOf(1, "c"))).baseOffset).toBe(2);
    expect((await readAll(log, 0, decodeAllRecords)).map((x) => x.value)).toEqual(["a-0", "a-1", "c-0"]);
    await log.close();
  });

  test("a recovery that fails keeps the partition fenced, and a retry recovers it by itself", async () => {
    const mem = new MemoryFileSystem();
    const { log, registry } = await openTestPartition(mem, "/d/t-0");
    await log.append(batchOf(2, "a"));
    mem.failNextSync(); // the group's fdatasync
    mem.failNextSync(); // the rollback's fdatasync: recovery fails
    await expect(log.append(batchOf(1, "b"))).rejects.toBeInstanceOf(StorageError);
    expect(log.fenced).toBe(true);
    const refused = await log.append(batchOf(1, "c")).catch((x) => x);
    expect((refused as StorageError).kind).toBe("fenced");
    expect(errors(registry, "fenced")).toBe(1);
    expect(inError(registry)).toBe(1);
    await until("the retry to unfence the partition", () => !log.fenced);
    expect((await log.append(batchOf(1, "d"))).baseOffset).toBe(2);
    expect(inError(registry)).toBe(0);
    await log.close();
    expect((await afterCrash(mem, "group-commit", 1 << 30)).map((x) => x.value)).toEqual(["a-0", "a-1", "d-0"]);
  });

  test("a read-only data dir refuses to open with a message naming the directory", async () => {
    const mem = new MemoryFileSystem();
    await mem.mkdir("/ro", { recursive: true });
    const readOnly: FileSystem = {
      ...bind(mem),
      open: () => Promise.reject(systemError("EROFS", "read-only file system, open '/ro/.write-probe'")),
      mkdir: () => Promise.reject(systemError("EROFS", "read-only file system, mkdir")),
    };
    const error = await createLogManager({
      fs: readOnly,
      dataDir: "/ro",
      durability: { policy: "group-commit", intervalMs: 0 },
      defaults: DEFAULT_TOPIC_CONFIG,
      defaultPartitions: 1,
      autoCreateTopics: true,
      logger: silentLogger,
      metrics: new MetricsRegistry(),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe("read_only");
    expect((error as Error).message).toContain("data directory /ro cannot be written");
    expect((error as Error).message).toContain("EROFS");
  });
});

/** The memory filesystem's methods bound to it, to override some in a test. */
function bind(fs: MemoryFileSystem): FileSystem {
  return {
    open: (p, o) => fs.open(p, o),
    readFile: (p) => fs.readFile(p),
    writeFile: (p, b) => fs.writeFile(p, b),
    rename: (a, b) => fs.rename(a, b),
    remove: (p, o) => fs.remove(p, o),
    mkdir: (p, o) => fs.mkdir(p, o),
    readDir: (p) => fs.readDir(p),
    stat: (p) => fs.stat(p),
    syncDir: (p) => fs.syncDir(p),
  };
}
