/**
 * Long fuzz runs: `npm run fuzz` / `deno task fuzz`.
 *
 *   FUZZ_SECONDS=3600 ./node_modules/.bin/bun test/fuzz/run.ts            # all targets, time split evenly
 *   FUZZ_TARGETS=mqtt-broker FUZZ_SEED=7 FUZZ_SECONDS=600 ./node_modules/.bin/bun test/fuzz/run.ts
 *   ./node_modules/.bin/bun test/fuzz/run.ts replay test/fuzz/findings/mqtt-broker-123.bin
 *
 * Prints inputs executed and execs/s per target; failing inputs go to `test/fuzz/findings/`
 * (`<target>-<seed>.bin` + `.txt` with the violation).
 */
import { readFileSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { fuzz, runInput, TARGETS } from "./engine.ts";
import { defaultSources } from "./inputs.ts";
import { createKafkaGenerator } from "./kafka_gen.ts";
import { decodeScenario, type TargetName } from "./scenario.ts";

const env = process.env;
const args = process.argv.slice(2);

if (args[0] === "replay") {
  let failed = 0;
  for (const file of args.slice(1)) {
    const violation = await runInput(decodeScenario(new Uint8Array(readFileSync(file))));
    console.log(`${file}: ${violation ? violation.message : "ok"}`);
    if (violation) failed++;
  }
  process.exit(failed > 0 ? 1 : 0);
}

const seconds = Number(env.FUZZ_SECONDS ?? 60);
const seed = Number(env.FUZZ_SEED ?? Date.now() % 1_000_000_007);
const targets = (env.FUZZ_TARGETS ? env.FUZZ_TARGETS.split(",") : [...TARGETS]) as TargetName[];
const findingsDir = env.FUZZ_FINDINGS ?? fileURLToPath(new URL("./findings", import.meta.url));
const generator = await createKafkaGenerator();
if (!generator) console.log("Kafka schemas absent (../shared/kafka-protocol): Kafka inputs come from the corpus only");
const sources = defaultSources(generator);
console.log(`fuzz: seed ${seed}, ${seconds} s over ${targets.join(", ")}; findings in ${findingsDir}`);
let failures = 0;
for (const target of targets) {
  const r = await fuzz({
    target,
    seed,
    seconds: seconds / targets.length,
    sources,
    findingsDir,
    onProgress: (p) => console.log(`  ${target}: ${p.executed} inputs, ${p.execsPerSecond.toFixed(0)}/s, ${p.failures.length} failing`),
  });
  failures += r.failures.length;
  console.log(`${target}: ${r.executed} inputs in ${r.seconds.toFixed(0)} s (${r.execsPerSecond.toFixed(1)} execs/s), ${r.failures.length} failing`);
  for (const f of r.failures) console.log(`  seed ${f.seed}: ${f.violation.message.split("\n")[0]}${f.file ? ` → ${f.file}` : ""}`);
}
process.exit(failures > 0 ? 1 : 0);
