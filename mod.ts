/**
 * Tributary: an edge broker for IoT gateways. MQTT 3.1.1/5.0 in, the Kafka wire protocol for
 * local apps, a durable partitioned log on the gateway's storage, upstream mirroring.
 *
 * As a library:
 * ```ts
 * import { parseConfig, startBroker, currentRuntime } from "./mod.ts";
 * const broker = await startBroker(parseConfig({ dataDir: "./data" }), { runtime: currentRuntime() });
 * await broker.close();
 * ```
 * As a program: `tributary serve` (see `tributary --help`).
 *
 * @module
 */
import { type CliExtras, runCli } from "./broker/cli/main.ts";
import { currentRuntime } from "./broker/runtime/mod.ts";
import { devicesExtension } from "./devices/extension.ts";
import { bridgeExtension } from "./bridge/extension.ts";

export { startBroker } from "./broker/broker.ts";
export type { BrokerExtension, BrokerHandle, BrokerListener, ExtensionContext, ExtensionParts, StartOptions } from "./broker/broker.ts";
export { ConfigError, parseConfig } from "./broker/config/mod.ts";
export type { BrokerConfig } from "./broker/config/mod.ts";
export { currentRuntime } from "./broker/runtime/mod.ts";
export { VERSION } from "./broker/version.ts";
export { devicesExtension } from "./devices/extension.ts";
export { bridgeExtension } from "./bridge/extension.ts";

if (import.meta.main) {
  const runtime = currentRuntime();
  // The program wires what `broker/` may not import (STYLE item 10): the device registry
  // (auth hooks, /api/devices) and the upstream bridge into `serve`, and the fleet simulator into `devices simulate`.
  // The simulator is imported by its command only, so `serve` does not carry it in memory.
  const simulate: CliExtras["simulate"] = async (rt, options) => (await import("./devices/simulator/command.ts")).simulateCommand(rt, options);
  runtime.exit(await runCli(runtime, runtime.args(), { extensions: [devicesExtension(), bridgeExtension()], simulate }));
}
