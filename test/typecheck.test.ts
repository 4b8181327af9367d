/**
 * The whole project type-checks (`npm run check`, tsc --noEmit). Bun and Deno run TypeScript
 * without checking it, so without this a type error reaches main unnoticed (one did: a
 * possibly-undefined metric in a test, found by hand).
 */
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dir, "..");

test("tsc --noEmit reports no errors", () => {
  const tsc = spawnSync(join(root, "node_modules/.bin/tsc"), ["--noEmit", "-p", "tsconfig.json"], { cwd: root, encoding: "utf8" });
  expect(`${tsc.stdout}${tsc.stderr}`.trim()).toBe("");
  expect(tsc.status).toBe(0);
}, 120_000);
