/**
 * Footprint benchmark (not run by CI): what the broker costs a gateway, per host.
 *   ./node_modules/.bin/bun test/bench/footprint.ts
 *
 * For each host (Deno, Bun, and the `bun build --compile` binary when dist/ has it):
 * - runtime floor: RSS of `setInterval(() => {}, 1e9)` under the bare runtime;
 * - idle RSS of `tributary serve` with an empty data dir, 2 s after it listens;
 * - RSS with 1,000 and 10,000 idle MQTT connections held by a raw-TCP generator (a separate
 *   process, CONNECT with keep-alive 0; mqtt.maxConnections raised to 12,000 for it);
 * - RSS and CPU during MQTT QoS 1 ingest paced at FOOTPRINT_RATE msg/s (4 publishers, 100 B,
 *   durability group-commit), from a separate load-generator process;
 * - start-up time from spawn to the MQTT port accepting a TCP connection, with an empty log
 *   and with FOOTPRINT_BIG_GB of log (generated once into .bench/, reused; clean shutdown), and
 *   with the same log after an unclean stop (the clean-shutdown marker removed);
 * - binary sizes (dist/tributary-linux-*).
 * RSS is VmRSS from /proc/<pid>/status, one sample per run (run.ts takes medians across runs);
 * start-up times are the median of 3 starts within the run, after one warm-up start. Ingest runs
 * on a fresh broker (not the one that just held 10,000 connections).
 *
 * Env: FOOTPRINT_HOSTS (default "deno,bun,binary"), FOOTPRINT_CONNS (default "1000,10000"),
 *      FOOTPRINT_RATE (default 20000), FOOTPRINT_SECONDS (ingest, default 10),
 *      FOOTPRINT_BIG_GB (default 2; 0 skips), FOOTPRINT_BIG_DIR (default .bench/log-<n>gb).
 * Internal modes: `--hold <port> <count>`, `--ingest <port> <rate> <seconds>`, `--fill <dir> <bytes>`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { connect, createServer } from "node:net";
import { join, resolve } from "node:path";
import { emitResult } from "./_emit.ts";
import { encodePublishes, type RawConnection, rawConnect, runPublisher } from "./mqtt_loadgen.ts";
import { DENO_V8_FLAGS } from "../_support/deno_flags.ts";
import { processCpuMs } from "./_proc.ts";

const HOST = "127.0.0.1";
const root = resolve(new URL("../..", import.meta.url).pathname);
const self = join(root, "test/bench/footprint.ts");
const bin = (name: string) => join(root, "node_modules/.bin", name);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MiB = 1024 * 1024;

export type FootprintHost = "deno" | "bun" | "binary";

// ---------- /proc readers ----------
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

function cpuSeconds(pid: number): number {
  return processCpuMs(pid) / 1000;
}

// ---------- internal mode: hold idle connections ----------
async function holdMode(port: number, count: number): Promise<void> {
  const held: RawConnection[] = [];
  let refused = 0;
  let next = 0;
  await Promise.all(Array.from({ length: 50 }, async () => {
    while (next < count) {
      const i = next++;
      try {
        held.push(await rawConnect(HOST, port, `hold-${process.pid}-${i}`, { keepAlive: 0 }));
      } catch {
        refused++;
      }
    }
  }));
  const open = () => held.length - held.filter((c) => c.socket.destroyed).length;
  await sleep(500);
  console.log(`held ${open()} refused ${refused}`);
  // Held until the parent ends this process by PID.
  setInterval(() => {}, 1e9);
}

// ---------- internal mode: paced QoS 1 ingest ----------
async function ingestMode(port: number, rate: number, seconds: number): Promise<void> {
  const publishers = 4;
  const per = rate / publishers;
  const count = Math.floor(per * seconds);
  const conns = await Promise.all(Array.from({ length: publishers }, (_, p) => rawConnect(HOST, port, `fp-ingest-${p}`)));
  const t0 = performance.now();
  const results = await Promise.all(conns.map((conn, p) =>
    runPublisher(conn, { packets: encodePublishes({ topic: `fp/p${p}`, qos: 1, count, payloadSize: 100, publisher: p }), qos: 1, window: 100, ratePerSec: per })
  ));
  const wall = (performance.now() - t0) / 1000;
  for (const c of conns) c.socket.destroy();
  const acked = results.reduce((s, r) => s + r.acked.length, 0);
  console.log(JSON.stringify({ acked, wall, achieved: acked / wall }));
  process.exit(0);
}

// ---------- internal mode: fill a data dir with a log ----------
async function fillMode(dir: string, bytes: number): Promise<void> {
  const { createLogManager } = await import("../../broker/log/log_manager.ts");
  const { buildRecordBatch } = await import("../../broker/log/record_codec.ts");
  const { DEFAULT_TOPIC_CONFIG } = await import("../../broker/topics/topic_config.ts");
  const { silentLogger } = await import("../../broker/observe/logger.ts");
  const { MetricsRegistry } = await import("../../broker/observe/metrics.ts");
  const { currentRuntime } = await import("../../broker/runtime/mod.ts");
  const logs = await createLogManager({
    fs: currentRuntime().fs,
    dataDir: dir,
    durability: { policy: "none", intervalMs: 1000 },
    defaults: { ...DEFAULT_TOPIC_CONFIG, "retention.ms": -1, "max.message.bytes": 2 << 20 },
    defaultPartitions: 1,
    autoCreateTopics: true,
    logger: silentLogger,
    metrics: new MetricsRegistry(),
  });
  await logs.ensureTopic("big");
  const log = (await logs.partition("big", 0))!;
  const value = new Uint8Array(1000).map((_, i) => 0x61 + (i % 26));
  const pool = Array.from({ length: 4 }, () => buildRecordBatch(Array.from({ length: 1000 }, () => ({ timestamp: Date.now(), key: null, value }))));
  let sent = 0;
  for (let i = 0; sent < bytes; i++) {
    sent += pool[i % 4]!.length;
    await log.append(pool[i % 4]!);
  }
  await logs.close();
  console.log(`filled ${sent}`);
}

// ---------- main run ----------
function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, HOST, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

function hostCommand(host: FootprintHost, args: string[]): [string, string[]] {
  if (host === "deno") return [bin("deno"), ["run", "--allow-all", DENO_V8_FLAGS, join(root, "mod.ts"), ...args]];
  if (host === "bun") return [bin("bun"), [join(root, "mod.ts"), ...args]];
  return [join(root, "dist/tributary-linux-x64"), args];
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = connect({ host: HOST, port });
    s.once("connect", () => {
      s.destroy();
      res(true);
    });
    s.once("error", () => res(false));
  });
}

interface Started {
  child: ChildProcess;
  port: number;
  /** Milliseconds from spawn to the MQTT port accepting a TCP connection. */
  startupMs: number;
  stop(): Promise<void>;
}

