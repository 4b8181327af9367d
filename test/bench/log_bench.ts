/**
 * Log benchmark (not run by CI).
 *   ./node_modules/.bin/bun test/bench/log_bench.ts
 *   ./node_modules/.bin/deno run -A test/bench/log_bench.ts
 * Env: BENCH_DIR (default: a temp dir), BENCH_MB (payload per run, default 64),
 *      BENCH_BIG_GB (start-up test size, default 2; 0 skips it), BENCH_SIZES (append/write
 *      sizes in KiB, default "16,256,1024"), BENCH_POLICIES (default "group-commit,interval,none").
 *
 * Prints append MB/s per record size, append size and durability policy with 4 concurrent
 * producers, 2 appends in flight each (medians of BENCH_REPEATS=3 interleaved runs); the same FileSystem's raw sequential write (+ fdatasync) bandwidth at the same
 * write sizes and the ratio; device bytes written per payload byte (/proc/self/io
 * write_bytes); small-append (MQTT QoS 1 style) rate with 64 concurrent producers; and
 * start-up (open + first append) time with 10 MB and 2 GB of data.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogManager, type FileLogManager } from "../../broker/log/log_manager.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import type { DurabilityPolicy } from "../../broker/log/types.ts";
import { DEFAULT_TOPIC_CONFIG } from "../../broker/topics/topic_config.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { emitResult } from "./_emit.ts";

const runtime = currentRuntime();
const fs = runtime.fs;
const base = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), "tributary-bench-"));
const payloadMB = Number(process.env.BENCH_MB ?? 64);
const bigGB = Number(process.env.BENCH_BIG_GB ?? 2);
const PRODUCERS = 4;
/** Appends each producer keeps in flight (Kafka producers allow 5 per connection). */
const IN_FLIGHT = 2;
/** Each figure is the median of this many runs, raw and log runs interleaved (shared disks are noisy). */
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? "16,256,1024").split(",").map((k) => Number(k) * 1024);
const POLICIES = (process.env.BENCH_POLICIES ?? "group-commit,interval,none").split(",") as DurabilityPolicy[];
let run = 0;

async function manager(dataDir: string, policy: DurabilityPolicy, segmentBytes = 128 << 20): Promise<FileLogManager> {
  return await createLogManager({
    fs,
    dataDir,
    durability: { policy, intervalMs: 100 },
    defaults: { ...DEFAULT_TOPIC_CONFIG, "segment.bytes": segmentBytes, "max.message.bytes": 2 << 20, "retention.ms": -1 },
    defaultPartitions: 1,
    autoCreateTopics: true,
    logger: silentLogger,
    metrics: new MetricsRegistry(),
    processIo: () => runtime.processIo(),
  });
}

/** Batches of `appendBytes` made of `recordBytes` records (values only, no keys). */
function batches(recordBytes: number, appendBytes: number, count: number): Uint8Array[] {
  const perBatch = Math.max(1, Math.floor(appendBytes / (recordBytes + 8)));
  const value = new Uint8Array(recordBytes).map((_, i) => (i * 13) & 0xff);
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    out.push(buildRecordBatch(Array.from({ length: perBatch }, () => ({ timestamp: Date.now(), key: null, value }))));
  }
  return out;
}

async function writeBytes(): Promise<number> {
  return (await runtime.processIo())?.writeBytes ?? NaN;
}

interface Row {
  what: string;
  mbps: number;
  extra: string;
}
const rows: Row[] = [];
/** The same figures as `rows`, as data for the BENCH_RESULT line. */
const results: Array<Record<string, unknown>> = [];

