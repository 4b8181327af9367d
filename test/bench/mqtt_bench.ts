/**
 * MQTT benchmark: Tributary (broker process under Deno and under Bun, durability group-commit:
 * every PUBACK waits for a shared fdatasync) against Mosquitto (started here on its own port with
 * a minimal config, persistence off and on) under the same load, in one run:
 *
 * - QoS 0 ingest: 4 publishers × BENCH_MSGS messages of 100 B, no subscriber; the clock stops
 *   when each publisher's QoS 1 fence (sent after its last PUBLISH) is acknowledged.
 * - QoS 1 ingest: same, QoS 1 with a window of 100 unacknowledged per publisher.
 * - Fleet: 100 publishers, each with one QoS 1 message in flight (a sensor waits for its
 *   PUBACK before the next reading), 2,000 messages each; native generator only.
 * - Fan-in: 4 QoS 1 publishers → one QoS 1 subscriber of `fan/#` (msgs/s delivered).
 * - Tributary only: MQTT publish → Kafka consumer (kafkajs) latency p50/p99 at 10k msg/s.
 *
 * The ingest phases use the native generator (loadgen/mqtt_loadgen.c, compiled with `cc`; the
 * JavaScript one in mqtt_loadgen.ts when there is no compiler), fan-in and latency the
 * JavaScript one. Both send pre-encoded PUBLISH packets over raw TCP. The generator's CPU time
 * is printed beside the wall time so it can be seen not to be the bottleneck.
 *
 * Run: ./node_modules/.bin/bun test/bench/mqtt_bench.ts
 * All targets are started first; in each ingest round they take turns (see `interleaved`).
 * (env: BENCH_MSGS per publisher, BENCH_ROUNDS of each ingest phase — median reported,
 * BENCH_ONLY=deno,bun,mosquitto,mosquitto-persist, BENCH_PHASES=qos0,qos1,fleet,fan,latency,
 * BENCH_LOADGEN=js for the JavaScript ingest generator)
 * Not part of CI.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { type BrokerProcess, type Host, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { emitResult } from "./_emit.ts";
import { encodePublishes, encodeSubscribe, PacketReader, type RawConnection, rawConnect, runPublisher } from "./mqtt_loadgen.ts";
import { processCpuMs } from "./_proc.ts";
import { type NativeIngestResult, nativeLoadgen, runNativeIngest } from "./native_loadgen.ts";

const HOST = "127.0.0.1";
const PUBLISHERS = 4;
const MSGS = Number(process.env.BENCH_MSGS ?? 50_000);
const FAN_MSGS = Math.max(1000, Math.floor(MSGS / 2));
const PAYLOAD = 100;
const WINDOW = 100;
/** QoS 1 messages a session may queue beyond its in-flight window, on both brokers (fan-in). */
const MAX_QUEUED = 100_000;
/** Ingest phases run this many times; the median round is reported (this machine is shared). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ONLY = (process.env.BENCH_ONLY ?? "deno,bun,mosquitto,mosquitto-persist").split(",");
const PHASES = (process.env.BENCH_PHASES ?? "qos0,qos1,fleet,fan,latency").split(",");
/** Fleet phase: publishers with one QoS 1 message in flight each, and messages per publisher. */
const FLEET_PUBLISHERS = 100;
const FLEET_MSGS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Phase {
  msgs: number;
  wallMs: number;
  genCpuMs: number;
  brokerCpuMs: number;
}
const rate = (p: Phase) => (p.msgs / p.wallMs) * 1000;


/** A phase run by this process's own (JavaScript) generator returns its message count. */
async function measure(pid: number, fn: () => Promise<number | NativeIngestResult>): Promise<Phase> {
  const cpu0 = process.cpuUsage();
  const b0 = processCpuMs(pid);
  const t0 = performance.now();
  const done = await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const brokerCpuMs = processCpuMs(pid) - b0;
  // The native generator times itself from its first PUBLISH (no process start or CONNECTs).
  if (typeof done !== "number") return { msgs: done.msgs, wallMs: done.wallMs, genCpuMs: done.cpuMs, brokerCpuMs };
  return { msgs: done, wallMs, genCpuMs: (cpu.user + cpu.system) / 1000, brokerCpuMs };
}

