/**
 * Every input the fuzzer once failed on (test/fuzz/regressions/*.bin, exact bytes and chunking)
 * replays without breaking an invariant. Add a finding with its fix:
 * `cp test/fuzz/findings/<target>-<seed>.bin test/fuzz/regressions/<what-it-broke>.bin`.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { runInput } from "./engine.ts";
import { decodeScenario } from "./scenario.ts";

const dir = fileURLToPath(new URL("./regressions", import.meta.url));
const files = readdirSync(dir).filter((n) => n.endsWith(".bin")).sort();

describe("fuzz regressions", () => {
  test("the regression folder holds inputs", () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const name of files) {
    test(`${name} replays clean`, async () => {
      const input = decodeScenario(new Uint8Array(readFileSync(join(dir, name))));
      const violation = await runInput(input);
      expect(violation?.message).toBeUndefined();
    }, 60_000);
  }
});
