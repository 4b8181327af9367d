/**
 * A wake-up signal for single-consumer loops: the loop `wait`s for a notification, a timeout
 * or a stop; producers of work `notify`. A notification that arrives while the loop is busy is
 * remembered, so no wake-up is lost between checking for work and waiting.
 *
 * @module
 */
import type { Clock } from "./clock.ts";

/**
 * @example
 * ```ts
 * const wake = new Wake(clock);
 * log.onHighWatermark(() => wake.notify());
 * while (running) { doWork(); await wake.wait(lingerMs, stop.signal); }
 * ```
 */
export class Wake {
  #pending = false;
  #resolve: (() => void) | undefined;

  constructor(private readonly clock: Clock) {}

  /** Wake the waiting loop, or the next `wait` if none is waiting. */
  notify(): void {
    if (this.#resolve) this.#resolve();
    else this.#pending = true;
  }

  /** Resolve on `notify`, after `ms` (Infinity = no timeout), or when `signal` aborts. */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.#pending || signal?.aborted) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let cancel = () => {};
      const done = () => {
        this.#resolve = undefined;
        cancel();
        signal?.removeEventListener("abort", done);
        resolve();
      };
      this.#resolve = done;
      if (Number.isFinite(ms)) cancel = this.clock.setTimer(Math.max(0, ms), done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }
}
