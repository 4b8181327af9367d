/**
 * The raw results file `run.ts` writes (bench/results.json) and the report reads: every run of
 * every bench job with its parsed BENCH_RESULT line, so the report can be regenerated from it.
 */

/** One execution of a bench script. */
export interface JobRun {
  /** Round index: run i of every job happened in round i, so references pair up by round. */
  round: number;
  ok: boolean;
  seconds: number;
  /** The machine's 1-minute load average when the run ended (2 cores: above 2 means waiting for CPU). */
  loadAvg?: number;
  /** The script's BENCH_RESULT object (absent when it failed). */
  result?: Record<string, unknown>;
  error?: string;
}

/** A bench script run under one configuration (e.g. log_bench under Deno). */
export interface Job {
  /** Stable id, e.g. "mqtt", "log/deno", "footprint". */
  id: string;
  command: string;
  env: Record<string, string>;
  runs: JobRun[];
}

/** The single-binary smoke test (test/e2e/binary_smoke.test.ts), run once per report. */
export interface SmokeResult {
  ran: boolean;
  /** Per test name: "pass" | "fail" | "skip". */
  tests: Array<{ name: string; arch: "x64" | "arm64" | "other"; status: "pass" | "fail" | "skip" }>;
  seconds: number;
  note?: string;
}

export interface RawResults {
  meta: {
    startedAt: string;
    finishedAt: string;
    quick: boolean;
    rounds: number;
    commit: string;
    machine: { cores: number; cpuModel: string; memGiB: number; kernel: string; disk: string };
    versions: Record<string, string>;
  };
  jobs: Job[];
  smoke: SmokeResult;
}

/** A number measured once per round; the report shows its median and min–max. */
export interface Figure {
  /** Unique key, e.g. "mqtt.qos1.rate/tributary-deno". */
  key: string;
  section: string;
  row: string;
  column: string;
  unit: string;
  /** One value per successful round (NaN dropped), and the round each came from. */
  values: number[];
  rounds: number[];
  digits: number;
}

export interface Stats {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stats(values: number[]): Stats {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { median, min: v[0]!, max: v[v.length - 1]!, n: v.length };
}

/** The outcome of one target of issue 7. */
export interface TargetResult {
  id: string;
  /** e.g. "MQTT QoS 1 ingest ≥ 2× Mosquitto QoS 1". */
  target: string;
  host: string;
  /** The measured figure (median) in `unit`, and what it is compared with. */
  value: number;
  threshold: number;
  unit: string;
  /** "higher" = value must be ≥ threshold; "lower" = ≤. */
  better: "higher" | "lower";
  met: boolean | null;
  /** How far from the threshold: value/threshold for "higher", threshold/value for "lower" (1 = exactly). */
  margin: number;
  /** Why it was missed and what would close it (generated from the data); empty when met. */
  why: string[];
  /** The measured spread of value, for the report. */
  spread: Stats;
}
