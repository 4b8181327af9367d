/** Checkpoint stores: the shared contract, plus crash and corruption behaviour of the file store. */
import { afterAll, describe, expect, test } from "bun:test";
import {
  bridgeCheckpointCodec,
  CheckpointCorruptError,
  downstreamCheckpointCodec,
  FileCheckpointStore,
  MemoryCheckpointStore,
} from "../../bridge/checkpoint/mod.ts";
import { forgetInFlight } from "../../bridge/checkpoint/fallback.ts";
import { createLogger } from "../../broker/observe/logger.ts";
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

const quiet = createLogger({ level: "error", format: "json", sink: () => {} });
const consequence = { previous: "p", none: "n" };
checkpointStoreConformance("file with power-loss recovery (in-memory filesystem)", async () => {
  const fs = new MemoryFileSystem();
  await fs.mkdir("/d", { recursive: true });
  const open = () => new FileCheckpointStore(fs, "/d/upstream.checkpoint", bridgeCheckpointCodec, { logger: quiet, demote: forgetInFlight, consequence });
  return { store: open(), reopen: open };
});

describe("file checkpoint store after a power loss on a card that lied about a flush", () => {
  async function twoSaves() {
    const fs = new MemoryFileSystem();
    await fs.mkdir("/d", { recursive: true });
    await fs.syncDir("/");
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", format: "json", sink: (l) => lines.push(l) });
    const open = () => new FileCheckpointStore(fs, "/d/cp", bridgeCheckpointCodec, { logger, demote: forgetInFlight, consequence });
    await open().save(sampleCheckpoint(1));
    await open().save(sampleCheckpoint(2));
    fs.crash();
    return { fs, open, lines };
  }

  test("a torn newest checkpoint falls back to the previous one with nothing in flight, and warns", async () => {
    for (const torn of [new Uint8Array(0), new Uint8Array(64), new TextEncoder().encode('{"crc":12,"data":{')]) {
      const { fs, open, lines } = await twoSaves();
      await fs.writeFile("/d/cp", torn);
      const loaded = await open().load();
      const previous = sampleCheckpoint(1);
      expect(loaded).toEqual({
        ...previous,
        producer: null,
        sequences: {},
        pending: [],
        sources: { "sensors/0": { acked: 5, next: 5 }, "sensors/1": { acked: 3, next: 3 } },
      });
      expect(lines.length).toBe(1);
      expect(lines[0]).toContain("checkpoint damaged: using the previous version");
    }
  });

  test("with neither version readable the bridge starts without a checkpoint, and warns", async () => {
    const { fs, open, lines } = await twoSaves();
    await fs.writeFile("/d/cp", new Uint8Array(0));
    await fs.writeFile("/d/cp.prev", new Uint8Array(10));
    expect(await open().load()).toBeNull();
    expect(lines.length).toBe(1);
    expect(lines[0]).toContain("checkpoint unreadable: starting without it");
  });

  test("an intact checkpoint loads as saved, without a warning", async () => {
    const { open, lines } = await twoSaves();
    expect(await open().load()).toEqual(sampleCheckpoint(2));
    expect(lines).toEqual([]);
  });
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
