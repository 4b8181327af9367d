/**
 * Profile the broker under the MQTT benchmark's QoS 1 ingest (4 publishers × window 100 of
 * 100 B, mqtt_loadgen.ts), one broker process, and print msg/s, broker and generator CPU per
 * message, and fsyncs (from /metrics).
 *
 *   ./node_modules/.bin/bun tools/prof_qos1.ts                 Bun host, --cpu-prof-md into PROF_DIR
 *   NOPROF=1 ./node_modules/.bin/bun tools/prof_qos1.ts        Bun host, no profiler
 *   HOST_RT=deno ./node_modules/.bin/bun tools/prof_qos1.ts    Deno host (DENO_PROF=1: V8
 *                                                              inspector profile, top self times)
 * env: MSGS per publisher (default 100000), WINDOW (default 100), PRE_QOS0=1 (a QoS 0 phase of the
 * same size first, as in mqtt_bench.ts), RATE (total msg/s, paced;
 * default: as fast as acks allow), PROF_DIR (default /tmp/prof), TOP (rows printed), EXTRA_ARGS
 * (more broker flags), DENO_FLAGS (more deno flags), BROKER_LOG (file for the broker's output).
 * Uses ports 18830 (MQTT), 18080 (HTTP) and 9339 (inspector) on 127.0.0.1.
 */
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cdpProfiler } from "./cdp_profile.ts";
import { encodePublishes, rawConnect, runPublisher } from "../test/bench/mqtt_loadgen.ts";
import { DENO_V8_FLAGS } from "../test/_support/deno_flags.ts";
import { cpuMsOfStat, processCpuMs } from "../test/bench/_proc.ts";

const MSGS = Number(process.env.MSGS ?? 100_000);
const profDir = process.env.PROF_DIR ?? "/tmp/prof";
const host = process.env.HOST_RT ?? "bun";
const dataDir = mkdtempSync(join(tmpdir(), "prof-qos1-"));
const root = join(import.meta.dir, "..");
const bin = (n: string) => join(root, "node_modules", ".bin", n);
const args = ["serve", ...(process.env.EXTRA_ARGS ? process.env.EXTRA_ARGS.split(" ") : []), "--data-dir", dataDir, "--mqtt-port", "18830", "--kafka-port", "0", "--http-port", "18080", "--mqtt-host", "127.0.0.1", "--kafka-host", "127.0.0.1", "--http-host", "127.0.0.1"];
const [cmd, argv] = host === "bun"
  ? [bin("bun"), [...(process.env.NOPROF ? [] : ["--cpu-prof-md", "--cpu-prof-dir", profDir]), "mod.ts", ...args]]
  : [bin("deno"), ["run", "--allow-all", DENO_V8_FLAGS, ...(process.env.DENO_FLAGS ? process.env.DENO_FLAGS.split(" ") : []), ...(process.env.DENO_PROF ? ["--inspect=127.0.0.1:9339"] : []), "mod.ts", ...args]];
const child = spawn(cmd, argv, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
let out = "";
child.stdout!.on("data", (d) => (out += d));
child.stderr!.on("data", (d) => (out += d));
// BROKER_LOG=path: the broker's stdout and stderr (e.g. with DENO_FLAGS=--v8-flags=--trace-gc).
if (process.env.BROKER_LOG) {
  const log = process.env.BROKER_LOG;
  child.stdout!.on("data", (d) => appendFileSync(log, d));
  child.stderr!.on("data", (d) => appendFileSync(log, d));
}
while (!/data dir /.test(out)) {
  if (child.exitCode !== null) throw new Error(`broker did not start:\n${out}`);
  await new Promise((r) => setTimeout(r, 25));
}

const brokerCpuMs = () => processCpuMs(child.pid!);

/**
 * Per broker thread, by "tid name": CPU ms, and ms spent runnable but waiting for a core
 * (schedstat), which shows whether the main loop is held up by the other threads on 2 cores.
 */
function threadCpuMs(): Map<string, { cpu: number; waited: number }> {
  const threads = new Map<string, { cpu: number; waited: number }>();
  for (const tid of readdirSync(`/proc/${child.pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${child.pid}/task/${tid}/comm`, "utf8").trim();
      const waitedNs = Number(readFileSync(`/proc/${child.pid}/task/${tid}/schedstat`, "utf8").split(" ")[1]);
      threads.set(`${tid} ${name}`, { cpu: cpuMsOfStat(`/proc/${child.pid}/task/${tid}/stat`), waited: waitedNs / 1e6 });
    } catch {
      // the thread ended between readdir and read
    }
  }
  return threads;
}

