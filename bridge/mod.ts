/**
 * The bridge: mirror local topics to a central Kafka cluster (and command topics back) exactly
 * once across outages, reconnects and restarts. `bridge/` imports `broker/`, never the reverse
 * (STYLE item 10); the root wiring passes the broker's log, runtime, logger and metrics in.
 *
 * @example
 * ```ts
 * import { startBridge } from "./bridge/mod.ts";
 * const bridge = await startBridge({ runtime, log, logger, metrics, stateDir: `${dataDir}/bridge`,
 *   gatewayId: "gw-17", upstream: { bootstrap: ["kafka:9092"] }, topics: [{ match: "sensors" }] });
 * ```
 *
 * @module
 */
export { type Bridge, type BridgeOptions, startBridge } from "./bridge.ts";
export {
  type BridgeConfig,
  BridgeConfigError,
  type DownstreamTopicRule,
  resolveBridgeConfig,
  type ResolvedBridgeConfig,
  type UpstreamTopicRule,
} from "./mirror/config.ts";
export type { BridgeState, BridgeStatusSnapshot, PartitionLag } from "./mirror/status.ts";
export { MissingUpstreamTopicError } from "./mirror/upstream_topics.ts";
export { PROVENANCE } from "./mirror/provenance.ts";
export * from "./checkpoint/mod.ts";
export * from "./client/mod.ts";
