/**
 * Time for the MQTT layer: wall clock plus cancellable timers, injectable so keep-alive,
 * will-delay and session-expiry tests run on fake time.
 *
 * @module
 */

/** Opaque timer handle. */
export type TimerId = unknown;

/** What the broker needs of time. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
}

/** The host's clock (web-standard globals, available on Deno and Bun alike). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof globalThis.setTimeout>),
};

/** Largest delay hosts accept for one timer (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 0x7fffffff;

/** A cancellable timer of any length. */
export interface LongTimer {
  cancel(): void;
}

/**
 * A timer that may exceed the host's 24.8-day limit (session expiry and will delay go up to
 * 136 years): longer delays re-arm in steps instead of overflowing to 1 ms.
 */
export function longTimer(clock: Clock, ms: number, callback: () => void): LongTimer {
  let id: TimerId;
  let cancelled = false;
  const due = clock.now() + ms;
  const arm = (left: number) => {
    id = clock.setTimeout(() => {
      if (cancelled) return;
      const rest = due - clock.now();
      if (rest > 0 && left > MAX_TIMER_MS) arm(rest);
      else callback();
    }, Math.min(left, MAX_TIMER_MS));
  };
  arm(ms);
  return {
    cancel() {
      cancelled = true;
      clock.clearTimeout(id);
    },
  };
}
