/**
 * The checkpoint store contract, run against every implementation (STYLE item 9).
 */
import { describe, expect, test } from "bun:test";
import { type BridgeCheckpoint, type CheckpointStore, emptyCheckpoint } from "../../bridge/checkpoint/mod.ts";

/** A checkpoint with every field populated. */
export function sampleCheckpoint(n = 1): BridgeCheckpoint {
  return {
    version: 1,
    producer: { id: 4000 + n, epoch: 2 },
    sequences: { "gw.sensors/0": 10 * n, "gw.sensors/1": 7 },
    sources: { "sensors/0": { acked: 5 * n, next: 9 * n }, "sensors/1": { acked: 3, next: 3 } },
    routes: { sensors: { upstreamTopic: "gw.sensors", upstreamPartitions: 2, localPartitions: 2 } },
    pending: [
      { topic: "gw.sensors", partition: 0, baseSequence: 10 * n - 4, recordCount: 4, source: { topic: "sensors", partition: 0, from: 5 * n, to: 9 * n - 1 } },
    ],
  };
}

/**
 * Register the conformance tests for a store factory. `open` returns a fresh, empty store;
 * `reopen` a second instance over the same storage (a restart).
 */
export function checkpointStoreConformance(
  name: string,
  open: () => Promise<{ store: CheckpointStore<BridgeCheckpoint>; reopen: () => CheckpointStore<BridgeCheckpoint> }>,
): void {
  describe(`${name} checkpoint store`, () => {
    test("an empty store loads null", async () => {
      const { store } = await open();
      expect(await store.load()).toBeNull();
    });

    test("a saved checkpoint loads back equal, also after reopening", async () => {
      const { store, reopen } = await open();
      await store.save(sampleCheckpoint());
      expect(await store.load()).toEqual(sampleCheckpoint());
      expect(await reopen().load()).toEqual(sampleCheckpoint());
    });

    test("the latest save wins; saves apply in call order even when not awaited", async () => {
      const { store } = await open();
      const saves = [1, 2, 3].map((n) => store.save(sampleCheckpoint(n)));
      await Promise.all(saves);
      expect(await store.load()).toEqual(sampleCheckpoint(3));
    });

    test("mutating the value after save() does not change what was saved", async () => {
      const { store } = await open();
      const cp = emptyCheckpoint();
      const saved = store.save(cp);
      cp.sources["t/0"] = { acked: 1, next: 1 };
      await saved;
      expect(await store.load()).toEqual(emptyCheckpoint());
    });

    test("an empty checkpoint round-trips", async () => {
      const { store } = await open();
      await store.save(emptyCheckpoint());
      expect(await store.load()).toEqual(emptyCheckpoint());
    });
  });
}
