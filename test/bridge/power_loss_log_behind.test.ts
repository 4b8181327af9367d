/**
 * Power loss on a card that lied about a flush can take back the end of the edge's log after
 * the bridge had mirrored it: recovery cuts the log, and the next records reuse those offsets.
 * The bridge must mirror them (with a warning), not wait for the old offsets to come back.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { bridgeCheckpointCodec } from "../../bridge/checkpoint/codec.ts";
import { FileCheckpointStore } from "../../bridge/checkpoint/file_store.ts";
import { PROVENANCE, lastHeader } from "../../bridge/mirror/provenance.ts";
import { createLogger } from "../../broker/observe/logger.ts";
import { scanBatches } from "../../broker/log/record_batch.ts";
import { segmentFileName } from "../../broker/log/segment.ts";
import { MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { openLog, startCentral } from "./_central.ts";
import { appendRecords, startTestBridge, waitFor } from "./_bridge_setup.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("bridge after the edge log lost its tail", () => {
  test("a checkpoint ahead of the recovered log resumes at the log end and mirrors the new records", async () => {
    const central = await startCentral();
    cleanups.push(() => central.close());
    await central.log.createTopic("gw1.sensors", { partitions: 1 });
    const fs = new MemoryFileSystem();
    const edge = await openLog(fs, "/data", false, "group-commit");
    await edge.createTopic("sensors", { partitions: 1 });
    await fs.mkdir("/data/bridge", { recursive: true });
    await fs.syncDir("/data");
    const path = "/data/bridge/upstream.checkpoint";
    const first = await startTestBridge(edge, central.port, { store: new FileCheckpointStore(fs, path, bridgeCheckpointCodec) });
    for (let i = 0; i < 5; i++) await appendRecords(edge, "sensors", 0, i * 10, 10);
    await waitFor(() => first.bridge.status().recordsSent === 50, 10_000, "50 mirrored");
    await first.bridge.close();
    await edge.close();

    // The card kept only the first three batches (30 records) of the segment.
    const segment = `/data/sensors-0/${segmentFileName(0, ".log")}`;
    const bytes = (await fs.readFile(segment))!;
    let cut = 0;
    let batches = 0;
    scanBatches(bytes, 0, bytes.length, { maxSize: 1 << 20, visit: (pos, size) => void (++batches <= 3 && (cut = pos + size)) });
    await fs.writeFile(segment, bytes.subarray(0, cut));

    const recovered = await openLog(fs, "/data", false, "group-commit");
    cleanups.push(() => recovered.close());
    expect((await recovered.partition("sensors", 0))!.highWatermark).toBe(30);
    await appendRecords(recovered, "sensors", 0, 30, 10, "after");
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", format: "json", sink: (l) => lines.push(l) });
    const second = await startTestBridge(recovered, central.port, { store: new FileCheckpointStore(fs, path, bridgeCheckpointCodec), logger });
    cleanups.push(() => second.bridge.close());
    await waitFor(async () => (await central.records("gw1.sensors", 0)).length === 60, 10_000, "the new records upstream").catch(async (e) => {
      throw new Error(`${e} central=${(await central.records("gw1.sensors", 0)).length} status=${JSON.stringify(second.bridge.status())} lines=${lines.join("")}`);
    });
    const upstream = await central.records("gw1.sensors", 0);
    const offsets = upstream.map((r) => Number(lastHeader(r.headers, PROVENANCE.offset)));
    expect(offsets).toEqual([...Array.from({ length: 50 }, (_, i) => i), ...Array.from({ length: 10 }, (_, i) => 30 + i)]);
    expect(new TextDecoder().decode(upstream.at(-1)!.value!)).toBe("after-39");
    expect(lines.some((l) => l.includes("bridge checkpoint is ahead of the local log"))).toBe(true);
  }, 30_000);
});
