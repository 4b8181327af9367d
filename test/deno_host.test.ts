/**
 * Proves the Deno host in CI: runs the runtime and log suites under `deno test` (through the
 * bun:test shim) and expects a clean pass. Bun only; prints Deno's output when it fails.
 */
import { expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const suites = ["test/runtime", "test/log", "test/kafka", "test/mqtt"].filter((dir) => existsSync(join(root, dir)));

/** Run `deno test --allow-all <paths>` from the project root. */
async function denoTest(
  paths: string[],
  deadlineMs: number,
): Promise<{ exitCode: number; output: string }> {
  const deno = Bun.spawn([join(root, "node_modules/.bin/deno"), "test", "--allow-all", ...paths], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1" },
    stdout: "pipe",
    stderr: "pipe",
  });
  // A hung suite must not outlive this test: kill the child before bun's own timeout, so the
  // output gathered so far is still printed.
  const watchdog = setTimeout(() => deno.kill(), deadlineMs);
  try {
    const [stdout, stderr, exitCode] = await Promise.all([
      new Response(deno.stdout).text(),
      new Response(deno.stderr).text(),
      deno.exited,
    ]);
    const killed = deno.signalCode === null
      ? ""
      : `\n(killed by ${deno.signalCode} after ${deadlineMs} ms)`;
    return { exitCode, output: `${stdout}\n${stderr}${killed}` };
  } finally {
    clearTimeout(watchdog);
  }
}

test("the runtime and log suites pass on Deno", async () => {
  const { exitCode, output } = await denoTest(suites, 270_000);
  if (exitCode !== 0 || !/\| 0 failed/.test(output)) {
    console.error(`deno test exited ${exitCode}\n${output}`);
  }
  expect(exitCode).toBe(0);
  expect(output).toMatch(/\| 0 failed/);
}, 300_000);

test("the shim reports failures and still runs afterEach and afterAll", async () => {
  const { exitCode, output } = await denoTest(["test/_deno/failing_fixture.ts"], 100_000);
  if (!/1 passed \| 2 failed/.test(output)) console.error(output);
  const marks = output.split("\n").filter((line) => line.startsWith("MARK "));
  expect(exitCode).not.toBe(0);
  expect(output).toMatch(/1 passed \| 2 failed/);
  expect(marks).toEqual([
    "MARK afterEach",
    "MARK afterEach",
    "MARK afterAll after a failed test",
    "MARK afterAll after a failed beforeAll",
  ]);
}, 120_000);
