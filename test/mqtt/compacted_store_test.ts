import { describe, expect, test } from "bun:test";
import { CompactedStore } from "../../broker/mqtt/compacted_store.ts";
import { Ingest } from "../../broker/routing/ingest.ts";
import { FakeLogManager } from "./_fake_log.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

describe("compacted state store", () => {
  test("creates an internal compacted topic and replays last value per key, tombstones removing", async () => {
    const log = new FakeLogManager();
    const { store } = await CompactedStore.open(log, "__state", () => 0);
    const meta = log.getTopic("__state")!;
    expect([meta.internal, meta.partitions, meta.config["cleanup.policy"]]).toEqual([true, 1, "compact"]);
    await Promise.all([store.put("a", enc.encode("1")), store.put("b", enc.encode("2"))]);
    await store.put("a", enc.encode("3"));
    await store.put("b", null);
    const { state } = await CompactedStore.open(new FakeLogManager(log.data), "__state", () => 0);
    expect([...state].map(([k, v]) => [k, dec.decode(v)])).toEqual([["a", "3"]]);
  });

  test("writes issued together share one append; a key put and deleted before the flush costs nothing", async () => {
    const log = new FakeLogManager();
    const { store } = await CompactedStore.open(log, "__s", () => 0);
    const part = (await log.partition("__s", 0))!;
    const writes = [];
    for (let i = 0; i < 50; i++) writes.push(store.put(`k${i}`, enc.encode(String(i))));
    writes.push(store.put("temp", enc.encode("x")), store.put("temp", null));
    await Promise.all(writes);
    expect(part.appends).toBe(1);
    expect(part.records().map((r) => dec.decode(r.key!))).not.toContain("temp");
    await store.put("never-written", null);
    expect(part.appends).toBe(1);
  });
});

describe("ingest backpressure", () => {
  test("saturated while more than maxPendingBytes wait for the log, drained after", async () => {
    const log = new FakeLogManager(undefined, { appendDelayMs: 30 });
    const ingest = new Ingest({ log, maxPendingBytes: 10_000 });
    const appends = Array.from({ length: 20 }, () => ingest.append("t", 1, { timestamp: 0, key: null, value: new Uint8Array(1000) }));
    expect(ingest.saturated).toBe(true);
    await ingest.drained();
    expect(ingest.saturated).toBe(false);
    await Promise.all(appends);
    expect((await log.partition("t", 0))!.records()).toHaveLength(20);
  });

  test("records queued together share one promise and one append; an oversize record is refused alone and its bytes released", async () => {
    const log = new FakeLogManager();
    await log.createTopic("t", { partitions: 1, config: { "max.message.bytes": 4000 } });
    const ingest = new Ingest({ log, maxPendingBytes: 5000 });
    await ingest.topic("t", 1);
    const small = () => ingest.append("t", 1, { timestamp: 0, key: null, value: new Uint8Array(100) });
    const first = small();
    const second = small();
    const tooLarge = ingest.append("t", 1, { timestamp: 0, key: null, value: new Uint8Array(4500) }).then(() => undefined, (e: Error) => e);
    const third = small();
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect((await tooLarge)?.name).toBe("RecordTooLargeError");
    expect(ingest.saturated).toBe(false); // the refused record's 4,564 bytes no longer count
    await first;
    const part = (await log.partition("t", 0))!;
    expect([part.appends, part.records().length]).toEqual([1, 3]);
    // Once that batch has settled, the next record starts a new batch with a new promise.
    const later = small();
    expect(later).not.toBe(first);
    await later;
    expect([part.appends, part.records().length]).toEqual([2, 4]);
  });
});