const NATIVE_LOADGEN = process.env.BENCH_LOADGEN === "js" ? undefined : nativeLoadgen();

/**
 * A QoS 1 PUBLISH after the QoS 0 stream, to the same topic: its PUBACK means the server has
 * taken everything before it (Tributary: appended to the same partition and made durable, as
 * acks follow the log order; Mosquitto: processed).
 */
async function fence(conn: RawConnection, topic: string): Promise<void> {
  const r = await runPublisher(conn, { packets: encodePublishes({ topic, qos: 1, count: 1, payloadSize: PAYLOAD, publisher: 99 }), qos: 1 });
  if (r.acked.length !== 1) throw new Error("fence not acknowledged");
}

/** Many sensors, one QoS 1 message in flight each (needs the native generator). */
function fleet(port: number): Promise<NativeIngestResult> {
  return runNativeIngest(NATIVE_LOADGEN!, { host: HOST, port, publishers: FLEET_PUBLISHERS, msgsPerPublisher: FLEET_MSGS, payloadBytes: PAYLOAD, qos: 1, window: 1, tag: "fleet" });
}

async function ingest(port: number, qos: 0 | 1, tag: string): Promise<number | NativeIngestResult> {
  if (NATIVE_LOADGEN !== undefined) {
    return await runNativeIngest(NATIVE_LOADGEN, { host: HOST, port, publishers: PUBLISHERS, msgsPerPublisher: MSGS, payloadBytes: PAYLOAD, qos, window: WINDOW, tag });
  }
  const packets = Array.from({ length: PUBLISHERS }, (_, p) => encodePublishes({ topic: `bench/${tag}/p${p}`, qos, count: MSGS, payloadSize: PAYLOAD, publisher: p }));
  const conns = await Promise.all(packets.map((_, p) => rawConnect(HOST, port, `bench-${tag}-${p}`)));
  await Promise.all(conns.map(async (conn, p) => {
    const r = await runPublisher(conn, { packets: packets[p]!, qos, window: WINDOW });
    if (r.interrupted) throw new Error("publisher connection closed");
    if (qos === 0) await fence(conn, `bench/${tag}/p${p}`);
  }));
  for (const c of conns) c.socket.destroy();
  return PUBLISHERS * MSGS;
}

/** A raw QoS 1 subscriber that PUBACKs everything; counts PUBLISH packets. */
async function rawSubscriber(port: number, filter: string, onMessage: (payload: Uint8Array) => void): Promise<RawConnection> {
  const conn = await rawConnect(HOST, port, `bench-sub-${Math.random().toString(36).slice(2)}`);
  await new Promise<void>((resolve) => {
    conn.socket.on("data", (chunk: Uint8Array) => {
      const acks: number[] = [];
      conn.reader.push(chunk, (type, flags, body) => {
        if (type === 9) resolve(); // SUBACK
        if (type !== 3) return;
        const topicLength = (body[0]! << 8) | body[1]!;
        const qos = (flags >> 1) & 3;
        let at = 2 + topicLength;
        if (qos > 0) {
          acks.push(0x40, 0x02, body[at]!, body[at + 1]!);
          at += 2;
        }
        onMessage(body.subarray(at));
      });
      if (acks.length > 0) conn.socket.write(Uint8Array.from(acks));
    });
    conn.socket.write(encodeSubscribe(1, filter, 1));
  });
  return conn;
}

async function fanIn(port: number): Promise<number> {
  let received = 0;
  let last = performance.now();
  const sub = await rawSubscriber(port, "fan/#", () => {
    received++;
    last = performance.now();
  });
  const packets = Array.from({ length: PUBLISHERS }, (_, p) => encodePublishes({ topic: `fan/p${p}`, qos: 1, count: FAN_MSGS, payloadSize: PAYLOAD, publisher: p }));
  const conns = await Promise.all(packets.map((_, p) => rawConnect(HOST, port, `bench-fan-${p}`)));
  await Promise.all(conns.map((conn, p) => runPublisher(conn, { packets: packets[p]!, qos: 1, window: WINDOW })));
  // Delivered all, or nothing more for 2 s (a broker that drops beyond its queue).
  while (received < PUBLISHERS * FAN_MSGS && performance.now() - last < 2000) await sleep(5);
  for (const c of conns) c.socket.destroy();
  sub.socket.destroy();
  return received;
}

