/**
 * Soak: a long run of the whole edge path, watched for leaks and lost records (not CI).
 *
 * - an edge `tributary serve` (SOAK_HOST, default bun) ingests from `tributary devices simulate`
 *   (SOAK_DEVICES=1000 sensors × SOAK_RATE=1 reading/s, JSON, QoS 1, a separate process);
 * - SOAK_CONSUMERS=3 kafkajs consumers in one group read the edge topic;
 * - the bridge mirrors it to a second `tributary serve` (the "central") through the fault
 *   proxy, which cuts the uplink periodically (every SOAK_CUT_EVERY_S for SOAK_CUT_S);
 * - every SOAK_SAMPLE_S=10 s the edge's and the central's RSS and open fds are read from /proc
 *   and written to `<SOAK_OUT>/soak-<host>-<time>.csv` (default test/artifacts/soak; JSON summary beside it).
 *
 * After SOAK_MINUTES (default 30) the simulator stops, the uplink heals, the mirror drains, and
 * kcat reads both topics. Exit 1 if the edge's RSS or fds are not flat (see flatness.ts), or a
 * PUBACKed reading is missing on the edge or upstream.
 *
 * Loss accounting without per-reading acks from the simulator: a device's readings are
 * `seq` 0, 1, 2, … in send order, so the readings sent are a prefix per device and the total
 * sent is known. If every device's stored readings are a prefix with no holes and their sum
 * reaches the total sent, every sent — hence every PUBACKed — reading is stored: lost = 0.
 * Otherwise the holes are counted: a reading missing below a device's highest stored seq was
 * sent and not stored; `lost` counts those, plus any shortfall of stored against PUBACKed.
 *
 * Run: `SOAK_MINUTES=3 ./node_modules/.bin/bun test/soak/soak.ts` (or `npm run soak`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { type BrokerProcess, type Host, hostCommand, projectRoot, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { FaultProxy } from "../_support/fault_proxy.ts";
import { highWatermarks } from "../bench/bridge_harness.ts";
import { judgeFlatness } from "./flatness.ts";
import { startGroupConsumers } from "./group_consumers.ts";
import { type ProcSample, sampleProcess, samplesCsv } from "./proc_sampler.ts";
import { readLedger } from "./readings_ledger.ts";

const env = process.env;
const MINUTES = Number(env.SOAK_MINUTES ?? 30);
const DEVICES = Number(env.SOAK_DEVICES ?? 1000);
const RATE = Number(env.SOAK_RATE ?? 1);
const HOST = (env.SOAK_HOST ?? "bun") as Host;
const CENTRAL_HOST = (env.SOAK_CENTRAL_HOST ?? HOST) as Host;
const CONSUMERS = Number(env.SOAK_CONSUMERS ?? 3);
const SAMPLE_S = Number(env.SOAK_SAMPLE_S ?? 10);
const DURATION_S = Math.round(MINUTES * 60);
const CUT_EVERY_S = Number(env.SOAK_CUT_EVERY_S ?? Math.min(180, Math.max(20, Math.floor(DURATION_S / 6))));
const CUT_S = Number(env.SOAK_CUT_S ?? Math.min(30, Math.floor(CUT_EVERY_S / 3)));
const DRAIN_TIMEOUT_S = Number(env.SOAK_DRAIN_TIMEOUT_S ?? 600);
const OUT = env.SOAK_OUT ?? join(projectRoot, "test/artifacts/soak");
const PARTITIONS = 4;
const GATEWAY = "soak-gw";
const TOPIC = "telemetry";
const UPSTREAM_TOPIC = `${GATEWAY}.${TOPIC}`;
/** Flatness tolerances: RSS within max(10 %, 16 MiB), fds within max(5 %, 16). */
const RSS_TOLERANCE = { relative: 0.1, absolute: 16 * 1024 };
const FD_TOLERANCE = { relative: 0.05, absolute: 16 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sum = (xs: number[]) => xs.reduce((a, b) => a + (b ?? 0), 0);

const cleanups: Array<() => unknown> = [];
async function cleanup(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) {
    try {
      await c();
    } catch {
      // keep cleaning
    }
  }
}
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

