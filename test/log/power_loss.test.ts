/**
 * Power-loss simulation of the whole log: 20 partitions in two topics, several segments each,
 * shut down cleanly, uncleanly (a crash that keeps only what was synced) or uncleanly with a
 * stale `.clean-shutdown` marker, then damaged as an SD card shows a power cut (see
 * `_power_loss.ts`): data cut, garbled or zero-filled in the last segments — closed ones too —
 * and index files deleted, cut or garbled. After the restart, for every partition:
 *
 * - every complete batch before its first damaged byte is there, byte for byte (CRC-checked),
 *   and nothing after it is served (the log ends exactly there);
 * - time lookups agree with the data, and the index files left behind are consistent with it;
 * - a new append continues at that offset, and survives another restart;
 * - whenever bytes were dropped, a warning names the partition directory.
 *
 * Deterministic seeds. `POWER_LOSS_SEEDS=200 bun test test/log/power_loss.test.ts` (or
 * `npm run power-loss`) runs the longer mode.
 */
import { describe, expect, test } from "bun:test";
import { createLogger } from "../../broker/observe/logger.ts";
import { CLEAN_SHUTDOWN_FILE } from "../../broker/log/log_manager.ts";
import { OffsetIndex } from "../../broker/log/offset_index.ts";
import { readBatchHeader, readInt32, scanBatches } from "../../broker/log/record_batch.ts";
import { segmentFileName } from "../../broker/log/segment.ts";
import { TimeIndex } from "../../broker/log/time_index.ts";
import { MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { partitionDirName } from "../../broker/topics/topic_name.ts";
import { batchOf, testConfig } from "./_helpers.ts";
import { openManager } from "./_manager.ts";
import { bytesOnDisk, damageIndexes, damagePartition, type PartitionTruth, prng, readTruth } from "./_power_loss.ts";

const DATA = "/data";
const TOPICS: Array<[string, number]> = [["sensors", 12], ["events", 8]];
const SEEDS = Number(process.env.POWER_LOSS_SEEDS ?? 3);
const MODES = ["clean", "unclean", "stale-marker"] as const;
const options = (sink: (line: string) => void = () => {}) => ({
  defaults: { ...testConfig, "segment.bytes": 4096 },
  indexIntervalBytes: 512,
  logger: createLogger({ level: "warn", format: "json", sink }),
});

async function scenario(seed: number, mode: (typeof MODES)[number]): Promise<{ damaged: number; dropped: number }> {
  const rand = prng(seed);
  const fs = new MemoryFileSystem();
  const first = await openManager(fs, DATA, options());
  for (const [name, partitions] of TOPICS) await first.logs.createTopic(name, { partitions });
  let ts = 1_000_000;
  for (let i = 0; i < 1000; i++) {
    const [topic, partitions] = rand.pick(TOPICS);
    const partition = rand.int(partitions);
    const log = (await first.logs.partition(topic, partition))!;
    await log.append(batchOf(1 + rand.int(6), `${topic}-${partition}-${i}`, (ts += 10), rand.int(120)));
  }
  if (mode === "clean") await first.logs.close();
  else fs.crash(); // the power goes: only what was synced is left
  if (mode === "stale-marker") {
    await fs.writeFile(`${DATA}/${CLEAN_SHUTDOWN_FILE}`, new Uint8Array(0));
    await fs.syncDir(DATA);
  }

  const truths = new Map<string, { truth: PartitionTruth; firstDamaged: number; actions: string[]; onDisk: number }>();
  for (const [topic, partitions] of TOPICS) {
    for (let p = 0; p < partitions; p++) {
      const truth = await readTruth(fs, `${DATA}/${partitionDirName(topic, p)}`);
      const damage = rand.next() < 0.8 ? await damagePartition(fs, truth, rand) : { firstDamaged: truth.total, actions: [] };
      const indexActions = rand.next() < 0.5 ? await damageIndexes(fs, truth, rand) : [];
      truths.set(`${topic}/${p}`, { truth, firstDamaged: damage.firstDamaged, actions: [...damage.actions, ...indexActions], onDisk: await bytesOnDisk(fs, truth) });
    }
  }

  const lines: string[] = [];
  const second = await openManager(fs, DATA, options((line) => lines.push(line)));
  let damaged = 0;
  let dropped = 0;
  const ends = new Map<string, number>();
  for (const [topic, partitions] of TOPICS) {
    for (let p = 0; p < partitions; p++) {
      const { truth, firstDamaged, actions, onDisk } = truths.get(`${topic}/${p}`)!;
      const why = `seed ${seed} ${mode} ${truth.dir}: ${actions.join("; ")}`;
      const kept = truth.batches.filter((b) => b.globalEnd <= firstDamaged);
      const end = kept.length > 0 ? kept.at(-1)!.lastOffset + 1 : (truth.segments[0]?.base ?? 0);
      const log = (await second.logs.openPartition(topic, p))!;
      expect({ why, end: log.logEndOffset, hw: log.highWatermark }).toEqual({ why, end, hw: end });

      // Everything kept is served byte for byte, CRC-valid, and nothing else.
      const served: Uint8Array[] = [];
      let next = 0;
      while (next < log.highWatermark) {
        const { bytes } = await log.read(next, 1 << 20);
        const scan = scanBatches(bytes, 0, bytes.length, {
          maxSize: 1 << 30,
          visit: (pos, size) => {
            const h = readBatchHeader(bytes, pos);
            if (h.baseOffset + h.lastOffsetDelta >= next) served.push(bytes.slice(pos, pos + size));
          },
        });
        expect({ why, problem: scan.problem, validEnd: scan.validEnd }).toEqual({ why, problem: undefined, validEnd: bytes.length });
        next = readBatchHeader(served.at(-1)!).baseOffset + readBatchHeader(served.at(-1)!).lastOffsetDelta + 1;
      }
      expect({ why, batches: served.length }).toEqual({ why, batches: kept.length });
      for (let i = 0; i < kept.length; i++) expect(served[i]).toEqual(kept[i]!.bytes);

      // Time lookups land on the kept batches; past them there is nothing.
      for (const b of kept.filter((_, i) => i % 5 === 0)) {
        expect({ why, found: (await log.offsetForTimestamp(b.baseTimestamp))?.offset }).toEqual({ why, found: b.baseOffset });
      }
      expect(await log.offsetForTimestamp(ts + 1_000)).toBeNull();

      const keptBytes = kept.reduce((n, b) => n + b.bytes.length, 0);
      if (onDisk > keptBytes) {
        damaged++;
        dropped += onDisk - keptBytes;
        expect({ why, warned: lines.some((l) => l.includes('"level":"warn"') && l.includes(truth.dir)) }).toEqual({ why, warned: true });
      }
      // Offsets go on from the last kept batch.
      const appended = await log.append(batchOf(2, "after-power-loss", ts + 2_000));
      expect({ why, base: appended.baseOffset }).toEqual({ why, base: end });
      ends.set(`${topic}/${p}`, end + 2);
    }
  }
  await second.logs.close();

  // The index files on disk agree with the data: every entry points at the batch it names.
  for (const { truth } of truths.values()) await expectIndexesMatchData(fs, truth.dir);
  const third = await openManager(fs, DATA, options());
  for (const [topic, partitions] of TOPICS) {
    for (let p = 0; p < partitions; p++) expect((await third.logs.openPartition(topic, p))!.logEndOffset).toBe(ends.get(`${topic}/${p}`)!);
  }
  await third.logs.close();
  return { damaged, dropped };
}

async function expectIndexesMatchData(fs: MemoryFileSystem, dir: string): Promise<void> {
  for (const entry of (await fs.readDir(dir)) ?? []) {
    const m = /^(\d{20})\.log$/.exec(entry.name);
    if (!m) continue;
    const base = Number(m[1]);
    const data = (await fs.readFile(`${dir}/${entry.name}`))!;
    const idx = (await fs.readFile(`${dir}/${segmentFileName(base, ".index")}`)) ?? new Uint8Array(0);
    const tidx = (await fs.readFile(`${dir}/${segmentFileName(base, ".timeindex")}`)) ?? new Uint8Array(0);
    expect({ dir, base, offsets: OffsetIndex.fromBytes(base, idx, Math.max(1, data.length)).consistent }).toEqual({ dir, base, offsets: true });
    expect({ dir, base, times: TimeIndex.fromBytes(base, tidx, 0x7fffffff).consistent }).toEqual({ dir, base, times: true });
    for (let i = 0; i + 8 <= idx.length; i += 8) {
      const offset = base + readInt32(idx, i);
      const position = readInt32(idx, i + 4);
      expect({ dir, base, position, at: readBatchHeader(data, position).baseOffset }).toEqual({ dir, base, position, at: offset });
    }
  }
}

describe("power loss", () => {
  for (const mode of MODES) {
    test(`${mode} shutdown, then power-loss damage in the last segments and indexes (${SEEDS} seeds × 20 partitions)`, async () => {
      let damaged = 0;
      let dropped = 0;
      for (let seed = 1; seed <= SEEDS; seed++) {
        const r = await scenario(seed * 7919 + MODES.indexOf(mode), mode);
        damaged += r.damaged;
        dropped += r.dropped;
      }
      // The damage really reached the data in most partitions (not a vacuous run).
      expect(damaged).toBeGreaterThan(SEEDS * 10);
      expect(dropped).toBeGreaterThan(0);
    });
  }
});
