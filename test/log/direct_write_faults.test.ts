/**
 * Batches of DIRECT_WRITE_MIN bytes or more are written as two write(2)s: their rewritten
 * 16-byte head, then the body from the caller's bytes. A failure of either (whole or partial)
 * must fail only that append, leave no stray bytes, and let the next appends reuse its offsets
 * at the right positions — also after a power cut that keeps only what was durable.
 */
import { describe, expect, test } from "bun:test";
import { MemoryFileSystem, systemError } from "../../broker/runtime/mod.ts";
import type { FileHandle, FileSystem, OpenOptions } from "../../broker/runtime/types.ts";
import { DIRECT_WRITE_MIN } from "../../broker/log/batch_writer.ts";
import { StorageError } from "../../broker/log/errors.ts";
import { decodeAllRecords } from "../../broker/log/record_codec.ts";
import type { DurabilityPolicy } from "../../broker/log/types.ts";
import { batchOf, openTestPartition, readAll } from "./_helpers.ts";

/** A filesystem whose `failAt`-th data-file write from now fails after keeping `keep` bytes. */
class CountingFs {
  writes = 0;
  failAt = -1;
  keep = 0;
  constructor(readonly mem: MemoryFileSystem) {}

  asFileSystem(): FileSystem {
    const self = this;
    return new Proxy(this.mem, {
      get(target, prop) {
        if (prop !== "open") {
          const v = Reflect.get(target, prop, target);
          return typeof v === "function" ? v.bind(target) : v;
        }
        return async (path: string, options?: OpenOptions): Promise<FileHandle> => {
          const h = await target.open(path, options);
          if (!path.endsWith(".log")) return h;
          return {
            read: (b, p) => h.read(b, p),
            write: async (bytes, position) => {
              if (self.failAt >= 0 && self.writes++ === self.failAt) {
                self.failAt = -1;
                if (self.keep > 0) await h.write(bytes.subarray(0, self.keep), position);
                throw systemError("EIO", "injected write failure");
              }
              await h.write(bytes, position);
            },
            sync: () => h.sync(),
            datasync: () => h.datasync(),
            truncate: (n) => h.truncate(n),
            size: () => h.size(),
            close: () => h.close(),
          };
        };
      },
    }) as FileSystem;
  }
}

const POLICIES: DurabilityPolicy[] = ["group-commit", "interval", "none"];
// write 0 = the rewritten head (16 bytes), write 1 = the body.
const CASES = [
  { failAt: 0, keep: 0, what: "head write fails" },
  { failAt: 0, keep: 9, what: "head write torn" },
  { failAt: 1, keep: 0, what: "body write fails after the head" },
  { failAt: 1, keep: 100_000, what: "body write torn" },
];

describe("direct writes of large batches under write faults", () => {
  for (const policy of POLICIES) {
    for (const c of CASES) {
      test(`${policy}: ${c.what} — only that append fails, later appends land right`, async () => {
        const mem = new MemoryFileSystem();
        const counting = new CountingFs(mem);
        const fs = counting.asFileSystem();
        const { log } = await openTestPartition(fs, "/d/t-0", { policy, config: { "segment.bytes": 1_000_000 } });
        const big = (p: string) => batchOf(20, p, 1_000, DIRECT_WRITE_MIN / 20);
        expect((await log.append(batchOf(2, "a"))).baseOffset).toBe(0);
        expect((await log.append(big("b"))).baseOffset).toBe(2);
        counting.failAt = c.failAt;
        counting.keep = c.keep;
        counting.writes = 0;
        const failed = await log.append(big("lost")).then(() => undefined, (e) => e);
        expect(failed).toBeInstanceOf(StorageError);
        // The failed append's offsets are reused, and a roll (segment.bytes) follows.
        expect((await log.append(big("c"))).baseOffset).toBe(22);
        expect((await log.append(batchOf(3, "d"))).baseOffset).toBe(42);
        expect((await log.append(big("e"))).baseOffset).toBe(45);
        const expected = [
          ...["a-0", "a-1"],
          ...Array.from({ length: 20 }, (_, i) => `b-${i}`),
          ...Array.from({ length: 20 }, (_, i) => `c-${i}`),
          ...["d-0", "d-1", "d-2"],
          ...Array.from({ length: 20 }, (_, i) => `e-${i}`),
        ];
        const values = (rs: { offset: number; value: string }[]) => rs.map((r) => `${r.offset}:${r.value.replace(/x+$/, "")}`);
        const want = expected.map((v, i) => `${i}:${v}`);
        expect(values(await readAll(log, 0, decodeAllRecords))).toEqual(want);
        // Reading from inside each large batch finds it through the index.
        for (const from of [10, 30, 44, 60]) expect(values(await readAll(log, from, decodeAllRecords))[0]).toBe(want[from]);
        await log.close();
        if (policy === "group-commit") mem.crash(); // everything acknowledged was fdatasynced
        const { log: reopened } = await openTestPartition(mem, "/d/t-0", { policy, config: { "segment.bytes": 1_000_000 } });
        expect(values(await readAll(reopened, 0, decodeAllRecords))).toEqual(want);
        expect(reopened.logEndOffset).toBe(65);
        await reopened.close();
      });
    }
  }
});
