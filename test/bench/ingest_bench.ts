/**
 * MQTT ingest benchmark without sockets (not run by CI): the QoS 1 phase of mqtt_bench.ts as
 * the log sees it — PUBLISHERS topics of one partition, each with WINDOW records of 100 B
 * outstanding through `Ingest.append` (durability group-commit, so each resolves after its
 * fdatasync), refilled as they resolve. No network or load generator, so the figures move less
 * on a shared machine; reports records/s, broker CPU per record and records per fsync.
 *
 *   ./node_modules/.bin/bun test/bench/ingest_bench.ts
 *   ./node_modules/.bin/deno run -A test/bench/ingest_bench.ts
 * Env: BENCH_SECONDS per round (default 3), BENCH_ROUNDS (default 5, median reported),
 *      BENCH_WINDOW (default 100), BENCH_PUBLISHERS (default 4).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogManager } from "../../broker/log/log_manager.ts";
import { Ingest } from "../../broker/routing/ingest.ts";
import { DEFAULT_TOPIC_CONFIG } from "../../broker/topics/topic_config.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { emitResult } from "./_emit.ts";

const runtime = currentRuntime();
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 100);
const PUBLISHERS = Number(process.env.BENCH_PUBLISHERS ?? 4);

interface Round {
  rate: number;
  cpuUsPerRecord: number;
  perFsync: number;
  deviceBytesPerPayload: number;
  /** Device bytes per byte of MQTT payload (record values), batch framing included. */
  deviceBytesPerValueByte: number;
}

async function round(i: number): Promise<Round> {
  const dir = mkdtempSync(join(tmpdir(), "tributary-ingest-bench-"));
  try {
    const logs = await createLogManager({
      fs: runtime.fs,
      dataDir: dir,
      durability: { policy: "group-commit", intervalMs: 100 },
      defaults: { ...DEFAULT_TOPIC_CONFIG, "retention.ms": -1 },
      defaultPartitions: 1,
      autoCreateTopics: true,
      logger: silentLogger,
      metrics: new MetricsRegistry(),
      processIo: () => runtime.processIo(),
    });
    const ingest = new Ingest({ log: logs });
    const value = new Uint8Array(100).fill(i);
    for (let p = 0; p < PUBLISHERS; p++) await ingest.append(`bench-${p}`, 1, { timestamp: Date.now(), key: null, value });
    const fsyncs0 = logs.metrics.fsyncs.value;
    const payload0 = logs.metrics.appendedBytes.value;
    const io0 = (await runtime.processIo())?.writeBytes ?? NaN;
    let records = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const stopAt = t0 + SECONDS * 1000;
    await Promise.all(Array.from({ length: PUBLISHERS * WINDOW }, async (_, k) => {
      const topic = `bench-${k % PUBLISHERS}`;
      while (performance.now() < stopAt) {
        await ingest.append(topic, 1, { timestamp: Date.now(), key: null, value });
        records++;
      }
    }));
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const io1 = (await runtime.processIo())?.writeBytes ?? NaN;
    const fsyncs = logs.metrics.fsyncs.value - fsyncs0;
    const payload = logs.metrics.appendedBytes.value - payload0;
    await logs.close();
    return {
      rate: records / wall,
      cpuUsPerRecord: (cpu.user + cpu.system) / records,
      perFsync: records / Math.max(1, fsyncs),
      deviceBytesPerPayload: (io1 - io0) / payload,
      deviceBytesPerValueByte: (io1 - io0) / (records * value.length),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`ingest bench on ${runtime.name} ${runtime.version}: ${PUBLISHERS} topics × window ${WINDOW}, 100 B records, ${SECONDS} s × ${ROUNDS} rounds`);
const rounds: Round[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const r = await round(i);
  rounds.push(r);
  console.log(`  ${Math.round(r.rate)} rec/s, CPU ${r.cpuUsPerRecord.toFixed(1)} µs/rec, ${r.perFsync.toFixed(1)} rec/fsync, device B/batch B ${r.deviceBytesPerPayload.toFixed(2)}`);
}
console.log(
  `median: ${Math.round(median(rounds.map((r) => r.rate)))} rec/s, CPU ${median(rounds.map((r) => r.cpuUsPerRecord)).toFixed(1)} µs/rec, ` +
    `${median(rounds.map((r) => r.perFsync)).toFixed(1)} rec/fsync, device B/batch B ${median(rounds.map((r) => r.deviceBytesPerPayload)).toFixed(2)}`,
);
emitResult("ingest", {
  host: runtime.name,
  publishers: PUBLISHERS,
  window: WINDOW,
  rate: median(rounds.map((r) => r.rate)),
  cpuUsPerRecord: median(rounds.map((r) => r.cpuUsPerRecord)),
  recordsPerFsync: median(rounds.map((r) => r.perFsync)),
  deviceBytesPerBatchByte: median(rounds.map((r) => r.deviceBytesPerPayload)),
  deviceBytesPerValueByte: median(rounds.map((r) => r.deviceBytesPerValueByte)),
});
