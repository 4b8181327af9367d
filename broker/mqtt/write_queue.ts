/**
 * A connection's output: packets queued in one turn of the event loop leave in one socket
 * write, writes are awaited one at a time (backpressure from the socket), and waiters can ask
 * to be woken once unsent bytes drop below a limit.
 *
 * @module
 */

import type { TcpConnection } from "../runtime/types.ts";

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
    this.#out.push(bytes);
    this.#pendingBytes += bytes.length;
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
      while (this.#out.length > 0) {
        const parts = this.#out;
        this.#out = [];
        const bytes = parts.length === 1 ? parts[0]! : concat(parts);
        try {
          await this.#socket.write(bytes);
        } catch {
          this.#out = [];
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
    this.#onDrained();
  }

  #wake(): void {
    for (const resolve of this.#writable.splice(0)) resolve();
  }
}

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
