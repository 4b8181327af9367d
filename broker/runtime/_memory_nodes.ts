/**
 * Inodes of the in-memory filesystem. Each keeps two states: live (what reads see) and durable
 * (what survives `crash()`): a file's bytes as of its last sync, a directory's entries as of its
 * last `syncDir`. Entries point at inodes, so a renamed directory carries its subtree along.
 *
 * @module
 */

import { type SystemError, systemError } from "./errors.ts";

/** A regular file: a growable byte buffer plus the bytes last made durable. */
export class FileNode {
  readonly kind = "file";
  #bytes = new Uint8Array(0);
  #size = 0;
  /** Contents as of the last successful sync; `null` when never synced. */
  durable: Uint8Array | null = null;
  mtimeMs = Date.now();

  get size(): number {
    return this.#size;
  }

  read(buffer: Uint8Array, position: number): number {
    if (position >= this.#size) return 0;
    const n = Math.min(buffer.length, this.#size - position);
    buffer.set(this.#bytes.subarray(position, position + n));
    return n;
  }

  write(bytes: Uint8Array, position: number): void {
    this.#reserve(position + bytes.length);
    this.#bytes.set(bytes, position);
    this.#size = Math.max(this.#size, position + bytes.length);
    this.mtimeMs = Date.now();
  }

  truncate(length: number): void {
    this.#reserve(length);
    // Bytes past the old end must read as zeros when the file grows again.
    this.#bytes.fill(0, Math.min(length, this.#size), this.#bytes.length);
    this.#size = length;
    this.mtimeMs = Date.now();
  }

  contents(): Uint8Array {
    return this.#bytes.slice(0, this.#size);
  }

  sync(): void {
    this.durable = this.contents();
  }

  /** Forget everything not synced. */
  revert(): void {
    const durable = this.durable ?? new Uint8Array(0);
    this.#bytes = durable.slice();
    this.#size = durable.length;
  }

  #reserve(length: number): void {
    if (length <= this.#bytes.length) return;
    // Double so that appends cost amortized O(1) copies.
    const grown = new Uint8Array(Math.max(length, this.#bytes.length * 2, 4096));
    grown.set(this.#bytes.subarray(0, this.#size));
    this.#bytes = grown;
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
