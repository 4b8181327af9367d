/** Small state files written with keepPrevious fall back to the version they replaced when torn. */
import { describe, expect, test } from "bun:test";
import { MemoryFileSystem, readStateFile, writeFileAtomic } from "../../broker/runtime/mod.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const decode = (b: Uint8Array) => {
  const doc = JSON.parse(new TextDecoder().decode(b)) as { v?: unknown };
  if (typeof doc.v !== "number") throw new Error("no v");
  return doc.v;
};

async function twoVersions(): Promise<MemoryFileSystem> {
  const fs = new MemoryFileSystem();
  await fs.mkdir("/state");
  await fs.syncDir("/");
  await writeFileAtomic(fs, "/state/meta.json", bytes('{"v":1}'), { keepPrevious: true });
  await writeFileAtomic(fs, "/state/meta.json", bytes('{"v":2}'), { keepPrevious: true });
  fs.crash();
  return fs;
}

describe("readStateFile", () => {
  test("reads the current version; the replaced one is kept beside it", async () => {
    const fs = await twoVersions();
    expect(await readStateFile(fs, "/state/meta.json", decode)).toEqual({ value: 2, source: "current", problems: [] });
    expect(new TextDecoder().decode((await fs.readFile("/state/meta.json.prev"))!)).toBe('{"v":1}');
  });

  test("a zero-length or garbled current version falls back to the previous one, saying why", async () => {
    for (const torn of [new Uint8Array(0), bytes('{"v":2'), new Uint8Array(7), bytes('{"x":1}')]) {
      const fs = await twoVersions();
      await fs.writeFile("/state/meta.json", torn);
      const read = await readStateFile(fs, "/state/meta.json", decode);
      expect(read.value).toBe(1);
      expect(read.source).toBe("previous");
      expect(read.problems.length).toBe(1);
      expect(read.problems[0]).toContain("/state/meta.json");
    }
  });

  test("after a fallback the next write keeps the good previous version, so a second torn write still leaves one readable", async () => {
    const fs = await twoVersions();
    await fs.writeFile("/state/meta.json", bytes('{"v":2'));
    expect((await readStateFile(fs, "/state/meta.json", decode)).value).toBe(1);
    expect(new TextDecoder().decode((await fs.readFile("/state/meta.json.torn"))!)).toBe('{"v":2');
    await writeFileAtomic(fs, "/state/meta.json", bytes('{"v":3}'), { keepPrevious: true });
    expect(new TextDecoder().decode((await fs.readFile("/state/meta.json.prev"))!)).toBe('{"v":1}');
    await fs.writeFile("/state/meta.json", new Uint8Array(0)); // the write of v3 torn as well
    expect(await readStateFile(fs, "/state/meta.json", decode)).toEqual({ value: 1, source: "previous", problems: ["/state/meta.json is empty"] });
  });

  test("a crash between the two renames leaves only the previous version, which is read", async () => {
    const fs = await twoVersions();
    await fs.rename("/state/meta.json", "/state/meta.json.prev");
    await fs.syncDir("/state");
    fs.crash();
    const read = await readStateFile(fs, "/state/meta.json", decode);
    expect(read).toEqual({ value: 2, source: "previous", problems: ["/state/meta.json is missing"] });
  });

  test("nothing readable: value null, source none, every problem listed; nothing there: no problems", async () => {
    const fs = await twoVersions();
    await fs.writeFile("/state/meta.json", new Uint8Array(0));
    await fs.writeFile("/state/meta.json.prev", bytes("garbage"));
    const read = await readStateFile(fs, "/state/meta.json", decode);
    expect(read.value).toBeNull();
    expect(read.source).toBe("none");
    expect(read.problems.length).toBe(2);
    expect(await readStateFile(fs, "/state/other.json", decode)).toEqual({ value: null, source: "none", problems: [] });
  });

  test("without keepPrevious no .prev file appears", async () => {
    const fs = new MemoryFileSystem();
    await fs.mkdir("/state");
    await writeFileAtomic(fs, "/state/a", bytes("1"));
    await writeFileAtomic(fs, "/state/a", bytes("2"));
    expect(await fs.readFile("/state/a.prev")).toBeNull();
  });
});