interface SimulatorSummary {
  connected: number;
  failedConnects: number;
  sent: number;
  acked: number;
  behind: number;
  averageRate: number;
}

/** `tributary devices simulate` as a child process; resolves with its JSON summary. */
function startSimulator(mqttPort: number): { child: ChildProcess; summary: Promise<SimulatorSummary>; progress: () => string } {
  const [cmd, argv] = hostCommand(HOST, [
    "devices", "simulate", "--count", String(DEVICES), "--rate", String(RATE), "--codec", "json", "--qos", "1",
    "--mqtt-host", "127.0.0.1", "--mqtt-port", String(mqttPort), "--duration", String(DURATION_S),
  ]);
  const child = spawn(cmd, argv, { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...env, NO_COLOR: "1" } });
  let stdout = "";
  let lastProgress = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d: Buffer) => {
    const parts = String(d).split("\r").map((s) => s.trim()).filter(Boolean);
    if (parts.length > 0) lastProgress = parts[parts.length - 1]!;
  });
  const summary = new Promise<SimulatorSummary>((resolve, reject) => {
    child.on("exit", (code) => {
      try {
        resolve(JSON.parse(stdout.trim().split("\n").pop()!) as SimulatorSummary);
      } catch {
        reject(new Error(`simulator exited ${code} without a summary: ${stdout.slice(-500)} ${lastProgress}`));
      }
    });
  });
  return { child, summary, progress: () => lastProgress };
}

