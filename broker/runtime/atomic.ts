/**
 * Crash-safe replacement of small files (checkpoints, metadata): after a crash the path holds
 * either the old bytes or the new bytes, never a mix and never nothing.
 *
 * @module
 */

import type { FileSystem } from "./types.ts";

/** The directory part of a `/`-separated path ("." when there is none). */
export function dirname(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  const slash = trimmed.lastIndexOf("/");
  if (slash < 0) return ".";
  return slash === 0 ? "/" : trimmed.slice(0, slash);
}

/**
 * Write `bytes` to `path` atomically: `<path>.tmp` → datasync → rename over `path` → fsync the
 * directory. The tmp name is fixed, so a leftover from a crash is simply overwritten; give each
 * path one writer at a time.
 *
 * @example
 * ```ts
 * await writeFileAtomic(runtime.fs, "data/bridge/checkpoint.json", encoded);
 * ```
 */
export async function writeFileAtomic(
  fs: FileSystem,
  path: string,
  bytes: Uint8Array,
): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    const handle = await fs.open(tmp, { create: true, truncate: true, write: true });
    try {
      await handle.write(bytes, 0);
      // Data must be on the device before the rename can make it visible under `path`.
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (error) {
    await fs.remove(tmp).catch(() => {});
    throw error;
  }
  // The rename itself is durable only once the directory is.
  await fs.syncDir(dirname(path));
}
