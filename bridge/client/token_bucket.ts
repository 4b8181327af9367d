/**
 * A token bucket for the uplink: `bytesPerSecond` on average, bursts up to `burstBytes`.
 *
 * A take larger than the bucket is allowed once the bucket is full and leaves it in debt, so a
 * 1 MiB batch still goes out under a 64 KiB/s limit — just not again until the debt is repaid.
 * The limit is on bytes after compression, what a metered cellular link is billed for.
 *
 * @module
 */
import { type Clock, sleep } from "./clock.ts";

/** Something that paces bytes; the producer awaits `take` before each request. */
export interface RateLimiter {
  take(bytes: number, signal?: AbortSignal): Promise<void>;
}

/**
 * @example
 * ```ts
 * const limit = new TokenBucket(systemClock, 256 * 1024); // 256 KiB/s
 * await limit.take(request.length);
 * ```
 */
export class TokenBucket implements RateLimiter {
  readonly burstBytes: number;
  #tokens: number;
  #last: number;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    readonly bytesPerSecond: number,
    burstBytes?: number,
  ) {
    if (!(bytesPerSecond > 0)) throw new RangeError("bytesPerSecond must be positive");
    this.burstBytes = burstBytes ?? bytesPerSecond;
    this.#tokens = this.burstBytes;
    this.#last = clock.now();
  }

  /** Tokens available now (negative while in debt). */
  get tokens(): number {
    this.#refill();
    return this.#tokens;
  }

  /** Wait until `bytes` may be sent, then spend them. Callers are served in order. */
  take(bytes: number, signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(async () => {
      for (;;) {
        this.#refill();
        // Wait for a non-negative balance, and for a full bucket when the take exceeds it.
        const need = Math.min(bytes, this.burstBytes);
        if (this.#tokens >= need || signal?.aborted) break;
        await sleep(this.clock, Math.ceil(((need - this.#tokens) / this.bytesPerSecond) * 1000), signal);
      }
      this.#tokens -= bytes;
    });
    this.#queue = turn.catch(() => {});
    return turn;
  }

  #refill(): void {
    const now = this.clock.now();
    this.#tokens = Math.min(this.burstBytes, this.#tokens + ((now - this.#last) / 1000) * this.bytesPerSecond);
    this.#last = now;
  }
}
