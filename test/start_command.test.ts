/**
 * `npm start` (package.json) and `deno task start` (deno.json) run the broker under Deno with
 * the same V8 flags as every test and benchmark launcher (`test/_support/deno_flags.ts`), so
 * what is measured is what users run.
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DENO_V8_FLAGS } from "./_support/deno_flags.ts";

const root = join(import.meta.dir, "..");
const json = (file: string) => JSON.parse(readFileSync(join(root, file), "utf8"));

test("npm start and deno task start pass Deno the flags the tests and benchmarks use", () => {
  const npmStart: string = json("package.json").scripts.start;
  const denoStart: string = json("deno.json").tasks.start;
  for (const command of [npmStart, denoStart]) {
    expect(command).toMatch(/deno run --allow-all /);
    expect(command.split(" ")).toContain(DENO_V8_FLAGS);
    expect(command).toEndWith("mod.ts serve");
  }
});
