/**
 * Incremental Kafka framing: a big-endian int32 size followed by that many bytes.
 *
 * Sits between the socket and the codecs (STYLE item 2): feed it chunks as they arrive, get
 * whole frames back. A frame that lies entirely inside one chunk is returned as a zero-copy
 * `subarray` of that chunk, so chunks must not be reused by the caller. A frame split across
 * chunks keeps the pieces as they arrive (small ones copied into a staging buffer, so a trickle
 * of tiny chunks costs no per-chunk overhead) and joins them once, when the frame is whole:
 * each byte is copied once, and memory follows the bytes actually received, not what a peer
 * claims it will send (a hostile prefix of 100 MiB costs 16 KiB). A negative size,
 * or one above the limit (Kafka's `socket.request.max.bytes`, 100 MiB by default), throws
 * {@link FrameSizeError}: the connection must close, as Kafka's `InvalidReceiveException` does.
 *
 * @module
 */

/** Kafka's default `socket.request.max.bytes`. */
export const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;

/**
 * Pieces of a split frame shorter than this are copied into a staging buffer of this size;
 * longer ones are kept by reference until the frame is whole.
 */
const STAGING_BYTES = 16 * 1024;

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
  /** A frame is being assembled from pieces (its size prefix has been read). */
  #assembling = false;
  /** Received pieces of the frame being assembled, in order (the staging buffer among them). */
  #pieces: Uint8Array[] = [];
  #staging: Uint8Array | null = null;
  #stagingFill = 0;
  #frameFill = 0;
  /** Declared size of the frame being assembled. */
  #frameSize = 0;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** Bytes held for an incomplete frame (size prefix included). */
  get bufferedBytes(): number {
    return this.#assembling ? 4 + this.#frameFill : this.#headerFill;
  }

  /** Memory held for a partly received frame: its pieces plus the staging buffer (0 when none). */
  get assemblyCapacity(): number {
    if (!this.#assembling) return 0;
    return this.#frameFill - this.#stagingFill + (this.#staging?.length ?? 0);
  }

  /** Start assembling a frame of `size` bytes. */
  #beginFrame(size: number): void {
    this.#frameSize = size;
    this.#assembling = true;
    this.#frameFill = 0;
  }

  /** Keep `part` (the next bytes of the frame): by reference when large, else copied. */
  #hold(part: Uint8Array): void {
    this.#frameFill += part.length;
    if (part.length >= STAGING_BYTES) {
      this.#closeStaging();
      this.#pieces.push(part);
      return;
    }
    for (let at = 0; at < part.length;) {
      if (this.#staging === null || this.#stagingFill === this.#staging.length) {
        // Never larger than what the frame still needs, so a small frame costs its size.
        const missing = this.#frameSize - this.#frameFill + part.length - at;
        this.#staging = new Uint8Array(Math.min(STAGING_BYTES, missing));
        this.#stagingFill = 0;
        this.#pieces.push(this.#staging);
      }
      const n = Math.min(part.length - at, this.#staging.length - this.#stagingFill);
      this.#staging.set(part.subarray(at, at + n), this.#stagingFill);
      this.#stagingFill += n;
      at += n;
    }
  }

  /** Consume one chunk; returns the frames it completed, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      if (this.#assembling) {
        const n = Math.min(this.#frameSize - this.#frameFill, chunk.length - pos);
        this.#hold(chunk.subarray(pos, pos + n));
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
    this.#reset();
    this.#headerFill = 0;
    if (pending > 0) throw new FrameTruncatedError(pending);
  }

  /** The whole frame: its only piece as it is, or the pieces joined in one buffer. */
  #takeFrame(): Uint8Array {
    const pieces = this.#pieces;
    let frame: Uint8Array;
    if (pieces.length === 1 && pieces[0]!.length === this.#frameSize) {
      frame = pieces[0]!;
    } else {
      frame = new Uint8Array(this.#frameSize);
      let at = 0;
      this.#closeStaging();
      for (const piece of pieces) {
        frame.set(piece, at);
        at += piece.length;
      }
    }
    this.#reset();
    return frame;
  }

  /** The staging buffer (always the last piece) keeps only what it holds; the next is new. */
  #closeStaging(): void {
    if (this.#staging !== null && this.#stagingFill < this.#staging.length) {
      this.#pieces[this.#pieces.length - 1] = this.#staging.subarray(0, this.#stagingFill);
    }
    this.#staging = null;
    this.#stagingFill = 0;
  }

  #reset(): void {
    this.#assembling = false;
    this.#pieces = [];
    this.#staging = null;
    this.#stagingFill = 0;
    this.#frameFill = 0;
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