/** Spawn `serve` on a known MQTT port and time it until that port accepts a connection. */
async function startServe(host: FootprintHost, dataDir: string, timeoutMs = 120_000): Promise<Started> {
  const port = await freePort();
  const [cmd, args] = hostCommand(host, [
    "serve", "--data-dir", dataDir, "--mqtt-host", HOST, "--mqtt-port", String(port),
    "--kafka-host", HOST, "--kafka-port", "0", "--http-host", HOST, "--http-port", "0", "--logging-level", "warn",
    // Default mqtt.maxConnections is exactly 10,000: room for the 10,000 held plus probes.
    ...(host === "binary" ? [] : ["--mqtt-max-connections", "12000"]),
  ]);
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || performance.now() - t0 > timeoutMs) {
      if (child.exitCode === null) process.kill(child.pid!, "SIGKILL");
      throw new Error(`${host} broker did not accept connections: ${err}`);
    }
    await sleep(2);
  }
  const startupMs = performance.now() - t0;
  return {
    child,
    port,
    startupMs,
    async stop() {
      if (child.exitCode === null) process.kill(child.pid!, "SIGTERM");
      await exited;
    },
  };
}

/** Spawn a helper mode of this script under Bun; resolves with it once `ready` matches its stdout. */
async function helper(args: string[], ready: RegExp, timeoutMs: number): Promise<{ child: ChildProcess; line: string; done: Promise<string> }> {
  const child = spawn(bin("bun"), [self, ...args], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  let closed = false;
  const done = new Promise<string>((r) => child.once("close", () => r(out)));
  void done.then(() => (closed = true));
  child.stdout!.on("data", (d) => (out += d));
  const t0 = performance.now();
  while (!ready.test(out)) {
    // "close" (not "exit"): all of its stdout has arrived by then.
    if (closed || performance.now() - t0 > timeoutMs) {
      if (child.exitCode === null) process.kill(child.pid!, "SIGKILL");
      throw new Error(`helper ${args[0]} did not get ready: ${out}`);
    }
    await sleep(50);
  }
  return { child, line: ready.exec(out)![0], done };
}

async function endHelper(h: { child: ChildProcess; done: Promise<string> }): Promise<void> {
  if (h.child.exitCode === null) process.kill(h.child.pid!, "SIGTERM");
  await h.done;
}

async function runtimeFloor(host: "deno" | "bun"): Promise<number> {
  const dir = join(root, ".bench");
  mkdirSync(dir, { recursive: true });
  const script = join(dir, "floor.js");
  writeFileSync(script, "setInterval(() => {}, 1e9);\n");
  const [cmd, args] = host === "deno" ? [bin("deno"), ["run", script]] : [bin("bun"), [script]];
  const child = spawn(cmd, args, { stdio: "ignore" });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  await sleep(1500);
  const rss = rssMiB(child.pid!);
  process.kill(child.pid!, "SIGTERM");
  await exited;
  return rss;
}

/** Start-up of the bare runtime to a listening TCP server (node:net, a few lines): the floor of start-up. */
async function runtimeStartupFloor(host: "deno" | "bun"): Promise<number> {
  const dir = join(root, ".bench");
  mkdirSync(dir, { recursive: true });
  const script = join(dir, "floor_listen.mjs");
  writeFileSync(script, 'import { createServer } from "node:net";\nimport process from "node:process";\ncreateServer((s) => s.end()).listen(Number(process.argv[process.argv.length - 1]), "127.0.0.1");\n');
  let ms = NaN;
  for (let i = 0; i < 2; i++) { // the first start warms the runtime's caches; the second is measured
    const port = await freePort();
    const [cmd, args] = host === "deno" ? [bin("deno"), ["run", "--allow-net", script, String(port)]] : [bin("bun"), [script, String(port)]];
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: "ignore" });
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    while (!(await canConnect(port))) {
      if (child.exitCode !== null || performance.now() - t0 > 30_000) throw new Error(`${host}: floor listener did not start`);
      await sleep(2);
    }
    ms = performance.now() - t0;
    process.kill(child.pid!, "SIGTERM");
    await exited;
  }
  return ms;
}