/** p50/p99 of MQTT publish → kafkajs consumer at `ratePerSec` for `seconds`. */
async function latency(broker: BrokerProcess, ratePerSec: number, seconds: number): Promise<{ p50: number; p99: number; n: number; sent: number }> {
  const kafka = new Kafka({ clientId: "mqtt-bench", brokers: [`${HOST}:${broker.ports.kafka}`], logLevel: logLevel.NOTHING });
  // Create the topic through MQTT first so the consumer has something to join.
  const warm = await rawConnect(HOST, broker.ports.mqtt!, "bench-lat-warm");
  await runPublisher(warm, { packets: encodePublishes({ topic: "lat/warm", qos: 1, count: 1, payloadSize: PAYLOAD, publisher: 9 }), qos: 1 });
  warm.socket.destroy();
  const consumer = kafka.consumer({ groupId: `bench-${Date.now()}`, minBytes: 1, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic: "mqtt-messages", fromBeginning: false });
  const samples: number[] = [];
  let assigned = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (assigned = true));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = performance.timeOrigin + performance.now();
      for (const m of batch.messages) {
        const v = m.value;
        if (!v || v.length !== PAYLOAD || v.readUInt32BE(0) === 9) continue;
        samples.push(now - v.readDoubleBE(8));
      }
    },
  });
  while (!assigned) await sleep(20);
  await sleep(500);
  const per = ratePerSec / PUBLISHERS;
  const count = Math.floor(per * seconds);
  const conns = await Promise.all(Array.from({ length: PUBLISHERS }, (_, p) => rawConnect(HOST, broker.ports.mqtt!, `bench-lat-${p}`)));
  await Promise.all(conns.map((conn, p) =>
    runPublisher(conn, { packets: encodePublishes({ topic: `lat/p${p}`, qos: 1, count, payloadSize: PAYLOAD, publisher: p }), qos: 1, window: WINDOW, stamp: true, ratePerSec: per })
  ));
  const sent = count * PUBLISHERS;
  const deadline = Date.now() + 30_000;
  while (samples.length < sent && Date.now() < deadline) await sleep(20);
  for (const c of conns) c.socket.destroy();
  await consumer.disconnect();
  samples.sort((a, b) => a - b);
  const q = (f: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * f))] ?? NaN;
  return { p50: q(0.5), p99: q(0.99), n: samples.length, sent };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, HOST, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startMosquitto(persistence: boolean): Promise<{ pid: number; port: number; stop: () => Promise<void>; note: string }> {
  const dir = tempDir("mqtt-bench-mosquitto-");
  const port = await freePort();
  const conf = join(dir.path, "mosquitto.conf");
  const lines = [
    `listener ${port} ${HOST}`,
    "allow_anonymous true",
    "max_inflight_messages 100",
    `max_queued_messages ${MAX_QUEUED}`,
    `persistence ${persistence}`,
    ...(persistence ? [`persistence_location ${dir.path}/`, "autosave_interval 1800"] : []),
  ];
  writeFileSync(conf, lines.join("\n") + "\n");
  const child: ChildProcess = spawn("mosquitto", ["-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<void>((r) => child.on("exit", () => r()));
  for (let i = 0;; i++) {
    try {
      const c = await rawConnect(HOST, port, "probe");
      c.socket.destroy();
      break;
    } catch {
      if (i > 200) throw new Error(`mosquitto did not start: ${err}`);
      await sleep(25);
    }
  }
  return {
    pid: child.pid!,
    port,
    note: persistence ? "persistence true (snapshot every 1800 s / on exit; no fsync per ack)" : "persistence false",
    async stop() {
      child.kill("SIGTERM");
      await exited;
      dir.cleanup();
    },
  };
}

interface Result {
  name: string;
  note: string;
  qos0: Phase;
  qos1: Phase;
  fleet: Phase;
  fan: Phase;
  fanSent: number;
  latency?: { p50: number; p99: number; n: number; sent: number };
  recordsPerFsync?: number;
}

/** A broker under test, started before any phase runs. */
interface Target {
  name: string;
  note: string;
  pid: number;
  port: number;
  broker?: BrokerProcess;
  stop: () => Promise<void>;
}

/**
 * Run `phase` ROUNDS times on every target, the targets taking turns within each round, and
 * return each target's median round. This machine's speed drifts over minutes (it is shared),
 * so a target measured minutes after another could land in a faster or slower spell; taking
 * turns keeps each round's figures for all targets within seconds of each other.
 */
async function interleaved(targets: Target[], label: string, phase: (t: Target) => Promise<number | NativeIngestResult>): Promise<Phase[]> {
  const runs: Phase[][] = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, t] of targets.entries()) runs[i]!.push(await measure(t.pid, () => phase(t)));
  }
  const reference = targets.findIndex((t) => t.name === "mosquitto");
  return targets.map((t, i) => {
    const perRound = reference >= 0 && reference !== i
      ? `; ÷ mosquitto per round ${runs[i]!.map((r, k) => (rate(r) / rate(runs[reference]![k]!)).toFixed(2)).join(", ")}`
      : "";
    console.log(`  ${label} ${t.name}: ${runs[i]!.map((r) => Math.round(rate(r))).join(", ")} msg/s (rounds in order)${perRound}`);
    const sorted = [...runs[i]!].sort((a, b) => rate(a) - rate(b));
    return sorted[Math.floor(sorted.length / 2)]!;
  });
}

