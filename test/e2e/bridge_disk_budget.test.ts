/**
 * The disk budget while the uplink is down, with real processes: the edge (small segments, a
 * small `--log-disk-budget-bytes`) keeps PUBACKing MQTT readings while the proxy to the central
 * refuses every connection; at the budget it drops the oldest unmirrored segments — counted in
 * `tributary_log_retention_unmirrored_dropped_records_total` and logged — and once the uplink
 * returns, the bridge skips what was dropped (`tributary_bridge_records_lost_total`, logged) and
 * everything still on the edge arrives upstream exactly once, in order.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { type BrokerProcess, type Host, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { FaultProxy } from "../_support/fault_proxy.ts";
import { checkExactlyOnce, kcatReadAll, metricSum, SensorFleet, sleep } from "../bench/bridge_harness.ts";

setDefaultTimeout(300_000);
const GATEWAY = "gw-budget";
const READINGS = 40_000;
const BUDGET = 1_000_000;
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

interface PartitionRow {
  topic: string;
  partition: number;
  logStartOffset: number;
  highWatermark: number;
}

async function partitions(httpPort: number, topic: string): Promise<PartitionRow[]> {
  const rows = (await (await fetch(`http://127.0.0.1:${httpPort}/api/partitions`)).json()) as PartitionRow[];
  return rows.filter((r) => r.topic === topic).sort((a, b) => a.partition - b.partition);
}

/** Bytes of the log segments under `dir` (what the disk budget counts); files deleted meanwhile count 0. */
function segmentBytes(dir: string): number {
  let n = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0; // removed while we looked
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) n += segmentBytes(path);
    else if (e.name.endsWith(".log")) {
      try {
        n += statSync(path).size;
      } catch {
        // deleted by retention between readdir and stat
      }
    }
  }
  return n;
}

