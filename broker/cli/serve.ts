/**
 * `tributary serve`: build the configuration from file, environment and flags, start the broker,
 * print where it listens, and shut down cleanly on SIGINT/SIGTERM.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { configKeys, parseConfig, parseConfigText, type BrokerConfig } from "../config/mod.ts";
import type { Runtime } from "../runtime/types.ts";
import { startBroker } from "../broker.ts";
import { configFromEnv, configFromFlags, flagName, mergeConfig } from "./sources.ts";

/** Options of `serve`: every config key as a flag, plus --config and repeated --set. */
export function serveFlagOptions() {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {
    config: { type: "string", short: "c" },
    set: { type: "string", multiple: true },
    help: { type: "boolean", short: "h" },
  };
  for (const spec of configKeys) options[flagName(spec)] = { type: "string" };
  return options;
}

/** Resolve the configuration the way `serve` does (also used by tests). */
export async function resolveConfig(runtime: Runtime, args: string[]): Promise<BrokerConfig> {
  const { values } = parseArgs({ args, options: serveFlagOptions(), allowPositionals: false, strict: true });
  const env = runtime.env();
  const file = (values.config as string | undefined) ?? env.TRIBUTARY_CONFIG;
  let raw: Record<string, unknown> = {};
  if (file) {
    const bytes = await runtime.fs.readFile(file);
    if (!bytes) throw new Error(`configuration file ${file} does not exist`);
    raw = parseConfigText(new TextDecoder().decode(bytes), file) as Record<string, unknown>;
  }
  raw = mergeConfig(raw, configFromEnv(env));
  raw = mergeConfig(raw, configFromFlags(values, (values.set as string[] | undefined) ?? []));
  return parseConfig(raw);
}

export async function serveCommand(runtime: Runtime, args: string[]): Promise<number> {
  const config = await resolveConfig(runtime, args);
  const broker = await startBroker(config, { runtime });
  const say = (line: string) => runtime.writeStdout(line + "\n");
  say(`tributary ${broker.version} on ${runtime.name} ${runtime.version}`);
  for (const l of broker.listeners) say(`  ${l.protocol.padEnd(5)} listening on ${l.hostname}:${l.port}`);
  say(`  data dir ${config.dataDir} (durability ${config.log.durability})`);
  let stopping = false;
  const done = new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: shutting down`);
      broker.close().then(() => resolve(0), (err) => {
        runtime.writeStderr(`shutdown failed: ${(err as Error).message}\n`);
        resolve(1);
      });
    };
    runtime.onSignal("SIGINT", () => stop("SIGINT"));
    runtime.onSignal("SIGTERM", () => stop("SIGTERM"));
  });
  return await done;
}
