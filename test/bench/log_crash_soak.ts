/**
 * Crash soak: the real-process crash test with many cycles (default 1000).
 * Run: ./node_modules/.bin/bun test/bench/log_crash_soak.ts
 *      ./node_modules/.bin/deno run -A test/bench/log_crash_soak.ts
 * Env CRASH_CYCLES overrides the count.
 */
import { runCrashCycles } from "../log/_crash.ts";
import { tempDir } from "../log/_helpers.ts";
import { emitResult } from "./_emit.ts";

const t = tempDir("tributary-soak-");
const cycles = Number(process.env.CRASH_CYCLES ?? 1000);
const started = Date.now();
try {
  const r = await runCrashCycles(t.dir, cycles, (line) => {
    if (/cycle (\d+)\//.exec(line) && Number(/cycle (\d+)\//.exec(line)![1]) % 50 === 0) console.log(line);
  });
  emitResult("crash_soak", { ok: true, cycles: r.cycles, acks: r.acks, records: r.records, seconds: (Date.now() - started) / 1000 });
  console.log(`ok: ${r.cycles} SIGKILL cycles, ${r.acks} acknowledged appends, ${r.records} records verified in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  t.cleanup();
}
