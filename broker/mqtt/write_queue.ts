/**
 * A connection's output: packets queued in one turn of the event loop leave in one socket
 * write, writes are awaited one at a time (backpressure from the socket), and waiters can ask
 * to be woken once unsent bytes drop below a limit.
 *
 * Success acks (4 bytes each, one per QoS 1/2 publish) are written straight into the queue's
 * "tail" buffer instead of a Uint8Array each: allocating one costs ~0.5 µs on Deno. The tail
 * is only ever appended to; what is queued of it is a view, so nothing written is changed.
 *
 * @module
 */

import type { TcpConnection } from "../runtime/types.ts";
import { writeSuccessAck } from "./codec.ts";

/** Ordered, coalescing writer over one socket. */
export class WriteQueue {
  #socket: TcpConnection;
  #limit: number;
  #onFailed: () => void;
  #onDrained: () => void;
  #out: Uint8Array[] = [];
  #pendingBytes = 0;
  #writing = false;
  #flushQueued = false;
  #writable: Array<() => void> = [];
  /** Where acks are written; `#tail[#tailStart, #tailEnd)` is not yet in `#out`. */
  #tail: Uint8Array | undefined;
  #tailStart = 0;
  #tailEnd = 0;

  /**
   * `limit`: unsent bytes above which the peer counts as backlogged. `onFailed` runs when a
   * write fails (the connection is gone); `onDrained` after the queue empties.
   */
  constructor(socket: TcpConnection, limit: number, onFailed: () => void, onDrained: () => void) {
    this.#socket = socket;
    this.#limit = limit;
    this.#onFailed = onFailed;
    this.#onDrained = onDrained;
  }

  /** A write is in progress or about to start. */
  get busy(): boolean {
    return this.#writing || this.#flushQueued;
  }

  /**
   * The peer is not keeping up: a socket write is still pending and, with everything queued
   * behind it, more than `limit` bytes wait. Bytes produced in this turn while no write is
   * pending do not count (they are about to go out in one write).
   */
  get backlogged(): boolean {
    if (!this.#writing) return this.#socket.bufferedAmount > this.#limit;
    return this.#pendingBytes + this.#socket.bufferedAmount > this.#limit;
  }

  push(bytes: Uint8Array): void {
    this.#sealTail();
    this.#out.push(bytes);
    this.#pendingBytes += bytes.length;
    this.#scheduleFlush();
  }

  /** Queue a success PUBACK/PUBREC/PUBREL/PUBCOMP (`writeSuccessAck`), in order with `push`. */
  pushAck(firstByte: number, packetId: number): void {
    let tail = this.#tail;
    if (tail === undefined || this.#tailEnd + 4 > tail.length) {
      this.#sealTail();
      this.#tail = tail = new Uint8Array(TAIL_BYTES);
      this.#tailStart = this.#tailEnd = 0;
    }
    writeSuccessAck(tail, this.#tailEnd, firstByte, packetId);
    this.#tailEnd += 4;
    this.#pendingBytes += 4;
    this.#scheduleFlush();
  }

  /** Move the acks written since the last seal into `#out` (a view: the tail only grows). */
  #sealTail(): void {
    if (this.#tailEnd === this.#tailStart) return;
    this.#out.push(this.#tail!.subarray(this.#tailStart, this.#tailEnd));
    this.#tailStart = this.#tailEnd;
  }

  #scheduleFlush(): void {
    if (this.#writing || this.#flushQueued) return;
    // Coalesce everything produced in this turn (e.g. a whole read chunk's fan-out) into one write.
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      if (!this.#writing) void this.#flush();
    });
  }

  /** Resolves once unsent output is at most `limit`; undefined when it already is. */
  whenWritable(): Promise<void> | undefined {
    if (!this.#writing || this.#pendingBytes <= this.#limit) return undefined;
    return new Promise((resolve) => this.#writable.push(resolve));
  }

  /** Wait (up to about half a second) for queued bytes to reach the socket. */
  async drained(): Promise<void> {
    for (let i = 0; i < 100 && this.busy; i++) await new Promise((r) => setTimeout(r, 5));
  }

  async #flush(): Promise<void> {
    this.#writing = true;
    try {
      for (this.#sealTail(); this.#out.length > 0; this.#sealTail()) {
        const parts = this.#out;
        this.#out = [];
        const bytes = parts.length === 1 ? parts[0]! : concat(parts);
        try {
          await this.#socket.write(bytes);
        } catch {
          this.#out = [];
          this.#tail = undefined;
          this.#tailStart = this.#tailEnd = 0;
          this.#pendingBytes = 0;
          this.#onFailed();
          return;
        }
        this.#pendingBytes -= bytes.length;
        if (this.#pendingBytes <= this.#limit) this.#wake();
      }
    } finally {
      this.#writing = false;
      this.#wake();
    }
    // Everything is written: an idle connection keeps no tail.
    if (this.#tailEnd === this.#tailStart) {
      this.#tail = undefined;
      this.#tailStart = this.#tailEnd = 0;
    }
    this.#onDrained();
  }

  #wake(): void {
    for (const resolve of this.#writable.splice(0)) resolve();
  }
}

/** Room for 256 acks; a new tail is taken when one fills (or after the queue drains). */
const TAIL_BYTES = 1024;

function concat(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
