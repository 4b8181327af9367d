/**
 * The benchmark report: runs the single-binary smoke test once (it builds both binaries; x64,
 * and arm64 under qemu), then every bench script of the earlier issues plus footprint, ROUNDS
 * times each (rounds outermost, so run i of every job shares round i with its references), then writes BENCHMARKS.md, SVG
 * charts and bench/results.json (every run's raw BENCH_RESULT).
 *
 *   ./node_modules/.bin/bun test/bench/run.ts            # full: ~15 min on a 2-core machine (3 rounds)
 *   ./node_modules/.bin/bun test/bench/run.ts --quick    # small counts, 1 round, into .bench/quick/
 *   npm run bench / deno task bench / test/bench/run
 * Options: --runs N (or env BENCH_RUNS; default 3, quick 1), --only mqtt,footprint (job ids or
 * prefixes), --no-smoke, --out DIR (default: the repository root; quick: .bench/quick),
 * --report-only FILE (regenerate the report from a results.json without running anything),
 * --from-head (run the benches on a `git archive` of HEAD in .bench/, not on the working tree,
 * which other engineers may be editing; the report is still written to --out / the root).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseResult } from "./_emit.ts";
import { buildReport } from "./report/mod.ts";
import type { Job, RawResults, SmokeResult } from "./report/types.ts";
import { DENO_V8_FLAGS } from "../_support/deno_flags.ts";

const root = resolve(import.meta.dir, "../..");
const bin = (name: string) => join(root, "node_modules/.bin", name);

interface Options {
  quick: boolean;
  rounds: number;
  only: string[];
  smoke: boolean;
  out: string;
  reportOnly?: string;
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes("--quick");
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const rounds = Number(value("--runs") ?? process.env.BENCH_RUNS ?? (quick ? 1 : 3));
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--runs must be a positive integer");
  const reportOnly = value("--report-only");
  return {
    quick,
    rounds,
    only: (value("--only") ?? "").split(",").filter(Boolean),
    smoke: !argv.includes("--no-smoke"),
    out: resolve(value("--out") ?? (quick ? join(root, ".bench/quick") : root)),
    ...(reportOnly ? { reportOnly: resolve(reportOnly) } : {}),
  };
}

interface JobSpec {
  id: string;
  cmd: string;
  args: string[];
  env: Record<string, string>;
  timeoutMs: number;
}

const script = (name: string) => join(root, "test/bench", name);
const under = (host: "deno" | "bun", file: string): [string, string[]] => host === "deno" ? [bin("deno"), ["run", "--allow-all", DENO_V8_FLAGS, script(file)]] : [bin("bun"), [script(file)]];

/** Every bench job with its settings for full and quick mode (each job reports 1 figure per run; mqtt the median of its interleaved rounds). */
function jobSpecs(quick: boolean): JobSpec[] {
  const q = <T>(full: T, fast: T) => (quick ? fast : full);
  const min = 60_000;
  const jobs: JobSpec[] = [
    // 4 × 200k messages: at 150–300k msg/s a phase lasts seconds, not the JIT's warm-up.
    { id: "mqtt", cmd: bin("bun"), args: [script("mqtt_bench.ts")], env: { BENCH_MSGS: q("200000", "2000"), BENCH_ROUNDS: q("3", "1") }, timeoutMs: q(15, 5) * min },
  ];
  for (const host of ["deno", "bun"] as const) {
    const [cmd, args] = under(host, "log_bench.ts");
    jobs.push({ id: `log/${host}`, cmd, args, env: { BENCH_MB: q("32", "4"), BENCH_REPEATS: "1", BENCH_SIZES: q("16,256,1024", "256,1024"), BENCH_BIG_GB: "0", BENCH_POLICIES: q("group-commit,none", "group-commit") }, timeoutMs: q(15, 5) * min });
  }
  // Right before kcat produce, which it is the reference of (the shared disk's speed drifts).
  jobs.push({ id: "disk", cmd: bin("bun"), args: [script("disk_bench.ts")], env: { BENCH_DISK_MB: q("1024", "32") }, timeoutMs: 5 * min });
  // 3M × 100 B and 30k × 10 KiB: the same 300 MB each, so kcat's start-up and metadata round
  // trips (10-40 ms) weigh the same in both; 300k × 100 B lasted only 0.2-0.3 s.
  jobs.push({ id: "kafka", cmd: bin("bun"), args: [script("kafka_bench.ts")], env: { BENCH_SMALL: q("3000000", "20000"), BENCH_LARGE: q("30000", "2000"), BENCH_POLICIES: "group-commit", BENCH_TCP_MB: q("512", "64") }, timeoutMs: q(15, 5) * min });
  for (const host of ["deno", "bun"] as const) {
    const [cmd, args] = under(host, "ingest_bench.ts");
    jobs.push({ id: `ingest/${host}`, cmd, args, env: { BENCH_SECONDS: q("3", "1"), BENCH_ROUNDS: "1" }, timeoutMs: 5 * min });
  }
  for (const host of ["deno", "bun"] as const) {
    jobs.push({ id: `simulator/${host}`, cmd: bin("bun"), args: [script("simulator_bench.ts")], env: { BENCH_HOST: host, BENCH_DEVICES: q("1000", "100"), BENCH_RATE: "10", BENCH_SECONDS: q("20", "4") }, timeoutMs: q(5, 3) * min });
  }
  for (const host of ["deno", "bun"] as const) {
    jobs.push({ id: `bridge/${host}`, cmd: bin("bun"), args: [script("bridge_bench.ts")], env: { BENCH_EDGE_HOST: host, BENCH_CENTRAL_HOST: "bun", BENCH_BACKLOG_MB: q("64", "4"), BENCH_CODEC_RECORDS: q("20000", "2000"), BENCH_CODECS: q("none,zstd", "zstd"), BENCH_PROXY_MB: q("256", "32") }, timeoutMs: q(10, 5) * min });
  }
  for (const host of ["deno", "bun"] as const) {
    const [cmd, args] = under(host, "log_crash_soak.ts");
    jobs.push({ id: `crash_soak/${host}`, cmd, args, env: { CRASH_CYCLES: q("20", "3") }, timeoutMs: q(10, 3) * min });
  }
  jobs.push({ id: "footprint", cmd: bin("bun"), args: [script("footprint.ts")], env: { FOOTPRINT_CONNS: q("1000,10000", "100,1000"), FOOTPRINT_RATE: q("20000", "5000"), FOOTPRINT_SECONDS: q("10", "3"), FOOTPRINT_BIG_GB: "2" }, timeoutMs: q(20, 10) * min });
  return jobs;
}

