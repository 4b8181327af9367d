/**
 * Open-file handles of the in-memory filesystem. They reach their filesystem only through
 * {@link HandleHost}, so fault injection and capacity stay private to `MemoryFileSystem`.
 *
 * @module
 */

import type { FileHandle } from "./types.ts";
import { attempt, type FileNode, fsError } from "./_memory_nodes.ts";

/** An injected write failure. */
export interface WriteFault {
  error: Error;
  /** Bytes of the failing write that still land (a torn write). */
  keepBytes: number;
}

/** An injected sync failure. */
export interface SyncFault {
  error: Error;
  /** The failed sync also drops the file's dirty pages (see `FileNode.forgetDirty`). */
  forgetDirty: boolean;
}

/** What a handle needs from its filesystem. */
export interface HandleHost {
  /** The write fault to apply to this write, if one is armed. */
  takeWriteFault(): WriteFault | undefined;
  /** The armed sync fault, if any. */
  takeSyncFault(): SyncFault | undefined;
  /** Throws ENOSPC when growing `node` to `newSize` would pass the capacity. */
  checkSpace(node: FileNode, newSize: number, path: string): void;
  /** Whether a handle opened in `generation` survived every crash since. */
  isCurrent(generation: number): boolean;
}

/** A handle on a {@link FileNode}; fails with EBADF once closed or after a crash. */
export class MemoryFileHandle implements FileHandle {
  #closed = false;

  constructor(
    private readonly fs: HandleHost,
    private readonly node: FileNode,
    private readonly path: string,
    private readonly writable: boolean,
    private readonly generation: number,
  ) {}

  read(buffer: Uint8Array, position: number): Promise<number> {
    return attempt(() => (this.#check("read"), this.node.read(buffer, position)));
  }

  write(bytes: Uint8Array, position: number): Promise<void> {
    return attempt(() => {
      this.#check("write");
      if (!this.writable) throw fsError("EBADF", "write", this.path);
      const fault = this.fs.takeWriteFault();
      if (fault !== undefined) {
        this.node.write(bytes.subarray(0, fault.keepBytes), position);
        throw fault.error;
      }
      this.fs.checkSpace(this.node, position + bytes.length, this.path);
      this.node.write(bytes, position);
    });
  }

  sync(): Promise<void> {
    return attempt(() => {
      this.#check("fsync");
      const fault = this.fs.takeSyncFault();
      if (fault !== undefined) {
        if (fault.forgetDirty) this.node.forgetDirty();
        throw fault.error;
      }
      this.node.sync();
    });
  }

  datasync(): Promise<void> {
    return this.sync(); // no metadata is modelled, so both flush the same thing
  }

  truncate(length: number): Promise<void> {
    return attempt(() => {
      this.#check("ftruncate");
      this.fs.checkSpace(this.node, length, this.path);
      this.node.truncate(length);
    });
  }

  size(): Promise<number> {
    return attempt(() => (this.#check("fstat"), this.node.size));
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  #check(syscall: string): void {
    if (this.#closed || !this.fs.isCurrent(this.generation)) {
      throw fsError("EBADF", syscall, this.path);
    }
  }
}
