/**
 * CPU time from Linux `/proc`, for the benchmarks and tools that report a process's (or one of
 * its threads') CPU beside wall time.
 *
 * @module
 */
import { readFileSync } from "node:fs";

/** utime + stime in ms of a `/proc/<pid>/stat` or `/proc/<pid>/task/<tid>/stat` file (USER_HZ = 100). */
export function cpuMsOfStat(path: string): number {
  const stat = readFileSync(path, "utf8");
  // Fields after the command name, which may itself contain spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** utime + stime of process `pid` in ms. */
export function processCpuMs(pid: number): number {
  return cpuMsOfStat(`/proc/${pid}/stat`);
}
