/**
 * Bridge benchmark (not run by CI):
 *   ./node_modules/.bin/bun test/bench/bridge_bench.ts
 * Env: BENCH_BACKLOG_MB (drain backlog of JSON readings, default 1024), BENCH_CODEC_RECORDS
 *      (readings per codec run, default 100000), BENCH_EDGE_HOST / BENCH_CENTRAL_HOST (default
 *      bun / bun), BENCH_CODECS (default "none,gzip,snappy,lz4,zstd"), BENCH_PROXY_MB (default 512).
 *
 * Real processes: an edge `tributary serve` with the bridge, a central `tributary serve`, and the
 * fault proxy between them (in this process) refusing connections while the backlog is written
 * to the edge with `kcat -P` (3 partitions, keyed by device). Then the uplink opens and the
 * clock runs until the central holds every record.
 *   1. Drain rate of the backlog (payload MB/s, records/s) beside the proxy's own throughput
 *      (bytes pushed through it into a sink in this process: the ceiling of the path).
 *   2. Bytes on the wire (Produce requests, proxy bytes up) per payload byte, per codec, for
 *      sensor-like JSON and CBOR readings.
 */
import { encode as cborEncode } from "cbor-x";
import { spawn } from "node:child_process";
import { closeSync, openSync, rmSync, writeSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { type BrokerProcess, type Host, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { FaultProxy } from "../_support/fault_proxy.ts";
import { emitResult } from "./_emit.ts";
import { highWatermarks, sleep } from "./bridge_harness.ts";

const BACKLOG_MB = Number(process.env.BENCH_BACKLOG_MB ?? 1024);
const CODEC_RECORDS = Number(process.env.BENCH_CODEC_RECORDS ?? 100_000);
const EDGE_HOST = (process.env.BENCH_EDGE_HOST ?? "bun") as Host;
const CENTRAL_HOST = (process.env.BENCH_CENTRAL_HOST ?? "bun") as Host;
const CODECS = (process.env.BENCH_CODECS ?? "none,gzip,snappy,lz4,zstd").split(",").filter(Boolean);
const KEY_DELIM = "|K|";
const REC_DELIM = "|R|\n";

function reading(i: number): { device: string; seq: number; ts: number; temp: number; hum: number; batt: number; status: string } {
  const d = i % 500;
  return {
    device: `dev-${String(d).padStart(4, "0")}`,
    seq: Math.floor(i / 500),
    ts: 1_795_000_000_000 + i * 20,
    temp: Math.round((20 + Math.sin(i / 1000 + d) * 5) * 100) / 100,
    hum: Math.round((45 + Math.cos(i / 777 + d) * 10) * 10) / 10,
    batt: Math.round((3.6 + (d % 7) / 100) * 100) / 100,
    status: i % 97 === 0 ? "warn" : "ok",
  };
}

/** kcat -P input (key, value, delimiters) written to `file` in 4 MB chunks; the payload byte count. */
function writeBacklog(kind: "json" | "cbor", count: number, file: string): number {
  const fd = openSync(file, "w");
  let payloadBytes = 0;
  let parts: Buffer[] = [];
  let pending = 0;
  const flush = () => {
    writeSync(fd, Buffer.concat(parts));
    parts = [];
    pending = 0;
  };
  for (let i = 0; i < count; i++) {
    const r = reading(i);
    const value = kind === "json" ? Buffer.from(JSON.stringify(r)) : Buffer.from(cborEncode(r));
    payloadBytes += value.length;
    parts.push(Buffer.from(r.device + KEY_DELIM), value, Buffer.from(REC_DELIM));
    pending += value.length + 20;
    if (pending > 4 << 20) flush();
  }
  flush();
  closeSync(fd);
  return payloadBytes;
}

/** Run kcat with a file as its standard input. */
function kcatFromFile(args: string[], file: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const fd = openSync(file, "r");
    const child = spawn("kcat", args, { stdio: [fd, "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    child.on("exit", (code) => {
      closeSync(fd);
      resolve({ code, stderr });
    });
  });
}

/** Throughput of the proxy itself: bytes pushed through it into a sink in this process. */
async function proxyThroughput(mb: number): Promise<number> {
  const runtime = currentRuntime();
  let received = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  const total = mb * 1024 * 1024;
  const sink = await runtime.listen({ hostname: "127.0.0.1", port: 0 }, (conn) => {
    void (async () => {
      for (let c = await conn.read(); c !== null; c = await conn.read()) {
        received += c.length;
        if (received >= total) done();
      }
    })();
  });
  const proxy = await FaultProxy.start(runtime, { host: "127.0.0.1", port: sink.port });
  const chunk = Buffer.alloc(256 * 1024, 0x61);
  const started = performance.now();
  const socket = connect({ host: "127.0.0.1", port: proxy.port });
  await new Promise<void>((r) => socket.once("connect", () => r()));
  for (let sent = 0; sent < total; sent += chunk.length) {
    if (!socket.write(chunk)) await new Promise<void>((r) => socket.once("drain", () => r()));
  }
  await all;
  const seconds = (performance.now() - started) / 1000;
  socket.destroy();
  await proxy.close();
  await sink.close();
  return received / seconds / 1e6;
}

interface DrainResult {
  records: number;
  payloadBytes: number;
  seconds: number;
  wireBytesUp: number;
}

async function drain(kind: "json" | "cbor", codec: string, count: number): Promise<DrainResult> {
  const edgeDir = tempDir("tributary-bench-edge-");
  const centralDir = tempDir("tributary-bench-central-");
  const proxy = await FaultProxy.start(currentRuntime(), { host: "127.0.0.1", port: 1 });
  proxy.refuse = true;
  let central: BrokerProcess | undefined;
  let edge: BrokerProcess | undefined;
  try {
    central = await startBrokerProcess(CENTRAL_HOST, {
      dataDir: centralDir.path,
      args: ["--kafka-advertised-host", "127.0.0.1", "--kafka-advertised-port", String(proxy.port), "--log-topic-defaults-retention-ms=-1"],
    });
    proxy.retarget(central.ports.kafka!);
    const bridge = {
      upstream: { bootstrap: [`127.0.0.1:${proxy.port}`] },
      topics: [{ match: "readings" }],
      createTopics: { partitions: 3 },
      compression: codec,
      retryBackoffMaxMs: 200,
      topicRescanMs: 200,
    };
    edge = await startBrokerProcess(EDGE_HOST, {
      dataDir: edgeDir.path,
      args: ["--gateway-id", "gw", "--log-default-partitions", "3", "--log-topic-defaults-retention-ms=-1", "--bridge", JSON.stringify(bridge)],
    });
    const file = join(edgeDir.path, "..", `${edgeDir.path.split("/").at(-1)}.backlog`);
    const payloadBytes = writeBacklog(kind, count, file);
    const produced = await kcatFromFile([
      "-P", "-b", `127.0.0.1:${edge.ports.kafka}`, "-t", "readings", "-K", KEY_DELIM, "-D", REC_DELIM,
      "-X", "linger.ms=20", "-X", "batch.size=1000000", "-X", "compression.codec=none",
    ], file);
    rmSync(file, { force: true });
    if (produced.code !== 0) throw new Error(`kcat -P failed: ${produced.stderr}`);
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    while (sum(await highWatermarks(edge.ports.http!, "readings")) < count) await sleep(100);
    const upBefore = proxy.bytesUp;
    const started = performance.now();
    proxy.refuse = false;
    while (sum(await highWatermarks(central.ports.http!, "gw.readings")) < count) await sleep(50);
    const seconds = (performance.now() - started) / 1000;
    return { records: count, payloadBytes, seconds, wireBytesUp: proxy.bytesUp - upBefore };
  } finally {
    await edge?.stop();
    await central?.stop();
    await proxy.close();
    edgeDir.cleanup();
    centralDir.cleanup();
  }
}

async function main(): Promise<void> {
  console.log(`bridge bench: edge on ${EDGE_HOST}, central on ${CENTRAL_HOST}`);
  const proxyMB = Number(process.env.BENCH_PROXY_MB ?? 512);
  const proxyMBps = await proxyThroughput(proxyMB);
  console.log(`fault proxy throughput (in this process, ${proxyMB} MB into a sink): ${proxyMBps.toFixed(1)} MB/s`);

  const jsonSize = Buffer.byteLength(JSON.stringify(reading(1)));
  const backlogRecords = Math.floor((BACKLOG_MB * 1e6) / jsonSize);
  const d = await drain("json", "zstd", backlogRecords);
  console.log(
    `drain ${BACKLOG_MB} MB backlog (${d.records} JSON readings, ${(d.payloadBytes / 1e6).toFixed(0)} MB payload, zstd): ` +
      `${d.seconds.toFixed(1)} s, ${(d.payloadBytes / d.seconds / 1e6).toFixed(1)} MB/s payload, ${Math.round(d.records / d.seconds)} records/s, ` +
      `wire ${(d.wireBytesUp / d.seconds / 1e6).toFixed(2)} MB/s (${((d.wireBytesUp / d.seconds / 1e6 / proxyMBps) * 100).toFixed(1)}% of the proxy's throughput)`,
  );

  const codecs: Array<Record<string, unknown>> = [];
  const result = () =>
    emitResult("bridge", {
      edgeHost: EDGE_HOST,
      centralHost: CENTRAL_HOST,
      proxyMBps,
      drain: { records: d.records, payloadBytes: d.payloadBytes, seconds: d.seconds, payloadMBps: d.payloadBytes / d.seconds / 1e6, recordsPerSec: d.records / d.seconds, wireMBps: d.wireBytesUp / d.seconds / 1e6 },
      codecs,
    });
  if (CODECS.length === 0) return result();
  console.log(`\nwire bytes (Produce requests) per payload byte, ${CODEC_RECORDS} readings per run:`);
  console.log("codec    | JSON (B/payload B, records/s) | CBOR (B/payload B, records/s)");
  for (const codec of CODECS) {
    const cells: string[] = [];
    for (const kind of ["json", "cbor"] as const) {
      const r = await drain(kind, codec, CODEC_RECORDS);
      codecs.push({ codec, kind, wirePerPayload: r.wireBytesUp / r.payloadBytes, recordsPerSec: r.records / r.seconds, avgPayloadBytes: r.payloadBytes / r.records });
      cells.push(`${(r.wireBytesUp / r.payloadBytes).toFixed(3)} (${Math.round(r.records / r.seconds)}/s, avg payload ${(r.payloadBytes / r.records).toFixed(0)} B)`);
    }
    console.log(`${codec.padEnd(8)} | ${cells.join(" | ")}`);
  }
  result();
}

await main();
