/**
 * The bounded fuzz run of CI: a fixed number of inputs per target from a fixed seed (so a
 * failure replays exactly), every invariant checked per input. A failing input is written to
 * test/fuzz/findings/ with its seed. Long runs: `npm run fuzz` (see the README, "Fuzzing").
 *
 * Bun only: test/fuzz is not among the folders test/deno_host.test.ts runs under Deno. The
 * code it drives (codecs, listeners, log) runs under Deno in the kafka/mqtt/log suites; the
 * fuzz budget is spent once, and the memory invariant needs Bun's allocator counters.
 */
import { describe, expect, test } from "bun:test";
import { fileURLToPath } from "node:url";
import { fuzz, TARGETS } from "./engine.ts";
import { defaultSources } from "./inputs.ts";
import { createKafkaGenerator } from "./kafka_gen.ts";
import type { TargetName } from "./scenario.ts";

const SEED = 20_261_123;
const INPUTS: Record<TargetName, number> = {
  "kafka-decoder": 20_000,
  "mqtt-decoder": 10_000,
  "kafka-broker": 1_200,
  "mqtt-broker": 800,
};

const generator = await createKafkaGenerator();
if (!generator) console.warn("fuzz: ../shared/kafka-protocol absent, Kafka inputs come from the corpus only");
const sources = defaultSources(generator);
const findingsDir = fileURLToPath(new URL("./findings", import.meta.url));

describe("fuzz, bounded", () => {
  for (const target of TARGETS) {
    test(`${target}: ${INPUTS[target]} inputs from seed ${SEED} break no invariant`, async () => {
      const r = await fuzz({ target, seed: SEED, inputs: INPUTS[target], sources, findingsDir, stopOnFailure: true });
      console.log(`fuzz ${target}: ${r.executed} inputs, ${r.execsPerSecond.toFixed(1)} execs/s`);
      expect(r.failures.map((f) => `seed ${f.seed} (${f.file}): ${f.violation.message}`)).toEqual([]);
      expect(r.executed).toBe(INPUTS[target]);
    }, 600_000);
  }
});