async function appendRun(policy: DurabilityPolicy, recordBytes: number, appendBytes: number): Promise<Row & { data: Record<string, unknown> }> {
  const dir = `${base}/run-${run++}`;
  const logs = await manager(dir, policy);
  await logs.ensureTopic("bench");
  const log = (await logs.partition("bench", 0))!;
  const pool = batches(recordBytes, appendBytes, 8);
  const total = payloadMB * 1024 * 1024;
  let sent = 0;
  let appends = 0;
  const io0 = await writeBytes();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: PRODUCERS * IN_FLIGHT }, async (_, p) => {
    for (let i = p; sent < total; i++) {
      const b = pool[i % pool.length]!;
      sent += b.length;
      appends++;
      await log.append(b);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const io1 = await writeBytes();
  const fsyncs = logs.metrics.fsyncs.value;
  await logs.close();
  await fs.remove(dir, { recursive: true });
  return {
    what: `append ${policy.padEnd(12)} rec ${String(recordBytes).padStart(4)} B  append ${kib(appendBytes)}`,
    mbps: sent / seconds / 1048576,
    extra: `appends/fsync ${(appends / Math.max(1, fsyncs)).toFixed(1)}, device B/payload B ${((io1 - io0) / sent).toFixed(3)}`,
    data: { kind: "append", policy, recordBytes, appendBytes, mbps: sent / seconds / 1048576, appendsPerFsync: appends / Math.max(1, fsyncs), deviceBytesPerPayload: (io1 - io0) / sent },
  };
}

/** The same FileSystem, one file, sequential writes of `writeBytes`, optionally fdatasync each. */
async function rawRun(size: number, sync: boolean): Promise<number> {
  const dir = `${base}/raw-${run++}`;
  await fs.mkdir(dir, { recursive: true });
  const f = await fs.open(`${dir}/raw.log`, { write: true, create: true, truncate: true });
  const chunk = new Uint8Array(size).fill(7);
  const total = payloadMB * 1024 * 1024;
  const t0 = performance.now();
  let pos = 0;
  while (pos < total) {
    await f.write(chunk, pos);
    pos += size;
    if (sync) await f.datasync();
  }
  const seconds = (performance.now() - t0) / 1000;
  await f.close();
  await fs.remove(dir, { recursive: true });
  return pos / seconds / 1048576;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Interleave raw and log runs REPEATS times; report medians and the ratio of medians. */
async function compare(size: number): Promise<void> {
  const policies = POLICIES;
  const raw: number[] = [];
  const rawNoSync: number[] = [];
  const runs = new Map<string, Array<Row & { data: Record<string, unknown> }>>();
  for (let r = 0; r < REPEATS; r++) {
    raw.push(await rawRun(size, true));
    rawNoSync.push(await rawRun(size, false));
    for (const rec of [1024, 100]) {
      for (const policy of policies) {
        const row = await appendRun(policy, rec, size);
        runs.set(row.what, [...(runs.get(row.what) ?? []), row]);
      }
    }
  }
  const rawM = median(raw);
  const rawNoSyncM = median(rawNoSync);
  rows.push({ what: `raw write+fdatasync                 write  ${kib(size)}`, mbps: rawM, extra: `runs ${raw.map((x) => x.toFixed(0)).join("/")}` });
  rows.push({ what: `raw write                           write  ${kib(size)}`, mbps: rawNoSyncM, extra: `runs ${rawNoSync.map((x) => x.toFixed(0)).join("/")}` });
  results.push({ kind: "raw", sync: true, writeBytes: size, mbps: rawM }, { kind: "raw", sync: false, writeBytes: size, mbps: rawNoSyncM });
  for (const [what, list] of runs) {
    const m = median(list.map((x) => x.mbps));
    const ref = what.includes("group-commit") ? rawM : rawNoSyncM;
    const mid = list.find((x) => x.mbps === m)!;
    rows.push({ what, mbps: m, extra: `${mid.extra}, ratio to raw ${(m / ref).toFixed(2)}, runs ${list.map((x) => x.mbps.toFixed(0)).join("/")}` });
    results.push({ ...mid.data, ratioToRaw: m / ref });
  }
}

/** MQTT QoS 1 style: one small record per append, many producers, group commit. */
async function smallAppends(policy: DurabilityPolicy, producers: number, seconds: number): Promise<void> {
  const dir = `${base}/small-${run++}`;
  const logs = await manager(dir, policy);
  await logs.ensureTopic("bench");
  const log = (await logs.partition("bench", 0))!;
  const value = new Uint8Array(100).fill(1);
  let appends = 0;
  const io0 = await writeBytes();
  const stopAt = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: producers }, async () => {
    while (performance.now() < stopAt) {
      await log.append(buildRecordBatch([{ timestamp: Date.now(), key: null, value }]));
      appends++;
    }
  }));
  const io1 = await writeBytes();
  const fsyncs = logs.metrics.fsyncs.value;
  const payload = logs.metrics.appendedBytes.value;
  await logs.close();
  await fs.remove(dir, { recursive: true });
  rows.push({
    what: `small appends ${policy.padEnd(12)} 100 B x1, ${producers} producers`,
    mbps: (appends * 100) / seconds / 1048576,
    extra: `${Math.round(appends / seconds)} appends/s, appends/fsync ${(appends / Math.max(1, fsyncs)).toFixed(1)}, device B/batch B ${((io1 - io0) / payload).toFixed(2)}`,
  });
  results.push({ kind: "small", policy, producers, appendsPerSec: appends / seconds, appendsPerFsync: appends / Math.max(1, fsyncs), deviceBytesPerBatchByte: (io1 - io0) / payload });
}

