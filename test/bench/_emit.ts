/**
 * Machine-readable bench output: every bench script ends with one line
 * `BENCH_RESULT {json}` on stdout (after its human-readable output), which `run.ts` parses.
 * Plain console.log so the same code runs under Bun and Deno.
 */
export const RESULT_PREFIX = "BENCH_RESULT ";

/** Print the bench's result line. */
export function emitResult(bench: string, data: Record<string, unknown>): void {
  console.log(RESULT_PREFIX + JSON.stringify({ bench, ...data }));
}

/** The last result line in `stdout`, parsed; null when there is none. */
export function parseResult(stdout: string): Record<string, unknown> | null {
  const line = stdout.split("\n").reverse().find((l) => l.startsWith(RESULT_PREFIX));
  return line ? JSON.parse(line.slice(RESULT_PREFIX.length)) as Record<string, unknown> : null;
}
