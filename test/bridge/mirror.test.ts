/** Local topics mirrored into a central Tributary: routing, provenance, order, status. */
import { afterEach, describe, expect, test } from "bun:test";
import type { Bridge } from "../../bridge/bridge.ts";
import { PROVENANCE, lastHeader } from "../../bridge/mirror/provenance.ts";
import type { FileLogManager } from "../../broker/log/log_manager.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { type Central, openLog, startCentral } from "./_central.ts";
import { appendRecords, startTestBridge, waitFor } from "./_bridge_setup.ts";

const dec = new TextDecoder();

/** A loopback port with no listener (bound, read back, released). */
async function unusedPort(): Promise<number> {
  const listener = await currentRuntime().listen({ hostname: "127.0.0.1", port: 0 }, (c) => c.close());
  const port = listener.port;
  await listener.close();
  return port;
}
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(localPartitions: number, upstreamPartitions: number | null) {
  const central: Central = await startCentral();
  cleanups.push(() => central.close());
  if (upstreamPartitions !== null) await central.log.createTopic("gw1.sensors", { partitions: upstreamPartitions });
  const edge: FileLogManager = await openLog();
  cleanups.push(() => edge.close());
  await edge.createTopic("sensors", { partitions: localPartitions });
  return { central, edge };
}

function track(bridge: Bridge) {
  cleanups.push(() => bridge.close());
  return bridge;
}

describe("upstream mirroring", () => {
  test("records reach the upstream partition of the same number with provenance and original timestamps", async () => {
    const { central, edge } = await setup(2, 2);
    const { bridge, metrics } = await startTestBridge(edge, central.port);
    track(bridge);
    await appendRecords(edge, "sensors", 0, 0, 50, "a");
    await appendRecords(edge, "sensors", 1, 0, 30, "b");
    await waitFor(async () => (await central.records("gw1.sensors", 0)).length === 50 && (await central.records("gw1.sensors", 1)).length === 30, 10_000, "mirrored records");
    const p0 = await central.records("gw1.sensors", 0);
    expect(p0.map((r) => dec.decode(r.value!))).toEqual(Array.from({ length: 50 }, (_, i) => `a-${i}`));
    expect(p0[7]!.timestamp).toBe(1_700_000_000_007);
    expect(dec.decode(p0[7]!.key!)).toBe("key-3");
    expect(lastHeader(p0[7]!.headers, PROVENANCE.gateway)).toBe("gw1");
    expect(lastHeader(p0[7]!.headers, PROVENANCE.topic)).toBe("sensors");
    expect(lastHeader(p0[7]!.headers, PROVENANCE.partition)).toBe("0");
    expect(lastHeader(p0[7]!.headers, PROVENANCE.offset)).toBe("7");
    await waitFor(() => bridge.status().lag.records === 0, 5000, "lag 0");
    const status = bridge.status();
    expect(status.state).toBe("connected");
    expect(status.recordsSent).toBe(80);
    expect(status.compressionRatio).toBeGreaterThan(1);
    expect(metrics.value("tributary_bridge_records_sent_total")).toBe(80);
    expect(metrics.render()).toContain('tributary_bridge_lag_records{topic="sensors",partition="1"} 0');
  });

  test("with fewer upstream partitions, records go by murmur2 of the key and keep per-key order", async () => {
    const { central, edge } = await setup(3, 2);
    const { bridge } = await startTestBridge(edge, central.port);
    track(bridge);
    for (let p = 0; p < 3; p++) await appendRecords(edge, "sensors", p, 0, 40, `p${p}`, 5);
    const all = async () => [...(await central.records("gw1.sensors", 0)), ...(await central.records("gw1.sensors", 1))];
    await waitFor(async () => (await all()).length === 120, 10_000, "120 records");
    for (const up of [0, 1]) {
      const records = await central.records("gw1.sensors", up);
      const seen = new Map<string, number>();
      for (const r of records) {
        const src = `${lastHeader(r.headers, PROVENANCE.partition)}:${dec.decode(r.key!)}`;
        const offset = Number(lastHeader(r.headers, PROVENANCE.offset));
        expect(offset).toBeGreaterThan(seen.get(src) ?? -1);
        seen.set(src, offset);
      }
      // Every key lands on exactly one upstream partition.
      for (const r of records) expect(["key-0", "key-1", "key-2", "key-3", "key-4"]).toContain(dec.decode(r.key!));
    }
    const keysOn = async (p: number) => new Set((await central.records("gw1.sensors", p)).map((r) => dec.decode(r.key!)));
    const k0 = await keysOn(0), k1 = await keysOn(1);
    for (const k of k0) expect(k1.has(k)).toBe(false);
  });

  test("missing upstream topics are reported, and created when allowed", async () => {
    const { central, edge } = await setup(2, null);
    const { bridge } = await startTestBridge(edge, central.port);
    track(bridge);
    await waitFor(() => bridge.status().lastError?.message.includes("gw1.sensors") ?? false, 5000, "missing-topic error");
    expect(bridge.status().state).toBe("backing_off");
    expect(bridge.status().lastError!.message).toContain("upstream topics missing");
    await bridge.close();
    cleanups.pop();
    const created = await startTestBridge(edge, central.port, { createTopics: true });
    track(created.bridge);
    await appendRecords(edge, "sensors", 1, 0, 3);
    await waitFor(async () => (await central.records("gw1.sensors", 1)).length === 3, 5000, "records in created topic");
    expect(central.log.getTopic("gw1.sensors")!.partitions).toBe(2);
  });

  test("bytes are counted as sent only once the leader's connection exists", async () => {
    // The central answers Metadata on its real port but advertises a port nobody listens on,
    // so every Produce attempt fails to connect to the leader.
    const deadPort = await unusedPort();
    const central: Central = await startCentral({ advertisedPort: deadPort });
    cleanups.push(() => central.close());
    await central.log.createTopic("gw1.sensors", { partitions: 1 });
    const edge: FileLogManager = await openLog();
    cleanups.push(() => edge.close());
    await edge.createTopic("sensors", { partitions: 1 });
    const { bridge } = await startTestBridge(edge, central.port, { retryBackoffMs: 10, retryBackoffMaxMs: 50 });
    track(bridge);
    await appendRecords(edge, "sensors", 0, 0, 20, "x");
    await waitFor(() => bridge.status().lastError !== null, 10_000, "a failed produce attempt");
    expect(bridge.status().bytesSent).toBe(0);
    expect(bridge.status().recordsSent).toBe(0);
  });

  test("the uplink rate limit paces bytes sent", async () => {
    const { central, edge } = await setup(1, 1);
    const { bridge } = await startTestBridge(edge, central.port, {
      compression: "none",
      batchMaxBytes: 2048,
      rateLimitBytesPerSecond: 8000,
      rateLimitBurstBytes: 1000,
    });
    track(bridge);
    const p = (await edge.partition("sensors", 0))!;
    const started = Date.now();
    await p.append(buildRecordBatch(Array.from({ length: 50 }, (_, i) => ({ timestamp: i, key: null, value: new Uint8Array(200).fill(i) }))));
    await waitFor(() => bridge.status().lag.records === 0 && bridge.status().recordsSent === 50, 10_000, "sent");
    const elapsed = Date.now() - started;
    const sent = bridge.status().bytesSent;
    expect(sent).toBeGreaterThan(10_000);
    // (sent - burst) / rate seconds at least, give or take the first batch's debt.
    expect(elapsed).toBeGreaterThan(((sent - 1000 - 2300) / 8000) * 1000);
  }, 20_000);
});
