/**
 * {@link FileSystem} on Deno's file APIs.
 *
 * Deno's `FsFile` has no positioned read or write, so each handle runs seek + read/write as
 * one step of a per-handle queue: concurrent calls on one handle cannot interleave their seeks.
 * The handle remembers where its cursor is, so appends (each write starting where the last one
 * ended) skip the seek; writes of a few KB go through `writeSync`, a quarter of the cost of an
 * async write's thread-pool round trip. fsync and large writes stay async.
 *
 * fdatasync does not move the cursor, so it runs beside the queue, not in it: the log writes
 * its next group while the previous one's fdatasync is in flight (as on Bun, whose handles
 * have pwrite). Queued behind the fdatasync, that write waited ~0.5 ms and then delayed the
 * next fdatasync by its own duration. What a sync covers is what was written before it
 * started, which the caller knows; `close()` waits for syncs in flight.
 *
 * @module
 */

import { statfs } from "node:fs/promises";
import type { DirEntry, FileHandle, FileInfo, FileSystem, OpenOptions } from "./types.ts";
import type { DenoApi, DenoFile } from "./_deno_api.ts";
import { isNotFound, systemError } from "./errors.ts";
import { SerialQueue } from "./_private.ts";

const SEEK_START = 0; // Deno.SeekMode.Start

/** Writes up to this size are synchronous (see the module comment). */
const SYNC_WRITE_MAX = 64 * 1024;

/** `Deno.FsFile`'s synchronous calls, where the host has them. */
interface SyncFile {
  seekSync?(offset: number, whence: number): number;
  writeSync?(bytes: Uint8Array): number;
}

/** A {@link FileSystem} backed by `Deno.open` and friends. */
export function createDenoFileSystem(deno: DenoApi): FileSystem {
  return {
    async open(path: string, options: OpenOptions = {}): Promise<FileHandle> {
      const create = options.create === true || options.createNew === true;
      const write = options.write === true || create || options.truncate === true;
      const file = await deno.open(path, {
        read: true,
        write,
        create,
        createNew: options.createNew === true,
        truncate: options.truncate === true,
      });
      return new DenoFileHandle(file, path);
    },
    async readFile(path) {
      try {
        return await deno.readFile(path);
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    writeFile: (path, bytes) => deno.writeFile(path, bytes),
    rename: (from, to) => deno.rename(from, to),
    async remove(path, options = {}) {
      try {
        await deno.remove(path, { recursive: options.recursive === true });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
    mkdir: (path, options = {}) => deno.mkdir(path, { recursive: options.recursive === true }),
    async readDir(path) {
      const entries: DirEntry[] = [];
      try {
        for await (const entry of deno.readDir(path)) {
          entries.push({ name: entry.name, isFile: entry.isFile, isDirectory: entry.isDirectory });
        }
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
      return entries;
    },
    async stat(path): Promise<FileInfo | null> {
      try {
        const info = await deno.stat(path);
        const mtimeMs = info.mtime?.getTime() ?? 0;
        return { size: info.size, isFile: info.isFile, isDirectory: info.isDirectory, mtimeMs };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    async syncDir(path) {
      // fsync on a read-only directory descriptor makes its entries durable (Linux).
      const dir = await deno.open(path, {
        read: true,
        write: false,
        create: false,
        createNew: false,
        truncate: false,
      });
      try {
        await dir.sync();
      } finally {
        dir.close();
      }
    },
    async diskSpace(path) {
      // Deno has no statfs of its own; its node:fs compatibility layer does.
      const info = await statfs(path);
      return { free: info.bavail * info.bsize, total: info.blocks * info.bsize };
    },
  };
}

class DenoFileHandle implements FileHandle {
  readonly #file: DenoFile;
  readonly #path: string;
  readonly #queue = new SerialQueue();
  #closed = false;
  /** fdatasyncs in flight (they run outside the queue; see the module comment). */
  readonly #syncs = new Set<Promise<void>>();
  /** The file cursor, or -1 when unknown (after a failed operation). */
  #cursor = 0;

  constructor(file: DenoFile, path: string) {
    this.#file = file;
    this.#path = path;
  }

  read(buffer: Uint8Array, position: number): Promise<number> {
    return this.#step(async () => {
      const at = this.#cursor;
      this.#cursor = -1; // unknown until this read has succeeded
      if (position !== at) await this.#file.seek(position, SEEK_START);
      let filled = 0;
      while (filled < buffer.length) {
        const n = await this.#file.read(buffer.subarray(filled));
        if (n === null || n === 0) break;
        filled += n;
      }
      this.#cursor = position + filled;
      return filled;
    });
  }

  write(bytes: Uint8Array, position: number): Promise<void> {
    return this.#step(async () => {
      const at = this.#cursor;
      this.#cursor = -1; // unknown until this write has succeeded
      const file = this.#file as DenoFile & SyncFile;
      let written = 0;
      if (bytes.length <= SYNC_WRITE_MAX && file.seekSync && file.writeSync) {
        if (position !== at) file.seekSync(position, SEEK_START);
        while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
      } else {
        if (position !== at) await file.seek(position, SEEK_START);
        while (written < bytes.length) written += await file.write(bytes.subarray(written));
      }
      this.#cursor = position + written;
    });
  }

  sync(): Promise<void> {
    return this.#step(() => this.#file.sync());
  }

  datasync(): Promise<void> {
    if (this.#closed) return Promise.reject(systemError("EBADF", `file closed: '${this.#path}'`));
    const sync = this.#file.syncData();
    this.#syncs.add(sync);
    const forget = () => this.#syncs.delete(sync);
    sync.then(forget, forget);
    return sync;
  }

  truncate(length: number): Promise<void> {
    return this.#step(() => this.#file.truncate(length));
  }

  size(): Promise<number> {
    return this.#step(async () => (await this.#file.stat()).size);
  }

  close(): Promise<void> {
    // Queued so that a close cannot cut off an operation already issued.
    return this.#queue.run(async () => {
      if (this.#closed) return;
      this.#closed = true;
      await Promise.allSettled(this.#syncs);
      this.#file.close();
    });
  }

  #step<T>(task: () => Promise<T>): Promise<T> {
    return this.#queue.run(() => {
      if (this.#closed) return Promise.reject(systemError("EBADF", `file closed: '${this.#path}'`));
      return task();
    });
  }
}
