/**
 * The `tributary` command line: `serve`, `topics …`, `config example`, `--help`, `--version`.
 *
 * @module
 */
import type { BrokerExtension } from "../broker.ts";
import type { Runtime } from "../runtime/types.ts";
import { ConfigError, configKeys } from "../config/mod.ts";
import { VERSION } from "../version.ts";
import { renderExampleConfig } from "./example.ts";
import { devicesCommand, devicesUsage, parseSimulateArgs, type SimulateOptions } from "./devices.ts";
import { serveCommand } from "./serve.ts";
import { envName, flagName } from "./sources.ts";
import { topicsCommand } from "./topics.ts";

const usage = `tributary ${VERSION}: edge broker (MQTT in, Kafka protocol, durable log, upstream mirroring)

Usage:
  tributary serve [--config FILE] [--<key> VALUE ...] [--set key=value ...]
  tributary topics <list|create|describe|delete> ...
  tributary devices <add|list|show|disable|enable|delete|simulate> ...
  tributary config example      print the documented configuration with every key
  tributary --version | --help

'tributary serve --help' lists every configuration flag.
`;

function serveUsage(): string {
  const rows = configKeys.map((k) => `  --${flagName(k)} (${envName(k)}, default ${JSON.stringify(k.default)})\n      ${k.doc}`);
  return `Usage: tributary serve [--config FILE] [flags]\n\n  --config FILE  JSON configuration (comments allowed), or TRIBUTARY_CONFIG\n  --set key=value  any key by its dotted path\n\n${rows.join("\n")}\n`;
}

/** What the root `mod.ts` adds to the CLI from outside `broker/` (STYLE item 10). */
export interface CliExtras {
  /** Started with the broker by `serve` (the device registry). */
  extensions?: BrokerExtension[];
  /** `devices simulate …` (the fleet simulator in `devices/`). */
  simulate?: (runtime: Runtime, options: SimulateOptions) => Promise<number>;
}

/** Run the CLI; returns the process exit code. */
export async function runCli(runtime: Runtime, args: string[], extras: CliExtras = {}): Promise<number> {
  const say = (text: string) => runtime.writeStdout(text.endsWith("\n") ? text : text + "\n");
  const [command, ...rest] = args;
  try {
    if (command === "--version" || command === "-V") return say(VERSION), 0;
    if (command === "--help" || command === "-h" || command === "help") return say(usage), 0;
    if (command === undefined || command === "serve") {
      if (rest.includes("--help") || rest.includes("-h")) return say(serveUsage()), 0;
      return await serveCommand(runtime, rest, extras.extensions ? { extensions: extras.extensions } : {});
    }
    if (command === "devices" && rest[0] === "simulate") {
      if (rest.includes("--help") || rest.includes("-h")) return say(devicesUsage), 0;
      if (!extras.simulate) throw new Error("the simulator is not available in this build");
      return await extras.simulate(runtime, parseSimulateArgs(rest.slice(1)));
    }
    if (command === "devices") return await devicesCommand(rest, runtime.env(), say);
    if (command === "topics") return await topicsCommand(rest, runtime.env(), say);
    if (command === "config" && rest[0] === "example") return say(renderExampleConfig()), 0;
    runtime.writeStderr(`unknown command '${command}'\n\n${usage}`);
    return 2;
  } catch (err) {
    const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
    runtime.writeStderr(`tributary: ${message}\n`);
    return err instanceof ConfigError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? 2 : 1;
  }
}
