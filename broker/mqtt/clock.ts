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
