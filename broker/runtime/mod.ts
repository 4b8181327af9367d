/**
 * The runtime layer: everything Tributary needs from its host, behind one {@link Runtime}.
 *
 * The broker receives a `Runtime` as an argument; only the CLI entry calls
 * {@link currentRuntime}. Tests use {@link MemoryFileSystem} for fast, deterministic crash tests.
 *
 * @example
 * ```ts
 * import { currentRuntime, writeFileAtomic } from "./broker/runtime/mod.ts";
 * const runtime = currentRuntime();
 * await writeFileAtomic(runtime.fs, "data/meta.json", new TextEncoder().encode("{}"));
 * ```
 *
 * @module
 */

import type { Runtime } from "./types.ts";
import { createBunRuntime } from "./bun.ts";
import { createDenoRuntime } from "./deno.ts";

export type * from "./types.ts";
export { createBunRuntime } from "./bun.ts";
export { createDenoRuntime } from "./deno.ts";
export { PREVIOUS_SUFFIX, readStateFile, type StateFileRead, writeFileAtomic } from "./atomic.ts";
export { MemoryFileSystem } from "./memory_fs.ts";
export {
  connectionClosedError,
  errorCode,
  isAlreadyExists,
  isNotFound,
  type SystemError,
  systemError,
} from "./errors.ts";

let current: Runtime | undefined;

/**
 * The adapter for the host this process runs on (one instance per process).
 * Bun is checked first: Bun does not define `Deno`, but a shim might.
 */
export function currentRuntime(): Runtime {
  if (current !== undefined) return current;
  const host = globalThis as { Deno?: unknown; Bun?: unknown };
  if (host.Bun !== undefined) current = createBunRuntime();
  else if (host.Deno !== undefined) current = createDenoRuntime();
  else throw new Error("Tributary runs on Deno 2.x or Bun 1.x; neither was detected");
  return current;
}