const results: Result[] = [];
console.log(`MQTT bench: ${PUBLISHERS} publishers × ${MSGS} msgs of ${PAYLOAD} B (fan-in ${PUBLISHERS} × ${FAN_MSGS}), QoS 1 window ${WINDOW}; ${navigator.hardwareConcurrency} cores`);
console.log(`  ingest load generator: ${NATIVE_LOADGEN === undefined ? "JavaScript (mqtt_loadgen.ts)" : "native (loadgen/mqtt_loadgen.c)"}`);
const targets: Target[] = [];
try {
  for (const host of ["deno", "bun"] as Host[]) {
    if (!ONLY.includes(host)) continue;
    const data = tempDir("mqtt-bench-tributary-");
    // The same session queue as the Mosquitto config below (max_queued_messages), for fan-in.
    const broker = await startBrokerProcess(host, { dataDir: data.path, args: ["--mqtt-max-queued-messages", String(MAX_QUEUED)] });
    targets.push({
      name: `tributary/${host}`,
      note: "durability group-commit (PUBACK after fdatasync)",
      pid: broker.child.pid!,
      port: broker.ports.mqtt!,
      broker,
      async stop() {
        await broker.stop();
        data.cleanup();
      },
    });
  }
  for (const persist of [false, true]) {
    if (!ONLY.includes(persist ? "mosquitto-persist" : "mosquitto")) continue;
    const m = await startMosquitto(persist);
    targets.push({ name: persist ? "mosquitto+persist" : "mosquitto", note: m.note, pid: m.pid, port: m.port, stop: m.stop });
  }
  const skipped: Phase = { msgs: 0, wallMs: NaN, genCpuMs: 0, brokerCpuMs: 0 };
  const qos0 = PHASES.includes("qos0") ? await interleaved(targets, "QoS 0", (t) => ingest(t.port, 0, "q0")) : targets.map(() => skipped);
  const qos1 = PHASES.includes("qos1") ? await interleaved(targets, "QoS 1", (t) => ingest(t.port, 1, "q1")) : targets.map(() => skipped);
  const fleetRuns = PHASES.includes("fleet") && NATIVE_LOADGEN !== undefined ? await interleaved(targets, "fleet", (t) => fleet(t.port)) : targets.map(() => skipped);
  for (const [i, t] of targets.entries()) {
    const fan = PHASES.includes("fan") ? await measure(t.pid, () => fanIn(t.port)) : skipped;
    const lat = t.broker && PHASES.includes("latency") ? await latency(t.broker, 10_000, 5) : undefined;
    const result: Result = { name: t.name, note: t.note, qos0: qos0[i]!, qos1: qos1[i]!, fleet: fleetRuns[i]!, fan, fanSent: PUBLISHERS * FAN_MSGS, ...(lat ? { latency: lat } : {}) };
    if (t.broker?.ports.http) {
      // How well fsyncs were shared over the whole run (all phases).
      const text = await (await fetch(`http://${HOST}:${t.broker.ports.http}/metrics`)).text();
      const metric = (name: string) => Number(/^(\S+) (\S+)$/m.exec(text.split("\n").filter((l) => l.startsWith(name)).join("\n"))?.[2] ?? NaN);
      const fsyncs = metric("tributary_log_fsyncs_total");
      const records = metric("tributary_log_appended_records_total");
      console.log(`  ${t.name}: ${records} records, ${fsyncs} fsyncs, ${(records / fsyncs).toFixed(1)} records/fsync`);
      result.recordsPerFsync = records / fsyncs;
    }
    results.push(result);
  }
} finally {
  for (const t of targets) await t.stop();
}

