/**
 * The real-process crash harness shared by `crash_process.test.ts` (20 cycles) and
 * `test/bench/log_crash_soak.ts` (1000): spawn `crash_child.ts`, SIGKILL it at a random moment,
 * reopen the log here, and check that every acknowledged append is present and intact and that
 * offsets are contiguous. Tests may use node: APIs; the log may not.
 */
import { spawn } from "node:child_process";
import { createLogManager } from "../../broker/log/log_manager.ts";
import { crc32c } from "../../broker/log/crc32c.ts";
import { decodeAllRecords } from "../../broker/log/record_codec.ts";
import { CLEAN_SHUTDOWN_FILE } from "../../broker/log/log_manager.ts";
import { DEFAULT_TOPIC_CONFIG } from "../../broker/topics/topic_config.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";

interface Ack {
  base: number;
  last: number;
  crc: number;
}

/** Command that runs a script with the host running this code (bun, or deno run -A). */
function hostCommand(script: string, args: string[]): [string, string[]] {
  const exec = process.execPath;
  return "Bun" in globalThis ? [exec, [script, ...args]] : [exec, ["run", "-A", script, ...args]];
}

/** Run the child until it has acknowledged something, then SIGKILL it after a random delay. */
function runOnce(dataDir: string, seed: number, rand: () => number): Promise<{ acks: Ack[]; killedAfterMs: number }> {
  const [cmd, args] = hostCommand(new URL("./crash_child.ts", import.meta.url).pathname, [dataDir, String(seed)]);
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  const acks: Ack[] = [];
  let buffered = "";
  let stderr = "";
  let started = 0;
  return new Promise((resolve, reject) => {
    const delay = 5 + rand() * 150;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`crash child made no progress: ${stderr}`));
    }, 30_000);
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        const [kind, a, b, c] = line.split(" ");
        if (kind === "ack") acks.push({ base: Number(a), last: Number(b), crc: Number(c) });
        if (timer === undefined && (kind === "ack" || kind === "ready")) {
          started = Date.now();
          // Kill by PID at a random moment after the first sign of life.
          timer = setTimeout(() => child.kill("SIGKILL"), kind === "ready" ? delay + 20 : delay);
        }
      }
    });
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (s: string) => (stderr += s));
    child.on("exit", (code, signal) => {
      clearTimeout(deadline);
      if (timer !== undefined) clearTimeout(timer);
      if (signal !== "SIGKILL") reject(new Error(`crash child exited ${code}/${signal}: ${stderr}`));
      else resolve({ acks, killedAfterMs: Date.now() - started });
    });
  });
}

/** Reopen the log here; check offsets from `from` are contiguous and every ack there is intact. Returns the log end. */
async function verify(dataDir: string, acks: Map<number, Ack>, clean: boolean, from: number): Promise<number> {
  const fs = currentRuntime().fs;
  const logs = await createLogManager({
    fs,
    dataDir,
    durability: { policy: "group-commit", intervalMs: 0 },
    defaults: { ...DEFAULT_TOPIC_CONFIG, "segment.bytes": 256 * 1024, "retention.ms": -1 },
    defaultPartitions: 1,
    autoCreateTopics: true,
    logger: silentLogger,
    metrics: new MetricsRegistry(),
  });
  const log = (await logs.partition("crash", 0))!;
  const values = new Map<number, Uint8Array>();
  let next = from;
  while (next < log.highWatermark) {
    const { bytes } = await log.read(next, 1 << 20);
    for (const r of decodeAllRecords(bytes)) {
      if (r.offset < next) continue;
      if (r.offset !== next) throw new Error(`offset gap: expected ${next}, found ${r.offset}`);
      values.set(r.offset, r.value!);
      next++;
    }
  }
  for (const ack of acks.values()) {
    if (ack.base < from) continue;
    const parts: Uint8Array[] = [];
    for (let o = ack.base; o <= ack.last; o++) {
      const v = values.get(o);
      if (!v) throw new Error(`acknowledged offset ${o} missing (log end ${log.logEndOffset})`);
      parts.push(v);
    }
    const total = parts.reduce((n, p) => n + p.length, 0);
    const all = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    if (crc32c(all) !== ack.crc) throw new Error(`acknowledged batch ${ack.base}-${ack.last} changed`);
  }
  await logs.close();
  // Alternate: leave the marker (child opens "clean") or remove it (child scans the tail).
  if (!clean) await fs.remove(`${dataDir}/${CLEAN_SHUTDOWN_FILE}`);
  return next;
}

/** Run `cycles` kill/verify cycles against `dataDir`; throws on the first violation. */
export async function runCrashCycles(
  dataDir: string,
  cycles: number,
  log: (line: string) => void = () => {},
): Promise<{ cycles: number; acks: number; records: number }> {
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
  const acks = new Map<number, Ack>();
  let records = 0;
  for (let i = 0; i < cycles; i++) {
    const run = await runOnce(dataDir, 1 + i, rand);
    for (const a of run.acks) acks.set(a.base, a);
    // Recovery only touches the tail: re-verify from a little before the previous end each
    // cycle (so the soak stays linear), and everything from offset 0 every 25 cycles and last.
    const full = i % 25 === 24 || i === cycles - 1;
    const from = full ? 0 : Math.max(0, records - 2000);
    records = await verify(dataDir, acks, i % 2 === 0, from);
    log(`cycle ${i + 1}/${cycles}: ${run.acks.length} acks, killed after ${run.killedAfterMs} ms, ${records} records verified`);
  }
  return { cycles, acks: acks.size, records };
}
