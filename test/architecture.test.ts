/**
 * Architecture rules (STYLE items 1 and 10), checked on the source text. Bun only.
 *
 * 1. Only `broker/runtime/` talks to the host: no `Deno.*`, `Bun.*` or Node built-in imports
 *    in `broker/` (elsewhere), `bridge/`, `devices/` or `mod.ts` — except `node:util` (for
 *    `parseArgs`) in the CLI under `broker/cli/`.
 * 2. Dependencies point one way: `broker/` never imports from `bridge/` or `devices/`.
 */
import { expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");

/** Bare names of Node built-ins (imports without the `node:` prefix count too). */
const BUILTINS = new Set([
  "assert",
  "buffer",
  "child_process",
  "cluster",
  "crypto",
  "dgram",
  "dns",
  "events",
  "fs",
  "fs/promises",
  "http",
  "http2",
  "https",
  "net",
  "os",
  "path",
  "perf_hooks",
  "process",
  "readline",
  "stream",
  "tls",
  "url",
  "util",
  "v8",
  "vm",
  "worker_threads",
  "zlib",
]);

function tsFiles(dir: string): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => join(dir, name));
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) if (match[1] !== undefined) found.push(match[1]);
  }
  return found;
}

function hostViolations(file: string): string[] {
  const source = readFileSync(join(root, file), "utf8");
  const problems: string[] = [];
  // `Deno.x` / `Bun.x` member access; a sentence ending in "Deno." is fine.
  for (const match of source.matchAll(/\b(Deno|Bun)\.[A-Za-z_$]/g)) {
    const line = source.slice(0, match.index).split("\n").length;
    problems.push(`${file}:${line} mentions ${match[1]}.*`);
  }
  const isCli = file.startsWith("broker/cli/");
  for (const spec of specifiers(source)) {
    const name = spec.startsWith("node:") ? spec.slice(5) : spec;
    if (!spec.startsWith("node:") && !BUILTINS.has(name)) continue;
    if (isCli && name === "util") continue;
    problems.push(`${file} imports ${spec}`);
  }
  return problems;
}

test("only broker/runtime/ touches Deno, Bun or Node built-ins", () => {
  const files = [
    ...tsFiles("broker").filter((file) => !file.startsWith("broker/runtime/")),
    ...tsFiles("bridge"),
    ...tsFiles("devices"),
    ...(existsSync(join(root, "mod.ts")) ? ["mod.ts"] : []),
  ];
  expect(files.length).toBeGreaterThan(0);
  expect(files.flatMap(hostViolations)).toEqual([]);
});

test("broker/ never imports from bridge/ or devices/", () => {
  const problems: string[] = [];
  for (const file of tsFiles("broker")) {
    const source = readFileSync(join(root, file), "utf8");
    for (const spec of specifiers(source)) {
      if (!spec.startsWith(".")) continue;
      const target = relative(root, resolve(root, dirname(file), spec));
      if (/^(bridge|devices)(\/|$)/.test(target)) problems.push(`${file} imports ${spec}`);
    }
  }
  expect(problems).toEqual([]);
});

test("the checks see a violation when there is one", () => {
  expect(specifiers('import { x } from "node:fs";\nconst y = await import("../bridge/mod.ts");'))
    .toEqual([
      "node:fs",
      "../bridge/mod.ts",
    ]);
});
