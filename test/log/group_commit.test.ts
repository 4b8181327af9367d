import { describe, expect, test } from "bun:test";
import { MemoryFileSystem } from "../../broker/runtime/mod.ts";
import type { FileHandle, FileSystem, OpenOptions } from "../../broker/runtime/types.ts";
import { StorageError } from "../../broker/log/errors.ts";
import { decodeAllRecords } from "../../broker/log/record_codec.ts";
import { batchOf, openTestPartition, readAll } from "./_helpers.ts";

/**
 * Wraps a FileSystem: counts datasyncs, slows them down like a real device, and records for each
 * path how many bytes were written and how many a completed datasync covers.
 */
class CountingFs {
  datasyncs = 0;
  written = new Map<string, number>();
  durable = new Map<string, number>();
  constructor(readonly inner: FileSystem, readonly syncDelayMs = 3) {}
  get fs(): FileSystem {
    const i = this.inner;
    return {
      open: async (path, options?: OpenOptions) => this.#wrap(path, await i.open(path, options)),
      readFile: (p) => i.readFile(p),
      writeFile: (p, b) => i.writeFile(p, b),
      rename: (a, b) => i.rename(a, b),
      remove: (p, o) => i.remove(p, o),
      mkdir: (p, o) => i.mkdir(p, o),
      readDir: (p) => i.readDir(p),
      stat: (p) => i.stat(p),
      syncDir: (p) => i.syncDir(p),
    };
  }
  #wrap(path: string, h: FileHandle): FileHandle {
    return {
      read: (b, p) => h.read(b, p),
      write: async (b, p) => {
        await h.write(b, p);
        this.written.set(path, Math.max(this.written.get(path) ?? 0, p + b.length));
      },
      sync: () => h.sync(),
      datasync: async () => {
        const covered = this.written.get(path) ?? 0;
        await new Promise((r) => setTimeout(r, this.syncDelayMs));
        await h.datasync();
        this.datasyncs++;
        this.durable.set(path, Math.max(this.durable.get(path) ?? 0, covered));
      },
      truncate: (n) => h.truncate(n),
      size: () => h.size(),
      close: () => h.close(),
    };
  }
}

