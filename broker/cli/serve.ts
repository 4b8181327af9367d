/**
 * `tributary serve`: build the configuration from file, environment and flags, start the broker,
 * print where it listens, and shut down cleanly on SIGINT/SIGTERM.
 *
 * Shutdown: the first SIGINT/SIGTERM runs the broker's ordered `close()` (stop accepting, finish
 * in-flight work, fsync, clean-shutdown marker) and exits 0. If that takes longer than
 * `--shutdown-timeout-ms` (default 10 s; systemd's `TimeoutStopSec` must be above it), the last
 * shutdown step seen in the log is named and the process exits 1 — the log then recovers from
 * the data at the next start. A second signal while shutting down exits at once, 130 (SIGINT)
 * or 143 (SIGTERM), as the shell and systemd expect for death by that signal.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { ConfigError, configKeys, parseConfig, parseConfigText, type BrokerConfig } from "../config/mod.ts";
import { createLogger, type LogFields, type Logger } from "../observe/logger.ts";
import type { Runtime, Signal } from "../runtime/types.ts";
import { startBroker, type StartOptions } from "../broker.ts";
import { configFromEnv, configFromFlags, flagName, mergeConfig } from "./sources.ts";

/** Bound on a graceful shutdown unless `--shutdown-timeout-ms` says otherwise. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** Exit code for a second signal during shutdown: 128 + the signal number. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** Options of `serve`: every config key as a flag, plus --config, repeated --set, --shutdown-timeout-ms. */
export function serveFlagOptions() {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {
    config: { type: "string", short: "c" },
    set: { type: "string", multiple: true },
    help: { type: "boolean", short: "h" },
    // A process setting, not broker configuration: it only bounds this command's shutdown.
    "shutdown-timeout-ms": { type: "string" },
  };
  for (const spec of configKeys) options[flagName(spec)] = { type: "string" };
  return options;
}

function parseServeArgs(args: string[]): Record<string, unknown> {
  return parseArgs({ args, options: serveFlagOptions(), allowPositionals: false, strict: true }).values;
}

/** Resolve the configuration the way `serve` does (also used by tests). */
export async function resolveConfig(runtime: Runtime, args: string[]): Promise<BrokerConfig> {
  const values = parseServeArgs(args);
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

/** `--shutdown-timeout-ms`, validated (1 ms … 10 min). */
export function shutdownTimeoutMs(args: string[]): number {
  const text = parseServeArgs(args)["shutdown-timeout-ms"];
  if (typeof text !== "string") return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms < 1 || ms > 600_000) {
    throw new ConfigError([`--shutdown-timeout-ms: expected an integer from 1 to 600000, got ${JSON.stringify(text)}`]);
  }
  return ms;
}

/** What the caller (the root `mod.ts`, through the CLI) adds to `startBroker`, e.g. extensions. */
export type ServeStartOptions = Omit<StartOptions, "runtime" | "logger">;

/** Run the broker until SIGINT/SIGTERM and a bounded graceful shutdown; returns the exit code. */
export async function serveCommand(runtime: Runtime, args: string[], start: ServeStartOptions = {}): Promise<number> {
  const config = await resolveConfig(runtime, args);
  const timeoutMs = shutdownTimeoutMs(args);
  const steps = stepTracker(createLogger({
    level: config.logging.level,
    format: config.logging.format,
    sink: (line) => runtime.writeStderr(line),
  }));
  const broker = await startBroker(config, { ...start, runtime, logger: steps.logger });
  const say = (line: string) => runtime.writeStdout(line + "\n");
  say(`tributary ${broker.version} on ${runtime.name} ${runtime.version}`);
  for (const l of broker.listeners) say(`  ${l.protocol.padEnd(5)} listening on ${l.hostname}:${l.port}`);
  say(`  data dir ${config.dataDir} (durability ${config.log.durability})`);
  return await superviseShutdown({
    onSignal: (signal, handler) => runtime.onSignal(signal, handler),
    close: () => broker.close(),
    timeoutMs,
    logger: steps.logger.child({ component: "serve" }),
    lastStep: steps.last,
  });
}

/** What {@link superviseShutdown} needs; a test can drive it with fake signals. */
export interface ShutdownSupervision {
  onSignal(signal: Signal, handler: () => void): () => void;
  close(): Promise<void>;
  timeoutMs: number;
  logger: Logger;
  /** The last log line written since shutdown began, to name the part that hung. */
  lastStep?: () => { message: string; fields: LogFields } | undefined;
}

/**
 * Wait for SIGINT/SIGTERM, then close within `timeoutMs`. Resolves with the exit code: 0 after a
 * clean close, 1 if close failed or hung, 130/143 for a second signal during shutdown.
 */
export function superviseShutdown(s: ShutdownSupervision): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (code: number) => {
      if (timer !== undefined) clearTimeout(timer);
      for (const off of removers) off();
      resolve(code);
    };
    const onSignal = (signal: "SIGINT" | "SIGTERM") => {
      if (stopping) {
        s.logger.warn("second signal during shutdown, exiting now", { signal, exitCode: SIGNAL_EXIT_CODES[signal] });
        return finish(SIGNAL_EXIT_CODES[signal]);
      }
      stopping = true;
      s.logger.info("shutting down", { signal, timeoutMs: s.timeoutMs });
      timer = setTimeout(() => {
        const last = s.lastStep?.();
        s.logger.error("shutdown did not finish in time, exiting", {
          timeoutMs: s.timeoutMs,
          lastStep: last ? describeStep(last) : "none",
        });
        finish(1);
      }, s.timeoutMs);
      s.close().then(
        () => finish(0),
        (err) => {
          s.logger.error("shutdown failed", { err });
          finish(1);
        },
      );
    };
    const removers = [
      s.onSignal("SIGINT", () => onSignal("SIGINT")),
      s.onSignal("SIGTERM", () => onSignal("SIGTERM")),
    ];
  });
}

function describeStep(step: { message: string; fields: LogFields }): string {
  const where = step.fields.part ?? step.fields.component;
  return typeof where === "string" ? `${step.message} (${where})` : step.message;
}

/** Wraps a logger to remember the last line written through it (or any of its children). */
function stepTracker(inner: Logger): { logger: Logger; last: () => { message: string; fields: LogFields } | undefined } {
  let last: { message: string; fields: LogFields } | undefined;
  const wrap = (target: Logger, fixed: LogFields): Logger => {
    const note = (message: string, fields?: LogFields) => (last = { message, fields: { ...fixed, ...fields } });
    return {
      debug: (m, f) => (note(m, f), target.debug(m, f)),
      info: (m, f) => (note(m, f), target.info(m, f)),
      warn: (m, f) => (note(m, f), target.warn(m, f)),
      error: (m, f) => (note(m, f), target.error(m, f)),
      child: (more) => wrap(target.child(more), { ...fixed, ...more }),
    };
  };
  return { logger: wrap(inner, {}), last: () => last };
}
