/**
 * Where the broker's memory goes under the fleet simulator (devices/README.md, "Broker memory
 * on Deno"). Starts the broker in this process, runs `tributary devices simulate` under Bun as a
 * child, and prints `process.memoryUsage()` every 10 s after a full GC:
 *
 *   ./node_modules/.bin/deno run -A --v8-flags=--expose-gc tools/memory_probe.ts
 *   ./node_modules/.bin/bun tools/memory_probe.ts
 *
 * Env: DEVICES (1000), RATE (readings/s per device, 10), SECONDS (30), MODE (`sim`, or `idle`:
 * connections that publish once every ~15 min), SNAP (path prefix: V8 heap snapshots before the
 * fleet connects and 10 s in, for a heap-snapshot viewer; Deno only).
 *
 * @module
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import process from "node:process";
import { currentRuntime, devicesExtension, parseConfig, startBroker } from "../mod.ts";

const root = resolve(import.meta.dirname ?? ".", "..");
const devices = Number(process.env.DEVICES ?? 1000);
const rate = process.env.MODE === "idle" ? 0.001 : Number(process.env.RATE ?? 10);
const seconds = Number(process.env.SECONDS ?? 30);
const gc = (globalThis as { gc?: () => void }).gc ?? (globalThis as { Bun?: { gc(full: boolean): void } }).Bun?.gc.bind(null, true);
const mib = (bytes: number) => (bytes / 1048576).toFixed(1).padStart(6);

function sample(label: string): void {
  gc?.();
  const m = process.memoryUsage();
  console.log(`${label.padEnd(9)} rss ${mib(m.rss)}  heapTotal ${mib(m.heapTotal)}  heapUsed ${mib(m.heapUsed)}  external ${mib(m.external)}  (MiB)`);
}

async function snapshot(suffix: string): Promise<void> {
  if (!process.env.SNAP) return;
  const v8 = await import("node:v8");
  gc?.();
  console.log("heap snapshot", v8.writeHeapSnapshot(`${process.env.SNAP}.${suffix}.heapsnapshot`));
}

const dataDir = mkdtempSync(join(tmpdir(), "tributary-memory-probe-"));
const local = { host: "127.0.0.1", port: 0 };
const config = parseConfig({ dataDir, kafka: local, mqtt: local, http: local, logging: { level: "warn" } });
const broker = await startBroker(config, { runtime: currentRuntime(), extensions: [devicesExtension()] });
try {
  const mqttPort = broker.listeners.find((l) => l.protocol === "mqtt")!.port;
  sample("start");
  await snapshot("before");
  const simulator = spawn(join(root, "node_modules/.bin/bun"), [
    join(root, "mod.ts"), "devices", "simulate", "--count", String(devices), "--rate", String(rate), "--codec", "cbor",
    "--duration", String(seconds), "--mqtt-port", String(mqttPort),
  ], { stdio: ["ignore", "pipe", "ignore"] });
  let summary = "";
  simulator.stdout!.on("data", (d) => (summary += d));
  const started = Date.now();
  const timer = setInterval(() => sample(`t+${Math.round((Date.now() - started) / 1000)}s`), 10_000);
  const snapTimer = setTimeout(() => void snapshot("during"), 10_000);
  await new Promise((done) => simulator.on("exit", done));
  clearInterval(timer);
  clearTimeout(snapTimer);
  sample("done");
  console.log("simulator", summary.trim().split("\n").pop());
} finally {
  await broker.close();
  rmSync(dataDir, { recursive: true, force: true });
}
