/**
 * Power loss and the log's small state files (`topics.json`, `log-start-offset`): written with
 * tmp → fsync → rename, but an SD card that acknowledged a flush it never made can still show
 * them torn or empty afterwards. The log manager must open anyway, with a warning: the previous
 * version is used when readable, topics missing from it are restored from their partition
 * directories (never deleted as orphans), and with nothing readable the metadata is rebuilt.
 */
import { describe, expect, test } from "bun:test";
import { LOG_START_FILE } from "../../broker/log/log_start_checkpoint.ts";
import { createLogger } from "../../broker/observe/logger.ts";
import { MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { TOPICS_FILE } from "../../broker/topics/topic_store.ts";
import { batchOf } from "./_helpers.ts";
import { openManager } from "./_manager.ts";

const DATA = "/data";
const TORN = [new Uint8Array(0), new Uint8Array(4096), new TextEncoder().encode('{"version":1,"topics":[{"name":"a"')];

/** Topics "a" (2 partitions, compacted) then "b" (3): topics.json.prev predates "b". */
async function twoTopics(): Promise<MemoryFileSystem> {
  const fs = new MemoryFileSystem();
  const { logs } = await openManager(fs, DATA);
  await logs.createTopic("a", { partitions: 2, config: { "cleanup.policy": "compact" } });
  await logs.createTopic("b", { partitions: 3 });
  for (const [topic, partitions] of [["a", 2], ["b", 3]] as const) {
    for (let p = 0; p < partitions; p++) await (await logs.partition(topic, p))!.append(batchOf(3, `${topic}${p}`));
  }
  await (await logs.partition("b", 1))!.deleteRecordsBefore(1);
  await (await logs.partition("b", 2))!.deleteRecordsBefore(2);
  await logs.close();
  return fs;
}

async function reopen(fs: MemoryFileSystem) {
  const lines: string[] = [];
  const opened = await openManager(fs, DATA, { logger: createLogger({ level: "warn", format: "json", sink: (l) => lines.push(l) }) });
  return { ...opened, lines };
}

describe("power loss and the log's state files", () => {
  test("a torn topics.json falls back to the previous version; a topic created after it is restored from its directories", async () => {
    for (const torn of TORN) {
      const fs = await twoTopics();
      await fs.writeFile(`${DATA}/${TOPICS_FILE}`, torn);
      const { logs, lines } = await reopen(fs);
      expect(logs.getTopic("a")?.partitions).toBe(2);
      expect(logs.getTopic("a")?.config["cleanup.policy"]).toBe("compact");
      expect(logs.getTopic("b")?.partitions).toBe(3);
      for (let p = 0; p < 3; p++) expect((await logs.partition("b", p))!.logEndOffset).toBe(3);
      expect(lines.filter((l) => l.includes("topic metadata damaged: using the previous version")).length).toBe(1);
      expect(lines.some((l) => l.includes("removing partition directory"))).toBe(false);
      await logs.close();
      // The repair was written back: the next start is quiet.
      const again = await reopen(fs);
      expect(again.logs.getTopic("b")?.partitions).toBe(3);
      expect(again.lines).toEqual([]);
      await again.logs.close();
    }
  });

  test("with neither version readable the topics are rebuilt from the partition directories", async () => {
    const fs = await twoTopics();
    await fs.writeFile(`${DATA}/${TOPICS_FILE}`, new Uint8Array(0));
    await fs.writeFile(`${DATA}/${TOPICS_FILE}.prev`, new TextEncoder().encode("{"));
    await fs.mkdir(`${DATA}/__consumer_offsets-0`);
    await fs.writeFile(`${DATA}/__consumer_offsets-0/${"0".repeat(20)}.log`, new Uint8Array(0));
    const { logs, lines } = await reopen(fs);
    expect(logs.listTopics({ includeInternal: true }).map((t) => [t.name, t.partitions, t.internal]).sort()).toEqual([
      ["__consumer_offsets", 1, true],
      ["a", 2, false],
      ["b", 3, false],
    ]);
    expect(logs.getTopic("__consumer_offsets")?.config["cleanup.policy"]).toBe("compact");
    for (let p = 0; p < 2; p++) expect((await logs.partition("a", p))!.logEndOffset).toBe(3);
    expect(lines.filter((l) => l.includes("topic metadata unreadable: rebuilt from the partition directories")).length).toBe(1);
    await logs.close();
  });

  test("a torn log-start-offset checkpoint falls back to the previous version, or to the first segments, with a warning", async () => {
    for (const torn of TORN) {
      const fs = await twoTopics();
      await fs.writeFile(`${DATA}/${LOG_START_FILE}`, torn);
      const { logs, lines } = await reopen(fs);
      // The previous version was written before b-2 moved its start: only b-1's is known.
      expect((await logs.partition("b", 1))!.logStartOffset).toBe(1);
      expect((await logs.partition("b", 2))!.logStartOffset).toBe(0);
      expect(lines.filter((l) => l.includes("log start offsets damaged: using the previous checkpoint")).length).toBe(1);
      await logs.close();
    }
    const fs = await twoTopics();
    await fs.writeFile(`${DATA}/${LOG_START_FILE}`, new Uint8Array(0));
    await fs.remove(`${DATA}/${LOG_START_FILE}.prev`);
    const { logs, lines } = await reopen(fs);
    for (let p = 0; p < 3; p++) expect((await logs.partition("b", p))!.logStartOffset).toBe(0);
    expect((await logs.partition("b", 2))!.logEndOffset).toBe(3);
    expect(lines.filter((l) => l.includes("log start offsets unreadable")).length).toBe(1);
    await logs.close();
  });
});
