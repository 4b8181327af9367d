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
  /** Bytes of `#chunks[0]` already handed out (no view is made for the remainder). */
  #offset = 0;
  #buffered = 0;
  #maxPacketSize: number;
  /**
   * The last frame found by {@link nextFrame}: `frame[frameStart, frameEnd)`. Valid until the
   * next call; `frame` may be a socket chunk shared with other packets.
   */
  frame: Uint8Array = new Uint8Array(0);
  frameStart = 0;
  frameEnd = 0;

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
    if (!this.nextFrame()) return undefined;
    return this.frame.subarray(this.frameStart, this.frameEnd);
  }

  /**
   * Find the next complete packet without making a view of it: true and `frame`,
   * `frameStart`, `frameEnd` set, or false when more input is needed (the hot path of the
   * decoder, which reads most packets in place). Throws {@link MqttCodecError}.
   */
  nextFrame(): boolean {
    if (this.#buffered < 2) return false;
    // The fixed header is nearly always inside the first chunk: read it there, in place.
    const first = this.#chunks[0]!;
    const inFirst = first.length - this.#offset;
    let head = first;
    let base = this.#offset;
    if (inFirst < 5 && inFirst < this.#buffered) {
      head = this.#copy(Math.min(5, this.#buffered), false);
      base = 0;
    }
    const available = head === first ? inFirst : head.length;
    let remaining = 0;
    let multiplier = 1;
    let i = 1;
    for (;; i++) {
      if (i >= available) return false;
      const byte = head[base + i]!;
      remaining += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) break;
      multiplier *= 128;
      if (i === 4) throw new MqttCodecError("malformed", "remaining length over 4 bytes");
    }
    const total = i + 1 + remaining;
    if (total > this.#maxPacketSize) {
      throw new MqttCodecError("too-large", `packet of ${total} bytes over limit ${this.#maxPacketSize}`);
    }
    if (this.#buffered < total) return false;
    if (inFirst >= total) {
      this.frame = first;
      this.frameStart = this.#offset;
      this.frameEnd = this.#offset + total;
      this.#buffered -= total;
      if (inFirst === total) {
        this.#chunks.shift();
        this.#offset = 0;
      } else this.#offset += total;
      return true;
    }
    this.frame = this.#copy(total, true);
    this.frameStart = 0;
    this.frameEnd = total;
    return true;
  }

  /** The next `n` buffered bytes as a new array, consumed or not. */
  #copy(n: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let index = 0;
    let offset = this.#offset;
    while (filled < n) {
      const chunk = this.#chunks[index]!;
      const part = Math.min(chunk.length - offset, n - filled);
      out.set(chunk.subarray(offset, offset + part), filled);
      filled += part;
      if (offset + part === chunk.length) {
        index++;
        offset = 0;
      } else offset += part;
    }
    if (consume) {
      this.#chunks.splice(0, index);
      this.#offset = offset;
      this.#buffered -= n;
    }
    return out;
  }
}
