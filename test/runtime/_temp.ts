/**
 * Temporary directories for runtime tests, under `$TMPDIR` or `/tmp`.
 *
 * @module
 */

import type { Runtime } from "../../broker/runtime/mod.ts";

/** Create a fresh empty directory and return its path; the caller removes it. */
export async function makeTempDir(runtime: Runtime, label: string): Promise<string> {
  const base = runtime.env()["TMPDIR"] ?? "/tmp";
  const path = `${base.replace(/\/+$/, "")}/tributary-${label}-${crypto.randomUUID()}`;
  await runtime.fs.mkdir(path, { recursive: true });
  return path;
}
