/**
 * A checkpoint in one file, replaced with `writeFileAtomic` (tmp → datasync → rename → fsync
 * dir): after a crash the file holds the previous or the new document, never a mix.
 *
 * An SD card that acknowledged a flush it never made can still show the file torn after a power
 * cut. With `recovery` options the replaced document is kept (`.prev`) and a torn checkpoint
 * falls back to it — passed through `demote`, since the previous document may be behind what
 * was already sent — or, with neither readable, to no checkpoint at all; with a warning each
 * time. Without them a torn checkpoint rejects with `CheckpointCorruptError`.
 *
 * @module
 */
import type { Logger } from "../../broker/observe/logger.ts";
import { readStateFile, writeFileAtomic } from "../../broker/runtime/atomic.ts";
import type { FileSystem } from "../../broker/runtime/types.ts";
import type { CheckpointCodec } from "./codec.ts";
import type { CheckpointStore } from "./types.ts";

/**
 * @example
 * ```ts
 * const store = new FileCheckpointStore(runtime.fs, "data/bridge/upstream.checkpoint", bridgeCheckpointCodec);
 * const state = (await store.load()) ?? emptyCheckpoint();
 * await store.save(state);
 * ```
 */
export class FileCheckpointStore<T> implements CheckpointStore<T> {
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly fs: FileSystem,
    readonly path: string,
    private readonly codec: CheckpointCodec<T>,
    private readonly recovery?: { logger: Logger; demote?: (previous: T) => T; consequence: { previous: string; none: string } },
  ) {}

  async load(): Promise<T | null> {
    if (!this.recovery) {
      const bytes = await this.fs.readFile(this.path);
      return bytes === null ? null : this.codec.decode(bytes, this.path);
    }
    const read = await readStateFile(this.fs, this.path, (bytes) => this.codec.decode(bytes, this.path));
    if (read.problems.length === 0) return read.value;
    const value = read.value === null ? null : (this.recovery.demote?.(read.value) ?? read.value);
    this.recovery.logger.warn(value === null ? "checkpoint unreadable: starting without it" : "checkpoint damaged: using the previous version", {
      file: this.path,
      problems: read.problems,
      consequence: value === null ? this.recovery.consequence.none : this.recovery.consequence.previous,
    });
    return value;
  }

  save(value: T): Promise<void> {
    // Encode now: the caller may change its state while an earlier save is still writing.
    const bytes = this.codec.encode(value);
    const keepPrevious = this.recovery !== undefined;
    const write = this.#queue.then(() => writeFileAtomic(this.fs, this.path, bytes, { keepPrevious }));
    this.#queue = write.catch(() => {});
    return write;
  }
}
