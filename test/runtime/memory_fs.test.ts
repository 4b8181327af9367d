/** MemoryFileSystem's crash model and fault injection behave like a power cut and a failing disk. */
import { describe, expect, test } from "bun:test";
import { errorCode, MemoryFileSystem } from "../../broker/runtime/mod.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | null) => (data === null ? null : new TextDecoder().decode(data));

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return errorCode(error);
  }
  return "resolved";
}

/** A filesystem with a durable `/data` directory. */
async function withData(): Promise<MemoryFileSystem> {
  const fs = new MemoryFileSystem();
  await fs.mkdir("/data");
  await fs.syncDir("/");
  return fs;
}

describe("MemoryFileSystem crash()", () => {
  test("drops bytes written after the last datasync", async () => {
    const fs = await withData();
    const file = await fs.open("/data/log", { create: true });
    await file.write(bytes("durable"), 0);
    await file.datasync();
    await fs.syncDir("/data");
    await file.write(bytes(" and lost"), 7);
    fs.crash();
    expect(text(await fs.readFile("/data/log"))).toBe("durable");
  });

  test("undoes a create whose directory was not synced", async () => {
    const fs = await withData();
    const file = await fs.open("/data/new", { create: true });
    await file.write(bytes("x"), 0);
    await file.sync();
    fs.crash();
    expect(await fs.readFile("/data/new")).toBeNull();
  });

  test("keeps a synced create, but a never-synced file comes back empty", async () => {
    const fs = await withData();
    await fs.writeFile("/data/empty", bytes("not synced"));
    await fs.syncDir("/data");
    fs.crash();
    expect(await fs.readFile("/data/empty")).toEqual(new Uint8Array(0));
  });

  test("undoes an unsynced rename, keeps a synced one", async () => {
    const fs = await withData();
    for (const name of ["a", "b"]) {
      const file = await fs.open(`/data/${name}.tmp`, { create: true });
      await file.write(bytes(name), 0);
      await file.datasync();
      await file.close();
    }
    await fs.syncDir("/data");
    await fs.rename("/data/a.tmp", "/data/a");
    await fs.syncDir("/data");
    await fs.rename("/data/b.tmp", "/data/b");
    fs.crash();
    expect(text(await fs.readFile("/data/a"))).toBe("a");
    expect(await fs.readFile("/data/b")).toBeNull();
    expect(text(await fs.readFile("/data/b.tmp"))).toBe("b");
  });

  test("undoes an unsynced remove", async () => {
    const fs = await withData();
    const file = await fs.open("/data/keep", { create: true });
    await file.write(bytes("k"), 0);
    await file.sync();
    await fs.syncDir("/data");
    await fs.remove("/data/keep");
    fs.crash();
    expect(text(await fs.readFile("/data/keep"))).toBe("k");
  });

  test("a renamed directory carries its subtree", async () => {
    const fs = await withData();
    await fs.mkdir("/data/old");
    await fs.writeFile("/data/old/f", bytes("f"));
    await fs.syncDir("/data/old");
    await fs.rename("/data/old", "/data/new");
    await fs.syncDir("/data");
    fs.crash();
    expect(await fs.readDir("/data")).toEqual([{ name: "new", isFile: false, isDirectory: true }]);
    expect(await fs.readDir("/data/new")).toEqual([{
      name: "f",
      isFile: true,
      isDirectory: false,
    }]);
  });

  test("truncates and regrowth are durable exactly as synced", async () => {
    const fs = await withData();
    const file = await fs.open("/data/f", { create: true });
    await fs.syncDir("/data");
    await file.write(bytes("abcdefghij"), 0);
    await file.sync();
    await file.truncate(4);
    await file.write(bytes("XY"), 6); // bytes 4..5 become zeros
    await file.datasync();
    await file.write(bytes("lost"), 0);
    fs.crash();
    expect([...((await fs.readFile("/data/f")) ?? [])]).toEqual([97, 98, 99, 100, 0, 0, 88, 89]);
  });

  test("handles opened before the crash stop working", async () => {
    const fs = await withData();
    const file = await fs.open("/data/f", { create: true });
    fs.crash();
    expect(await codeOf(file.write(bytes("x"), 0))).toBe("EBADF");
  });
});