async function bigLog(gb: number): Promise<string> {
  const dir = process.env.FOOTPRINT_BIG_DIR ?? join(root, `.bench/log-${gb}gb`);
  const marker = join(dir, ".bench-filled");
  if (existsSync(marker)) return dir;
  mkdirSync(dir, { recursive: true });
  console.error(`footprint: generating ${gb} GB of log in ${dir} (once)`);
  const h = await helper(["--fill", dir, String(gb * 1024 * MiB)], /filled \d+/, 30 * 60_000);
  await h.done;
  writeFileSync(marker, `${h.line}\n`);
  return dir;
}

interface HostFootprint {
  host: FootprintHost;
  runtimeFloorRssMiB?: number;
  runtimeFloorStartupMs?: number;
  idleRssMiB: number;
  connections: Array<{ target: number; held: number; refused: number; rssMiB: number }>;
  ingest?: { targetRate: number; achievedRate: number; acked: number; rssPeakMiB: number; rssMedianMiB: number; cpuPercentOfOneCore: number; brokerCpuUsPerMsg: number };
  startupEmptyMs: number;
  startupBig?: { gb: number; cleanMs: number; uncleanMs: number };
}

/** Median of `n` start-ups (the machine is shared; one start is noisy). */
async function startupMs(host: FootprintHost, dataDir: string, n: number, before?: () => void): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    before?.();
    const b = await startServe(host, dataDir);
    times.push(b.startupMs);
    await b.stop();
  }
  return times.sort((a, c) => a - c)[Math.floor(n / 2)]!;
}

