/**
 * A power cut on the edge while a batch is in doubt: the checkpoint on the in-memory
 * filesystem keeps only what was made durable (`MemoryFileSystem.crash()`), and a new bridge
 * over the recovered log resends the pending batch with the same producer id, epoch and
 * sequence, so the central appends every record exactly once.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { bridgeCheckpointCodec } from "../../bridge/checkpoint/codec.ts";
import { FileCheckpointStore } from "../../bridge/checkpoint/file_store.ts";
import type { BridgeCheckpoint, CheckpointStore } from "../../bridge/checkpoint/types.ts";
import { PROVENANCE, lastHeader } from "../../bridge/mirror/provenance.ts";
import { currentRuntime, MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { FaultProxy } from "../_support/fault_proxy.ts";
import { openLog, startCentral } from "./_central.ts";
import { appendRecords, startTestBridge, waitFor } from "./_bridge_setup.ts";

/** A store that stops writing when the process "dies". */
class KillableStore implements CheckpointStore<BridgeCheckpoint> {
  dead = false;
  constructor(private readonly inner: CheckpointStore<BridgeCheckpoint>) {}
  load() {
    return this.inner.load();
  }
  save(value: BridgeCheckpoint) {
    return this.dead ? Promise.reject(new Error("process is dead")) : this.inner.save(value);
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("crash and resume", () => {
  test("after a power cut the in-doubt batch is resent from the durable checkpoint and de-duplicated", async () => {
    const proxy = await FaultProxy.start(currentRuntime(), { host: "127.0.0.1", port: 1 });
    cleanups.push(() => proxy.close());
    const central = await startCentral({ advertisedPort: proxy.port });
    cleanups.push(() => central.close());
    proxy.retarget(central.port);
    await central.log.createTopic("gw1.sensors", { partitions: 1 });

    const fs = new MemoryFileSystem();
    const edge = await openLog(fs, "/data", false, "group-commit");
    await edge.createTopic("sensors", { partitions: 1 });
    await fs.mkdir("/data/bridge", { recursive: true });
    await fs.syncDir("/data");
    const path = "/data/bridge/upstream.checkpoint";
    const store = new KillableStore(new FileCheckpointStore(fs, path, bridgeCheckpointCodec));
    const timing = { ackTimeoutMs: 200, upstream: { bootstrap: [`127.0.0.1:${proxy.port}`], requestTimeoutMs: 300, connectTimeoutMs: 300 } };
    const first = await startTestBridge(edge, proxy.port, { store, ...timing });

    await appendRecords(edge, "sensors", 0, 0, 30);
    await waitFor(() => first.bridge.status().recordsSent === 30, 10_000, "first 30 acknowledged");
    proxy.blackhole("down");
    await appendRecords(edge, "sensors", 0, 30, 20);
    await waitFor(async () => (await central.records("gw1.sensors", 0)).length === 50, 10_000, "in-doubt batch appended upstream");

    // The process dies: nothing more reaches the disk or the network, then the power goes.
    store.dead = true;
    proxy.refuse = true;
    proxy.cut();
    await first.bridge.close();
    fs.crash();

    const durable = (await new FileCheckpointStore(fs, path, bridgeCheckpointCodec).load())!;
    expect(durable.sources["sensors/0"]!.acked).toBe(30);
    expect(durable.pending.map((p) => [p.baseSequence, p.recordCount, p.source.from, p.source.to])).toEqual([[30, 20, 30, 49]]);

    proxy.refuse = false;
    proxy.blackhole("none");
    const recovered = await openLog(fs, "/data", false, "group-commit");
    cleanups.push(() => recovered.close());
    const second = await startTestBridge(recovered, proxy.port, { store: new FileCheckpointStore(fs, path, bridgeCheckpointCodec), ...timing });
    cleanups.push(() => second.bridge.close());
    await waitFor(() => second.bridge.status().recordsSent === 20, 10_000, "in-doubt batch acknowledged");
    await appendRecords(recovered, "sensors", 0, 50, 10);
    await waitFor(() => second.bridge.status().recordsSent === 30, 10_000, "new records");
    const offsets = (await central.records("gw1.sensors", 0)).map((r) => Number(lastHeader(r.headers, PROVENANCE.offset)));
    expect(offsets).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(second.metrics.value("tributary_bridge_duplicates_possible_total")).toBe(0);
    const final = (await new FileCheckpointStore(fs, path, bridgeCheckpointCodec).load())!;
    expect(final.producer).toEqual(durable.producer);
    expect(final.sequences["gw1.sensors/0"]).toBe(60);
  }, 30_000);
});
