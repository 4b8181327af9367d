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
 * path one writer at a time. With `keepPrevious`, the bytes being replaced are renamed to
 * `<path>.prev` first, for {@link readStateFile} to fall back on.
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
  options: { keepPrevious?: boolean } = {},
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
    // The replaced bytes stay readable as `<path>.prev` (see readStateFile).
    if (options.keepPrevious && (await fs.stat(path)) !== null) await fs.rename(path, `${path}${PREVIOUS_SUFFIX}`);
    await fs.rename(tmp, path);
  } catch (error) {
    await fs.remove(tmp).catch(() => {});
    throw error;
  }
  // The rename itself is durable only once the directory is.
  await fs.syncDir(dirname(path));
}

/** Suffix of the version a `keepPrevious` write replaced. */
export const PREVIOUS_SUFFIX = ".prev";

/** Suffix a torn current version is moved to when {@link readStateFile} falls back (kept for inspection). */
export const TORN_SUFFIX = ".torn";

/** What {@link readStateFile} found. */
export interface StateFileRead<T> {
  /** The decoded state, or null when no version could be read. */
  value: T | null;
  /** Which file it came from; "none" when neither exists or both are unreadable. */
  source: "current" | "previous" | "none";
  /** Why a version was passed over (empty when the current one was read, or none exists). */
  problems: string[];
}

/**
 * Read a small state file written with `keepPrevious`, falling back to the version it replaced
 * when the current one is missing, empty or rejected by `decode` (which throws on anything it
 * cannot vouch for). An SD card that acknowledged a flush it never made can leave the renamed
 * file torn or zero-length after a power cut; the previous version was on the device long before.
 * The caller logs `problems` and decides what to do when nothing is readable. When it falls back,
 * the unreadable current file is renamed to `<path>.torn`, so the good previous version is the one
 * the next write keeps.
 *
 * @example
 * ```ts
 * const read = await readStateFile(fs, "data/topics.json", (b) => JSON.parse(new TextDecoder().decode(b)));
 * if (read.problems.length > 0) logger.warn("topic metadata damaged", { problems: read.problems, using: read.source });
 * ```
 */
export async function readStateFile<T>(fs: FileSystem, path: string, decode: (bytes: Uint8Array) => T): Promise<StateFileRead<T>> {
  const problems: string[] = [];
  const attempt = async (file: string): Promise<T | null> => {
    const bytes = await fs.readFile(file);
    if (bytes === null) return null;
    if (bytes.length === 0) {
      problems.push(`${file} is empty`);
      return null;
    }
    try {
      return decode(bytes);
    } catch (error) {
      problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  };
  const current = await attempt(path);
  if (current !== null) return { value: current, source: "current", problems };
  const currentExists = (await fs.stat(path)) !== null;
  const previous = await attempt(`${path}${PREVIOUS_SUFFIX}`);
  if (previous !== null) {
    if (!currentExists) problems.push(`${path} is missing`);
    // Move the torn version aside: the next keepPrevious write would otherwise rename it over
    // the good `.prev`, and one more torn write would then leave no readable version at all.
    else await fs.rename(path, `${path}${TORN_SUFFIX}`);
    return { value: previous, source: "previous", problems };
  }
  return { value: null, source: "none", problems };
}
