/**
 * Exactly-once mirroring with real processes: an edge `tributary serve` (MQTT sensors → log →
 * bridge) mirrors to a central `tributary serve` through the TCP fault proxy, while the uplink
 * is cut, black-holed, reset mid-response and delayed, the edge is SIGKILLed and restarted twice
 * and (second test) the central is restarted with SIGTERM on the same data dir. Raw-TCP QoS 1
 * sensors resend every reading not PUBACKed. Afterwards kcat reads both topics: every edge
 * record (offset) appears upstream exactly once, with its key and value, in per-key order, and
 * every PUBACKed reading is on the edge. MQTT redeliveries after an edge crash are separate
 * edge offsets, so they are told apart from bridge duplicates by `tributary.source.offset`.
 *
 * `BRIDGE_E2E_READINGS` (default 100000) sets the number of readings per run;
 * `BRIDGE_E2E_DEBUG=1` runs the edge with debug logging (shown if a run gets stuck).
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { type BrokerProcess, type Host, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { FaultProxy } from "../_support/fault_proxy.ts";
import { checkExactlyOnce, highWatermarks, kcatReadAll, SensorFleet, sleep, waitForMirror } from "../bench/bridge_harness.ts";

setDefaultTimeout(600_000);
const READINGS = Number(process.env.BRIDGE_E2E_READINGS ?? 100_000);
const DEVICES = 20;
const GATEWAY = "gw1";
const rules = [{ filter: "sensors/+/temp", topic: "sensor-temp", key: "{segment:1}", partitions: 3 }];

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) {
    try {
      await c();
    } catch {
      // keep cleaning
    }
  }
});

function bridgeSection(proxyPort: number) {
  return {
    upstream: { bootstrap: [`127.0.0.1:${proxyPort}`], connectTimeoutMs: 2000, requestTimeoutMs: 3000 },
    topics: [{ match: "sensor-temp" }],
    createTopics: { partitions: 3 },
    ackTimeoutMs: 1000,
    retryBackoffMaxMs: 1000,
    lingerMs: 20,
    topicRescanMs: 200,
  };
}

async function scenario(edgeHost: Host, centralHost: Host, restartCentral: boolean): Promise<void> {
  const edgeDir = tempDir("tributary-bridge-edge-");
  const centralDir = tempDir("tributary-bridge-central-");
  cleanups.push(edgeDir.cleanup, centralDir.cleanup);
  const proxy = await FaultProxy.start(currentRuntime(), { host: "127.0.0.1", port: 1 });
  cleanups.push(() => proxy.close());
  const centralArgs = ["--kafka-advertised-host", "127.0.0.1", "--kafka-advertised-port", String(proxy.port)];
  let central: BrokerProcess = await startBrokerProcess(centralHost, { dataDir: centralDir.path, args: centralArgs });
  cleanups.push(() => central.kill());
  proxy.retarget(central.ports.kafka!);

  const edgeArgs = (mqttPort: number) => [
    "--gateway-id", GATEWAY, "--mqtt-port", String(mqttPort),
    "--set", `mqtt.rules=${JSON.stringify(rules)}`,
    "--bridge", JSON.stringify(bridgeSection(proxy.port)),
    ...(process.env.BRIDGE_E2E_DEBUG ? ["--logging-level", "debug"] : []),
  ];
  let edge: BrokerProcess = await startBrokerProcess(edgeHost, { dataDir: edgeDir.path, args: edgeArgs(0) });
  cleanups.push(() => edge.kill());
  const mqttPort = edge.ports.mqtt!;
  const fleet = new SensorFleet(DEVICES, Math.ceil(READINGS / DEVICES));
  cleanups.push(() => fleet.stop());
  // The sensors may issue readings only up to an allowance that the fault schedule raises step
  // by step, so every fault meets the ingest and the bridge mid-flight however fast the machine.
  const allowance = (fraction: number) => Math.floor(fleet.total * fraction);
  const at = (fraction: number) => fleet.ackedAtLeast(allowance(fraction));
  const until = async (condition: () => boolean | Promise<boolean>) => {
    const started = Date.now();
    while (!(await condition())) {
      // Not a timing assertion: a diagnosis for a stuck run instead of a bare test timeout.
      if (Date.now() - started > 120_000) {
        const status = await fetch(`http://127.0.0.1:${edge.ports.http}/api/bridge`).then((r) => r.text(), (e) => String(e));
        const head = (out: string) => `${out.slice(0, 3000)}\n…\n${out.slice(-3000)}`;
        throw new Error(`stuck at ${fleet.acked} PUBACKs\nBRIDGE: ${status}\nEDGE:\n${head(edge.output())}\nCENTRAL:\n${head(central.output())}`);
      }
      await sleep(20);
    }
  };
  /** Apply a fault, let ingest go on to `fraction`, and wait until the fault bit (`bitten`). */
  const phase = async (fraction: number, fault: () => void | Promise<void>, bitten: () => boolean | Promise<boolean> = () => true) => {
    await fault();
    fleet.allow(allowance(fraction));
    await at(fraction - 0.02);
    await until(bitten);
  };
  fleet.allow(allowance(0.05));
  fleet.start(() => mqttPort);
  await at(0.04);

  const centralCount = async () => {
    try {
      return (await highWatermarks(central.ports.http!, `${GATEWAY}.sensor-temp`)).reduce((a, b) => a + b, 0);
    } catch {
      return 0; // restarting
    }
  };
  let accepted = proxy.accepted;
  let dropped = proxy.bytesDropped;
  let appended = 0;
  const mark = async () => {
    accepted = proxy.accepted;
    dropped = proxy.bytesDropped;
    appended = await centralCount();
  };
  const reconnected = () => proxy.accepted > accepted;
  const lost = () => proxy.bytesDropped > dropped;
  const edgeCount = async () => {
    try {
      return (await highWatermarks(edge.ports.http!, "sensor-temp")).reduce((a, b) => a + b, 0);
    } catch {
      return Infinity; // restarting
    }
  };
  /** The bridge recovered from the last fault: the central appended records since `mark`, or holds all. */
  const recovered = async () => {
    await until(async () => {
      const n = await centralCount();
      return n > appended || n >= (await edgeCount());
    });
  };

  await mark();
  await recovered(); // mirroring works before the first fault
  await mark();
  await phase(0.12, () => proxy.cut(), reconnected);
  await recovered();
  await mark();
  // A request vanishes; the bridge times it out and reconnects.
  await phase(0.2, () => proxy.blackhole("both"), () => lost() && reconnected());
  proxy.blackhole("none");
  await recovered();
  await mark();
  await phase(0.28, () => proxy.resetMidResponse(), reconnected);
  await recovered();
  // The central appends a batch whose answer is lost: SIGKILL the edge mid-ingest with it in
  // doubt. If the bridge was between connections when the answers started vanishing (it cannot
  // even negotiate), lift the black hole, let it recover and try again.
  for (;;) {
    await mark();
    proxy.blackhole("down");
    fleet.allow(allowance(0.36));
    const deadline = Date.now() + 15_000;
    while ((await centralCount()) <= appended && Date.now() < deadline) await sleep(20);
    if ((await centralCount()) > appended) break;
    proxy.blackhole("none");
    await recovered();
  }
  await edge.kill();
  proxy.blackhole("none");
  edge = await startBrokerProcess(edgeHost, { dataDir: edgeDir.path, args: edgeArgs(mqttPort) });
  await mark();
  await phase(0.46, () => {});
  await recovered();
  const resentInDoubt = edge.output().includes("resending in-doubt batches");
  await phase(0.54, () => {
    proxy.delayMs = 20;
  });
  proxy.delayMs = 0;
  if (restartCentral) {
    expect(await central.stop()).toBe(0);
    fleet.allow(allowance(0.6)); // ingest goes on while the central is down
    central = await startBrokerProcess(centralHost, { dataDir: centralDir.path, args: centralArgs });
    proxy.retarget(central.ports.kafka!);
  }
  await mark();
  await phase(0.64, () => proxy.resetMidResponse(), reconnected);
  await phase(0.72, () => {
    proxy.cut();
    proxy.refuse = true;
  });
  proxy.refuse = false;
  await edge.kill(); // SIGKILL mid-ingest, uplink just back
  edge = await startBrokerProcess(edgeHost, { dataDir: edgeDir.path, args: edgeArgs(mqttPort) });
  await recovered();
  await mark();
  await phase(0.86, () => proxy.blackhole("up"), () => lost() && reconnected());
  proxy.blackhole("none");
  await phase(1, () => proxy.cut());
  await fleet.finished();
  expect(fleet.acked).toBe(fleet.total);

  await waitForMirror(() => edge.ports.http!, () => central.ports.http!, "sensor-temp", `${GATEWAY}.sensor-temp`);
  const edgeRecords = await kcatReadAll(`127.0.0.1:${edge.ports.kafka}`, "sensor-temp");
  const centralRecords = await kcatReadAll(`127.0.0.1:${proxy.port}`, `${GATEWAY}.sensor-temp`);
  const report = checkExactlyOnce(edgeRecords, centralRecords, fleet.ackedKeys());
  console.log(`bridge e2e ${edgeHost}→${centralHost}${restartCentral ? " (central restarted)" : ""}:`, JSON.stringify({ ...report, proxyConnections: proxy.accepted, sensorConnects: fleet.sensors.reduce((n, s) => n + s.connects, 0) }));
  expect(report.lostAcked).toEqual([]);
  expect(report.missing).toEqual([]);
  expect(report.duplicated).toEqual([]);
  expect(report.mismatched).toEqual([]);
  expect(report.outOfOrderKeys).toEqual([]);
  expect(report.edgeRecords).toBeGreaterThanOrEqual(fleet.total);
  expect(report.centralRecords).toBe(report.edgeRecords);
  // The first SIGKILL came with an answer lost in flight: the restarted edge resent from its checkpoint.
  expect(resentInDoubt).toBe(true);

  fleet.stop();
  expect(await edge.stop()).toBe(0);
  expect(await central.stop()).toBe(0);
}

const combos: Array<[Host, Host]> = [["bun", "deno"], ["deno", "bun"]];

describe("bridge exactly once, edge and central as real processes", () => {
  for (const [edgeHost, centralHost] of combos) {
    test(`edge on ${edgeHost}, central on ${centralHost}: ${READINGS} QoS 1 readings through uplink faults and two edge SIGKILLs`, async () => {
      await scenario(edgeHost, centralHost, false);
    });
    test(`edge on ${edgeHost}, central on ${centralHost}: the same with the central restarted (SIGTERM, same data dir) mid-run`, async () => {
      await scenario(edgeHost, centralHost, true);
    });
  }
});
