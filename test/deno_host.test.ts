/**
 * Proves the Deno host in CI: runs the runtime and log suites under `deno test` (through the
 * bun:test shim) and expects a clean pass. Bun only; prints Deno's output when it fails.
 */
import { expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const suites = ["test/runtime", "test/log"].filter((dir) => existsSync(join(root, dir)));

test("the runtime and log suites pass on Deno", async () => {
  const deno = Bun.spawn([join(root, "node_modules/.bin/deno"), "test", "--allow-all", ...suites], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(deno.stdout).text(),
    new Response(deno.stderr).text(),
    deno.exited,
  ]);
  const passed = exitCode === 0 && /\b0 failed\b/.test(stdout);
  if (!passed) console.error(`deno test exited ${exitCode}\n${stdout}\n${stderr}`);
  expect(exitCode).toBe(0);
  expect(stdout).toMatch(/\| 0 failed/);
}, 300_000);
