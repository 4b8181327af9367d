/**
 * The native MQTT ingest generator (`loadgen/mqtt_loadgen.c`, see its header for why): compiled
 * with the system C compiler on first use, then run as a child process per ingest round.
 *
 * `nativeLoadgen()` returns undefined when no C compiler is installed (`apt-get install gcc`);
 * callers then fall back to the JavaScript generator and say so.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SOURCE = join(import.meta.dir, "loadgen", "mqtt_loadgen.c");

/** One ingest round, as the generator reports it. */
export interface NativeIngestResult {
  /** Messages sent and acknowledged (QoS 1) or fenced (QoS 0). */
  msgs: number;
  /** First PUBLISH to last ack, measured by the generator. */
  wallMs: number;
  /** The generator's own CPU time (user + system) over that span. */
  cpuMs: number;
}

export interface NativeIngest {
  host: string;
  port: number;
  publishers: number;
  msgsPerPublisher: number;
  payloadBytes: number;
  qos: 0 | 1;
  window: number;
  /** Topics are `bench/<tag>/p<N>`, client ids `bench-<tag>-<N>`. */
  tag: string;
}

/**
 * Path of the compiled generator, built once per version of its source (the binary is named
 * by the source's hash); undefined without a C compiler.
 */
export function nativeLoadgen(): string | undefined {
  const dir = join(tmpdir(), "tributary-bench");
  const hash = createHash("sha256").update(readFileSync(SOURCE)).digest("hex").slice(0, 16);
  const binary = join(dir, `mqtt_loadgen-${hash}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const building = `${binary}.${process.pid}.tmp`; // renamed into place whole
  const cc = spawnSync("cc", ["-O2", "-Wall", "-o", building, SOURCE], { encoding: "utf8" });
  if (cc.error !== undefined) return undefined; // no compiler
  if (cc.status !== 0) throw new Error(`compiling ${SOURCE} failed:\n${cc.stderr}`);
  renameSync(building, binary);
  return binary;
}

/** Run one ingest round; rejects if the generator fails (a closed connection, a wrong ack). */
export async function runNativeIngest(binary: string, o: NativeIngest): Promise<NativeIngestResult> {
  const args = [o.host, o.port, o.publishers, o.msgsPerPublisher, o.payloadBytes, o.qos, o.window, o.tag].map(String);
  const child = Bun.spawn([binary, ...args], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  if (code !== 0) throw new Error(`mqtt_loadgen exited ${code}: ${err.trim()}`);
  return JSON.parse(out) as NativeIngestResult;
}
