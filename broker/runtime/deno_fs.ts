/**
 * {@link FileSystem} on Deno's file APIs.
 *
 * Deno's `FsFile` has no positioned read or write, so each handle runs seek + read/write as
 * one step of a per-handle queue: concurrent calls on one handle cannot interleave their seeks.
 *
 * @module
 */

import { statfs } from "node:fs/promises";
import type { DirEntry, FileHandle, FileInfo, FileSystem, OpenOptions } from "./types.ts";
import type { DenoApi, DenoFile } from "./_deno_api.ts";
import { isNotFound, systemError } from "./errors.ts";
import { SerialQueue } from "./_private.ts";

const SEEK_START = 0; // Deno.SeekMode.Start

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

  constructor(file: DenoFile, path: string) {
    this.#file = file;
    this.#path = path;
  }

  read(buffer: Uint8Array, position: number): Promise<number> {
    return this.#step(async () => {
      await this.#file.seek(position, SEEK_START);
      let filled = 0;
      while (filled < buffer.length) {
        const n = await this.#file.read(buffer.subarray(filled));
        if (n === null || n === 0) break;
        filled += n;
      }
      return filled;
    });
  }

  write(bytes: Uint8Array, position: number): Promise<void> {
    return this.#step(async () => {
      await this.#file.seek(position, SEEK_START);
      let written = 0;
      while (written < bytes.length) {
        written += await this.#file.write(bytes.subarray(written));
      }
    });
  }

  sync(): Promise<void> {
    return this.#step(() => this.#file.sync());
  }

  datasync(): Promise<void> {
    return this.#step(() => this.#file.syncData());
  }

  truncate(length: number): Promise<void> {
    return this.#step(() => this.#file.truncate(length));
  }

  size(): Promise<number> {
    return this.#step(async () => (await this.#file.stat()).size);
  }

  close(): Promise<void> {
    // Queued so that a close cannot cut off an operation already issued.
    return this.#queue.run(() => {
      if (!this.#closed) {
        this.#closed = true;
        this.#file.close();
      }
      return Promise.resolve();
    });
  }

  #step<T>(task: () => Promise<T>): Promise<T> {
    return this.#queue.run(() => {
      if (this.#closed) return Promise.reject(systemError("EBADF", `file closed: '${this.#path}'`));
      return task();
    });
  }
}
