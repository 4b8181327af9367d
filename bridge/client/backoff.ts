/**
 * Exponential backoff with full jitter: the n-th delay is uniform in [0, min(max, base·2ⁿ)).
 * Full jitter spreads reconnecting gateways out so a recovering central cluster is not hit by
 * a synchronized wave (the AWS architecture blog's "Exponential Backoff and Jitter"; Kafka's
 * KIP-580 adds jitter to `retry.backoff.ms` for the same reason). The random source is injected.
 *
 * @module
 */

/** Backoff settings; defaults match librdkafka's `retry.backoff.ms` / `retry.backoff.max.ms`. */
export interface BackoffOptions {
  /** First ceiling in ms. Default 100. */
  initialMs?: number;
  /** Largest ceiling in ms. Default 10 000. */
  maxMs?: number;
  /** Growth per attempt. Default 2. */
  multiplier?: number;
  /** Uniform [0, 1) source. Default `Math.random`. */
  random?: () => number;
}

/**
 * One retry sequence. `next()` returns the delay before the next attempt; `reset()` after a
 * success starts over.
 *
 * @example
 * ```ts
 * const backoff = new Backoff({ initialMs: 100, maxMs: 10_000 });
 * for (;;) {
 *   try { await attempt(); backoff.reset(); break; }
 *   catch { await sleep(clock, backoff.next()); }
 * }
 * ```
 */
export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly multiplier: number;
  readonly #random: () => number;
  #attempts = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 100;
    this.maxMs = options.maxMs ?? 10_000;
    this.multiplier = options.multiplier ?? 2;
    this.#random = options.random ?? Math.random;
    if (!(this.initialMs > 0) || !(this.maxMs >= this.initialMs) || !(this.multiplier >= 1)) {
      throw new RangeError("backoff needs 0 < initialMs <= maxMs and multiplier >= 1");
    }
  }

  /** Failed attempts since the last reset. */
  get attempts(): number {
    return this.#attempts;
  }

  /** The ceiling the next delay is drawn under. */
  ceiling(): number {
    return Math.min(this.maxMs, this.initialMs * this.multiplier ** this.#attempts);
  }

  /** Delay before the next attempt, and count the attempt. */
  next(): number {
    const delay = Math.floor(this.#random() * this.ceiling());
    this.#attempts = Math.min(this.#attempts + 1, 64);
    return delay;
  }

  reset(): void {
    this.#attempts = 0;
  }
}
