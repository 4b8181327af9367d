/**
 * Fleet benchmark (not run by CI): the broker process under load from the fleet simulator.
 *   ./node_modules/.bin/bun test/bench/simulator_bench.ts
 * Env: BENCH_HOST (broker host: bun or deno, default bun), BENCH_DEVICES (default 1000),
 *      BENCH_RATE (readings/s per device, default 10), BENCH_SECONDS (default 60),
 *      BENCH_CODEC (cbor or json, default cbor), BENCH_QOS (0 or 1, default 1).
 *
 * The simulator runs as its own process (`tributary devices simulate`, under Bun) with the
 * default mapping rule (every reading stored in `mqtt-messages`). The broker's RSS and CPU
 * come from /proc/<pid>/status and /proc/<pid>/stat, sampled every second; the report gives
 * the achieved rate (acknowledged publishes/s), records stored, broker CPU (% of one core,
 * mean and peak per second), RSS (start, peak, end), fsyncs and bytes on the wire.
 */
import { readFileSync } from "node:fs";
import { emitResult } from "./_emit.ts";
import { type Host, hostCommand, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { processCpuMs } from "./_proc.ts";

const host = (process.env.BENCH_HOST ?? "bun") as Host;
const devices = Number(process.env.BENCH_DEVICES ?? 1000);
const rate = Number(process.env.BENCH_RATE ?? 10);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const codec = process.env.BENCH_CODEC ?? "cbor";
const qos = process.env.BENCH_QOS ?? "1";
const TICKS = 100; // USER_HZ on Linux

function cpuTicks(pid: number): number {
  return processCpuMs(pid) / (1000 / TICKS);
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

async function metric(port: number, name: string, labels = ""): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith(name + (labels ? `{${labels}` : " ")) || (!labels && line.startsWith(name + "{"))) sum += Number(line.split(" ").pop());
  }
  return sum;
}

const dir = tempDir("tributary-simbench-");
const broker = await startBrokerProcess(host, { dataDir: dir.path, args: ["--logging-level", "warn"] });
const pid = broker.child.pid!;
const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
try {
  const rssStart = rssBytes(pid);
  const [cmd, args] = hostCommand("bun", [
    "devices", "simulate", "--count", String(devices), "--rate", String(rate), "--codec", codec, "--qos", qos,
    "--duration", String(seconds), "--mqtt-port", String(broker.ports.mqtt),
  ]);
  const samples: Array<{ cpu: number; rss: number; at: number }> = [];
  const sample = () => samples.push({ cpu: cpuTicks(pid), rss: rssBytes(pid), at: performance.now() });
  sample();
  const timer = setInterval(sample, 1000);
  const sim = await run(cmd, args, { timeoutMs: (seconds + 120) * 1000 });
  clearInterval(timer);
  sample();
  const summary = JSON.parse(sim.stdout.trim().split("\n").pop()!);
  const stored = await (async () => {
    const res = await fetch(`http://127.0.0.1:${broker.ports.http}/api/topics/mqtt-messages`);
    const body = await res.json() as { partitions: Array<{ highWatermark: number }> };
    return body.partitions.reduce((s, p) => s + p.highWatermark, 0);
  })();
  const perSecond = samples.slice(1).map((s, i) => ((s.cpu - samples[i]!.cpu) / TICKS) / ((s.at - samples[i]!.at) / 1000) * 100);
  // Ignore the ramp-up second(s) for the mean: connections are being opened then.
  const steady = perSecond.slice(Math.min(3, perSecond.length - 1));
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const report = {
    host,
    devices,
    ratePerDevice: rate,
    targetPerSecond: devices * rate,
    seconds,
    codec,
    qos: Number(qos),
    simulator: { connected: devices - summary.failedConnects, failedConnects: summary.failedConnects, sent: summary.sent, acked: summary.acked, behind: summary.behind, achievedPerSecond: Math.round(summary.averageRate) },
    storedRecords: stored,
    brokerCpuPercentOfOneCore: {
      meanWholeRun: Number((((last.cpu - first.cpu) / TICKS) / ((last.at - first.at) / 1000) * 100).toFixed(1)),
      meanSteady: Number((steady.reduce((a, b) => a + b, 0) / Math.max(1, steady.length)).toFixed(1)),
      peakSecond: Number(Math.max(...perSecond).toFixed(1)),
    },
    brokerRssMiB: { start: Number(mib(rssStart)), peak: Number(mib(Math.max(...samples.map((s) => s.rss)))), end: Number(mib(last.rss)) },
    fsyncs: await metric(broker.ports.http!, "tributary_log_fsyncs_total"),
    mqttBytesIn: await metric(broker.ports.http!, "tributary_net_received_bytes_total", 'protocol="mqtt"'),
  };
  console.log(JSON.stringify(report, null, 2));
  emitResult("simulator", report);
} finally {
  await broker.stop();
  dir.cleanup();
}
