/** The device registry over each store, plus crash behaviour of the file store. */
import { afterAll, describe, expect, test } from "bun:test";
import { DeviceRegistry, DeviceStoreCorruptError, FileDeviceStore, MemoryDeviceStore } from "../../devices/mod.ts";
import { currentRuntime, MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { makeTempDir } from "../runtime/_temp.ts";
import { registryConformance, TEST_ITERATIONS } from "./_registry_conformance.ts";

registryConformance("memory", () => {
  const store = new MemoryDeviceStore();
  return Promise.resolve({ store, reopen: () => store });
});

registryConformance("file (in-memory filesystem)", () => {
  const fs = new MemoryFileSystem();
  const path = "/data/devices/registry.json";
  return Promise.resolve({ store: new FileDeviceStore(fs, path), reopen: () => new FileDeviceStore(fs, path) });
});

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await currentRuntime().fs.remove(dir, { recursive: true });
});

registryConformance("file (host filesystem)", async () => {
  const runtime = currentRuntime();
  const dir = await makeTempDir(runtime, "devices");
  dirs.push(dir);
  const path = `${dir}/devices/registry.json`;
  return { store: new FileDeviceStore(runtime.fs, path), reopen: () => new FileDeviceStore(runtime.fs, path) };
});

describe("file device store", () => {
  test("a failed write leaves the registry and the file as they were", async () => {
    const fs = new MemoryFileSystem();
    const path = "/data/devices/registry.json";
    const r = await DeviceRegistry.open({ store: new FileDeviceStore(fs, path), iterations: TEST_ITERATIONS });
    await r.add({ id: "d1" });
    fs.failNextWrite();
    await expect(r.add({ id: "d2" })).rejects.toThrow();
    expect(r.list().map((d) => d.id)).toEqual(["d1"]);
    const reopened = await DeviceRegistry.open({ store: new FileDeviceStore(fs, path), iterations: TEST_ITERATIONS });
    expect(reopened.list().map((d) => d.id)).toEqual(["d1"]);
    await r.add({ id: "d2" });
    expect(r.list().map((d) => d.id)).toEqual(["d1", "d2"]);
  });

  test("a failed fsync is reported and the change is undone", async () => {
    const fs = new MemoryFileSystem();
    const r = await DeviceRegistry.open({ store: new FileDeviceStore(fs, "/d/registry.json"), iterations: TEST_ITERATIONS });
    await r.add({ id: "d1" });
    fs.failNextSync();
    await expect(r.delete("d1")).rejects.toThrow();
    expect(r.get("d1")?.id).toBe("d1");
  });

  test("an unreadable document is an error, never an empty registry", async () => {
    const fs = new MemoryFileSystem();
    await fs.mkdir("/d", { recursive: true });
    await fs.writeFile("/d/registry.json", new TextEncoder().encode("{not json"));
    await expect(new FileDeviceStore(fs, "/d/registry.json").load()).rejects.toBeInstanceOf(DeviceStoreCorruptError);
    await fs.writeFile("/d/registry.json", new TextEncoder().encode('{"version":99,"devices":[]}'));
    await expect(new FileDeviceStore(fs, "/d/registry.json").load()).rejects.toBeInstanceOf(DeviceStoreCorruptError);
  });

  test("the stored credential is a salted PBKDF2-SHA256 hash", async () => {
    const store = new MemoryDeviceStore();
    const r = await DeviceRegistry.open({ store, iterations: TEST_ITERATIONS });
    const a = await r.add({ id: "a" });
    await r.add({ id: "b" });
    const [da, db] = await store.load();
    expect(da!.credential).toMatchObject({ algorithm: "PBKDF2-SHA256", iterations: TEST_ITERATIONS });
    expect(da!.credential.salt).not.toBe(db!.credential.salt);
    expect(atob(da!.credential.hash)).toHaveLength(32);
    expect(da!.credential.hash).not.toContain(a.secret);
  });
});

describe("secret verification", () => {
  test("concurrent logins all get the right answer with PBKDF2 limited to one at a time", async () => {
    const r = await DeviceRegistry.open({ store: new MemoryDeviceStore(), iterations: TEST_ITERATIONS, maxConcurrentHashes: 1 });
    const secrets = new Map<string, string>();
    for (const id of ["a", "b", "c", "d"]) secrets.set(id, (await r.add({ id })).secret);
    const attempts = [...secrets].flatMap(([id, secret]) => [r.authenticate(id, secret), r.authenticate(id, secret + "!")]);
    expect(await Promise.all(attempts)).toEqual([true, false, true, false, true, false, true, false]);
  });
});
