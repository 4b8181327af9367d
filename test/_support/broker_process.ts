/**
 * Starts the real broker as a separate process (under Deno or Bun) for end-to-end tests, on
 * ports chosen by the OS, and reads back where it listens from its start-up lines.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DENO_V8_FLAGS } from "./deno_flags.ts";

export type Host = "deno" | "bun";
export const hosts: Host[] = ["deno", "bun"];
export const projectRoot = resolve(import.meta.dir, "../..");
const bin = (name: string) => join(projectRoot, "node_modules/.bin", name);

/** The command line that runs `mod.ts` with `args` under `host`. */
export function hostCommand(host: Host, args: string[]): [string, string[]] {
  const entry = join(projectRoot, "mod.ts");
  return host === "deno" ? [bin("deno"), ["run", "--allow-all", DENO_V8_FLAGS, entry, ...args]] : [bin("bun"), [entry, ...args]];
}

export interface BrokerProcess {
  host: Host;
  dataDir: string;
  ports: { kafka?: number; mqtt?: number; http?: number };
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait. */
  kill(): Promise<void>;
}

export interface StartBrokerOptions {
  dataDir?: string;
  args?: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Fresh temporary directory, removed by `cleanup`. */
export function tempDir(prefix = "tributary-test-"): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Start `tributary serve` with every listener on port 0 unless `args` say otherwise. */
export async function startBrokerProcess(host: Host, options: StartBrokerOptions = {}): Promise<BrokerProcess> {
  const dataDir = options.dataDir ?? tempDir().path;
  const args = [
    "serve", "--data-dir", dataDir, "--mqtt-port", "0", "--kafka-port", "0", "--http-port", "0",
    "--mqtt-host", "127.0.0.1", "--kafka-host", "127.0.0.1", "--http-host", "127.0.0.1",
    ...(options.args ?? []),
  ];
  const [cmd, argv] = hostCommand(host, args);
  const child = spawn(cmd, argv, {
    cwd: projectRoot,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  const ports: BrokerProcess["ports"] = {};
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!/data dir /.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`broker (${host}) did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  for (const m of out.matchAll(/(kafka|mqtt|http)\s+listening on [^\s]+:(\d+)/g)) {
    ports[m[1] as "kafka" | "mqtt" | "http"] = Number(m[2]);
  }
  return {
    host,
    dataDir,
    ports,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Run a command to completion, capturing output. */
export function run(cmd: string, args: string[], options: { input?: string | Uint8Array; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { cwd: projectRoot, env: { ...process.env, ...options.env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}
