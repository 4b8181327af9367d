/**
 * Crash-test child: appends under group commit to a real directory and prints one line per
 * acknowledged append — `ack <baseOffset> <lastOffset> <crc32c of the values>` — only after the
 * append resolved. The parent SIGKILLs it at random moments and checks every printed ack.
 *
 * Usage: bun test/log/crash_child.ts <dataDir> [seed]
 */
import { crc32c } from "../../broker/log/crc32c.ts";
import { createLogManager } from "../../broker/log/log_manager.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { DEFAULT_TOPIC_CONFIG } from "../../broker/topics/topic_config.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";

const runtime = currentRuntime();
const [dataDir, seedArg] = runtime.args();
if (!dataDir) throw new Error("usage: crash_child.ts <dataDir> [seed]");
let seed = Number(seedArg ?? 1) >>> 0 || 1;
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);

const logs = await createLogManager({
  fs: runtime.fs,
  dataDir,
  durability: { policy: "group-commit", intervalMs: 0 },
  defaults: { ...DEFAULT_TOPIC_CONFIG, "segment.bytes": 256 * 1024, "retention.ms": -1 },
  defaultPartitions: 1,
  autoCreateTopics: true,
  logger: silentLogger,
  metrics: new MetricsRegistry(),
});
await logs.ensureTopic("crash");
const log = (await logs.partition("crash", 0))!;
runtime.writeStdout(`ready ${log.logEndOffset}\n`);

async function producer(): Promise<void> {
  for (;;) {
    const count = 1 + Math.floor(rand() * 20);
    const values: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const v = new Uint8Array(8 + Math.floor(rand() * 1500));
      for (let j = 0; j < v.length; j++) v[j] = (rand() * 256) | 0;
      values.push(v);
    }
    const r = await log.append(buildRecordBatch(values.map((value) => ({ timestamp: runtime.now(), key: null, value }))));
    runtime.writeStdout(`ack ${r.baseOffset} ${r.lastOffset} ${checksum(values)}\n`);
  }
}

/** CRC-32C over the values in order (the parent recomputes it from the log). */
export function checksum(values: Uint8Array[]): number {
  let total = 0;
  for (const v of values) total += v.length;
  const all = new Uint8Array(total);
  let at = 0;
  for (const v of values) {
    all.set(v, at);
    at += v.length;
  }
  return crc32c(all);
}

await Promise.all([producer(), producer(), producer(), producer()]);
