/**
 * Time as the client sees it: wall clock, timers and randomness are injected so backoff,
 * linger and request timeouts can be tested without waiting.
 *
 * @module
 */

/** Wall-clock reads and one-shot timers. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Run `fn` after `ms`; returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
}

/** The host clock (`Date.now`, `setTimeout`; web-standard globals, no runtime APIs). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const id = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(id);
  },
};

/**
 * Resolve after `ms` on `clock`, or early (without rejecting) when `signal` aborts.
 *
 * @example
 * ```ts
 * await sleep(systemClock, backoff.next(), stop.signal);
 * ```
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      cancel();
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const cancel = clock.setTimer(ms, done);
    signal?.addEventListener("abort", done, { once: true });
  });
}
