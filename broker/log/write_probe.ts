/**
 * The start-up check that the data directory takes writes. A read-only directory (a remounted
 * SD card, wrong ownership) would otherwise let the broker start, answer reads, and fail every
 * append; an operator expects it to refuse to start and say why, so systemd reports it.
 *
 * A full disk is not a reason to refuse: the probe writes no data, so it creates and removes an
 * empty file only. The broker starts, appends fail with a storage error until space returns.
 *
 * @module
 */

import { dirname } from "../runtime/atomic.ts";
import type { FileSystem } from "../runtime/types.ts";
import { StorageError, storageKindOf } from "./errors.ts";

const PROBE_FILE = ".write-probe";

/**
 * Create `dataDir` if missing (durably) and check that a file can be created and removed in
 * it. Throws a `StorageError` whose message names the directory and the cause.
 *
 * @example
 * ```ts
 * await ensureWritableDataDir(runtime.fs, "/var/lib/tributary"); // throws on a read-only mount
 * ```
 */
export async function ensureWritableDataDir(fs: FileSystem, dataDir: string): Promise<void> {
  try {
    if (!(await fs.stat(dataDir))) {
      await fs.mkdir(dataDir, { recursive: true });
      await fs.syncDir(dirname(dataDir)); // a new data dir must itself survive a power cut
    }
    const probe = `${dataDir}/${PROBE_FILE}`;
    const file = await fs.open(probe, { write: true, create: true, truncate: true });
    await file.close();
    await fs.remove(probe);
  } catch (cause) {
    const kind = storageKindOf(cause);
    const why = kind === "read_only" ? "it is read-only or not writable by this user" : "the file system refused a write";
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new StorageError(`data directory ${dataDir} cannot be written: ${why} (${detail})`, { cause, kind });
  }
}