async function holdConnections(host: FootprintHost, pid: number, port: number, conns: number[], out: HostFootprint): Promise<void> {
  const holders: Array<Awaited<ReturnType<typeof helper>>> = [];
  let have = 0;
  let held = 0;
  let refused = 0;
  try {
    for (const target of conns) {
      const h = await helper(["--hold", String(port), String(target - have)], /held (\d+) refused (\d+)/, 180_000);
      holders.push(h);
      const m = /held (\d+) refused (\d+)/.exec(h.line)!;
      held += Number(m[1]);
      refused += Number(m[2]);
      have = target;
      await sleep(2000);
      const rss = rssMiB(pid);
      out.connections.push({ target, held, refused, rssMiB: rss });
      console.error(`footprint ${host}: ${held} connections held (${refused} refused): ${rss.toFixed(1)} MiB`);
    }
  } finally {
    for (const h of holders) await endHelper(h);
  }
}

/** Paced QoS 1 ingest from a helper process; broker RSS sampled every 250 ms. */
async function pacedIngest(pid: number, port: number, rate: number, seconds: number): Promise<NonNullable<HostFootprint["ingest"]>> {
  const samples: number[] = [];
  const cpu0 = cpuSeconds(pid);
  const timer = setInterval(() => samples.push(rssMiB(pid)), 250);
  const t0 = performance.now();
  const gen = await helper(["--ingest", String(port), String(rate), String(seconds)], /\{"acked".*\}/, (seconds + 120) * 1000);
  const wall = (performance.now() - t0) / 1000;
  clearInterval(timer);
  const cpu = cpuSeconds(pid) - cpu0;
  const full = JSON.parse(gen.line) as { acked: number; wall: number; achieved: number };
  await gen.done;
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    targetRate: rate,
    achievedRate: full.achieved,
    acked: full.acked,
    rssPeakMiB: sorted[sorted.length - 1] ?? NaN,
    rssMedianMiB: sorted[Math.floor(sorted.length / 2)] ?? NaN,
    cpuPercentOfOneCore: (cpu / wall) * 100,
    brokerCpuUsPerMsg: (cpu * 1e6) / full.acked,
  };
}

async function measureHost(host: FootprintHost, conns: number[], rate: number, seconds: number, bigDir: string | null, bigGB: number): Promise<HostFootprint> {
  const dirs: string[] = [];
  const dir = () => {
    dirs.push(mkdtempSync(join(tmpdir(), `tributary-footprint-${host}-`)));
    return dirs[dirs.length - 1]!;
  };
  const out: HostFootprint = { host, idleRssMiB: NaN, connections: [], startupEmptyMs: NaN };
  try {
    if (host !== "binary") {
      out.runtimeFloorRssMiB = await runtimeFloor(host);
      out.runtimeFloorStartupMs = await runtimeStartupFloor(host);
    }
    // A first start warms the runtime's module/transpile caches (Deno compiles TypeScript on a
    // cold cache); the starts measured are the ones a restarted gateway sees.
    await startupMs(host, dir(), 1);
    const empty: number[] = [];
    for (let i = 0; i < 3; i++) empty.push(await startupMs(host, dir(), 1)); // first start of an empty data dir
    out.startupEmptyMs = empty.sort((a, b) => a - b)[1]!;
    const broker = await startServe(host, dir());
    try {
      await sleep(2000);
      out.idleRssMiB = rssMiB(broker.child.pid!);
      console.error(`footprint ${host}: floor ${out.runtimeFloorRssMiB?.toFixed(1)} MiB, idle ${out.idleRssMiB.toFixed(1)} MiB, start-up ${out.startupEmptyMs.toFixed(0)} ms`);
      if (host !== "binary") await holdConnections(host, broker.child.pid!, broker.port, conns, out);
    } finally {
      await broker.stop();
    }
    if (host !== "binary" && rate > 0) {
      // A fresh broker: the ingest figure should not carry the connection phase's aftermath.
      const ingestBroker = await startServe(host, dir());
      try {
        await sleep(1000);
        out.ingest = await pacedIngest(ingestBroker.child.pid!, ingestBroker.port, rate, seconds);
        console.error(`footprint ${host}: ingest ${Math.round(out.ingest.achievedRate)} msg/s, RSS peak ${out.ingest.rssPeakMiB.toFixed(1)} MiB`);
      } finally {
        await ingestBroker.stop();
      }
    }
    if (bigDir) {
      const cleanMs = await startupMs(host, bigDir, 3);
      const uncleanMs = await startupMs(host, bigDir, 3, () => rmSync(join(bigDir, ".clean-shutdown"), { force: true }));
      out.startupBig = { gb: bigGB, cleanMs, uncleanMs };
      console.error(`footprint ${host}: start-up with ${bigGB} GB ${cleanMs.toFixed(0)} ms clean, ${uncleanMs.toFixed(0)} ms unclean (medians of 3)`);
    }
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  return out;
}

function binarySizes(): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const arch of ["x64", "arm64"]) {
    const path = join(root, `dist/tributary-linux-${arch}`);
    if (existsSync(path)) sizes[arch] = statSync(path).size;
  }
  return sizes;
}

