/**
 * Reads a process's resident memory and open file descriptors from `/proc` (Linux only), the
 * two figures a soak watches for leaks.
 */
import { readdirSync, readFileSync } from "node:fs";

/** One sample of one process. */
export interface ProcSample {
  /** ms since the soak started. */
  atMs: number;
  /** VmRSS in KiB. */
  rssKiB: number;
  /** Entries in /proc/<pid>/fd. */
  fds: number;
}

/** RSS and open fds of `pid`, or `undefined` if the process is gone. */
export function sampleProcess(pid: number, atMs: number): ProcSample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = status.match(/^VmRSS:\s+(\d+)\s+kB$/m);
    const fds = readdirSync(`/proc/${pid}/fd`).length;
    return { atMs, rssKiB: rss ? Number(rss[1]) : 0, fds };
  } catch {
    return undefined;
  }
}

/** CSV text (header + one row per sample) for the named processes' series. */
export function samplesCsv(series: Record<string, ProcSample[]>): string {
  const names = Object.keys(series);
  const rows = ["process,at_s,rss_kib,fds"];
  for (const name of names) {
    for (const s of series[name]!) rows.push(`${name},${(s.atMs / 1000).toFixed(1)},${s.rssKiB},${s.fds}`);
  }
  return rows.join("\n") + "\n";
}