/** Run a command in its own process group (so a timeout can end the bench and its children by group id). */
function exec(cmd: string, args: string[], env: Record<string, string>, timeoutMs: number, logFile: string): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number; timedOut: boolean }> {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch { /* already gone */ }
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      writeFileSync(logFile, `$ ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(" ")} ${relative(root, cmd)} ${args.map((a) => relative(root, a) || a).join(" ")}\n\n${stdout}\n--- stderr ---\n${stderr}`);
      done({ code, stdout, stderr, seconds: (performance.now() - t0) / 1000, timedOut });
    });
  });
}

function firstLine(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return `${r.stdout ?? ""}${r.stderr ?? ""}`.split("\n").find((l) => l.trim())?.trim() ?? "unknown";
}

function meta(quick: boolean, rounds: number): RawResults["meta"] {
  const disk = firstLine("findmnt", ["-n", "-o", "SOURCE,FSTYPE", "--target", "/tmp"]);
  return {
    startedAt: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    finishedAt: "",
    quick,
    rounds,
    commit: process.env.BENCH_COMMIT ?? firstLine("git", ["-C", root, "describe", "--always", "--dirty"]),
    machine: { cores: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", memGiB: totalmem() / 2 ** 30, kernel: release(), disk },
    versions: {
      deno: firstLine(bin("deno"), ["--version"]).replace(/^deno /, ""),
      bun: firstLine(bin("bun"), ["--version"]),
      mosquitto: firstLine("mosquitto", ["-h"]).replace(/^mosquitto version /, ""),
      kcat: /Version (\S+)/.exec(spawnSync("kcat", ["-V"], { encoding: "utf8" }).stdout ?? "")?.[1] ?? "unknown",
      qemu: firstLine("qemu-aarch64-static", ["--version"]).replace(/^qemu-aarch64 version /, ""),
    },
  };
}

/** bun test of the binary smoke test; per-test pass/fail from its "(pass)/(fail)/(skip)" lines. */
async function smokeTest(logDir: string): Promise<SmokeResult> {
  const r = await exec(bin("bun"), ["test", "--timeout", "900000", "test/e2e/binary_smoke.test.ts"], {}, 30 * 60_000, join(logDir, "binary_smoke.log"));
  const tests: SmokeResult["tests"] = [];
  for (const m of `${r.stdout}\n${r.stderr}`.matchAll(/^\((pass|fail|skip)\) (.+?)(?: \[[\d.]+m?s\])?$/gm)) {
    const name = m[2]!.trim();
    tests.push({ name, arch: /arm64|aarch64/.test(name) ? "arm64" : /x64/.test(name) ? "x64" : "other", status: m[1] as "pass" | "fail" | "skip" });
  }
  return { ran: true, tests, seconds: r.seconds, ...(r.code !== 0 ? { note: `bun test exit code ${r.code}${r.timedOut ? " (timed out)" : ""}` } : {}) };
}

function writeReport(raw: RawResults, out: string, summary = true): void {
  const report = buildReport(raw);
  mkdirSync(join(out, "bench"), { recursive: true });
  writeFileSync(join(out, "bench/results.json"), JSON.stringify(raw, null, 1) + "\n");
  for (const [file, svg] of Object.entries(report.charts)) writeFileSync(join(out, "bench", file), svg);
  writeFileSync(join(out, "BENCHMARKS.md"), report.markdown);
  if (!summary) return;
  for (const t of report.targets) console.log(`${t.met === null ? "NOT MEASURED" : t.met ? "MET   " : "MISSED"} ${t.target} — ${t.host}: ${Number.isFinite(t.value) ? t.value.toFixed(2) : "n/a"} ${t.unit}`);
  console.log(`wrote ${relative(process.cwd(), join(out, "BENCHMARKS.md")) || "BENCHMARKS.md"}, ${Object.keys(report.charts).length} charts, bench/results.json`);
}

/** Export HEAD into .bench/tree-<sha> and run this script from there; resolves with its exit code. */
function runFromHead(argv: string[], out: string): Promise<number | null> {
  const sha = spawnSync("git", ["-C", root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
  const tree = join(root, `.bench/tree-${sha}`);
  mkdirSync(join(root, ".bench"), { recursive: true });
  // Earlier exports (with their built binaries, ~200 MB each) are not kept.
  for (const old of readdirSync(join(root, ".bench"), { withFileTypes: true })) {
    if (old.isDirectory() && old.name.startsWith("tree-")) rmSync(join(root, ".bench", old.name), { recursive: true, force: true });
  }
  mkdirSync(tree, { recursive: true });
  const archive = spawnSync("sh", ["-c", `git -C "${root}" archive HEAD | tar -x -C "${tree}"`], { encoding: "utf8" });
  if (archive.status !== 0) throw new Error(`git archive failed: ${archive.stderr}`);
  symlinkSync(join(root, "node_modules"), join(tree, "node_modules"));
  console.log(`running the benches on HEAD (${sha}) exported to ${relative(root, tree)}/`);
  const rest = argv.filter((a, i) => a !== "--from-head" && a !== "--out" && argv[i - 1] !== "--out");
  const args = [join(tree, "test/bench/run.ts"), ...rest, "--out", out]; // `out` is absolute
  const env = { ...process.env, BENCH_COMMIT: sha, FOOTPRINT_BIG_DIR: process.env.FOOTPRINT_BIG_DIR ?? join(root, ".bench/log-2gb") };
  return new Promise((done) => spawn(bin("bun"), args, { cwd: tree, env, stdio: "inherit" }).on("close", (code) => done(code)));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const o = parseOptions(argv);
  if (argv.includes("--from-head")) {
    process.exitCode = (await runFromHead(argv, o.out)) ?? 1;
    return;
  }
  if (o.reportOnly) {
    writeReport(JSON.parse(readFileSync(o.reportOnly, "utf8")) as RawResults, o.out);
    return;
  }
  const specs = jobSpecs(o.quick).filter((j) => o.only.length === 0 || o.only.some((p) => j.id === p || j.id.startsWith(`${p}/`)));
  const logDir = join(root, ".bench/logs");
  mkdirSync(logDir, { recursive: true });
  const raw: RawResults = { meta: meta(o.quick, o.rounds), jobs: specs.map((s): Job => ({ id: s.id, command: `${relative(root, s.cmd)} ${s.args.map((a) => relative(root, a)).join(" ")}`, env: s.env, runs: [] })), smoke: { ran: false, tests: [], seconds: 0, note: "skipped (--no-smoke)" } };
  console.log(`bench report: ${specs.length} jobs × ${o.rounds} round(s)${o.quick ? " (quick)" : ""}; logs in ${logDir}/`);
  // First: it builds both binaries, whose sizes and start-up the footprint job then measures.
  if (o.smoke && o.only.length === 0) {
    raw.smoke = await smokeTest(logDir);
    console.log(`binary smoke test: ${raw.smoke.tests.map((t) => `${t.arch} ${t.status}`).join(", ") || "no results"} in ${raw.smoke.seconds.toFixed(0)} s`);
  }
  for (let round = 0; round < o.rounds; round++) {
    for (const [i, spec] of specs.entries()) {
      const label = `round ${round + 1}/${o.rounds} ${spec.id}`;
      const r = await exec(spec.cmd, spec.args, spec.env, spec.timeoutMs, join(logDir, `${spec.id.replace("/", "-")}-${round + 1}.log`));
      const result = parseResult(r.stdout);
      const ok = r.code === 0 && result !== null;
      raw.jobs[i]!.runs.push({ round, ok, seconds: r.seconds, loadAvg: loadavg()[0]!, ...(result ? { result } : {}), ...(ok ? {} : { error: r.timedOut ? `timed out after ${spec.timeoutMs / 1000} s` : `exit ${r.code}: ${r.stderr.trim().split("\n").slice(-5).join("\n")}` }) });
      console.log(`${label}: ${ok ? "ok" : "FAILED"} in ${r.seconds.toFixed(0)} s`);
      raw.meta.finishedAt = new Date().toISOString().replace(/\.\d+Z$/, "Z");
      writeReport(raw, o.out, false); // partial results survive an interrupted run
    }
  }
  raw.meta.finishedAt = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  writeReport(raw, o.out);
}

await main();
