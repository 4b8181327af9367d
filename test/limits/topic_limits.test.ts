/**
 * `limits.maxTopics` / `limits.maxPartitions` in the topic registry, through the log manager
 * on the in-memory file system: every creating path is refused with TopicLimitError (reported
 * once per refusal), internal topics are neither counted nor refused, and the limits hold
 * after a restart (they count what `topics.json` holds).
 */
import { describe, expect, test } from "bun:test";
import { MemoryFileSystem } from "../../broker/runtime/memory_fs.ts";
import { TopicLimitError } from "../../broker/topics/topic_limits.ts";
import { openManager } from "../log/_manager.ts";

function limits(refused: TopicLimitError[]) {
  return { maxTopics: 2, maxPartitions: 4, onRefused: (e: TopicLimitError) => refused.push(e) };
}

describe("topic limits", () => {
  test("create, auto-create and grow beyond the limits are refused; internal topics are exempt", async () => {
    const fs = new MemoryFileSystem();
    const refused: TopicLimitError[] = [];
    const { logs } = await openManager(fs, "/data", { topicLimits: limits(refused) });
    await logs.createTopic("__consumer_offsets", { partitions: 50, internal: true });
    await logs.createTopic("a", { partitions: 3 });
    await expect(logs.createTopic("b", { partitions: 2 })).rejects.toThrow(/the limit \(limits\.maxPartitions\) is 4/);
    await logs.ensureTopic("b"); // 1 partition: fits
    await expect(logs.ensureTopic("c")).rejects.toBeInstanceOf(TopicLimitError);
    await expect(logs.createPartitions("a", 4)).rejects.toThrow(/cannot add 1 partitions/);
    await logs.createTopic("__mqtt_sessions", { partitions: 1, internal: true });
    expect(refused.map((e) => [e.limit, e.topic])).toEqual([
      ["max-partitions", "b"],
      ["max-topics", "c"],
      ["max-partitions", "a"],
    ]);
    expect(logs.listTopics().map((t) => `${t.name}:${t.partitions}`).sort()).toEqual(["a:3", "b:1"]);
    await logs.deleteTopic("b");
    await logs.createPartitions("a", 4); // the freed partition can be used
    await logs.close();

    const again = await openManager(fs, "/data", { topicLimits: limits(refused) });
    await expect(again.logs.createTopic("d", { partitions: 1 })).rejects.toMatchObject({ name: "TopicLimitError", limit: "max-partitions" });
    await again.logs.close();
  });

  test("0 means no limit", async () => {
    const { logs } = await openManager(new MemoryFileSystem(), "/data", { topicLimits: { maxTopics: 0, maxPartitions: 0 } });
    for (let i = 0; i < 20; i++) await logs.createTopic(`t${i}`, { partitions: 10 });
    expect(logs.listTopics()).toHaveLength(20);
    await logs.close();
  });
});
