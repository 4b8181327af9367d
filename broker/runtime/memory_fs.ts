/**
 * An in-memory {@link FileSystem} with fault injection, for fast and deterministic crash tests.
 *
 * `crash()` keeps only what was made durable, as a power cut would on Linux: each file reverts
 * to its bytes at its last `sync`/`datasync`, and each directory to its entries at its last
 * `syncDir` — so an unsynced create, rename or remove is undone. Errors carry the host's `code`.
 *
 * @example
 * ```ts
 * const fs = new MemoryFileSystem();
 * await fs.writeFile("/a", new TextEncoder().encode("x")); // not synced
 * fs.crash();
 * await fs.readFile("/a"); // null: the create was never made durable
 * ```
 *
 * @module
 */

import type { DirEntry, FileHandle, FileInfo, FileSystem, OpenOptions } from "./types.ts";
import { systemError } from "./errors.ts";
import {
  attempt,
  DirNode,
  FileNode,
  fsError,
  type Node,
  splitPath,
  usedBytes,
} from "./_memory_nodes.ts";
import { type HandleHost, MemoryFileHandle, type SyncFault, type WriteFault } from "./_memory_handle.ts";

/** In-memory {@link FileSystem}; see the module comment for its crash model. */
export class MemoryFileSystem implements FileSystem {
  readonly #root = new DirNode();
  #writeFaults: WriteFault[] = [];
  #syncFaults: SyncFault[] = [];
  #capacity: number | undefined;
  #generation = 0; // bumped by crash(): handles from before it stop working
  /** What handles may ask of their filesystem; kept off the public surface. */
  readonly #host: HandleHost = {
    takeWriteFault: () => this.#writeFaults.shift(),
    takeSyncFault: () => this.#syncFaults.shift(),
    checkSpace: (node, newSize, path) => {
      if (this.#capacity === undefined || newSize <= node.size) return;
      if (usedBytes(this.#root) + newSize - node.size > this.#capacity) {
        throw fsError("ENOSPC", "write", path);
      }
    },
    isCurrent: (generation) => generation === this.#generation,
  };

  /** Make the next file write (handle write or `writeFile`) fail, keeping `keepBytes` of it. */
  failNextWrite(error: Error = systemError("EIO", "injected write failure"), keepBytes = 0): void {
    this.#writeFaults.push({ error, keepBytes });
  }

  /**
   * Make the next `sync`, `datasync` or `syncDir` fail; nothing becomes durable. With
   * `forgetDirty`, a failing file sync also marks the file's dirty bytes clean, as Linux does
   * after a writeback error: a later sync succeeds without persisting them.
   */
  failNextSync(error: Error = systemError("EIO", "injected sync failure"), options: { forgetDirty?: boolean } = {}): void {
    this.#syncFaults.push({ error, forgetDirty: options.forgetDirty === true });
  }

  /** Limit the total bytes of file contents; writes past it fail with ENOSPC. */
  setCapacity(bytes: number | undefined): void {
    this.#capacity = bytes;
  }

  /** Lose everything not durable, and invalidate every open handle. */
  crash(): void {
    this.#generation++;
    this.#writeFaults = [];
    this.#syncFaults = [];
    this.#root.revert();
  }

  open(path: string, options: OpenOptions = {}): Promise<FileHandle> {
    return attempt(() => {
      const create = options.create === true || options.createNew === true;
      const writable = options.write === true || create || options.truncate === true;
      const { parent, name } = this.#parentOf(path, "open");
      let node = parent.entries.get(name);
      if (node !== undefined && options.createNew === true) throw fsError("EEXIST", "open", path);
      if (node === undefined) {
        if (!create) throw fsError("ENOENT", "open", path);
        node = new FileNode();
        parent.entries.set(name, node);
      }
      if (node.kind === "dir") throw fsError("EISDIR", "open", path);
      if (options.truncate === true && writable) node.truncate(0);
      return new MemoryFileHandle(this.#host, node, path, writable, this.#generation);
    });
  }

  readFile(path: string): Promise<Uint8Array | null> {
    return attempt(() => {
      const node = this.#lookup(path);
      if (node === undefined) return null;
      if (node.kind === "dir") throw fsError("EISDIR", "read", path);
      return node.contents();
    });
  }

  async writeFile(path: string, bytes: Uint8Array): Promise<void> {
    const handle = await this.open(path, { create: true, truncate: true, write: true });
    try {
      await handle.write(bytes, 0);
    } finally {
      await handle.close();
    }
  }

  rename(from: string, to: string): Promise<void> {
    return attempt(() => {
      const source = this.#parentOf(from, "rename");
      const target = this.#parentOf(to, "rename");
      const node = source.parent.entries.get(source.name);
      if (node === undefined) throw fsError("ENOENT", "rename", from);
      const existing = target.parent.entries.get(target.name);
      if (existing === node) return;
      if (existing?.kind === "dir") {
        if (node.kind === "file") throw fsError("EISDIR", "rename", to);
        if (existing.entries.size > 0) throw fsError("ENOTEMPTY", "rename", to);
      } else if (existing !== undefined && node.kind === "dir") {
        throw fsError("ENOTDIR", "rename", to);
      }
      if (node.kind === "dir" && this.#contains(node, target.parent)) {
        throw fsError("EINVAL", "rename", to);
      }
      source.parent.entries.delete(source.name);
      target.parent.entries.set(target.name, node);
    });
  }

  remove(path: string, options: { recursive?: boolean } = {}): Promise<void> {
    return attempt(() => {
      const names = splitPath(path);
      const name = names.pop();
      const parent = this.#walk(names);
      if (name === undefined) throw fsError("EPERM", "remove", path);
      const node = parent?.kind === "dir" ? parent.entries.get(name) : undefined;
      if (parent?.kind !== "dir" || node === undefined) return;
      if (node.kind === "dir" && node.entries.size > 0 && options.recursive !== true) {
        throw fsError("ENOTEMPTY", "remove", path);
      }
      parent.entries.delete(name);
    });
  }

  mkdir(path: string, options: { recursive?: boolean } = {}): Promise<void> {
    return attempt(() => {
      if (options.recursive !== true) {
        const { parent, name } = this.#parentOf(path, "mkdir");
        if (parent.entries.has(name)) throw fsError("EEXIST", "mkdir", path);
        parent.entries.set(name, new DirNode());
        return;
      }
      let dir = this.#root;
      for (const name of splitPath(path)) {
        let next = dir.entries.get(name);
        if (next === undefined) dir.entries.set(name, next = new DirNode());
        if (next.kind !== "dir") throw fsError("ENOTDIR", "mkdir", path);
        dir = next;
      }
    });
  }

  readDir(path: string): Promise<DirEntry[] | null> {
    return attempt(() => {
      const node = this.#lookup(path);
      if (node === undefined) return null;
      if (node.kind !== "dir") throw fsError("ENOTDIR", "scandir", path);
      return [...node.entries].map(([name, child]): DirEntry => ({
        name,
        isFile: child.kind === "file",
        isDirectory: child.kind === "dir",
      }));
    });
  }

  stat(path: string): Promise<FileInfo | null> {
    const node = this.#lookup(path);
    if (node === undefined) return Promise.resolve(null);
    return Promise.resolve({
      size: node.kind === "file" ? node.size : 0,
      isFile: node.kind === "file",
      isDirectory: node.kind === "dir",
      mtimeMs: node.mtimeMs,
    });
  }

  syncDir(path: string): Promise<void> {
    return attempt(() => {
      const node = this.#lookup(path);
      if (node === undefined) throw fsError("ENOENT", "open", path);
      if (node.kind !== "dir") throw fsError("ENOTDIR", "fsync", path);
      this.#takeSyncFault();
      node.sync();
    });
  }

  diskSpace(_path: string): Promise<{ free: number; total: number } | null> {
    if (this.#capacity === undefined) return Promise.resolve(null);
    const free = Math.max(0, this.#capacity - usedBytes(this.#root));
    return Promise.resolve({ free, total: this.#capacity });
  }

  #takeSyncFault(): void {
    const fault = this.#syncFaults.shift();
    if (fault !== undefined) throw fault.error;
  }

  #walk(names: string[]): Node | undefined {
    let node: Node = this.#root;
    for (const name of names) {
      if (node.kind !== "dir") return undefined;
      const next: Node | undefined = node.entries.get(name);
      if (next === undefined) return undefined;
      node = next;
    }
    return node;
  }

  #lookup(path: string): Node | undefined {
    return this.#walk(splitPath(path));
  }

  #parentOf(path: string, syscall: string): { parent: DirNode; name: string } {
    const names = splitPath(path);
    const name = names.pop();
    const parent = this.#walk(names);
    if (name === undefined) throw fsError("EISDIR", syscall, path);
    if (parent === undefined) throw fsError("ENOENT", syscall, path);
    if (parent.kind !== "dir") throw fsError("ENOTDIR", syscall, path);
    return { parent, name };
  }

  #contains(dir: DirNode, node: Node): boolean {
    if (dir === node) return true;
    for (const child of dir.entries.values()) {
      if (child.kind === "dir" && this.#contains(child, node)) return true;
    }
    return false;
  }
}
