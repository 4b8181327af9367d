/**
 * Slowloris bounds of a Kafka connection: a new connection must send one complete request
 * within `firstRequestTimeoutMs`, and once the first bytes of a request have arrived the rest
 * must follow within `requestTimeoutMs`. Either deadline passing closes the connection. Kafka
 * itself only has `connections.max.idle.ms`, which any trickle of bytes keeps resetting.
 *
 * While the broker itself stops reading (the in-flight bound), a partial request is not the
 * client's fault: the deadline is paused and starts afresh when reading resumes.
 *
 * @module
 */
import type { GroupClock } from "./groups/types.ts";

/** Which bound expired (the `limit` label of the rejection metric). */
export type DeadlineKind = "first-request-timeout" | "request-timeout";

/**
 * Deadlines of one connection, driven by what the frame decoder holds after each chunk.
 *
 * @example
 * ```ts
 * const deadline = new RequestDeadline(clock, { firstRequestTimeoutMs: 10_000, requestTimeoutMs: 60_000 }, close);
 * const frames = decoder.push(chunk);
 * deadline.received(frames.length, decoder.bufferedBytes);
 * ```
 */
export class RequestDeadline {
  #clock: GroupClock;
  #requestMs: number;
  #onExpire: (kind: DeadlineKind) => void;
  #awaitingFirst = true;
  #cancelFirst: () => void;
  #cancelPartial: (() => void) | undefined;

  constructor(
    clock: GroupClock,
    limits: { firstRequestTimeoutMs: number; requestTimeoutMs: number },
    onExpire: (kind: DeadlineKind) => void,
  ) {
    this.#clock = clock;
    this.#requestMs = limits.requestTimeoutMs;
    this.#onExpire = onExpire;
    this.#cancelFirst = clock.schedule(limits.firstRequestTimeoutMs, () => onExpire("first-request-timeout"));
  }

  /** After a chunk: `frames` requests completed, `buffered` bytes of the next one are held. */
  received(frames: number, buffered: number): void {
    if (frames > 0) {
      if (this.#awaitingFirst) this.#cancelFirst();
      this.#awaitingFirst = false;
      this.#stopPartial(); // a new request may have begun: its own deadline starts now
    }
    if (this.#awaitingFirst) return; // the first-request deadline covers a partial first request
    if (buffered === 0) this.#stopPartial();
    else this.#cancelPartial ??= this.#clock.schedule(this.#requestMs, () => this.#onExpire("request-timeout"));
  }

  /** The broker stops reading (backpressure): a partial request is not the client's delay. */
  pause(): void {
    this.#stopPartial();
  }

  /** Reading resumes with `buffered` bytes of a partial request held. */
  resume(buffered: number): void {
    this.received(0, buffered);
  }

  /** The connection is ending. */
  cancel(): void {
    this.#cancelFirst();
    this.#stopPartial();
  }

  #stopPartial(): void {
    this.#cancelPartial?.();
    this.#cancelPartial = undefined;
  }
}