async function main(): Promise<number> {
  log(`edge ${HOST}, central ${CENTRAL_HOST}, ${DEVICES} devices × ${RATE}/s for ${MINUTES} min, uplink cut every ${CUT_EVERY_S}s for ${CUT_S}s, ${CONSUMERS} kafkajs consumers`);
  const edgeDir = tempDir("tributary-soak-edge-");
  const centralDir = tempDir("tributary-soak-central-");
  if (!env.SOAK_KEEP) cleanups.push(edgeDir.cleanup, centralDir.cleanup);
  const proxy = await FaultProxy.start(currentRuntime(), { host: "127.0.0.1", port: 1 });
  cleanups.push(() => proxy.close());
  const central: BrokerProcess = await startBrokerProcess(CENTRAL_HOST, {
    dataDir: centralDir.path,
    args: ["--kafka-advertised-host", "127.0.0.1", "--kafka-advertised-port", String(proxy.port)],
  });
  cleanups.push(() => central.kill());
  proxy.retarget(central.ports.kafka!);
  const rules = [{ filter: "devices/+/telemetry", topic: TOPIC, key: "{segment:1}", partitions: PARTITIONS }];
  const bridge = {
    upstream: { bootstrap: [`127.0.0.1:${proxy.port}`], connectTimeoutMs: 2000, requestTimeoutMs: 5000 },
    topics: [{ match: TOPIC }],
    createTopics: { partitions: PARTITIONS },
  };
  const edge: BrokerProcess = await startBrokerProcess(HOST, {
    dataDir: edgeDir.path,
    args: ["--gateway-id", GATEWAY, "--set", `mqtt.rules=${JSON.stringify(rules)}`, "--bridge", JSON.stringify(bridge)],
  });
  cleanups.push(() => edge.kill());
  const edgeBootstrap = `127.0.0.1:${edge.ports.kafka}`;

  const startedAt = Date.now();
  const series: Record<string, ProcSample[]> = { edge: [], central: [] };
  mkdirSync(OUT, { recursive: true });
  const stamp = new Date(startedAt).toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const csvPath = join(OUT, `soak-${HOST}-${stamp}.csv`);
  const jsonPath = join(OUT, `soak-${HOST}-${stamp}.json`);
  const sample = () => {
    const at = Date.now() - startedAt;
    for (const [name, proc] of [["edge", edge], ["central", central]] as const) {
      const s = sampleProcess(proc.child.pid!, at);
      if (s) series[name]!.push(s);
    }
    writeFileSync(csvPath, samplesCsv(series));
  };
  sample();

  const sim = startSimulator(edge.ports.mqtt!);
  cleanups.push(() => sim.child.exitCode === null && sim.child.kill("SIGKILL"));
  // The consumers join once the rule has created the topic.
  while ((await highWatermarks(edge.ports.http!, TOPIC).catch(() => [])).length < PARTITIONS) await sleep(500);
  const consumers = await startGroupConsumers(edgeBootstrap, TOPIC, "soak-group", CONSUMERS);
  cleanups.push(() => consumers.stop());

  let cuts = 0;
  let cutUntil = 0;
  let nextCut = Date.now() + CUT_EVERY_S * 1000;
  const simEnd = startedAt + DURATION_S * 1000;
  let nextSample = Date.now() + SAMPLE_S * 1000;
  let nextLog = Date.now() + 60_000;
  let simDone = false;
  void sim.summary.finally(() => (simDone = true)).catch(() => {});
  while (!simDone) {
    const now = Date.now();
    if (cutUntil === 0 && now >= nextCut && now < simEnd - CUT_S * 1000) {
      proxy.refuse = true;
      proxy.cut();
      cuts++;
      cutUntil = now + CUT_S * 1000;
    } else if (cutUntil !== 0 && now >= cutUntil) {
      proxy.refuse = false;
      cutUntil = 0;
      nextCut = now + (CUT_EVERY_S - CUT_S) * 1000;
    }
    if (now >= nextSample) {
      sample();
      nextSample += SAMPLE_S * 1000;
    }
    if (now >= nextLog) {
      const e = series.edge!.at(-1);
      log(`${sim.progress()} | edge rss ${e ? (e.rssKiB / 1024).toFixed(0) : "?"} MiB fds ${e?.fds ?? "?"} | consumed ${consumers.consumed()} | cuts ${cuts}`);
      nextLog += 60_000;
    }
    await sleep(200);
  }
  proxy.refuse = false;
  // Judge the samples taken while the fleet was publishing (not the drain after it).
  const ingestEndMs = series.edge!.at(-1)?.atMs ?? 0;
  const simulator = await sim.summary;
  sample();
  log(`simulator done: ${JSON.stringify(simulator)}`);

  // Drain: the bridge catches up upstream, the consumers reach the end.
  const drainFrom = Date.now();
  const edgeHw = await highWatermarks(edge.ports.http!, TOPIC);
  const edgeTotal = sum(edgeHw);
  const drainDeadline = Date.now() + DRAIN_TIMEOUT_S * 1000;
  let centralHw: number[] = [];
  for (;;) {
    centralHw = await highWatermarks(central.ports.http!, UPSTREAM_TOPIC).catch(() => []);
    if (edgeHw.every((hw, p) => (centralHw[p] ?? 0) >= hw) || Date.now() > drainDeadline) break;
    await sleep(1000);
  }
  const mirrorDrainedS = (Date.now() - drainFrom) / 1000;
  while (consumers.consumed() < edgeTotal && Date.now() < drainDeadline) await sleep(500);
  sample();
  log(`edge ${edgeTotal} records, central ${sum(centralHw)} (drained ${mirrorDrainedS.toFixed(0)}s after ingest), consumed ${consumers.consumed()}`);

  const edgeLedger = await readLedger(edgeBootstrap, TOPIC);
  const centralLedger = await readLedger(`127.0.0.1:${proxy.port}`, UPSTREAM_TOPIC);
  const account = (ledger: typeof edgeLedger) => {
    const perDevice = ledger.perDevice();
    let holes = 0;
    const sampleMissing: string[] = [];
    for (const [id, held] of perDevice) {
      // The highest seq stored bounds what the device sent; a hole below it was sent, not stored.
      const highest = ledger.highest(id);
      holes += highest + 1 - held;
      if (highest + 1 > held && sampleMissing.length < 20) sampleMissing.push(...ledger.missingOf(id, highest + 1, 5).sample);
    }
    const shortfall = Math.max(0, simulator.acked - ledger.distinct);
    return {
      records: ledger.records,
      distinctReadings: ledger.distinct,
      duplicates: ledger.duplicates,
      unparsable: ledger.unparsable,
      devices: perDevice.size,
      holes,
      allSentStored: holes === 0 && ledger.distinct >= simulator.sent,
      lost: holes + shortfall,
      sampleMissing: sampleMissing.slice(0, 20),
    };
  };
  const edgeAccount = account(edgeLedger);
  const upstreamAccount = account(centralLedger);

  const judged = series.edge!.filter((s) => s.atMs <= ingestEndMs);
  const at = judged.map((s) => s.atMs);
  const rss = judgeFlatness(at, judged.map((s) => s.rssKiB), RSS_TOLERANCE.relative, RSS_TOLERANCE.absolute);
  const fds = judgeFlatness(at, judged.map((s) => s.fds), FD_TOLERANCE.relative, FD_TOLERANCE.absolute);
  const centralJudged = series.central!.filter((s) => s.atMs <= ingestEndMs);
  const centralRss = judgeFlatness(centralJudged.map((s) => s.atMs), centralJudged.map((s) => s.rssKiB), RSS_TOLERANCE.relative, RSS_TOLERANCE.absolute);

  const consumed = consumers.consumed();
  await consumers.stop();
  const edgeExit = await edge.stop();
  const centralExit = await central.stop();
  const summary = {
    edgeHost: HOST,
    centralHost: CENTRAL_HOST,
    minutes: MINUTES,
    devices: DEVICES,
    ratePerDevice: RATE,
    consumers: CONSUMERS,
    cuts,
    cutEveryS: CUT_EVERY_S,
    cutS: CUT_S,
    proxyConnections: proxy.accepted,
    simulator,
    edgeRecords: edgeTotal,
    centralRecords: sum(centralHw),
    consumedByGroup: consumed,
    mirrorDrainedS,
    edge: edgeAccount,
    upstream: upstreamAccount,
    edgeRss: rss,
    edgeFds: fds,
    centralRss,
    exitCodes: { edge: edgeExit, central: centralExit },
    csv: csvPath,
  };
  writeFileSync(jsonPath, JSON.stringify(summary, null, 2) + "\n");
  const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
  console.log(`
soak summary (${HOST} edge, ${CENTRAL_HOST} central, ${MINUTES} min, ${DEVICES} devices × ${RATE}/s)
  edge RSS   start ${mib(rss.first)}  end ${mib(rss.last)}  max ${mib(rss.max)}  middle→last third mean ${mib(rss.middleMean)}→${mib(rss.lastMean)}, min ${mib(rss.middleMin)}→${mib(rss.lastMin)}  slope ${mib(rss.slopePerHour)}/h  ${rss.flat ? "flat" : "NOT FLAT"}
  edge fds   start ${fds.first}  end ${fds.last}  max ${fds.max}  middle→last third ${fds.middleMean.toFixed(1)}→${fds.lastMean.toFixed(1)}  slope ${fds.slopePerHour.toFixed(1)}/h  ${fds.flat ? "flat" : "NOT FLAT"}
  central RSS start ${mib(centralRss.first)}  end ${mib(centralRss.last)}  max ${mib(centralRss.max)}  ${centralRss.flat ? "flat" : "not flat (informational)"}
  readings   sent ${simulator.sent}  acked ${simulator.acked}  behind ${simulator.behind}  devices connected ${simulator.connected} (failed ${simulator.failedConnects})
  edge       ${edgeAccount.records} records, ${edgeAccount.distinctReadings} distinct readings, holes ${edgeAccount.holes}, lost ${edgeAccount.lost}
  upstream   ${upstreamAccount.records} records, ${upstreamAccount.distinctReadings} distinct readings, holes ${upstreamAccount.holes}, lost ${upstreamAccount.lost}
  uplink     ${cuts} cuts of ${CUT_S}s, drained ${mirrorDrainedS.toFixed(0)}s after ingest; group consumed ${consumed}
  files      ${csvPath}
`);
  const ok = rss.flat && fds.flat && edgeAccount.lost === 0 && upstreamAccount.lost === 0 && edgeExit === 0 && centralExit === 0;
  console.log(ok ? "SOAK PASSED" : "SOAK FAILED");
  return ok ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(error);
}
await cleanup();
process.exit(code);
