/** The bridge holds back local retention until records are acknowledged upstream and checkpointed. */
import { afterEach, describe, expect, test } from "bun:test";
import type { FileLogManager } from "../../broker/log/log_manager.ts";
import { currentRuntime, MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { FaultProxy } from "../_support/fault_proxy.ts";
import { openLog, startCentral } from "./_central.ts";
import { appendRecords, startTestBridge, waitFor } from "./_bridge_setup.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("retention floor", () => {
  test("unmirrored records survive age retention; mirrored ones are deleted", async () => {
    const proxy = await FaultProxy.start(currentRuntime(), { host: "127.0.0.1", port: 1 });
    cleanups.push(() => proxy.close());
    const central = await startCentral({ advertisedPort: proxy.port });
    cleanups.push(() => central.close());
    proxy.retarget(central.port);
    await central.log.createTopic("gw1.sensors", { partitions: 1 });
    proxy.refuse = true;

    const edge: FileLogManager = await openLog();
    cleanups.push(() => edge.close());
    // Tiny segments and 1 ms retention: every closed segment is due for deletion (record timestamps are from 2023).
    await edge.createTopic("sensors", { partitions: 1, config: { "segment.bytes": 512, "retention.ms": 1 } });
    const { bridge } = await startTestBridge(edge, proxy.port, { upstream: { bootstrap: [`127.0.0.1:${proxy.port}`], requestTimeoutMs: 300, connectTimeoutMs: 300 } });
    cleanups.push(() => bridge.close());
    for (let i = 0; i < 10; i++) await appendRecords(edge, "sensors", 0, i * 10, 10);
    await waitFor(() => bridge.status().lag.partitions.length === 1, 5000, "lane");
    const log = (await edge.partition("sensors", 0))!;
    await edge.runRetention();
    expect(log.logStartOffset).toBe(0);

    proxy.refuse = false;
    await waitFor(() => bridge.status().lag.records === 0, 10_000, "mirrored");
    await new Promise((r) => setTimeout(r, 50)); // the checkpoint after the last ack
    await edge.runRetention();
    expect(log.logStartOffset).toBeGreaterThan(50);
    expect((await central.records("gw1.sensors", 0)).length).toBe(100);
  }, 30_000);

  test("a topic the bridge has not discovered yet is held back from age retention", async () => {
    const edge: FileLogManager = await openLog();
    cleanups.push(() => edge.close());
    // Discovery every minute: the topic created after start gets no lane during the test.
    const { bridge } = await startTestBridge(edge, 1, { topicRescanMs: 60_000 });
    cleanups.push(() => bridge.close());
    await edge.createTopic("sensors", { partitions: 1, config: { "segment.bytes": 512, "retention.ms": 1 } });
    for (let i = 0; i < 10; i++) await appendRecords(edge, "sensors", 0, i * 10, 10);
    expect(bridge.status().lag.partitions.length).toBe(0); // no lane yet
    const log = (await edge.partition("sensors", 0))!;
    await edge.runRetention();
    expect(log.highWatermark).toBe(100);
    expect(log.logStartOffset).toBe(0); // before, no floor without a lane: deleted unseen
  }, 30_000);

  test("the disk budget takes such a topic's records only as counted, logged unmirrored records", async () => {
    const edge = await openLog(new MemoryFileSystem(), "/data", false, "none", 2048);
    cleanups.push(() => edge.close());
    const { bridge } = await startTestBridge(edge, 1, { topicRescanMs: 60_000 });
    cleanups.push(() => bridge.close());
    await edge.createTopic("sensors", { partitions: 1, config: { "segment.bytes": 512 } });
    for (let i = 0; i < 10; i++) await appendRecords(edge, "sensors", 0, i * 10, 10);
    expect(bridge.status().lag.partitions.length).toBe(0);
    const log = (await edge.partition("sensors", 0))!;
    await edge.runRetention();
    expect(log.logStartOffset).toBeGreaterThan(0);
    expect(edge.metrics.unmirroredDroppedRecords.value).toBe(log.logStartOffset);
  }, 30_000);
});
