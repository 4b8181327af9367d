/**
 * {@link FileSystem} on `node:fs/promises`, as Bun implements it: real positioned
 * `pread`/`pwrite`, `fsync` and `fdatasync`.
 *
 * @module
 */

import { constants, writeSync } from "node:fs";
import * as fsp from "node:fs/promises";
import type { DirEntry, FileHandle, FileInfo, FileSystem, OpenOptions } from "./types.ts";
import { isNotFound, systemError } from "./errors.ts";

type NodeHandle = Awaited<ReturnType<typeof fsp.open>>;

/**
 * Writes up to this size are a synchronous pwrite(2): copying a few KB into the page cache
 * takes ≈10 µs, a quarter of the thread-pool round trip an async write costs (log group writes
 * are mostly this small under MQTT load). Larger writes, and every fsync, stay async so the
 * event loop keeps running while the kernel works.
 */
const SYNC_WRITE_MAX = 64 * 1024;

function openFlags(options: OpenOptions): number {
  const create = options.create === true || options.createNew === true;
  const write = options.write === true || create || options.truncate === true;
  let flags = write ? constants.O_RDWR : constants.O_RDONLY;
  if (create) flags |= constants.O_CREAT;
  if (options.createNew === true) flags |= constants.O_EXCL;
  if (options.truncate === true) flags |= constants.O_TRUNC;
  return flags;
}

/** View a Buffer as a plain Uint8Array (same memory) so equality checks see one type. */
function plain(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function orNull<T>(operation: Promise<T>): Promise<T | null> {
  try {
    return await operation;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** A {@link FileSystem} backed by `node:fs/promises`. */
export function createBunFileSystem(): FileSystem {
  return {
    async open(path, options = {}) {
      return new NodeFileHandle(await fsp.open(path, openFlags(options), 0o644), path);
    },
    async readFile(path) {
      const bytes = await orNull(fsp.readFile(path));
      return bytes === null ? null : plain(bytes);
    },
    writeFile: (path, bytes) => fsp.writeFile(path, bytes),
    rename: (from, to) => fsp.rename(from, to),
    async remove(path, options = {}) {
      const info = await orNull(fsp.lstat(path));
      if (info === null) return;
      // Deno.remove deletes an empty directory without `recursive`; match it.
      if (info.isDirectory() && options.recursive !== true) await fsp.rmdir(path);
      else await fsp.rm(path, { recursive: options.recursive === true, force: true });
    },
    async mkdir(path, options = {}) {
      await fsp.mkdir(path, { recursive: options.recursive === true });
    },
    async readDir(path) {
      const entries = await orNull(fsp.readdir(path, { withFileTypes: true }));
      if (entries === null) return null;
      return entries.map((entry): DirEntry => ({
        name: entry.name,
        isFile: entry.isFile(),
        isDirectory: entry.isDirectory(),
      }));
    },
    async stat(path): Promise<FileInfo | null> {
      const info = await orNull(fsp.stat(path));
      if (info === null) return null;
      return {
        size: info.size,
        isFile: info.isFile(),
        isDirectory: info.isDirectory(),
        mtimeMs: info.mtimeMs,
      };
    },
    async syncDir(path) {
      // fsync on a read-only directory descriptor makes its entries durable (Linux).
      const dir = await fsp.open(path, constants.O_RDONLY);
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    },
    async diskSpace(path) {
      const info = await fsp.statfs(path);
      return { free: info.bavail * info.bsize, total: info.blocks * info.bsize };
    },
  };
}

class NodeFileHandle implements FileHandle {
  readonly #handle: NodeHandle;
  readonly #path: string;
  #closed = false;

  constructor(handle: NodeHandle, path: string) {
    this.#handle = handle;
    this.#path = path;
  }

  async read(buffer: Uint8Array, position: number): Promise<number> {
    this.#check();
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await this.#handle.read(
        buffer,
        filled,
        buffer.length - filled,
        position + filled,
      );
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled;
  }

  async write(bytes: Uint8Array, position: number): Promise<void> {
    this.#check();
    let written = 0;
    if (bytes.length <= SYNC_WRITE_MAX) {
      while (written < bytes.length) {
        written += writeSync(this.#handle.fd, bytes, written, bytes.length - written, position + written);
      }
      return;
    }
    while (written < bytes.length) {
      const { bytesWritten } = await this.#handle.write(
        bytes,
        written,
        bytes.length - written,
        position + written,
      );
      written += bytesWritten;
    }
  }

  async sync(): Promise<void> {
    this.#check();
    await this.#handle.sync();
  }

  async datasync(): Promise<void> {
    this.#check();
    await this.#handle.datasync();
  }

  async truncate(length: number): Promise<void> {
    this.#check();
    await this.#handle.truncate(length);
  }

  async size(): Promise<number> {
    this.#check();
    return (await this.#handle.stat()).size;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#handle.close();
  }

  #check(): void {
    if (this.#closed) throw systemError("EBADF", `file closed: '${this.#path}'`);
  }
}
