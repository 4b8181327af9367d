/**
 * Kafka benchmark (not run by CI):
 *   ./node_modules/.bin/bun test/bench/kafka_bench.ts
 * Env: BENCH_SMALL (count of 100 B records, default 1,000,000), BENCH_LARGE (count of 10 KiB
 *      records, default 100,000), BENCH_HOSTS (default "deno,bun"), BENCH_POLICIES (default
 *      "group-commit,none"), BENCH_TCP_MB (loopback transfer size, default 1024).
 *
 * For each host runtime and durability policy it starts the real broker as a separate process,
 * produces each workload with `kcat -P -l` (one partition, acks=all, linger 5 ms, 1 MB batches,
 * as a throughput-minded librdkafka producer is configured) and consumes it back with
 * `kcat -C -e`, and prints MB/s (record values) and records/s beside, measured in the same run
 * under the same host: the log alone (the same record and batch sizes appended in-process with
 * 5 appends in flight, as librdkafka pipelines) and loopback TCP bandwidth into a plain sink
 * served through the runtime adapter. Ratios put the broker against both ceilings.
 *
 * Internal modes (spawned under each host by the main run): `--sink`, `--log-only`.
 */
import { spawn } from "node:child_process";
import { closeSync, createWriteStream, mkdtempSync, openSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createLogManager } from "../../broker/log/log_manager.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import type { DurabilityPolicy } from "../../broker/log/types.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { DEFAULT_TOPIC_CONFIG } from "../../broker/topics/topic_config.ts";
import { emitResult } from "./_emit.ts";
import { processCpuMs } from "./_proc.ts";
import { DENO_V8_FLAGS } from "../_support/deno_flags.ts";
// Not ../_support/broker_process.ts at the top: it uses Bun's import.meta.dir, and the
// internal modes also run under Deno. main() imports it.
type Host = "deno" | "bun";
const projectRoot = resolve(new URL("../..", import.meta.url).pathname);
const self = resolve(projectRoot, "test/bench/kafka_bench.ts");
const bin = (name: string) => join(projectRoot, "node_modules/.bin", name);
const BATCH_BYTES = 1_000_000;
const IN_FLIGHT = 5;

// ---------- internal mode: TCP sink through the runtime adapter ----------
async function sinkMode(): Promise<void> {
  const runtime = currentRuntime();
  const listener = await runtime.listen({ hostname: "127.0.0.1", port: 0 }, (conn) => {
    void (async () => {
      let bytes = 0;
      for (let chunk = await conn.read(); chunk !== null; chunk = await conn.read()) bytes += chunk.length;
      await conn.write(new TextEncoder().encode(`${bytes}\n`));
      conn.close();
    })();
  });
  runtime.writeStdout(`sink ${listener.port}\n`);
}