const f = (n: number) => Math.round(n).toLocaleString("en-US").padStart(9);
const phase = (p: Phase) => `${f(rate(p))} msg/s (wall ${(p.wallMs / 1000).toFixed(2)} s, loadgen CPU ${(p.genCpuMs / 1000).toFixed(2)} s, broker CPU ${(p.brokerCpuMs / 1000).toFixed(2)} s)`;
console.log("");
for (const r of results) {
  console.log(`${r.name} — ${r.note}`);
  console.log(`  QoS 0 ingest : ${phase(r.qos0)}`);
  console.log(`  QoS 1 ingest : ${phase(r.qos1)}`);
  console.log(`  fleet        : ${phase(r.fleet)}  (${FLEET_PUBLISHERS} publishers × 1 QoS 1 in flight)`);
  console.log(`  fan-in → 1   : ${phase(r.fan)}  delivered ${r.fan.msgs}/${r.fanSent}`);
  if (r.latency) console.log(`  MQTT → Kafka consumer at 10k msg/s: p50 ${r.latency.p50.toFixed(1)} ms, p99 ${r.latency.p99.toFixed(1)} ms (${r.latency.n}/${r.latency.sent} samples)`);
}
const mosq = results.find((r) => r.name === "mosquitto");
const mosqP = results.find((r) => r.name === "mosquitto+persist");
console.log("");
for (const r of results.filter((x) => x.name.startsWith("tributary"))) {
  for (const m of [mosq, mosqP]) {
    if (!m) continue;
    const ratio = (a: Phase, b: Phase) => (rate(a) / rate(b)).toFixed(2);
    console.log(`${r.name} / ${m.name}: QoS 0 ×${ratio(r.qos0, m.qos0)}  QoS 1 ×${ratio(r.qos1, m.qos1)}  fleet ×${ratio(r.fleet, m.fleet)}  fan-in ×${ratio(r.fan, m.fan)}`);
  }
}

/** Per phase: msg/s and the broker's CPU per message (µs). */
const summary = (p: Phase) => ({ rate: rate(p), msgs: p.msgs, wallMs: p.wallMs, brokerCpuUsPerMsg: (p.brokerCpuMs * 1000) / p.msgs, genCpuMs: p.genCpuMs });
emitResult("mqtt", {
  publishers: PUBLISHERS,
  msgsPerPublisher: MSGS,
  payloadBytes: PAYLOAD,
  loadgen: NATIVE_LOADGEN === undefined ? "js" : "native",
  targets: results.map((r) => ({
    name: r.name,
    note: r.note,
    qos0: summary(r.qos0),
    qos1: summary(r.qos1),
    fleet: summary(r.fleet),
    fan: { ...summary(r.fan), sent: r.fanSent },
    ...(r.latency ? { latency: r.latency } : {}),
    ...(r.recordsPerFsync !== undefined ? { recordsPerFsync: r.recordsPerFsync } : {}),
  })),
});
