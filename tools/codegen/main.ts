/**
 * Kafka codec generator CLI.
 *
 * ```sh
 * ./node_modules/.bin/bun tools/codegen/main.ts            # regenerate
 * ./node_modules/.bin/bun tools/codegen/main.ts --check    # exit 1 and list drifted files
 * deno run --allow-read --allow-write tools/codegen/main.ts [schema-dir]
 * ```
 *
 * The schema directory defaults to `../shared/kafka-protocol` relative to the project root.
 * This dev tool is the only codegen file doing I/O, through `node:fs`, which Deno and Bun share.
 *
 * @module
 */

import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { parseArgs } from "node:util";
import { OUTPUT_DIR } from "./apis.ts";
import { generateAll, type GeneratedFile } from "./generate.ts";

/** The project root (two levels above this file). */
export const PROJECT_ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** Default schema directory. */
export const DEFAULT_SCHEMA_DIR: string = resolve(PROJECT_ROOT, "../shared/kafka-protocol");

/** Read every `*.json` file of a schema directory. */
export async function readSchemas(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of (await readdir(dir)).sort()) {
    if (name.endsWith(".json")) out.set(name, await readFile(join(dir, name), "utf8"));
  }
  return out;
}

/** Paths (relative to the root) whose committed content differs, is missing, or is stale. */
export async function driftedFiles(files: readonly GeneratedFile[], root: string): Promise<string[]> {
  const drifted: string[] = [];
  for (const f of files) {
    const current = await readFile(join(root, f.path), "utf8").catch(() => null);
    if (current !== f.content) drifted.push(f.path);
  }
  const expected = new Set(files.map((f) => f.path));
  const present = await readdir(join(root, OUTPUT_DIR)).catch(() => [] as string[]);
  for (const name of present) {
    const path = `${OUTPUT_DIR}/${name}`;
    if (name.endsWith(".ts") && !expected.has(path)) drifted.push(`${path} (stale)`);
  }
  return drifted;
}

async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { check: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log("usage: main.ts [--check] [schema-dir]");
    return 0;
  }
  const dir = positionals[0] !== undefined ? resolve(positionals[0]) : DEFAULT_SCHEMA_DIR;
  const files = generateAll(await readSchemas(dir));
  if (values.check) {
    const drifted = await driftedFiles(files, PROJECT_ROOT);
    if (drifted.length === 0) {
      console.log(`codegen: ${files.length} files up to date`);
      return 0;
    }
    console.error(`codegen: ${drifted.length} file(s) drifted from the schemas; run bun tools/codegen/main.ts`);
    for (const d of drifted) console.error(`  ${d}`);
    return 1;
  }
  await mkdir(join(PROJECT_ROOT, OUTPUT_DIR), { recursive: true });
  const expected = new Set(files.map((f) => f.path));
  for (const name of await readdir(join(PROJECT_ROOT, OUTPUT_DIR))) {
    const path = `${OUTPUT_DIR}/${name}`;
    if (name.endsWith(".ts") && !expected.has(path)) await rm(join(PROJECT_ROOT, path));
  }
  for (const f of files) await writeFile(join(PROJECT_ROOT, f.path), f.content);
  console.log(`codegen: wrote ${files.length} files to ${OUTPUT_DIR}`);
  return 0;
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
