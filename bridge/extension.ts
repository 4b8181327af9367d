/**
 * The bridge as a broker extension: started with the broker when the configuration has a
 * `bridge` section, stopped (checkpoints written) when the broker closes. The root `mod.ts`
 * hands it to `startBroker`, because `broker/` never imports `bridge/` (STYLE item 10).
 *
 * @module
 */
import type { BrokerExtension } from "../broker/broker.ts";
import { ConfigError } from "../broker/config/parse.ts";
import type { BridgeConfig } from "./mirror/config.ts";

/** Directory of the bridge's checkpoints under the data dir. */
export const BRIDGE_STATE_DIR = "bridge-state";

/** The bridge extension; a no-op when `bridge` is null. */
export function bridgeExtension(): BrokerExtension {
  return {
    name: "bridge",
    async start(context) {
      const section = context.config.bridge;
      if (section === null) return {};
      const config = { gatewayId: context.config.gatewayId, ...section } as unknown as BridgeConfig;
      // Loaded only when configured: a broker without a bridge does not carry the upstream
      // client and its codecs in memory.
      const [{ startBridge }, { BridgeConfigError }] = await Promise.all([import("./bridge.ts"), import("./mirror/config.ts")]);
      try {
        const bridge = await startBridge({
          ...config,
          runtime: context.runtime,
          log: context.log,
          logger: context.logger,
          metrics: context.metrics,
          stateDir: `${context.config.dataDir}/${BRIDGE_STATE_DIR}`,
        });
        return { close: () => bridge.close(), bridgeStatus: () => bridge.status() };
      } catch (err) {
        // A bad bridge section is a configuration error like any other: exit 2 with the reason.
        if (err instanceof BridgeConfigError) throw new ConfigError([err.message], { cause: err });
        throw err;
      }
    },
  };
}