/** Fill a partition with `bytes` of data quickly (policy none, 1 MiB batches). */
async function fill(dir: string, bytes: number): Promise<void> {
  const logs = await manager(dir, "none");
  await logs.ensureTopic("bench");
  const log = (await logs.partition("bench", 0))!;
  const pool = batches(1024, 1 << 20, 4);
  let sent = 0;
  await Promise.all(Array.from({ length: 4 }, async (_, p) => {
    for (let i = p; sent < bytes; i++) {
      sent += pool[i % 4]!.length;
      await log.append(pool[i % 4]!);
    }
  }));
  await logs.close();
}

async function startup(label: string, bytes: number): Promise<void> {
  const dir = `${base}/startup-${run++}`;
  const tf = performance.now();
  await fill(dir, bytes);
  const fillS = (performance.now() - tf) / 1000;
  const one = buildRecordBatch([{ timestamp: Date.now(), key: null, value: new Uint8Array(100) }]);
  for (const mode of ["clean", "unclean"] as const) {
    if (mode === "unclean") await fs.remove(`${dir}/.clean-shutdown`);
    const t0 = performance.now();
    const logs = await manager(dir, "group-commit");
    const log = (await logs.partition("bench", 0))!;
    await log.append(one);
    const ms = performance.now() - t0;
    rows.push({ what: `start-up ${label} (${mode}) open + first append`, mbps: NaN, extra: `${ms.toFixed(1)} ms (fill ${fillS.toFixed(1)} s)` });
    results.push({ kind: "startup", bytes, mode, ms });
    await logs.close();
  }
  await fs.remove(dir, { recursive: true });
}

function kib(n: number): string {
  return n >= 1 << 20 ? `${n >> 20} MiB`.padStart(7) : `${n >> 10} KiB`.padStart(7);
}

console.log(`host ${runtime.name} ${runtime.version}, dir ${base}, ${payloadMB} MiB per run, ${PRODUCERS} producers x ${IN_FLIGHT} in flight, median of ${REPEATS}`);
try {
  for (const size of SIZES) await compare(size);
  await smallAppends("group-commit", 64, 3);
  await smallAppends("group-commit", 1, 2);
  await startup("10 MB", 10 << 20);
  if (bigGB > 0) await startup(`${bigGB} GB`, bigGB * 1024 * 1024 * 1024);
} finally {
  if (!process.env.BENCH_DIR) rmSync(base, { recursive: true, force: true });
}
console.log("| what | MB/s | notes |\n|---|---:|---|");
for (const r of rows) console.log(`| ${r.what} | ${Number.isNaN(r.mbps) ? "" : r.mbps.toFixed(1)} | ${r.extra} |`);
emitResult("log", { host: runtime.name, payloadMB, repeats: REPEATS, rows: results });
