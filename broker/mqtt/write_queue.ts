/**
 * A connection's output: packets queued in one turn of the event loop leave in one socket
 * write, writes are awaited one at a time (backpressure from the socket), and waiters can ask
 * to be woken once unsent bytes drop below a limit.
 *
 * Success acks (4 bytes each, one per QoS 1/2 publish) are written straight into a slab shared
 * by every connection instead of a Uint8Array each: allocating one costs ~0.5 µs on Deno. The
 * slab is only ever appended to; what a queue has queued of it is a view, so nothing written
 * is changed. A queue's consecutive acks (one log batch's, written in one pass) extend one view.
 * The slab is shared, not one per connection: a per-connection buffer had to be dropped when
 * the connection went idle (2,000 idle sensors), so a sensor publishing one QoS 1 message at
 * a time allocated a whole 1 KiB buffer per ack (~10% of Deno's main thread went to GC with
 * 100 such publishers).
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
  /** This queue's acks not yet in `#out`: `#ackSlab[#ackStart, #ackEnd)` (none when equal). */
  #ackSlab: Uint8Array | undefined;
  #ackStart = 0;
  #ackEnd = 0;

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
    this.#sealAcks();
    this.#out.push(bytes);
    this.#pendingBytes += bytes.length;
    this.#scheduleFlush();
  }

  /** Queue a success PUBACK/PUBREC/PUBREL/PUBCOMP (`writeSuccessAck`), in order with `push`. */
  pushAck(firstByte: number, packetId: number): void {
    // Extend this queue's run when nothing was written to the slab after it; else start one.
    if (this.#ackSlab !== ackSlab || this.#ackEnd !== ackSlabUsed || ackSlabUsed + 4 > ACK_SLAB_BYTES) {
      this.#sealAcks();
      if (ackSlabUsed + 4 > ACK_SLAB_BYTES) {
        ackSlab = new Uint8Array(ACK_SLAB_BYTES);
        ackSlabUsed = 0;
      }
      this.#ackSlab = ackSlab;
      this.#ackStart = this.#ackEnd = ackSlabUsed;
    }
    writeSuccessAck(ackSlab, ackSlabUsed, firstByte, packetId);
    ackSlabUsed += 4;
    this.#ackEnd = ackSlabUsed;
    this.#pendingBytes += 4;
    this.#scheduleFlush();
  }

  /** Move the acks written since the last seal into `#out` (a view: the slab only grows). */
  #sealAcks(): void {
    if (this.#ackEnd === this.#ackStart) return;
    this.#out.push(this.#ackSlab!.subarray(this.#ackStart, this.#ackEnd));
    this.#ackStart = this.#ackEnd;
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
      for (this.#sealAcks(); this.#out.length > 0; this.#sealAcks()) {
        const parts = this.#out;
        this.#out = [];
        const bytes = parts.length === 1 ? parts[0]! : concat(parts);
        try {
          await this.#socket.write(bytes);
        } catch {
          this.#out = [];
          this.#ackSlab = undefined;
          this.#ackStart = this.#ackEnd = 0;
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
    // Everything is written: an idle connection does not pin the slab.
    if (this.#ackEnd === this.#ackStart) this.#ackSlab = undefined;
    this.#onDrained();
  }

  #wake(): void {
    for (const resolve of this.#writable.splice(0)) resolve();
  }
}

/** Room for 1,024 acks; a new slab is taken when one fills. */
const ACK_SLAB_BYTES = 4096;
/** The shared ack slab and how much of it is written (JavaScript runs one turn at a time). */
let ackSlab = new Uint8Array(ACK_SLAB_BYTES);
let ackSlabUsed = 0;

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
