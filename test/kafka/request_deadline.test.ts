/** The Kafka connection's slowloris deadlines, driven by a fake clock and decoder readings. */
import { describe, expect, test } from "bun:test";
import { type DeadlineKind, RequestDeadline } from "../../broker/kafka/request_deadline.ts";
import { FakeClock } from "./_fake_clock.ts";

function setup() {
  const clock = new FakeClock();
  const expired: DeadlineKind[] = [];
  const deadline = new RequestDeadline(clock, { firstRequestTimeoutMs: 1000, requestTimeoutMs: 500 }, (k) => expired.push(k));
  return { clock, expired, deadline };
}

describe("RequestDeadline", () => {
  test("no complete first request within firstRequestTimeoutMs expires, however the bytes trickle", () => {
    const { clock, expired, deadline } = setup();
    for (let i = 0; i < 9; i++) {
      clock.advance(100);
      deadline.received(0, i + 1);
    }
    expect(expired).toEqual([]);
    clock.advance(100);
    expect(expired).toEqual(["first-request-timeout"]);
  });

  test("after the first request, only a partial request is timed, from its first bytes", () => {
    const { clock, expired, deadline } = setup();
    deadline.received(1, 0);
    clock.advance(5000); // idle between requests is not this bound's business
    expect(expired).toEqual([]);
    deadline.received(0, 3);
    clock.advance(400);
    deadline.received(0, 6); // more bytes do not restart the clock
    clock.advance(100);
    expect(expired).toEqual(["request-timeout"]);
  });

  test("a completed request restarts the bound for the next partial one; pausing suspends it", () => {
    const { clock, expired, deadline } = setup();
    deadline.received(1, 0);
    deadline.received(0, 10);
    clock.advance(400);
    deadline.received(1, 4); // one completed, the next begun
    clock.advance(400);
    deadline.pause(); // the broker stops reading: not the client's delay
    clock.advance(10_000);
    deadline.resume(4);
    clock.advance(400);
    expect(expired).toEqual([]);
    deadline.received(1, 0);
    clock.advance(10_000);
    deadline.cancel();
    expect(expired).toEqual([]);
    expect(clock.pending).toBe(0);
  });
});