describe("group commit", () => {
  test("concurrent appends share fsyncs and none resolves before its fsync", async () => {
    const mem = new MemoryFileSystem();
    const counting = new CountingFs(mem);
    const { log, registry } = await openTestPartition(counting.fs, "/d/t-0");
    const path = log.segments.active.logPath;
    const before = counting.datasyncs;
    const n = 200;
    const done = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i % 10)); // arrivals spread over ~10 ms
        const r = await log.append(batchOf(2, `p${i}`));
        // At resolution, a completed datasync covers this append's bytes.
        const end = log.segments.active.size;
        return { r, durable: counting.durable.get(path) ?? 0, end, hw: log.highWatermark };
      }),
    );
    const syncs = counting.datasyncs - before;
    expect(syncs).toBeLessThan(n / 4);
    expect(registry.value("tributary_log_fsyncs_total")).toBe(syncs);
    for (const d of done) expect(d.hw).toBeGreaterThan(d.r.lastOffset);
    const offsets = done.map((d) => d.r.baseOffset).sort((a, b) => a - b);
    expect(offsets).toEqual(Array.from({ length: n }, (_, i) => i * 2));
    // Crash: everything acknowledged must be there.
    mem.crash();
    const { log: again } = await openTestPartition(mem, "/d/t-0");
    expect(again.logEndOffset).toBe(2 * n);
    await again.close();
  });

  test("an append resolves only after a datasync covering its bytes", async () => {
    const counting = new CountingFs(new MemoryFileSystem(), 2);
    const { log } = await openTestPartition(counting.fs, "/d/t-0");
    const path = log.segments.active.logPath;
    const checks = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const bytes = batchOf(1, `q${i}`);
        const r = await log.append(bytes);
        const seg = log.segments.active;
        const pos = seg.index.lookup(r.baseOffset).position; // lower bound of the batch's start
        return (counting.durable.get(path) ?? 0) >= pos + bytes.length;
      }),
    );
    expect(checks.every(Boolean)).toBe(true);
    await log.close();
  });

  test("an fsync failure fails the waiting appends, hides them, and the partition recovers", async () => {
    const mem = new MemoryFileSystem();
    const { log, registry } = await openTestPartition(mem, "/d/t-0");
    await log.append(batchOf(3, "ok"));
    mem.failNextSync();
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => log.append(batchOf(1, `bad${i}`))));
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(StorageError);
    }
    expect(log.highWatermark).toBe(3);
    expect(log.logEndOffset).toBe(3);
    expect((await readAll(log, 0, decodeAllRecords)).length).toBe(3);
    expect(registry.value("tributary_log_storage_failures_total")).toBe(1);
    const r = await log.append(batchOf(1, "next"));
    expect(r.baseOffset).toBe(3);
    mem.crash();
    const { log: again } = await openTestPartition(mem, "/d/t-0");
    expect((await readAll(again, 0, decodeAllRecords)).map((x) => x.value)).toEqual(["ok-0", "ok-1", "ok-2", "next-0"]);
    await again.close();
  });

  test("a failed write (ENOSPC) fails the group and leaves no partial batch", async () => {
    const mem = new MemoryFileSystem();
    const { log } = await openTestPartition(mem, "/d/t-0");
    await log.append(batchOf(2, "a"));
    mem.failNextWrite(undefined, 30); // a torn write: 30 bytes land
    await expect(log.append(batchOf(2, "b"))).rejects.toBeInstanceOf(StorageError);
    expect(log.logEndOffset).toBe(2);
    await log.append(batchOf(2, "c"));
    expect((await readAll(log, 0, decodeAllRecords)).map((x) => x.value)).toEqual(["a-0", "a-1", "c-0", "c-1"]);
    await log.close();
  });

  test("policies none and interval acknowledge after the write", async () => {
    for (const policy of ["none", "interval"] as const) {
      const counting = new CountingFs(new MemoryFileSystem(), 1);
      const { log } = await openTestPartition(counting.fs, "/d/t-0", { policy });
      const before = counting.datasyncs;
      for (let i = 0; i < 20; i++) await log.append(batchOf(1, `n${i}`));
      expect(log.highWatermark).toBe(20);
      if (policy === "none") expect(counting.datasyncs).toBe(before);
      else {
        await new Promise((r) => setTimeout(r, 30));
        expect(counting.datasyncs).toBeGreaterThan(before);
        expect(counting.datasyncs - before).toBeLessThan(10);
      }
      await log.close();
    }
  });

  test("memory crash at random moments never loses an acknowledged append", async () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const mem = new MemoryFileSystem();
    const acked = new Map<number, string>();
    for (let cycle = 0; cycle < 15; cycle++) {
      const { log } = await openTestPartition(mem, "/d/t-0", { config: { "segment.bytes": 3000 } });
      const all = await readAll(log, 0, decodeAllRecords);
      for (const [offset, value] of acked) expect(all[offset]?.value).toBe(value);
      expect(all.map((r) => r.offset)).toEqual(all.map((_, i) => i));
      let stop = false;
      const producers = Array.from({ length: 4 }, async (_, p) => {
        for (let i = 0; !stop; i++) {
          const value = `c${cycle}p${p}i${i}`;
          try {
            const r = await log.append(batchOf(1, value));
            acked.set(r.baseOffset, `${value}-0`);
            await new Promise((r) => setTimeout(r, 0)); // memory I/O never yields to timers
          } catch {
            return;
          }
        }
      });
      await new Promise((r) => setTimeout(r, 2 + rand() * 10));
      mem.crash();
      stop = true;
      await Promise.allSettled(producers);
    }
    expect(acked.size).toBeGreaterThan(50);
  });

  test("a sync failure while later groups are written fails exactly the unsynced appends", async () => {
    for (const failAfter of [3, 10, 25]) {
      const mem = new MemoryFileSystem();
      const counting = new CountingFs(mem, 2);
      const { log } = await openTestPartition(counting.fs, "/d/t-0", { config: { "segment.bytes": 2000 } });
      const acked = new Map<number, string>();
      let rejected = 0;
      let i = 0;
      const producers = Array.from({ length: 6 }, async () => {
        while (i < 60) {
          const value = `v${i++}`;
          if (i === failAfter) mem.failNextSync();
          try {
            const r = await log.append(batchOf(1, value));
            acked.set(r.baseOffset, `${value}-0`);
          } catch (e) {
            expect(e).toBeInstanceOf(StorageError);
            rejected++;
            await new Promise((r) => setTimeout(r, 1));
          }
        }
      });
      await Promise.all(producers);
      expect(rejected).toBeGreaterThan(0);
      const visible = await readAll(log, 0, decodeAllRecords);
      expect(visible.map((r) => r.offset)).toEqual(visible.map((_, k) => k));
      for (const [o, v] of acked) expect(visible[o]?.value).toBe(v);
      expect(visible.length).toBe(acked.size);
      mem.crash();
      const { log: again } = await openTestPartition(mem, "/d/t-0", { config: { "segment.bytes": 2000 } });
      const after = await readAll(again, 0, decodeAllRecords);
      expect(after).toEqual(visible);
      await again.close();
    }
  });
});
