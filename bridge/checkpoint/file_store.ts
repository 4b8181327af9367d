/**
 * A checkpoint in one file, replaced with `writeFileAtomic` (tmp → datasync → rename → fsync
 * dir): after a crash the file holds the previous or the new document, never a mix.
 *
 * @module
 */
import { writeFileAtomic } from "../../broker/runtime/atomic.ts";
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
  ) {}

  async load(): Promise<T | null> {
    const bytes = await this.fs.readFile(this.path);
    return bytes === null ? null : this.codec.decode(bytes, this.path);
  }

  save(value: T): Promise<void> {
    // Encode now: the caller may change its state while an earlier save is still writing.
    const bytes = this.codec.encode(value);
    const write = this.#queue.then(() => writeFileAtomic(this.fs, this.path, bytes));
    this.#queue = write.catch(() => {});
    return write;
  }
}
