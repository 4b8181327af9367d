/** Checkpoint stores: the shared contract, plus crash and corruption behaviour of the file store. */
import { afterAll, describe, expect, test } from "bun:test";
import {
  bridgeCheckpointCodec,
  CheckpointCorruptError,
  downstreamCheckpointCodec,
  FileCheckpointStore,
  MemoryCheckpointStore,
} from "../../bridge/checkpoint/mod.ts";
import { currentRuntime, MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { makeTempDir } from "../runtime/_temp.ts";
import { checkpointStoreConformance, sampleCheckpoint } from "./_checkpoint_conformance.ts";

checkpointStoreConformance("memory", () => {
  const store = new MemoryCheckpointStore(bridgeCheckpointCodec);
  return Promise.resolve({ store, reopen: () => store });
});

checkpointStoreConformance("file (in-memory filesystem)", async () => {
  const fs = new MemoryFileSystem();
  await fs.mkdir("/d", { recursive: true });
  const path = "/d/upstream.checkpoint";
  return { store: new FileCheckpointStore(fs, path, bridgeCheckpointCodec), reopen: () => new FileCheckpointStore(fs, path, bridgeCheckpointCodec) };
});

const tempDirs: string[] = [];
afterAll(async () => {
  for (const dir of tempDirs) await currentRuntime().fs.remove(dir, { recursive: true });
});

checkpointStoreConformance("file (host filesystem)", async () => {
  const runtime = currentRuntime();
  const dir = await makeTempDir(runtime, "bridge-cp");
  tempDirs.push(dir);
  const path = `${dir}/upstream.checkpoint`;
  return {
    store: new FileCheckpointStore(runtime.fs, path, bridgeCheckpointCodec),
    reopen: () => new FileCheckpointStore(runtime.fs, path, bridgeCheckpointCodec),
  };
});

describe("file checkpoint store, crashes and damage", () => {
  async function setup() {
    const fs = new MemoryFileSystem();
    await fs.mkdir("/d", { recursive: true });
    await fs.syncDir("/");
    const open = () => new FileCheckpointStore(fs, "/d/cp", bridgeCheckpointCodec);
    return { fs, open };
  }

  test("a completed save survives a power cut", async () => {
    const { fs, open } = await setup();
    await open().save(sampleCheckpoint(1));
    await open().save(sampleCheckpoint(2));
    fs.crash();
    expect(await open().load()).toEqual(sampleCheckpoint(2));
  });

  test("a save whose data sync fails leaves the previous checkpoint in place", async () => {
    const { fs, open } = await setup();
    await open().save(sampleCheckpoint(1));
    fs.failNextSync();
    await expect(open().save(sampleCheckpoint(2))).rejects.toThrow();
    fs.crash();
    expect(await open().load()).toEqual(sampleCheckpoint(1));
  });

  test("a torn write of the tmp file never replaces the checkpoint", async () => {
    const { fs, open } = await setup();
    await open().save(sampleCheckpoint(1));
    fs.failNextWrite(undefined, 10);
    await expect(open().save(sampleCheckpoint(2))).rejects.toThrow();
    fs.crash();
    expect(await open().load()).toEqual(sampleCheckpoint(1));
  });

  test("a damaged file is reported, not trusted", async () => {
    const { fs, open } = await setup();
    await open().save(sampleCheckpoint(1));
    const bytes = (await fs.readFile("/d/cp"))!;
    const text = new TextDecoder().decode(bytes).replace('"acked":5', '"acked":4');
    await fs.writeFile("/d/cp", new TextEncoder().encode(text));
    await expect(open().load()).rejects.toBeInstanceOf(CheckpointCorruptError);
    await fs.writeFile("/d/cp", new TextEncoder().encode("{\"crc\":1"));
    await expect(open().load()).rejects.toThrow("not JSON");
  });

  test("a well-formed document with impossible values is refused", () => {
    const cp = sampleCheckpoint(1);
    cp.sources["sensors/0"] = { acked: 10, next: 2 };
    expect(() => bridgeCheckpointCodec.decode(bridgeCheckpointCodec.encode(cp), "x")).toThrow("bad source progress");
  });

  test("downstream positions round-trip through their codec", () => {
    const cp = { version: 1 as const, positions: { "cmd/0": 42 } };
    expect(downstreamCheckpointCodec.decode(downstreamCheckpointCodec.encode(cp), "x")).toEqual(cp);
  });
});
