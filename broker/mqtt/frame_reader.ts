/**
 * MQTT framing: split a byte stream into whole control packets using the fixed header's
 * Remaining Length, before any packet body is parsed. A packet announcing more than the
 * maximum size is refused as soon as its header arrives, so a hostile client cannot make the
 * server buffer it; a Remaining Length over four bytes is malformed (§1.5.5, §2.1.4).
 *
 * @module
 */

import { MqttCodecError } from "./codec_error.ts";

/** Accumulates chunks and hands out one packet's bytes at a time. */
export class FrameReader {
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  #maxPacketSize: number;

  constructor(maxPacketSize: number) {
    this.#maxPacketSize = maxPacketSize;
  }

  /** Change the limit (e.g. raise it once CONNECT has been accepted). */
  set maxPacketSize(bytes: number) {
    this.#maxPacketSize = bytes;
  }

  /** Bytes received but not yet handed out. */
  get buffered(): number {
    return this.#buffered;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
  }

  /** One complete packet's bytes, or `undefined` when more input is needed. Throws {@link MqttCodecError}. */
  next(): Uint8Array | undefined {
    if (this.#buffered < 2) return undefined;
    // The fixed header is nearly always inside the first chunk: read it there, no view.
    const first = this.#chunks[0]!;
    const head = first.length >= 5 || first.length === this.#buffered ? first : this.#peek(Math.min(5, this.#buffered));
    let remaining = 0;
    let multiplier = 1;
    let i = 1;
    for (;; i++) {
      if (i >= head.length) {
        if (i >= 5) throw new MqttCodecError("malformed", "remaining length over 4 bytes");
        return undefined;
      }
      const byte = head[i]!;
      remaining += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) break;
      multiplier *= 128;
      if (i === 4) throw new MqttCodecError("malformed", "remaining length over 4 bytes");
    }
    const total = i + 1 + remaining;
    if (total > this.#maxPacketSize) {
      throw new MqttCodecError("too-large", `packet of ${total} bytes over limit ${this.#maxPacketSize}`);
    }
    if (this.#buffered < total) return undefined;
    return this.#take(total);
  }

  #peek(n: number): Uint8Array {
    const first = this.#chunks[0]!;
    if (first.length >= n) return first.subarray(0, n);
    return this.#copy(n, false);
  }

  #take(n: number): Uint8Array {
    const first = this.#chunks[0]!;
    if (first.length >= n) {
      const frame = first.subarray(0, n);
      if (first.length === n) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(n);
      this.#buffered -= n;
      return frame;
    }
    return this.#copy(n, true);
  }

  #copy(n: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let index = 0;
    while (filled < n) {
      const chunk = this.#chunks[index]!;
      const part = Math.min(chunk.length, n - filled);
      out.set(chunk.subarray(0, part), filled);
      filled += part;
      if (consume) {
        if (part === chunk.length) this.#chunks.shift();
        else this.#chunks[0] = chunk.subarray(part);
      } else index++;
    }
    if (consume) this.#buffered -= n;
    return out;
  }
}
