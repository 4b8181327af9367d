/**
 * Compaction drops whole batches, so a cleaned segment may end short of the next segment's base
 * offset (or be empty). Start-up tail recovery must not take that for a tail lost at a batch
 * boundary and delete the later segments — also when the topic is no longer marked compacted
 * (cleanup.policy altered to delete, or topics.json rebuilt from the partition directories,
 * where the topic is restored as compacted).
 */
import { describe, expect, test } from "bun:test";
import { MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { buildRecordBatch, decodeAllRecords } from "../../broker/log/record_codec.ts";
import { TOPICS_FILE } from "../../broker/topics/topic_store.ts";
import { enc, readAll } from "./_helpers.ts";
import { openManager } from "./_manager.ts";

async function compactedTopic() {
  const fs = new MemoryFileSystem();
  const { logs } = await openManager(fs, "/data", {});
  await logs.createTopic("t", { partitions: 1, config: { "cleanup.policy": "compact", "segment.bytes": 1024 } });
  const p0 = (await logs.openPartition("t", 0))!;
  const put = (key: string, value: string) => p0.append(buildRecordBatch([{ timestamp: 1000, key: enc.encode(key), value: enc.encode(value) }]));
  // Every closed segment ends with batches superseded later: compaction removes them whole.
  for (let round = 0; round < 20; round++) for (const k of ["a", "b", "c", "d"]) await put(k, `${k}${round}`.padEnd(40, "."));
  for (let i = 0; i < 10; i++) await put("e", `e${i}`.padEnd(40, "."));
  await logs.runRetention();
  const kept = await readAll(p0, 0, decodeAllRecords);
  const end = p0.logEndOffset;
  const segments = p0.segments.segments.length;
  expect(segments).toBeGreaterThan(2);
  return { fs, logs, kept, end, segments };
}

async function reopened(fs: MemoryFileSystem) {
  const { logs } = await openManager(fs, "/data", {});
  const p0 = (await logs.openPartition("t", 0))!;
  const out = { records: await readAll(p0, 0, decodeAllRecords), end: p0.logEndOffset, segments: p0.segments.segments.length, policy: logs.getTopic("t")!.config["cleanup.policy"] };
  await logs.close();
  return out;
}

describe("a compacted partition reopened", () => {
  test("as compact: nothing is cut", async () => {
    const { fs, logs, kept, end, segments } = await compactedTopic();
    await logs.close();
    expect(await reopened(fs)).toEqual({ records: kept, end, segments, policy: "compact" });
  });

  test("after cleanup.policy was altered to delete: nothing is cut", async () => {
    const { fs, logs, kept, end, segments } = await compactedTopic();
    await logs.alterTopicConfig("t", { "cleanup.policy": "delete" });
    await logs.close();
    expect(await reopened(fs)).toEqual({ records: kept, end, segments, policy: "delete" });
  });

  test("after topics.json was lost and rebuilt from the directories: nothing is cut", async () => {
    const { fs, logs, kept, end, segments } = await compactedTopic();
    await logs.close();
    await fs.remove(`/data/${TOPICS_FILE}`);
    await fs.remove(`/data/${TOPICS_FILE}.prev`);
    // Restored from its directory as compacted: the cleaner left its marker there.
    expect(await reopened(fs)).toEqual({ records: kept, end, segments, policy: "compact" });
  });
});