const total = 4 * MSGS;
const packets = Array.from({ length: 4 }, (_, p) => encodePublishes({ topic: `bench/q1/p${p}`, qos: 1, count: MSGS, payloadSize: 100, publisher: p }));
const conns = await Promise.all(packets.map((_, p) => rawConnect("127.0.0.1", 18830, `prof-${p}`)));
if (process.env.PRE_QOS0) {
  // The benchmark runs a QoS 0 phase of the same size on the same broker first.
  const q0 = Array.from({ length: 4 }, (_, p) => encodePublishes({ topic: `bench/q0/p${p}`, qos: 0, count: MSGS, payloadSize: 100, publisher: p }));
  const c0 = await Promise.all(q0.map((_, p) => rawConnect("127.0.0.1", 18830, `prof-q0-${p}`)));
  await Promise.all(c0.map((conn, p) => runPublisher(conn, { packets: q0[p]!, qos: 0 })));
  await Promise.all(c0.map((conn, p) => runPublisher(conn, { packets: encodePublishes({ topic: `bench/q0/p${p}`, qos: 1, count: 1, payloadSize: 100, publisher: 99 }), qos: 1 })));
  for (const c of c0) c.socket.destroy();
}
const heapMode = process.env.DENO_PROF === "heap";
const profiler = host === "deno" && process.env.DENO_PROF ? await cdpProfiler(9339, heapMode ? "heap" : "cpu") : undefined;
// DENO_PROF=heap: what is alive HEAP_AT_MS into the load (default 1500), by allocating function.
const heapReport = heapMode && profiler
  ? new Promise<string>((resolve) => setTimeout(() => resolve(profiler.stop()), Number(process.env.HEAP_AT_MS ?? 1500)))
  : undefined;
const c0 = brokerCpuMs();
const threads0 = threadCpuMs();
const g0 = process.cpuUsage();
const t0 = performance.now();
await Promise.all(conns.map((conn, p) => runPublisher(conn, { packets: packets[p]!, qos: 1, window: Number(process.env.WINDOW ?? 100), ...(process.env.RATE ? { ratePerSec: Number(process.env.RATE) / 4 } : {}) })));
const wall = performance.now() - t0;
const gen = process.cpuUsage(g0);
const cpu = brokerCpuMs() - c0;
console.log(`${host}: ${Math.round((total / wall) * 1000)} msg/s, broker ${((cpu * 1000) / total).toFixed(2)} µs/msg (${((cpu / wall) * 100).toFixed(0)}% of a core), generator ${((gen.user + gen.system) / total).toFixed(2)} µs/msg`);
const busyThreads = [...threadCpuMs()].map(([t, now]) => {
  const before = threads0.get(t) ?? { cpu: 0, waited: 0 };
  return [t, now.cpu - before.cpu, now.waited - before.waited] as const;
}).filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]).slice(0, 8); // the busiest (Deno may start dozens of pool threads)
const pct = (ms: number) => `${((ms / wall) * 100).toFixed(0)}%`;
console.log(`  threads (CPU, waiting for a core): ${busyThreads.map(([t, ms, waited]) => `${t} ${pct(ms)} ${pct(waited)}`).join(", ")}`);
for (const c of conns) c.socket.destroy();
if (heapReport) console.log(await heapReport);
else if (profiler) console.log(await profiler.stop());
const metrics = await (await fetch("http://127.0.0.1:18080/metrics")).text();
const sum = (name: string) =>
  metrics.split("\n").filter((l) => l.startsWith(name)).map((l) => Number(l.split(" ").pop())).reduce((a, b) => a + b, 0);
const fsyncs = sum("tributary_log_fsync_seconds_count");
console.log(`  records appended ${sum("tributary_log_appended_records_total")} of ${total} acknowledged`);
console.log(`  fsyncs ${fsyncs}, records per fsync ${(total / fsyncs).toFixed(1)}, fsync mean ${((sum("tributary_log_fsync_seconds_sum") / fsyncs) * 1000).toFixed(2)} ms`);
child.kill("SIGTERM");
await new Promise((r) => child.on("exit", r));
rmSync(dataDir, { recursive: true, force: true });