async function scenario(edgeHost: Host, centralHost: Host): Promise<void> {
  const edgeDir = tempDir("tributary-bridge-budget-edge-");
  const centralDir = tempDir("tributary-bridge-budget-central-");
  cleanups.push(edgeDir.cleanup, centralDir.cleanup);
  const proxy = await FaultProxy.start(currentRuntime(), { host: "127.0.0.1", port: 1 });
  cleanups.push(() => proxy.close());
  proxy.refuse = true; // the uplink is down from the start
  const central: BrokerProcess = await startBrokerProcess(centralHost, {
    dataDir: centralDir.path,
    args: ["--kafka-advertised-host", "127.0.0.1", "--kafka-advertised-port", String(proxy.port)],
  });
  cleanups.push(() => central.kill());
  proxy.retarget(central.ports.kafka!);

  const bridge = {
    upstream: { bootstrap: [`127.0.0.1:${proxy.port}`], connectTimeoutMs: 2000, requestTimeoutMs: 3000 },
    topics: [{ match: "sensor-temp" }],
    createTopics: { partitions: 3 },
    retryBackoffMaxMs: 500,
    topicRescanMs: 200,
  };
  const edge: BrokerProcess = await startBrokerProcess(edgeHost, {
    dataDir: edgeDir.path,
    args: [
      "--gateway-id", GATEWAY,
      "--log-disk-budget-bytes", String(BUDGET),
      "--log-topic-defaults-segment-bytes", "65536",
      "--log-retention-check-interval-ms", "100",
      "--set", `mqtt.rules=${JSON.stringify(rules)}`,
      "--bridge", JSON.stringify(bridge),
    ],
  });
  cleanups.push(() => edge.kill());

  // Producers keep going with the uplink down: every reading is PUBACKed.
  const fleet = new SensorFleet(10, READINGS / 10);
  cleanups.push(() => fleet.stop());
  fleet.start(() => edge.ports.mqtt!);
  await fleet.finished();
  expect(fleet.acked).toBe(READINGS);

  // The budget is enforced on its own schedule: wait until the edge fits in it.
  const edgeRecordsTotal = async () => (await partitions(edge.ports.http!, "sensor-temp")).reduce((n, r) => n + r.highWatermark, 0);
  expect(await edgeRecordsTotal()).toBeGreaterThanOrEqual(READINGS);
  let dropped = 0;
  let used = Infinity;
  while ((dropped = await metricSum(edge.ports.http!, "tributary_log_retention_unmirrored_dropped_records_total")) === 0 || (used = segmentBytes(edgeDir.path)) > BUDGET) await sleep(100);
  expect(edge.output()).toContain("disk budget deleted records not yet mirrored upstream");
  // Dropped at the budget, not before: the segments fit in it and are not far below it (the
  // slack is less than one 64 KiB segment per partition).
  expect(used).toBeGreaterThan(BUDGET - 4 * 65536);
  expect(proxy.accepted).toBeGreaterThan(0); // the bridge kept trying

  // The uplink returns: what was not dropped arrives.
  proxy.refuse = false;
  for (;;) {
    const local = await partitions(edge.ports.http!, "sensor-temp");
    const upstream = await partitions(central.ports.http!, `${GATEWAY}.sensor-temp`);
    if (upstream.length === local.length && local.every((r, i) => upstream[i]!.highWatermark >= r.highWatermark - r.logStartOffset)) break;
    await sleep(200);
  }
  const local = await partitions(edge.ports.http!, "sensor-temp");
  const droppedOnEdge = local.reduce((n, r) => n + r.logStartOffset, 0);
  dropped = await metricSum(edge.ports.http!, "tributary_log_retention_unmirrored_dropped_records_total");
  const skipped = await metricSum(edge.ports.http!, "tributary_bridge_records_lost_total");
  console.log(`disk budget ${edgeHost}→${centralHost}:`, JSON.stringify({ readings: READINGS, budget: BUDGET, segmentBytes: used, droppedOnEdge, droppedMetric: dropped, bridgeSkipped: skipped, retained: READINGS - droppedOnEdge }));
  expect(droppedOnEdge).toBeGreaterThan(0);
  expect(droppedOnEdge).toBeLessThan(READINGS);
  // Reported: the log's counter, the bridge's counter and the log start offsets agree.
  expect(dropped).toBe(droppedOnEdge);
  expect(skipped).toBe(droppedOnEdge);
  // …and the log lines say how many: the retention warnings sum to the dropped records, the
  // bridge's errors name the skipped ranges.
  const lines = edge.output().split("\n");
  const sumOf = (pattern: RegExp, value: (m: RegExpMatchArray) => number) =>
    lines.reduce((n, line) => {
      const m = line.match(pattern);
      return m ? n + value(m) : n;
    }, 0);
  expect(sumOf(/disk budget deleted records not yet mirrored upstream.* unmirrored=(\d+)/, (m) => Number(m[1]))).toBe(droppedOnEdge);
  expect(sumOf(/local records were deleted before they were mirrored.* from=(\d+) to=(\d+)/, (m) => Number(m[2]) - Number(m[1]) + 1)).toBe(droppedOnEdge);

  const edgeRecords = await kcatReadAll(`127.0.0.1:${edge.ports.kafka}`, "sensor-temp");
  const centralRecords = await kcatReadAll(`127.0.0.1:${proxy.port}`, `${GATEWAY}.sensor-temp`);
  const report = checkExactlyOnce(edgeRecords, centralRecords, []);
  expect(report.missing).toEqual([]);
  expect(report.duplicated).toEqual([]);
  expect(report.mismatched).toEqual([]);
  expect(report.outOfOrderKeys).toEqual([]);
  expect(report.edgeRecords).toBe(READINGS - droppedOnEdge);
  expect(report.centralRecords).toBe(READINGS - droppedOnEdge);

  fleet.stop();
  expect(await edge.stop()).toBe(0);
  expect(await central.stop()).toBe(0);
}

describe("bridge with the uplink down and a disk budget", () => {
  test("edge on Bun, central on Deno: drops the oldest unmirrored data only at the budget, reports it, the rest arrives exactly once", async () => {
    await scenario("bun", "deno");
  });
  test("edge on Deno, central on Bun: the same", async () => {
    await scenario("deno", "bun");
  });
});