// ---------- internal mode: the log alone ----------
async function logOnlyMode(recordBytes: number, count: number, policy: DurabilityPolicy): Promise<void> {
  const runtime = currentRuntime();
  const dir = mkdtempSync(join(tmpdir(), "tributary-kbench-log-"));
  try {
    const logs = await createLogManager({
      fs: runtime.fs, dataDir: dir, durability: { policy, intervalMs: 1000 },
      defaults: { ...DEFAULT_TOPIC_CONFIG, "max.message.bytes": 2 << 20, "retention.ms": -1 },
      defaultPartitions: 1, autoCreateTopics: true, logger: silentLogger, metrics: new MetricsRegistry(),
    });
    await logs.ensureTopic("bench");
    const log = (await logs.partition("bench", 0))!;
    const perBatch = Math.max(1, Math.floor(BATCH_BYTES / (recordBytes + 12)));
    const value = new Uint8Array(recordBytes).map((_, i) => 0x61 + (i % 26));
    const pool = Array.from({ length: 8 }, () =>
      buildRecordBatch(Array.from({ length: perBatch }, () => ({ timestamp: Date.now(), key: null, value }))));
    let appended = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, async (_, lane) => {
      for (let i = lane; appended < count; i += IN_FLIGHT) {
        appended += perBatch;
        await log.append(pool[i % pool.length]!);
      }
    }));
    const seconds = (performance.now() - t0) / 1000;
    await logs.close();
    runtime.writeStdout(JSON.stringify({ records: appended, seconds, bytes: appended * recordBytes }) + "\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------- main run helpers ----------
function hostArgs(host: Host, args: string[]): [string, string[]] {
  return host === "deno" ? [bin("deno"), ["run", "--allow-all", DENO_V8_FLAGS, self, ...args]] : [bin("bun"), [self, ...args]];
}

/**
 * Run to completion; stdout to `stdoutFile` (straight to the file descriptor) or captured.
 * `cpuSeconds` is the child's own CPU time (user + system, all its threads): kcat is
 * multi-threaded, and on two shared cores its CPU shows whether the client bounds a figure.
 */
async function exec(cmd: string, args: string[], stdoutFile?: string): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number; cpuSeconds: number }> {
  const fd = stdoutFile ? openSync(stdoutFile, "w") : undefined;
  const t0 = performance.now();
  const child = Bun.spawn([cmd, ...args], { cwd: projectRoot, stdin: "ignore", stdout: fd ?? "pipe", stderr: "pipe" });
  if (fd !== undefined) closeSync(fd);
  const [stdout, stderr, code] = await Promise.all([
    child.stdout instanceof ReadableStream ? new Response(child.stdout).text() : Promise.resolve(""),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  const seconds = (performance.now() - t0) / 1000;
  const usage = child.resourceUsage();
  const cpuSeconds = usage === undefined ? NaN : Number(usage.cpuTime.user + usage.cpuTime.system) / 1e6;
  return { code, stdout, stderr, seconds, cpuSeconds };
}

async function tcpBandwidth(host: Host, megabytes: number): Promise<number> {
  const [cmd, args] = hostArgs(host, ["--sink"]);
  const child = spawn(cmd, args, { cwd: projectRoot, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((res) => {
      let out = "";
      child.stdout!.on("data", (d) => {
        out += d;
        const m = /sink (\d+)/.exec(out);
        if (m) res(Number(m[1]));
      });
    });
    const chunk = new Uint8Array(1 << 20).fill(0x5a);
    return await new Promise<number>((res, rej) => {
      const t0 = performance.now();
      const socket = connect({ host: "127.0.0.1", port }, async () => {
        for (let i = 0; i < megabytes; i++) {
          if (!socket.write(chunk)) await new Promise((r) => socket.once("drain", r));
        }
        socket.end();
      });
      let reply = "";
      socket.on("data", (d) => (reply += d));
      socket.on("error", rej);
      socket.on("close", () => {
        const seconds = (performance.now() - t0) / 1000;
        if (Number(reply.trim()) !== megabytes << 20) rej(new Error(`sink got ${reply.trim()} bytes`));
        else res(megabytes / seconds);
      });
    });
  } finally {
    child.kill("SIGTERM");
  }
}

async function logOnly(host: Host, recordBytes: number, count: number, policy: DurabilityPolicy) {
  const r = await exec(...hostArgs(host, ["--log-only", String(recordBytes), String(count), policy]));
  if (r.code !== 0) throw new Error(`log-only run failed: ${r.stderr}`);
  const { records, seconds, bytes } = JSON.parse(r.stdout.trim().split("\n").pop()!) as { records: number; seconds: number; bytes: number };
  return { mbps: bytes / seconds / 1048576, rps: records / seconds };
}

async function writeInput(path: string, recordBytes: number, count: number): Promise<void> {
  const out = createWriteStream(path);
  const line = new TextEncoder().encode("v".repeat(recordBytes) + "\n");
  const block = new Uint8Array(line.length * Math.max(1, Math.floor((1 << 20) / line.length)));
  for (let i = 0; i < block.length; i += line.length) block.set(line, i);
  const perBlock = block.length / line.length;
  for (let written = 0; written < count; written += perBlock) {
    const n = Math.min(perBlock, count - written);
    if (!out.write(block.subarray(0, n * line.length))) await new Promise((r) => out.once("drain", r));
  }
  await new Promise<void>((r) => out.end(r));
}

interface Row {
  host: Host;
  policy: string;
  workload: string;
  recordBytes: number;
  records: number;
  /** `clientCores`: kcat's CPU seconds per wall second; `brokerCores` the same for the broker. */
  produce: { mbps: number; rps: number; clientCores: number; brokerCores: number };
  consume: { mbps: number; rps: number; clientCores: number; brokerCores: number };
  log: { mbps: number; rps: number };
  tcp: number;
}

async function main(): Promise<void> {
  const { startBrokerProcess } = await import("../_support/broker_process.ts");
  const small = Number(process.env.BENCH_SMALL ?? 1_000_000);
  const large = Number(process.env.BENCH_LARGE ?? 100_000);
  const hosts = (process.env.BENCH_HOSTS ?? "deno,bun").split(",") as Host[];
  const policies = (process.env.BENCH_POLICIES ?? "group-commit,none").split(",") as DurabilityPolicy[];
  const tcpMB = Number(process.env.BENCH_TCP_MB ?? 1024);
  const work = mkdtempSync(join(tmpdir(), "tributary-kbench-"));
  const workloads = [
    { name: "100 B", recordBytes: 100, count: small, file: join(work, "small.txt") },
    { name: "10 KiB", recordBytes: 10240, count: large, file: join(work, "large.txt") },
  ];
  const rows: Row[] = [];
  try {
    for (const w of workloads) await writeInput(w.file, w.recordBytes, w.count);
    for (const host of hosts) {
      const tcp = await tcpBandwidth(host, tcpMB);
      console.error(`${host}: loopback TCP into a runtime sink ${tcp.toFixed(0)} MB/s`);
      for (const policy of policies) {
        for (const w of workloads) {
          const log = await logOnly(host, w.recordBytes, w.count, policy);
          const dataDir = join(work, `data-${host}-${policy}`);
          const broker = await startBrokerProcess(host, { dataDir, args: ["--log-durability", policy] });
          try {
            const b = `127.0.0.1:${broker.ports.kafka}`;
            const topic = `bench-${w.recordBytes}`;
            const res = await fetch(`http://127.0.0.1:${broker.ports.http}/api/topics`, { method: "POST", body: JSON.stringify({ name: topic, partitions: 1 }) });
            if (res.status !== 201) throw new Error(`create topic: ${res.status}`);
            const brokerCpu0 = processCpuMs(broker.child.pid!);
            const produced = await exec("kcat", [
              "-b", b, "-P", "-t", topic, "-p", "0", "-l", w.file,
              "-X", "acks=all", "-X", "linger.ms=5", "-X", `batch.size=${BATCH_BYTES}`, "-X", "batch.num.messages=100000",
              "-X", "queue.buffering.max.messages=2000000", "-X", "queue.buffering.max.kbytes=2097151", "-X", "compression.codec=none",
            ]);
            if (produced.code !== 0 || /failed/i.test(produced.stderr)) throw new Error(`kcat produce: ${produced.stderr}`);
            const brokerCpu1 = processCpuMs(broker.child.pid!);
            const consumed = await exec("kcat", ["-b", b, "-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-f", "%s\n"], "/dev/null");
            const end = /at offset (\d+)/.exec(consumed.stderr);
            if (consumed.code !== 0 || Number(end?.[1]) !== w.count) throw new Error(`kcat consume: ${consumed.stderr}`);
            const brokerCpu2 = processCpuMs(broker.child.pid!);
            const rate = (run: { seconds: number; cpuSeconds: number }, brokerCpuMs: number) => ({
              mbps: (w.count * w.recordBytes) / run.seconds / 1048576,
              rps: w.count / run.seconds,
              clientCores: run.cpuSeconds / run.seconds,
              brokerCores: brokerCpuMs / 1000 / run.seconds,
            });
            const produce = rate(produced, brokerCpu1 - brokerCpu0);
            const consume = rate(consumed, brokerCpu2 - brokerCpu1);
            const row = { host, policy, workload: `${w.count} × ${w.name}`, recordBytes: w.recordBytes, records: w.count, produce, consume, log, tcp };
            rows.push(row);
            console.error(`${host} ${policy} ${row.workload}: produce ${row.produce.mbps.toFixed(1)} MB/s, consume ${row.consume.mbps.toFixed(1)} MB/s, log alone ${log.mbps.toFixed(1)} MB/s`);
          } finally {
            await broker.stop();
            rmSync(dataDir, { recursive: true, force: true });
          }
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  printTable(rows);
  emitResult("kafka", { rows });
}

function printTable(rows: Row[]): void {
  const f = (n: number, d = 1) => n.toFixed(d);
  const k = (n: number) => `${f(n / 1000, 0)}k`;
  const header = ["host", "durability", "workload", "produce MB/s", "rec/s", "kcat+broker cores", "consume MB/s", "rec/s", "log alone MB/s", "rec/s", "TCP MB/s", "prod/log", "prod/TCP", "cons/TCP"];
  const lines = rows.map((r) => [
    r.host, r.policy, r.workload,
    f(r.produce.mbps), k(r.produce.rps), `${f(r.produce.clientCores, 2)}+${f(r.produce.brokerCores, 2)}`, f(r.consume.mbps), k(r.consume.rps), f(r.log.mbps), k(r.log.rps), f(r.tcp, 0),
    f(r.produce.mbps / r.log.mbps, 2), f(r.produce.mbps / r.tcp, 3), f(r.consume.mbps / r.tcp, 3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(fmt(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(fmt(l));
  console.log("MB = MiB of record values; rec/s in thousands; kcat -P -l (1 partition, acks=all, linger.ms=5, batch.size=1 MB), kcat -C -e.");
}

const argv = currentRuntime().args();
if (argv[0] === "--sink") await sinkMode();
else if (argv[0] === "--log-only") await logOnlyMode(Number(argv[1]), Number(argv[2]), argv[3] as DurabilityPolicy);
else await main();
