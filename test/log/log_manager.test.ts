import { afterEach, describe, expect, test } from "bun:test";
import { currentRuntime, MemoryFileSystem } from "../../broker/runtime/mod.ts";
import {
  InvalidConfigError,
  InvalidTopicError,
  TopicExistsError,
  UnknownTopicError,
} from "../../broker/log/errors.ts";
import { CLEAN_SHUTDOWN_FILE } from "../../broker/log/log_manager.ts";
import { validateTopicConfig } from "../../broker/topics/topic_config.ts";
import { validateTopicName } from "../../broker/topics/topic_name.ts";
import { batchOf, tempDir } from "./_helpers.ts";
import { openManager } from "./_manager.ts";

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});
function dir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe("topic names and configs", () => {
  test("follow Kafka's rules", () => {
    for (const ok of ["a", "sensor-temp", "A.b_c-1", "x".repeat(249)]) validateTopicName(ok);
    for (const bad of ["", ".", "..", "a/b", "a b", "ü", "x".repeat(250)]) {
      expect(() => validateTopicName(bad)).toThrow(InvalidTopicError);
    }
  });
  test("configs are parsed from strings and explain what was expected", () => {
    expect(validateTopicConfig({ "retention.ms": "3600000", "cleanup.policy": "delete,compact" })).toEqual({
      "retention.ms": 3600000,
      "cleanup.policy": "compact,delete",
    });
    expect(() => validateTopicConfig({ "retention.ms": "soon" })).toThrow("expected an integer");
    expect(() => validateTopicConfig({ "segment.bytes": 1 })).toThrow("≥ 14");
    expect(() => validateTopicConfig({ "cleanup.policy": "forever" })).toThrow("expected one of");
    expect(() => validateTopicConfig({ "no.such": 1 })).toThrow(InvalidConfigError);
  });
});

describe("log manager", () => {
  test("creates, lists, auto-creates, alters and deletes topics, persisted across restarts", async () => {
    const d = dir();
    const fs = currentRuntime().fs;
    let { logs } = await openManager(fs, d);
    const t = await logs.createTopic("orders", { partitions: 3, config: { "retention.ms": 1000 } });
    expect(t.id.length).toBe(16);
    await expect(logs.createTopic("orders", { partitions: 1 })).rejects.toBeInstanceOf(TopicExistsError);
    await expect(logs.createTopic("bad/name", { partitions: 1 })).rejects.toBeInstanceOf(InvalidTopicError);
    await expect(logs.createTopic("x", { partitions: 1, config: { "segment.bytes": -5 } })).rejects.toBeInstanceOf(InvalidConfigError);
    const auto = await logs.ensureTopic("auto");
    expect(auto.partitions).toBe(1);
    await logs.createTopic("__internal", { partitions: 1, internal: true });
    expect(logs.listTopics().map((x) => x.name).sort()).toEqual(["auto", "orders"]);
    expect(logs.listTopics({ includeInternal: true }).length).toBe(3);
    await logs.createPartitions("orders", 5);
    await logs.alterTopicConfig("orders", { "retention.bytes": 4096 });
    const p = await logs.partition("orders", 4);
    await p!.append(batchOf(3, "v"));
    expect(await logs.partition("orders", 5)).toBeUndefined();
    expect(await logs.partition("nope", 0)).toBeUndefined();
    await logs.close();
    expect(await fs.stat(`${d}/${CLEAN_SHUTDOWN_FILE}`)).not.toBeNull();

    ({ logs } = await openManager(fs, d, { autoCreateTopics: false }));
    expect(await fs.stat(`${d}/${CLEAN_SHUTDOWN_FILE}`)).toBeNull();
    const again = logs.getTopic("orders")!;
    expect(again.id).toEqual(t.id);
    expect(again.partitions).toBe(5);
    expect(again.config["retention.bytes"]).toBe(4096);
    expect(again.config["retention.ms"]).toBe(1000);
    expect((await logs.partition("orders", 4))!.logEndOffset).toBe(3);
    await expect(logs.ensureTopic("missing")).rejects.toBeInstanceOf(UnknownTopicError);
    await logs.deleteTopic("orders");
    await expect(logs.deleteTopic("orders")).rejects.toBeInstanceOf(UnknownTopicError);
    expect(await fs.stat(`${d}/orders-4`)).toBeNull();
    await logs.createTopic("orders", { partitions: 1 });
    expect((await logs.partition("orders", 0))!.logEndOffset).toBe(0);
    await logs.close();
  });

  test("concurrent auto-creation yields one topic", async () => {
    const { logs } = await openManager(new MemoryFileSystem(), "/data");
    const all = await Promise.all(Array.from({ length: 10 }, () => logs.ensureTopic("same", 2)));
    expect(new Set(all.map((t) => t.id.join())).size).toBe(1);
    await logs.close();
  });

  test("a crash mid-delete is finished at the next open", async () => {
    const fs = new MemoryFileSystem();
    let { logs } = await openManager(fs, "/data");
    await logs.createTopic("gone", { partitions: 2 });
    await (await logs.partition("gone", 0))!.append(batchOf(2, "x"));
    await (await logs.partition("gone", 1))!.append(batchOf(2, "x"));
    await logs.close();
    ({ logs } = await openManager(fs, "/data"));
    // Simulate: metadata says deleted, one dir renamed, the other not yet.
    await fs.rename("/data/gone-0", "/data/gone-0.deleted");
    await fs.syncDir("/data");
    await logs.deleteTopic("gone").catch(() => {});
    await fs.mkdir("/data/gone-1/", { recursive: true });
    await fs.writeFile("/data/gone-1/00000000000000000000.log", batchOf(1, "stale"));
    await fs.mkdir("/data/gone-0.deleted", { recursive: true });
    await fs.mkdir("/data/other-7", { recursive: true }); // not ours: must survive
    await fs.writeFile("/data/other-7/state.json", batchOf(1, "keep"));
    ({ logs } = await openManager(fs, "/data"));
    const names = ((await fs.readDir("/data")) ?? []).map((e) => e.name);
    expect(names.filter((n) => n.startsWith("gone"))).toEqual([]);
    expect(names).toContain("other-7");
    await logs.createTopic("gone", { partitions: 2 });
    expect((await logs.partition("gone", 1))!.logEndOffset).toBe(0);
    await logs.close();
  });

  test("the log start offset survives a restart", async () => {
    const fs = new MemoryFileSystem();
    let { logs } = await openManager(fs, "/d");
    await logs.ensureTopic("s");
    const p = (await logs.partition("s", 0))!;
    for (let i = 0; i < 5; i++) await p.append(batchOf(4, `x${i}`));
    expect(await p.deleteRecordsBefore(9)).toBe(9);
    fs.crash();
    ({ logs } = await openManager(fs, "/d"));
    const q = (await logs.partition("s", 0))!;
    expect(q.logStartOffset).toBe(9);
    expect(q.logEndOffset).toBe(20);
    await logs.close();
  });

  test("device bytes per payload byte come from processIo", async () => {
    let written = 1000;
    const { logs, registry } = await openManager(new MemoryFileSystem(), "/io", {
      processIo: async () => ({ writeBytes: written, writeChars: written }),
    });
    await logs.ensureTopic("w");
    const p = (await logs.partition("w", 0))!;
    const b = batchOf(10, "payload");
    await p.append(b);
    written += b.length * 2;
    await logs.runRetention();
    expect(registry.value("tributary_log_device_write_bytes")).toBe(b.length * 2);
    expect(registry.value("tributary_log_device_bytes_per_payload_byte")).toBe(2);
    await logs.close();
  });
});