describe("MemoryFileSystem fault injection", () => {
  test("failNextSync surfaces the error and makes nothing durable", async () => {
    const fs = await withData();
    const file = await fs.open("/data/f", { create: true });
    await fs.syncDir("/data");
    await file.write(bytes("x"), 0);
    fs.failNextSync();
    expect(await codeOf(file.datasync())).toBe("EIO");
    fs.crash();
    expect(await fs.readFile("/data/f")).toEqual(new Uint8Array(0));
  });

  test("failNextSync with forgetDirty: a later sync succeeds without persisting the lost bytes", async () => {
    for (const forgetDirty of [false, true]) {
      const fs = await withData();
      const file = await fs.open("/data/f", { create: true });
      await fs.syncDir("/data");
      await file.write(bytes("kept"), 0);
      await file.datasync();
      await file.write(bytes("lost"), 4);
      fs.failNextSync(undefined, { forgetDirty });
      expect(await codeOf(file.datasync())).toBe("EIO");
      expect(await fs.readFile("/data/f")).toEqual(bytes("keptlost")); // still readable, as in the page cache
      expect(await codeOf(file.datasync())).toBe("resolved");
      fs.crash();
      // The later sync persists the new length but not the forgotten bytes: they read as zeros.
      const lost = new Uint8Array(8);
      lost.set(bytes("kept"));
      expect(await fs.readFile("/data/f")).toEqual(forgetDirty ? lost : bytes("keptlost"));
    }
  });

  test("failNextSync also applies to syncDir, and only once", async () => {
    const fs = await withData();
    fs.failNextSync(Object.assign(new Error("custom"), { code: "EROFS" }));
    expect(await codeOf(fs.syncDir("/data"))).toBe("EROFS");
    expect(await codeOf(fs.syncDir("/data"))).toBe("resolved");
  });

  test("failNextWrite fails one write, optionally tearing it", async () => {
    const fs = await withData();
    const file = await fs.open("/data/f", { create: true });
    fs.failNextWrite(undefined, 3);
    expect(await codeOf(file.write(bytes("abcdef"), 0))).toBe("EIO");
    expect(text(await fs.readFile("/data/f"))).toBe("abc");
    await file.write(bytes("XYZ"), 3);
    expect(text(await fs.readFile("/data/f"))).toBe("abcXYZ");
  });

  test("setCapacity makes writes past it fail with ENOSPC", async () => {
    const fs = await withData();
    fs.setCapacity(10);
    await fs.writeFile("/data/a", bytes("12345678"));
    expect(await codeOf(fs.writeFile("/data/b", bytes("123")))).toBe("ENOSPC");
    expect(await fs.diskSpace("/data")).toEqual({ free: 2, total: 10 });
    const file = await fs.open("/data/a", { write: true });
    await file.write(bytes("overwrite"), 0); // in place, within capacity
    expect(await codeOf(file.write(bytes("abc"), 9))).toBe("ENOSPC");
  });
});

describe("MemoryFileSystem file durability against a reference model", () => {
  test("random writes, truncates, syncs and crashes agree with full-copy syncs", async () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31; // deterministic LCG
      return seed % n;
    };
    const fs = await withData();
    let file = await fs.open("/data/f", { create: true });
    await file.sync();
    await fs.syncDir("/data");
    let live = new Uint8Array(0);
    let durable = new Uint8Array(0);
    const resized = (data: Uint8Array, length: number) => {
      const out = new Uint8Array(length);
      out.set(data.subarray(0, Math.min(length, data.length)));
      return out;
    };
    for (let step = 0; step < 3000; step++) {
      const op = random(10);
      if (op < 5) {
        const position = random(live.length + 64);
        const data = new Uint8Array(1 + random(300)).fill(1 + random(255));
        await file.write(data, position);
        live = resized(live, Math.max(live.length, position + data.length));
        live.set(data, position);
      } else if (op < 7) {
        const length = random(live.length + 100);
        await file.truncate(length);
        live = resized(live, length);
      } else if (op < 9) {
        await file.datasync();
        durable = live.slice();
      } else {
        fs.crash();
        live = durable.slice();
        file = await fs.open("/data/f", { write: true });
      }
      if (step % 100 === 0 || op === 9) {
        expect(await fs.readFile("/data/f")).toEqual(live);
      }
    }
    await file.close();
  });
});
