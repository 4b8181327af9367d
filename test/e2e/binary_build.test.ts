/**
 * The `deno compile` command line of `tools/build/compile.ts`. `deno compile` needs its `denort`
 * base binary from dl.deno.land, which CI cannot reach, so the command is checked here instead
 * of run: both Linux targets, dev-only packages and the native CBOR addon left out of the
 * embedded `node_modules`, every runtime dependency kept. (The Bun build runs for real in
 * binary_smoke.test.ts.)
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { denoBinaryPath, denoCompileArgs } from "../../tools/build/compile.ts";
import { projectRoot } from "../_support/broker_process.ts";

const excluded = (args: string[]) => args.flatMap((a, i) => (args[i - 1] === "--exclude" ? [a] : []));

test("deno compile targets x86_64 and aarch64 Linux with every permission", () => {
  for (const [arch, target] of [["x64", "x86_64-unknown-linux-gnu"], ["arm64", "aarch64-unknown-linux-gnu"]] as const) {
    const args = denoCompileArgs(arch);
    expect(args.slice(0, 2)).toEqual(["compile", "--allow-all"]);
    expect(args[args.indexOf("--target") + 1]).toBe(target);
    expect(args[args.indexOf("--output") + 1]).toBe(denoBinaryPath(arch));
    expect(args.at(-1)).toBe(join(projectRoot, "mod.ts"));
  }
});

test("deno compile leaves out dev-only packages and the cbor-extract addon, keeps runtime dependencies", () => {
  const out = excluded(denoCompileArgs("x64"));
  for (const dev of ["node_modules/deno", "node_modules/bun", "node_modules/typescript", "node_modules/cbor-extract"]) {
    expect(out).toContain(dev);
  }
  const deps = Object.keys(JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")).dependencies);
  expect(deps).toContain("cbor-x");
  for (const dep of deps.filter((d) => d !== "cbor-extract")) expect(out).not.toContain(`node_modules/${dep}`);
});
