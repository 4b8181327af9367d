/**
 * Per-address connection rate: one token bucket per remote IP address. Each new connection
 * takes a token; a bucket holds at most `burst` tokens and refills at `perMinute` tokens per
 * minute. An address with an empty bucket is refused until a token has refilled.
 *
 * Memory stays bounded whatever the number of addresses (IPv6 gives an attacker plenty): a
 * bucket that has refilled completely is the same as no bucket, so those are swept first; if
 * the table is still full, the oldest buckets are forgotten (erring towards admitting).
 *
 * @module
 */

/** Settings of {@link AddressRateLimiter}. */
export interface AddressRateOptions {
  /** Tokens added per minute; 0 turns the limit off. */
  perMinute: number;
  /** Bucket size: connections an address may open at once after being quiet. */
  burst: number;
  /** Addresses never limited (e.g. loopback: processes on the gateway itself). */
  exempt?: readonly string[];
  /** Monotonic milliseconds. */
  now: () => number;
  /** Most buckets kept at once. Default 10,000. */
  maxTracked?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets by remote address.
 *
 * @example
 * ```ts
 * const rate = new AddressRateLimiter({ perMinute: 600, burst: 200, now: () => performance.now() });
 * if (!rate.take(socket.remoteAddress)) socket.close();
 * ```
 */
export class AddressRateLimiter {
  #perMs: number;
  #burst: number;
  #exempt: Set<string>;
  #now: () => number;
  #max: number;
  #buckets = new Map<string, Bucket>();

  constructor(options: AddressRateOptions) {
    this.#perMs = options.perMinute / 60_000;
    this.#burst = Math.max(1, options.burst);
    this.#exempt = new Set((options.exempt ?? []).map(normalizeAddress));
    this.#now = options.now;
    this.#max = options.maxTracked ?? 10_000;
  }

  /** True when the limit is on. */
  get enabled(): boolean {
    return this.#perMs > 0;
  }

  /** Buckets currently tracked. */
  get tracked(): number {
    return this.#buckets.size;
  }

  /** Take a token for a new connection from `address`; false when its bucket is empty. */
  take(address: string): boolean {
    if (!this.enabled) return true;
    const key = normalizeAddress(address);
    if (this.#exempt.has(key)) return true;
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= this.#max) this.#sweep(now);
      bucket = { tokens: this.#burst, at: now };
      this.#buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.at) * this.#perMs);
      bucket.at = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /**
   * Forget full buckets; if that is not enough, the oldest ones down to 90% of the table, so
   * a flood of new addresses costs a sweep per tenth of the table, not one per connection.
   */
  #sweep(now: number): void {
    for (const [key, b] of this.#buckets) {
      if (b.tokens + (now - b.at) * this.#perMs >= this.#burst) this.#buckets.delete(key);
    }
    const keep = Math.floor(this.#max * 0.9);
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= keep) break;
      this.#buckets.delete(key);
    }
  }
}

/** `::ffff:10.0.0.7` (an IPv4 peer on a dual-stack socket) → `10.0.0.7`; lower case. */
export function normalizeAddress(address: string): string {
  const lower = address.toLowerCase();
  return lower.startsWith("::ffff:") && lower.includes(".") ? lower.slice(7) : lower;
}