async function main(): Promise<void> {
  const hostsWanted = (process.env.FOOTPRINT_HOSTS ?? "deno,bun,binary").split(",") as FootprintHost[];
  const hosts = hostsWanted.filter((h) => h !== "binary" || existsSync(join(root, "dist/tributary-linux-x64")));
  const conns = (process.env.FOOTPRINT_CONNS ?? "1000,10000").split(",").map(Number).filter((n) => n > 0);
  const rate = Number(process.env.FOOTPRINT_RATE ?? 20_000);
  const seconds = Number(process.env.FOOTPRINT_SECONDS ?? 10);
  const bigGB = Number(process.env.FOOTPRINT_BIG_GB ?? 2);
  const bigDir = bigGB > 0 ? await bigLog(bigGB) : null;
  const results: HostFootprint[] = [];
  const failures: Array<{ host: FootprintHost; error: string }> = [];
  for (const host of hosts) {
    try {
      results.push(await measureHost(host, conns, rate, seconds, bigDir, bigGB));
    } catch (err) {
      // One host failing (e.g. a stale binary) keeps the others' figures.
      failures.push({ host, error: String(err) });
      console.error(`footprint ${host} failed: ${err}`);
    }
  }
  const sizes = binarySizes();
  console.log("host    floor MiB  idle MiB  " + conns.map((c) => `${c} conns`.padStart(12)).join("") + "  ingest MiB (peak)  start-up ms (empty / big clean / big unclean)");
  for (const r of results) {
    console.log(
      `${r.host.padEnd(8)}${(r.runtimeFloorRssMiB?.toFixed(1) ?? "-").padStart(9)}  ${r.idleRssMiB.toFixed(1).padStart(8)}  ` +
        r.connections.map((c) => `${c.rssMiB.toFixed(1)} (${c.held})`.padStart(12)).join("") +
        `  ${(r.ingest ? `${r.ingest.rssPeakMiB.toFixed(1)} @ ${Math.round(r.ingest.achievedRate)}/s` : "-").padStart(17)}` +
        `  ${r.startupEmptyMs.toFixed(0)} / ${r.startupBig?.cleanMs.toFixed(0) ?? "-"} / ${r.startupBig?.uncleanMs.toFixed(0) ?? "-"}`,
    );
  }
  for (const [arch, size] of Object.entries(sizes)) console.log(`binary ${arch}: ${(size / MiB).toFixed(1)} MiB`);
  emitResult("footprint", { hosts: results, binarySizes: sizes, failures });
}

const argv = process.argv.slice(2);
if (argv[0] === "--hold") await holdMode(Number(argv[1]), Number(argv[2]));
else if (argv[0] === "--ingest") await ingestMode(Number(argv[1]), Number(argv[2]), Number(argv[3]));
else if (argv[0] === "--fill") await fillMode(argv[1]!, Number(argv[2]));
else await main();
