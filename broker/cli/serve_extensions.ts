/**
 * `tributary serve` with extensions (the device registry) supplied by the root `mod.ts`.
 * Same as `serve.ts`'s `serveCommand` but passes `extensions` to `startBroker`; it can go once
 * `serveCommand` accepts start options.
 *
 * @module
 */
import type { Runtime } from "../runtime/types.ts";
import { type BrokerExtension, startBroker } from "../broker.ts";
import { resolveConfig } from "./serve.ts";

/** Run the broker until SIGINT/SIGTERM; returns the exit code. */
export async function serveWithExtensions(runtime: Runtime, args: string[], extensions: BrokerExtension[]): Promise<number> {
  const config = await resolveConfig(runtime, args);
  const broker = await startBroker(config, { runtime, extensions });
  const say = (line: string) => runtime.writeStdout(line + "\n");
  say(`tributary ${broker.version} on ${runtime.name} ${runtime.version}`);
  for (const l of broker.listeners) say(`  ${l.protocol.padEnd(5)} listening on ${l.hostname}:${l.port}`);
  say(`  data dir ${config.dataDir} (durability ${config.log.durability})`);
  return await new Promise<number>((resolve) => {
    let stopping = false;
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
}
