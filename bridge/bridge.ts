/**
 * `startBridge()`: mirror local topics to an upstream Kafka cluster (and, optionally, upstream
 * topics back into local ones), exactly once across outages, reconnects and restarts.
 *
 * @module
 */
import { type Compression, createCompression } from "../broker/kafka/compression/mod.ts";
import type { LogManager } from "../broker/log/types.ts";
import type { Logger } from "../broker/observe/logger.ts";
import type { MetricsRegistry } from "../broker/observe/metrics.ts";
import { dirname } from "../broker/runtime/atomic.ts";
import type { Runtime } from "../broker/runtime/types.ts";
import { bridgeCheckpointCodec, downstreamCheckpointCodec } from "./checkpoint/codec.ts";
import { forgetInFlight } from "./checkpoint/fallback.ts";
import { FileCheckpointStore } from "./checkpoint/file_store.ts";
import type { BridgeCheckpoint, CheckpointStore, DownstreamCheckpoint } from "./checkpoint/types.ts";
import { type Clock, systemClock } from "./client/clock.ts";
import { KafkaCluster } from "./client/cluster.ts";
import { TokenBucket } from "./client/token_bucket.ts";
import { type BridgeConfig, resolveBridgeConfig } from "./mirror/config.ts";
import { DownstreamMirror } from "./mirror/downstream.ts";
import { BridgeStatus, type BridgeStatusSnapshot } from "./mirror/status.ts";
import { UpstreamMirror } from "./mirror/upstream.ts";

/** {@link BridgeConfig} plus what the bridge runs on. */
export interface BridgeOptions extends BridgeConfig {
  runtime: Pick<Runtime, "connect" | "fs">;
  /** The broker's log: the bridge reads mirrored topics from it and writes downstream ones. */
  log: LogManager;
  /** Directory for `upstream.checkpoint` and `downstream.checkpoint` (e.g. `<dataDir>/bridge`). */
  stateDir: string;
  logger: Logger;
  metrics: MetricsRegistry;
  /** Time and timers (tests). Default the host clock. */
  clock?: Clock;
  /** Jitter source for backoff (tests). Default `Math.random`. */
  random?: () => number;
  /** The compression facade (default the broker's `createCompression()`). */
  codecs?: Compression;
  /** Replace the file-backed checkpoint stores (tests, embedding). */
  checkpointStore?: CheckpointStore<BridgeCheckpoint>;
  downstreamStore?: CheckpointStore<DownstreamCheckpoint>;
}

/** A running bridge. */
export interface Bridge {
  /** State, last error, counters and lag, for the admin API. */
  status(): BridgeStatusSnapshot;
  /** Stop mirroring; pending batches stay in the checkpoint and are resent on the next start. */
  close(): Promise<void>;
}

/**
 * Start the bridge. Rejects with `BridgeConfigError` for bad settings and with
 * `CheckpointCorruptError` for an unreadable checkpoint; connection problems do not reject —
 * the bridge retries them and reports them in {@link Bridge.status}.
 *
 * @example
 * ```ts
 * const bridge = await startBridge({
 *   runtime, log, logger, metrics, stateDir: "data/bridge",
 *   gatewayId: "gw-17",
 *   upstream: { bootstrap: ["kafka.example.com:9093"], tls: true,
 *     sasl: { mechanism: "SCRAM-SHA-512", username: "gw-17", password } },
 *   topics: [{ match: "/sensors\\..*|alarms/" }],          // → gw-17.sensors.x, gw-17.alarms
 *   downstream: [{ upstreamTopic: "gw-17.commands", localTopic: "commands" }],
 * });
 * bridge.status().state; // "starting" → "draining" → "connected"
 * await bridge.close();
 * ```
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const config = resolveBridgeConfig(options);
  const clock = options.clock ?? systemClock;
  const logger = options.logger.child({ component: "bridge", gateway: config.gatewayId });
  const compression = options.codecs ?? createCompression();
  const fs = options.runtime.fs;
  if (!options.checkpointStore || (config.downstream.length > 0 && !options.downstreamStore)) {
    if (!(await fs.stat(options.stateDir))) {
      await fs.mkdir(options.stateDir, { recursive: true });
      await fs.syncDir(dirname(options.stateDir));
    }
  }
  const store = options.checkpointStore ?? new FileCheckpointStore(fs, `${options.stateDir}/upstream.checkpoint`, bridgeCheckpointCodec, {
    logger,
    demote: forgetInFlight,
    consequence: {
      previous: "mirroring resumes at the last acknowledged offsets with a new producer id: records sent since may reach the upstream twice",
      none: "mirroring starts over from each topic's startFrom (default earliest): records may reach the upstream twice",
    },
  });
  const tls = config.upstream.tls === true ? {} : config.upstream.tls || undefined;
  const cluster = new KafkaCluster(options.runtime, {
    bootstrap: config.upstream.bootstrap,
    clientId: config.upstream.clientId,
    tls,
    sasl: config.upstream.sasl,
    ...(config.upstream.connectTimeoutMs !== undefined ? { connectTimeoutMs: config.upstream.connectTimeoutMs } : {}),
    ...(config.upstream.requestTimeoutMs !== undefined ? { requestTimeoutMs: config.upstream.requestTimeoutMs } : {}),
  }, clock, logger);
  let upstream: UpstreamMirror | undefined;
  const status = new BridgeStatus(options.metrics, clock, logger, () => upstream?.lag() ?? [], config.drainThresholdRecords);
  const rateLimiter = config.rateLimitBytesPerSecond === undefined
    ? undefined
    : new TokenBucket(clock, config.rateLimitBytesPerSecond, config.rateLimitBurstBytes);
  upstream = await UpstreamMirror.open({
    config,
    log: options.log,
    cluster,
    store,
    compression,
    status,
    clock,
    logger,
    rateLimiter,
    ...(options.random ? { random: options.random } : {}),
  });
  let downstream: DownstreamMirror | undefined;
  if (config.downstream.length > 0) {
    downstream = await DownstreamMirror.open({
      rules: config.downstream,
      gatewayId: config.gatewayId,
      log: options.log,
      cluster,
      store: options.downstreamStore ?? new FileCheckpointStore(fs, `${options.stateDir}/downstream.checkpoint`, downstreamCheckpointCodec, {
        logger,
        consequence: {
          previous: "downstream positions may be one save older: the local tail's provenance skips what is already here",
          none: "downstream starts over from the local tail's provenance or the rule's start",
        },
      }),
      compression,
      status,
      clock,
      logger,
      backoff: { initialMs: config.retryBackoffMs, maxMs: config.retryBackoffMaxMs, ...(options.random ? { random: options.random } : {}) },
    });
  }
  upstream.start();
  downstream?.start();
  logger.info("bridge started", { upstream: config.upstream.bootstrap, topics: config.topics.length, downstream: config.downstream.length });
  return {
    status: () => status.snapshot(),
    async close() {
      await downstream?.close();
      await upstream?.close();
      cluster.close();
      logger.info("bridge stopped");
    },
  };
}
