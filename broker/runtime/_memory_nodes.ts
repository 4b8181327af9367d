/**
 * Inodes of the in-memory filesystem. Each keeps two states: live (what reads see) and durable
 * (what survives `crash()`): a file's bytes as of its last sync, a directory's entries as of its
 * last `syncDir`. Entries point at inodes, so a renamed directory carries its subtree along.
 *
 * @module
 */

import { type SystemError, systemError } from "./errors.ts";

/** A growable byte buffer; doubling keeps appends at amortized O(1) copies. */
class Bytes {
  buffer = new Uint8Array(0);
  size = 0;

  /** Make room for `length` bytes; bytes past `size` read as zeros. */
  reserve(length: number): void {
    if (length <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(length, this.buffer.length * 2, 4096));
    grown.set(this.buffer.subarray(0, this.size));
    this.buffer = grown;
  }

  /** Copy `source[from, to)` to the same offsets here. */
  copyFrom(source: Bytes, from: number, to: number): void {
    this.reserve(to);
    this.buffer.set(source.buffer.subarray(from, to), from);
  }

  /** Set the length; bytes past the old end read as zeros when it grows. */
  resize(length: number): void {
    this.reserve(length);
    if (length < this.size) this.buffer.fill(0, length, this.size);
    this.size = length;
  }
}

/**
 * A regular file: live bytes plus the bytes as of the last sync. A sync copies only the range
 * written since the previous one, so many small appends with a datasync each stay linear.
 */
export class FileNode {
  readonly kind = "file";
  readonly #live = new Bytes();
  #durable = new Bytes();
  #dirtyFrom = Infinity;
  #dirtyTo = 0;
  mtimeMs = Date.now();

  get size(): number {
    return this.#live.size;
  }

  read(buffer: Uint8Array, position: number): number {
    if (position >= this.#live.size) return 0;
    const n = Math.min(buffer.length, this.#live.size - position);
    buffer.set(this.#live.buffer.subarray(position, position + n));
    return n;
  }

  write(bytes: Uint8Array, position: number): void {
    const end = position + bytes.length;
    if (end > this.#live.size) this.#live.resize(end);
    this.#live.buffer.set(bytes, position);
    this.#dirty(position, end);
    this.mtimeMs = Date.now();
  }

  truncate(length: number): void {
    const old = this.#live.size;
    this.#live.resize(length);
    // Shrinking dirties the cut-off range too: regrown, it must read as zeros after a crash.
    this.#dirty(Math.min(old, length), Math.max(old, length));
    this.mtimeMs = Date.now();
  }

  contents(): Uint8Array {
    return this.#live.buffer.slice(0, this.#live.size);
  }

  sync(): void {
    const size = this.#live.size;
    const to = Math.min(this.#dirtyTo, size);
    if (this.#dirtyFrom < to) this.#durable.copyFrom(this.#live, this.#dirtyFrom, to);
    this.#durable.resize(size);
    this.#dirtyFrom = Infinity;
    this.#dirtyTo = 0;
  }

  /**
   * A failed writeback as Linux reports it (PostgreSQL's "fsyncgate"): the dirty pages are
   * marked clean without reaching the device. Reads still see the bytes, a later sync does not
   * persist them, and a crash loses them.
   */
  forgetDirty(): void {
    this.#dirtyFrom = Infinity;
    this.#dirtyTo = 0;
  }

  /** Forget everything not synced (a never-synced file comes back empty). */
  revert(): void {
    const durable = this.#durable;
    this.#durable = new Bytes();
    this.#durable.copyFrom(durable, 0, durable.size);
    this.#durable.size = durable.size;
    // The old durable copy becomes the live one; the new durable copy is its twin.
    this.#live.buffer = durable.buffer;
    this.#live.size = durable.size;
    this.#dirtyFrom = Infinity;
    this.#dirtyTo = 0;
  }

  #dirty(from: number, to: number): void {
    this.#dirtyFrom = Math.min(this.#dirtyFrom, from);
    this.#dirtyTo = Math.max(this.#dirtyTo, to);
  }
}

/** A directory: live entries and the entries as of the last `syncDir`. */
export class DirNode {
  readonly kind = "dir";
  entries = new Map<string, Node>();
  durable = new Map<string, Node>();
  mtimeMs = Date.now();

  sync(): void {
    this.durable = new Map(this.entries);
  }

  /** Restore the durable entries, then recurse: the state a reboot would find. */
  revert(): void {
    this.entries = new Map(this.durable);
    for (const child of this.entries.values()) child.revert();
  }
}

/** A filesystem node. */
export type Node = FileNode | DirNode;

/** Total live bytes in files reachable from `dir`. */
export function usedBytes(dir: DirNode): number {
  let total = 0;
  for (const child of dir.entries.values()) {
    total += child.kind === "file" ? child.size : usedBytes(child);
  }
  return total;
}

/** Split a path into names, resolving "." and ".."; relative paths start at the root. */
export function splitPath(path: string): string[] {
  const names: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") names.pop();
    else names.push(part);
  }
  return names;
}

/** Run synchronous work as an async operation: results and throws both become a promise. */
export function attempt<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error);
  }
}

/** An error like the host's for `syscall` on `path`. */
export function fsError(code: string, syscall: string, path: string): SystemError {
  return systemError(code, `${syscall} '${path}'`);
}
