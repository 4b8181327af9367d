/**
 * Coalesced checkpoint saves. Every caller gets a promise for a save that *starts after* its
 * request, so what it changed before asking is on disk when the promise resolves; requests that
 * arrive while a save runs share the next one. At most one save runs at a time — the file store
 * wants one writer per path — and an idle bridge writes nothing.
 *
 * @module
 */
import type { CheckpointStore } from "../checkpoint/types.ts";

/**
 * @example
 * ```ts
 * const saver = new Checkpointer(store, () => mirror.snapshot(), (saved) => updateFloors(saved));
 * await saver.request(); // the state as of now is durable
 * ```
 */
export class Checkpointer<T> {
  #running: Promise<void> | undefined;
  #next: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | undefined;

  constructor(
    private readonly store: CheckpointStore<T>,
    private readonly snapshot: () => T,
    private readonly onSaved: (value: T) => void,
  ) {}

  /** Resolve once a save that began after this call has completed; reject if it failed. */
  request(): Promise<void> {
    if (!this.#running) return this.#start();
    if (!this.#next) {
      let resolve!: () => void, reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      promise.catch(() => {});
      this.#next = { promise, resolve, reject };
    }
    return this.#next.promise;
  }

  /** Wait for running and queued saves (shutdown). */
  async flush(): Promise<void> {
    while (this.#running) await this.#running.catch(() => {});
  }

  #start(): Promise<void> {
    const value = this.snapshot();
    const run = this.store.save(value).then(() => this.onSaved(value));
    this.#running = run.catch(() => {}).then(() => {
      this.#running = undefined;
      const next = this.#next;
      this.#next = undefined;
      if (next) this.#start().then(next.resolve, next.reject);
    });
    return run;
  }
}
