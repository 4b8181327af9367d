/** writeFileAtomic leaves the old or the new bytes after a crash at any point, never a mix. */
import { describe, expect, test } from "bun:test";
import {
  currentRuntime,
  errorCode,
  MemoryFileSystem,
  writeFileAtomic,
} from "../../broker/runtime/mod.ts";
import { dirname } from "../../broker/runtime/atomic.ts";
import { makeTempDir } from "./_temp.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | null) => (data === null ? null : new TextDecoder().decode(data));

describe("writeFileAtomic", () => {
  test("replaces the file durably: the new bytes survive a crash", async () => {
    const fs = new MemoryFileSystem();
    await fs.mkdir("/state");
    await fs.syncDir("/");
    await writeFileAtomic(fs, "/state/checkpoint", bytes("v1"));
    await writeFileAtomic(fs, "/state/checkpoint", bytes("v2"));
    fs.crash();
    expect(text(await fs.readFile("/state/checkpoint"))).toBe("v2");
    expect(await fs.readFile("/state/checkpoint.tmp")).toBeNull();
  });

  test("a failed datasync keeps the old bytes and removes the tmp file", async () => {
    const fs = new MemoryFileSystem();
    await fs.mkdir("/state");
    await writeFileAtomic(fs, "/state/checkpoint", bytes("v1"));
    fs.failNextSync();
    let code: string | undefined;
    await writeFileAtomic(fs, "/state/checkpoint", bytes("v2")).catch((e) => (code = errorCode(e)));
    expect(code).toBe("EIO");
    expect(text(await fs.readFile("/state/checkpoint"))).toBe("v1");
    expect(await fs.readFile("/state/checkpoint.tmp")).toBeNull();
  });

  test("a failed directory sync rejects, and a crash then keeps the old version whole", async () => {
    const fs = new MemoryFileSystem();
    await fs.mkdir("/state");
    await fs.syncDir("/");
    await writeFileAtomic(fs, "/state/checkpoint", bytes("v1"));
    // Let the tmp file's datasync pass, then fail the syncDir that would make the rename durable.
    const real = fs.syncDir.bind(fs);
    fs.syncDir = (path) => (fs.failNextSync(), real(path));
    let code: string | undefined;
    await writeFileAtomic(fs, "/state/checkpoint", bytes("v2")).catch((e) => (code = errorCode(e)));
    expect(code).toBe("EIO");
    fs.crash();
    expect(text(await fs.readFile("/state/checkpoint"))).toBe("v1");
  });

  test("works on the host filesystem", async () => {
    const runtime = currentRuntime();
    const dir = await makeTempDir(runtime, "atomic");
    try {
      await writeFileAtomic(runtime.fs, `${dir}/meta.json`, bytes("{}"));
      await writeFileAtomic(runtime.fs, `${dir}/meta.json`, bytes('{"a":1}'));
      expect(text(await runtime.fs.readFile(`${dir}/meta.json`))).toBe('{"a":1}');
      expect((await runtime.fs.readDir(dir))?.map((e) => e.name)).toEqual(["meta.json"]);
    } finally {
      await runtime.fs.remove(dir, { recursive: true });
    }
  });

  test("dirname", () => {
    expect(dirname("/a/b/c")).toBe("/a/b");
    expect(dirname("/a")).toBe("/");
    expect(dirname("a")).toBe(".");
    expect(dirname("data/x/")).toBe("data");
  });
});
