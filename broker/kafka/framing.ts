/**
 * Incremental Kafka framing: a big-endian int32 size followed by that many bytes.
 *
 * Sits between the socket and the codecs (STYLE item 2): feed it chunks as they arrive, get
 * whole frames back. A frame that lies entirely inside one chunk is returned as a zero-copy
 * `subarray` of that chunk; a frame split across chunks is assembled into a buffer that grows
 * by doubling up to the declared size, so memory follows the bytes actually received, not what
 * a peer claims it will send (a hostile prefix of 100 MiB costs 64 KiB). A negative size,
 * or one above the limit (Kafka's `socket.request.max.bytes`, 100 MiB by default), throws
 * {@link FrameSizeError}: the connection must close, as Kafka's `InvalidReceiveException` does.
 *
 * @module
 */

/** Kafka's default `socket.request.max.bytes`. */
export const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;

/** First buffer for a frame split across chunks; it doubles as bytes arrive. */
const INITIAL_ASSEMBLY_BYTES = 64 * 1024;

/** A frame length that is negative or over the limit; the caller closes the connection. */
export class FrameSizeError extends Error {
  override readonly name = "FrameSizeError";
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(
      size < 0
        ? `invalid frame size ${size} (negative)`
        : `frame size ${size} is larger than the limit ${limit} (socket.request.max.bytes)`,
    );
  }
}

/** The stream ended in the middle of a frame. */
export class FrameTruncatedError extends Error {
  override readonly name = "FrameTruncatedError";
  constructor(readonly bufferedBytes: number) {
    super(`stream ended with ${bufferedBytes} bytes of an incomplete frame`);
  }
}

/** Options of {@link FrameDecoder}. */
export interface FrameDecoderOptions {
  /** Largest accepted frame body in bytes. Default {@link DEFAULT_MAX_FRAME_BYTES}. */
  maxFrameBytes?: number;
}

/**
 * Splits a byte stream into frames.
 *
 * @example
 * ```ts
 * const decoder = new FrameDecoder();
 * for (let chunk = await conn.read(); chunk; chunk = await conn.read()) {
 *   for (const frame of decoder.push(chunk)) handle(frame);
 * }
 * decoder.finish(); // throws FrameTruncatedError if a frame was cut short
 * ```
 */
export class FrameDecoder {
  readonly maxFrameBytes: number;
  #header = new Uint8Array(4);
  #headerFill = 0;
  #frame: Uint8Array | null = null;
  #frameFill = 0;
  /** Declared size of the frame being assembled. */
  #frameSize = 0;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** Bytes held for an incomplete frame (size prefix included). */
  get bufferedBytes(): number {
    return this.#frame ? 4 + this.#frameFill : this.#headerFill;
  }

  /** Size of the buffer holding a partly received frame (0 when none). */
  get assemblyCapacity(): number {
    return this.#frame?.length ?? 0;
  }

  /** Start assembling a frame of `size` bytes with a buffer that grows as bytes arrive. */
  #beginFrame(size: number): void {
    this.#frameSize = size;
    this.#frame = new Uint8Array(Math.min(size, INITIAL_ASSEMBLY_BYTES));
    this.#frameFill = 0;
  }

  /** Make room for `n` more bytes, doubling (capped at the declared size). */
  #reserve(n: number): Uint8Array {
    const frame = this.#frame as Uint8Array;
    const need = this.#frameFill + n;
    if (need <= frame.length) return frame;
    let capacity = frame.length * 2;
    while (capacity < need) capacity *= 2;
    const grown = new Uint8Array(Math.min(capacity, this.#frameSize));
    grown.set(frame.subarray(0, this.#frameFill));
    this.#frame = grown;
    return grown;
  }

  /** Consume one chunk; returns the frames it completed, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      if (this.#frame) {
        const n = Math.min(this.#frameSize - this.#frameFill, chunk.length - pos);
        this.#reserve(n).set(chunk.subarray(pos, pos + n), this.#frameFill);
        this.#frameFill += n;
        pos += n;
        if (this.#frameFill === this.#frameSize) frames.push(this.#takeFrame());
        continue;
      }
      if (this.#headerFill === 0 && chunk.length - pos >= 4) {
        // Fast path: the size prefix is whole in this chunk.
        const size = this.#check(readInt32(chunk, pos));
        pos += 4;
        if (chunk.length - pos >= size) {
          frames.push(chunk.subarray(pos, pos + size));
          pos += size;
        } else {
          this.#beginFrame(size);
        }
        continue;
      }
      // The size prefix itself is split across chunks.
      while (this.#headerFill < 4 && pos < chunk.length) {
        this.#header[this.#headerFill++] = chunk[pos++] as number;
      }
      if (this.#headerFill === 4) {
        const size = this.#check(readInt32(this.#header, 0));
        this.#headerFill = 0;
        this.#beginFrame(size);
        if (size === 0) frames.push(this.#takeFrame());
      }
    }
    return frames;
  }

  /** Call at end of stream: throws {@link FrameTruncatedError} when a frame is incomplete. */
  finish(): void {
    const pending = this.bufferedBytes;
    this.#frame = null;
    this.#frameFill = 0;
    this.#headerFill = 0;
    if (pending > 0) throw new FrameTruncatedError(pending);
  }

  #takeFrame(): Uint8Array {
    const frame = (this.#frame as Uint8Array).subarray(0, this.#frameSize);
    this.#frame = null;
    this.#frameFill = 0;
    return frame;
  }

  #check(size: number): number {
    if (size < 0 || size > this.maxFrameBytes) throw new FrameSizeError(size, this.maxFrameBytes);
    return size;
  }
}

function readInt32(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at] as number) << 24) |
      ((bytes[at + 1] as number) << 16) |
      ((bytes[at + 2] as number) << 8) |
      (bytes[at + 3] as number)) |
    0
  );
}

/**
 * Prefix a message with its int32 size; one allocation, one copy per part.
 *
 * @example
 * ```ts
 * await conn.write(encodeFrame([header, body]));
 * ```
 */
export function encodeFrame(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(4 + size);
  new DataView(out.buffer).setInt32(0, size);
  let pos = 4;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}
