/**
 * A checkpoint held in memory (tests, embedded use without persistence). Values go through the
 * same codec as the file store, so a test also proves the document round-trips.
 *
 * @module
 */
import type { CheckpointCodec } from "./codec.ts";
import type { CheckpointStore } from "./types.ts";

/**
 * @example
 * ```ts
 * const store = new MemoryCheckpointStore(bridgeCheckpointCodec);
 * store.failNextSave(); // the next save rejects and keeps the old value
 * ```
 */
export class MemoryCheckpointStore<T> implements CheckpointStore<T> {
  #bytes: Uint8Array | null = null;
  #failNext: Error | undefined;
  #queue: Promise<void> = Promise.resolve();
  /** Completed saves (tests assert checkpoint cadence). */
  saves = 0;

  constructor(private readonly codec: CheckpointCodec<T>) {}

  load(): Promise<T | null> {
    return Promise.resolve(this.#bytes === null ? null : this.codec.decode(this.#bytes, "memory"));
  }

  save(value: T): Promise<void> {
    const bytes = this.codec.encode(value);
    const write = this.#queue.then(() => {
      const failure = this.#failNext;
      this.#failNext = undefined;
      if (failure) throw failure;
      this.#bytes = bytes;
      this.saves++;
    });
    this.#queue = write.catch(() => {});
    return write;
  }

  /** Make the next save reject with `error`, leaving the stored value as it was. */
  failNextSave(error: Error = new Error("injected checkpoint failure")): void {
    this.#failNext = error;
  }
}
