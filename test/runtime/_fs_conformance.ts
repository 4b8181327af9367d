/**
 * One conformance suite for every {@link FileSystem}: the host adapters and the in-memory one
 * must behave the same, down to the error codes the log branches on.
 *
 * @module
 */

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { errorCode, type FileSystem } from "../../broker/runtime/mod.ts";

/** A filesystem under test and a fresh directory in it. */
export interface FsFixture {
  fs: FileSystem;
  root: string;
  cleanup(): Promise<void>;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | null) => (data === null ? null : new TextDecoder().decode(data));

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return errorCode(error) ?? `no code: ${String(error)}`;
  }
  return "resolved";
}

/** Register the suite under `name`; `setup` runs once before the first test. */
export function fileSystemConformance(name: string, setup: () => Promise<FsFixture>): void {
  describe(`FileSystem conformance: ${name}`, () => {
    let fixture: FsFixture;
    let fs: FileSystem;
    let dir = "";
    let n = 0;
    const fresh = async () => {
      const path = `${fixture.root}/case-${n++}`;
      await fs.mkdir(path);
      return path;
    };
    beforeAll(async () => {
      fixture = await setup();
      fs = fixture.fs;
    });
    afterAll(() => fixture.cleanup());

    test("positioned writes and reads land at their offsets", async () => {
      dir = await fresh();
      const handle = await fs.open(`${dir}/f`, { create: true });
      await handle.write(bytes("hello world"), 0);
      await handle.write(bytes("HELLO"), 0);
      await handle.write(bytes("!"), 11);
      const buffer = new Uint8Array(5);
      expect(await handle.read(buffer, 6)).toBe(5);
      expect(text(buffer)).toBe("world");
      expect(await handle.read(new Uint8Array(10), 8)).toBe(4); // short read at the end
      expect(await handle.read(new Uint8Array(4), 100)).toBe(0); // past the end
      expect(await handle.size()).toBe(12);
      await handle.datasync();
      await handle.sync();
      await handle.close();
      expect(text(await fs.readFile(`${dir}/f`))).toBe("HELLO world!");
    });

    test("concurrent positioned I/O on one handle does not interleave", async () => {
      dir = await fresh();
      const handle = await fs.open(`${dir}/f`, { create: true });
      const block = (i: number) => new Uint8Array(1000).fill(i);
      await Promise.all(Array.from({ length: 50 }, (_, i) => handle.write(block(i), i * 1000)));
      const reads = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
        const buffer = new Uint8Array(1000);
        await handle.read(buffer, i * 1000);
        return buffer.every((b) => b === i);
      }));
      expect(reads.every(Boolean)).toBe(true);
      await handle.close();
    });

    test("writes issued while a datasync is in flight land, and close waits for the sync", async () => {
      dir = await fresh();
      const handle = await fs.open(`${dir}/f`, { create: true });
      await handle.write(bytes("first "), 0);
      const syncs: Array<Promise<void>> = [];
      const writes: Array<Promise<void>> = [];
      for (let i = 0; i < 20; i++) {
        syncs.push(handle.datasync());
        writes.push(handle.write(bytes(String(i % 10)), 6 + i));
      }
      await Promise.all(writes);
      const closed = handle.close(); // with syncs possibly still in flight
      await Promise.all(syncs); // none rejects: close did not cut them off
      await closed;
      expect(text(await fs.readFile(`${dir}/f`))).toBe("first 01234567890123456789");
      expect(await codeOf(handle.datasync())).toBe("EBADF");
    });

    test("open flags: missing file, createNew, truncate, read-only", async () => {
      dir = await fresh();
      expect(await codeOf(fs.open(`${dir}/missing`))).toBe("ENOENT");
      expect(await codeOf(fs.open(`${dir}/nodir/f`, { create: true }))).toBe("ENOENT");
      await fs.writeFile(`${dir}/f`, bytes("abc"));
      expect(await codeOf(fs.open(`${dir}/f`, { create: true, createNew: true }))).toBe("EEXIST");
      const readOnly = await fs.open(`${dir}/f`);
      expect(await codeOf(readOnly.write(bytes("x"), 0))).toBe("EBADF");
      await readOnly.close();
      const truncated = await fs.open(`${dir}/f`, { write: true, truncate: true });
      expect(await truncated.size()).toBe(0);
      await truncated.close();
    });

    test("truncate shrinks, and growing again reads zeros", async () => {
      dir = await fresh();
      const handle = await fs.open(`${dir}/f`, { create: true });
      await handle.write(bytes("abcdef"), 0);
      await handle.truncate(2);
      await handle.truncate(4);
      const buffer = new Uint8Array(4);
      expect(await handle.read(buffer, 0)).toBe(4);
      expect([...buffer]).toEqual([97, 98, 0, 0]);
      await handle.close();
    });

    test("a closed handle rejects, and close is idempotent", async () => {
      dir = await fresh();
      const handle = await fs.open(`${dir}/f`, { create: true });
      await handle.close();
      await handle.close();
      expect(await codeOf(handle.read(new Uint8Array(1), 0))).toBe("EBADF");
    });

    test("readFile, writeFile, stat", async () => {
      dir = await fresh();
      expect(await fs.readFile(`${dir}/nope`)).toBeNull();
      expect(await fs.stat(`${dir}/nope`)).toBeNull();
      await fs.writeFile(`${dir}/f`, bytes("first version"));
      await fs.writeFile(`${dir}/f`, bytes("second"));
      expect(text(await fs.readFile(`${dir}/f`))).toBe("second");
      const file = await fs.stat(`${dir}/f`);
      expect([file?.size, file?.isFile, file?.isDirectory]).toEqual([6, true, false]);
      expect(file?.mtimeMs).toBeGreaterThan(0);
      expect((await fs.stat(dir))?.isDirectory).toBe(true);
    });

    test("rename replaces the target; a missing source is ENOENT", async () => {
      dir = await fresh();
      await fs.writeFile(`${dir}/a`, bytes("A"));
      await fs.writeFile(`${dir}/b`, bytes("B"));
      await fs.rename(`${dir}/a`, `${dir}/b`);
      expect(await fs.readFile(`${dir}/a`)).toBeNull();
      expect(text(await fs.readFile(`${dir}/b`))).toBe("A");
      expect(await codeOf(fs.rename(`${dir}/a`, `${dir}/c`))).toBe("ENOENT");
      await fs.mkdir(`${dir}/d1`);
      await fs.writeFile(`${dir}/d1/x`, bytes("x"));
      await fs.rename(`${dir}/d1`, `${dir}/d2`);
      expect(text(await fs.readFile(`${dir}/d2/x`))).toBe("x");
    });

    test("mkdir, readDir, remove", async () => {
      dir = await fresh();
      expect(await codeOf(fs.mkdir(`${dir}/a/b`))).toBe("ENOENT");
      await fs.mkdir(`${dir}/a/b`, { recursive: true });
      await fs.mkdir(`${dir}/a/b`, { recursive: true });
      expect(await codeOf(fs.mkdir(`${dir}/a`))).toBe("EEXIST");
      await fs.writeFile(`${dir}/a/f`, bytes("f"));
      const entries = (await fs.readDir(`${dir}/a`)) ?? [];
      entries.sort((x, y) => x.name.localeCompare(y.name));
      expect(entries).toEqual([
        { name: "b", isFile: false, isDirectory: true },
        { name: "f", isFile: true, isDirectory: false },
      ]);
      expect(await fs.readDir(`${dir}/missing`)).toBeNull();
      await fs.remove(`${dir}/a/b`); // an empty directory needs no `recursive`
      expect(await codeOf(fs.remove(`${dir}/a`))).toBe("ENOTEMPTY");
      await fs.remove(`${dir}/a`, { recursive: true });
      await fs.remove(`${dir}/a`); // missing is fine
      expect(await fs.readDir(dir)).toEqual([]);
    });

    test("syncDir and diskSpace", async () => {
      dir = await fresh();
      await fs.syncDir(dir);
      expect(await codeOf(fs.syncDir(`${dir}/missing`))).toBe("ENOENT");
      const space = await fs.diskSpace?.(dir);
      if (space !== null && space !== undefined) {
        expect(space.total).toBeGreaterThanOrEqual(space.free);
      }
    });
  });
}
