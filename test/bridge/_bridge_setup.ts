/** An edge (local log + bridge) mirroring into a central Tributary, all in one process. */
import { type Bridge, type BridgeOptions, startBridge } from "../../bridge/bridge.ts";
import { bridgeCheckpointCodec } from "../../bridge/checkpoint/codec.ts";
import { MemoryCheckpointStore } from "../../bridge/checkpoint/memory_store.ts";
import type { BridgeCheckpoint, CheckpointStore } from "../../bridge/checkpoint/types.ts";
import type { FileLogManager } from "../../broker/log/log_manager.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";

const enc = new TextEncoder();

/** Poll `check` until it returns true. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Append `count` keyed records (`key-<i % keys>`, value `<prefix>-<i>`) to a local partition. */
export async function appendRecords(log: FileLogManager, topic: string, partition: number, from: number, count: number, prefix = "v", keys = 4): Promise<void> {
  const p = (await log.partition(topic, partition))!;
  await p.append(buildRecordBatch(Array.from({ length: count }, (_, j) => {
    const i = from + j;
    return { timestamp: 1_700_000_000_000 + i, key: enc.encode(`key-${i % keys}`), value: enc.encode(`${prefix}-${i}`) };
  })));
}

/** Start a bridge over `log` towards `port` with test-friendly timings. */
export async function startTestBridge(
  log: FileLogManager,
  port: number | number[],
  overrides: Partial<BridgeOptions> & { store?: CheckpointStore<BridgeCheckpoint> } = {},
): Promise<{ bridge: Bridge; store: CheckpointStore<BridgeCheckpoint>; metrics: MetricsRegistry }> {
  const store = overrides.store ?? new MemoryCheckpointStore(bridgeCheckpointCodec);
  const metrics = overrides.metrics ?? new MetricsRegistry();
  const bridge = await startBridge({
    runtime: currentRuntime(),
    log,
    logger: silentLogger,
    metrics,
    stateDir: "/unused",
    checkpointStore: store,
    gatewayId: "gw1",
    upstream: { bootstrap: (Array.isArray(port) ? port : [port]).map((p) => `127.0.0.1:${p}`), requestTimeoutMs: 2000, connectTimeoutMs: 1000 },
    topics: [{ match: "sensors" }],
    lingerMs: 5,
    topicRescanMs: 50,
    retryBackoffMs: 20,
    retryBackoffMaxMs: 200,
    ...overrides,
  });
  return { bridge, store, metrics };
}
