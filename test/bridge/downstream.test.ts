/** Upstream topics mirrored into local topics from a durable position. */
import { afterEach, describe, expect, test } from "bun:test";
import { downstreamCheckpointCodec } from "../../bridge/checkpoint/codec.ts";
import { MemoryCheckpointStore } from "../../bridge/checkpoint/memory_store.ts";
import { PROVENANCE, lastHeader } from "../../bridge/mirror/provenance.ts";
import type { FileLogManager } from "../../broker/log/log_manager.ts";
import { readAll, openLog, startCentral } from "./_central.ts";
import { appendRecords, startTestBridge, waitFor } from "./_bridge_setup.ts";

const dec = new TextDecoder();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("downstream mirroring", () => {
  test("commands flow into a local topic once, across restarts and a lagging checkpoint", async () => {
    const central = await startCentral();
    cleanups.push(() => central.close());
    await central.log.createTopic("gw1.commands", { partitions: 2 });
    await central.log.createTopic("gw1.sensors", { partitions: 1 });
    await appendRecords(central.log, "gw1.commands", 0, 0, 6, "cmd");
    await appendRecords(central.log, "gw1.commands", 1, 0, 4, "cmd1");
    const edge: FileLogManager = await openLog();
    cleanups.push(() => edge.close());
    await edge.createTopic("sensors", { partitions: 1 });
    const downstreamStore = new MemoryCheckpointStore(downstreamCheckpointCodec);
    const options = {
      downstreamStore,
      topics: [{ match: /.*/ }],
      downstream: [{ upstreamTopic: "gw1.commands", localTopic: "commands", startFrom: "earliest" as const }],
    };
    const first = await startTestBridge(edge, central.port, options);
    await waitFor(async () => (await readAll(edge, "commands", 0)).length === 6 && (await readAll(edge, "commands", 1)).length === 4, 10_000, "commands mirrored");
    const local = await readAll(edge, "commands", 0);
    expect(local.map((r) => dec.decode(r.value!))).toEqual(Array.from({ length: 6 }, (_, i) => `cmd-${i}`));
    expect(lastHeader(local[2]!.headers, PROVENANCE.topic)).toBe("gw1.commands");
    expect(lastHeader(local[2]!.headers, PROVENANCE.offset)).toBe("2");
    expect(local[2]!.timestamp).toBe(1_700_000_000_002);
    expect(edge.getTopic("commands")!.partitions).toBe(2);
    await waitFor(async () => (await downstreamStore.load())?.positions["gw1.commands/0"] === 6, 5000, "position saved");
    await first.bridge.close();

    // The checkpoint lags what was appended (a crash between append and save): the local tail wins.
    await downstreamStore.save({ version: 1, positions: { "gw1.commands/0": 2, "gw1.commands/1": 0 } });
    await appendRecords(central.log, "gw1.commands", 0, 6, 2, "cmd");
    const second = await startTestBridge(edge, central.port, options);
    cleanups.push(() => second.bridge.close());
    await waitFor(async () => (await readAll(edge, "commands", 0)).length >= 8, 10_000, "new commands");
    await new Promise((r) => setTimeout(r, 100));
    expect((await readAll(edge, "commands", 0)).map((r) => dec.decode(r.value!))).toEqual(Array.from({ length: 8 }, (_, i) => `cmd-${i}`));
    expect((await readAll(edge, "commands", 1)).length).toBe(4);
    // The downstream target is never mirrored back up, even though /.*/ selects it.
    expect(central.log.getTopic("gw1.commands")!.partitions).toBe(2);
    expect(central.log.getTopic("gw1.gw1.commands")).toBeUndefined();
    expect((await central.records("gw1.commands", 0)).length).toBe(8);
  }, 30_000);
});
