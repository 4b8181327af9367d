/** Exponential backoff with full jitter, and the uplink token bucket, on injected time. */
import { describe, expect, test } from "bun:test";
import { Backoff } from "../../bridge/client/backoff.ts";
import { TokenBucket } from "../../bridge/client/token_bucket.ts";
import { ManualClock } from "./_manual_clock.ts";

describe("Backoff", () => {
  test("ceilings double from the initial delay up to the maximum", () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0.999999 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([99, 199, 399, 799, 999, 999]);
    expect(b.attempts).toBe(6);
  });

  test("full jitter draws each delay uniformly below the ceiling", () => {
    const draws = [0, 0.5, 0.25];
    const b = new Backoff({ initialMs: 100, maxMs: 10_000, random: () => draws.shift()! });
    expect([b.next(), b.next(), b.next()]).toEqual([0, 100, 100]);
  });

  test("reset starts over after a success", () => {
    const b = new Backoff({ initialMs: 50, maxMs: 1000, random: () => 0.999999 });
    b.next();
    b.next();
    b.reset();
    expect(b.ceiling()).toBe(50);
    expect(b.attempts).toBe(0);
  });

  test("rejects nonsensical settings", () => {
    expect(() => new Backoff({ initialMs: 0 })).toThrow(RangeError);
    expect(() => new Backoff({ initialMs: 100, maxMs: 10 })).toThrow(RangeError);
  });
});

describe("TokenBucket", () => {
  test("starts full, then paces takes at the configured rate", async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(clock, 1000, 1000);
    await bucket.take(1000); // burst
    let done = false;
    const next = bucket.take(500).then(() => (done = true));
    await clock.settle();
    expect(done).toBe(false);
    await clock.advance(499);
    expect(done).toBe(false);
    await clock.advance(1);
    await next;
    expect(done).toBe(true);
  });

  test("a take larger than the bucket goes out when full and leaves debt", async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(clock, 100, 100);
    await bucket.take(1000);
    expect(bucket.tokens).toBe(-900);
    let done = false;
    const next = bucket.take(10).then(() => (done = true));
    await clock.advance(9000);
    expect(done).toBe(false);
    await clock.advance(100);
    await next;
    expect(done).toBe(true);
  });
});
