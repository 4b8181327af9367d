/**
 * The fuzz loop: generate input i from `inputSeed(seed, i)`, run it against the target,
 * check the invariants, save any failing input (with its seed) to a file, and count.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { runKafkaBroker, runMqttBroker } from "./broker_target.ts";
import { runKafkaDecoder, runMqttDecoder } from "./decoder_targets.ts";
import { generateInput, type InputSources } from "./inputs.ts";
import { inputSeed } from "./rng.ts";
import { encodeScenario, type Scenario, type TargetName } from "./scenario.ts";
import { Violation } from "./violation.ts";

export const TARGETS: readonly TargetName[] = ["kafka-decoder", "mqtt-decoder", "kafka-broker", "mqtt-broker"];

/** Errors nobody caught while an input ran (uncaught exceptions, unhandled rejections). */
const escaped: unknown[] = [];
let watching = 0;
const onEscaped = (error: unknown) => void escaped.push(error);

function watch(): () => void {
  if (watching++ === 0) {
    process.on("uncaughtException", onEscaped);
    process.on("unhandledRejection", onEscaped);
  }
  return () => {
    if (--watching === 0) {
      process.off("uncaughtException", onEscaped);
      process.off("unhandledRejection", onEscaped);
    }
  };
}

/** Run one input; resolves with a Violation when an invariant broke, else undefined. */
export async function runInput(s: Scenario): Promise<Violation | undefined> {
  const unwatch = watch();
  escaped.length = 0;
  try {
    switch (s.target) {
      case "kafka-decoder":
        runKafkaDecoder(s);
        break;
      case "mqtt-decoder":
        runMqttDecoder(s);
        break;
      case "kafka-broker":
        await runKafkaBroker(s);
        break;
      case "mqtt-broker":
        await runMqttBroker(s);
        break;
    }
    if (s.target.endsWith("-broker")) await new Promise((r) => setTimeout(r, 0));
    if (escaped.length > 0) return new Violation("exception", `uncaught: ${describe(escaped[0])}`);
    return undefined;
  } catch (error) {
    if (error instanceof Violation) return error;
    return new Violation("exception", `the target threw ${describe(error)}`);
  } finally {
    unwatch();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ""}` : String(error);
}

export interface Failure {
  seed: number;
  violation: Violation;
  file: string | undefined;
}

export interface RunResult {
  target: TargetName;
  executed: number;
  seconds: number;
  execsPerSecond: number;
  failures: Failure[];
}

export interface RunOptions {
  target: TargetName;
  /** Base seed; input i uses inputSeed(seed, i). */
  seed: number;
  /** Stop after this many inputs… */
  inputs?: number;
  /** …or after this many seconds (whichever comes first). */
  seconds?: number;
  sources: InputSources;
  /** Where failing inputs are written (`<target>-<seed>.bin`); none when undefined. */
  findingsDir?: string;
  /** Stop at the first failure (CI) or keep going (long runs, up to 20 saved). */
  stopOnFailure?: boolean;
  onProgress?: (r: RunResult) => void;
}

export async function fuzz(o: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const result: RunResult = { target: o.target, executed: 0, seconds: 0, execsPerSecond: 0, failures: [] };
  const limit = o.inputs ?? Number.POSITIVE_INFINITY;
  const deadline = o.seconds === undefined ? Number.POSITIVE_INFINITY : started + o.seconds * 1000;
  let lastReport = started;
  for (let i = 0; i < limit && performance.now() < deadline; i++) {
    const seed = inputSeed(o.seed, i);
    const input = generateInput(o.target, seed, o.sources);
    const violation = await runInput(input);
    result.executed++;
    if (violation) {
      let file: string | undefined;
      if (o.findingsDir && result.failures.length < 20) {
        mkdirSync(o.findingsDir, { recursive: true });
        file = join(o.findingsDir, `${o.target}-${seed}.bin`);
        writeFileSync(file, encodeScenario(input));
        writeFileSync(`${file}.txt`, `${violation.message}\n`);
      }
      result.failures.push({ seed, violation, file });
      if (o.stopOnFailure) break;
    }
    const now = performance.now();
    if (o.onProgress && now - lastReport > 10_000) {
      lastReport = now;
      o.onProgress(finish(result, started));
    }
  }
  return finish(result, started);
}

function finish(r: RunResult, started: number): RunResult {
  r.seconds = (performance.now() - started) / 1000;
  r.execsPerSecond = r.executed / Math.max(r.seconds, 1e-9);
  return { ...r, failures: [...r.failures] };
}
