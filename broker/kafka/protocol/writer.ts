/**
 * A growable byte writer for the generated encoders.
 *
 * Bytes go into one buffer that doubles when full. Large byte fields (records in Fetch
 * responses and Produce requests) are not copied: at or above `zeroCopyThreshold` the writer
 * keeps a reference, so {@link ByteWriter.chunks} hands the socket a list of views and only
 * {@link ByteWriter.finish} concatenates.
 *
 * @module
 */

import { KafkaEncodeError } from "./errors.ts";
import { uuidToBytes } from "./uuid.ts";

const UTF8 = new TextEncoder();

/** Options for {@link ByteWriter}. */
export interface ByteWriterOptions {
  /** Initial buffer size in bytes (default 256). */
  initialCapacity?: number;
  /** Byte fields at least this long are referenced, not copied (default 4096). */
  zeroCopyThreshold?: number;
}

/**
 * Appends Kafka primitives.
 *
 * @example
 * ```ts
 * const w = new ByteWriter();
 * encodeResponseHeader(w, correlationId, apiKey, apiVersion);
 * encodeProduceResponse(w, response, apiVersion);
 * await conn.write(frame(w.chunks())); // or w.finish() for one contiguous array
 * ```
 */
export class ByteWriter {
  #buf: Uint8Array;
  #view: DataView;
  #pos = 0;
  /** Start of the part of #buf not yet handed out as a chunk. */
  #mark = 0;
  #flushed = 0;
  #chunks: Uint8Array[] = [];
  #sizedDepth = 0;
  readonly #threshold: number;

  constructor(options: ByteWriterOptions = {}) {
    this.#buf = new Uint8Array(Math.max(16, options.initialCapacity ?? 256));
    this.#view = new DataView(this.#buf.buffer);
    this.#threshold = options.zeroCopyThreshold ?? 4096;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#flushed + this.#pos - this.#mark;
  }

  #ensure(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    const live = this.#pos - this.#mark;
    let cap = this.#buf.length * 2;
    while (cap < live + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.#buf.subarray(this.#mark, this.#pos));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
    this.#pos = live;
    this.#mark = 0;
  }

  /** One byte, 1 or 0. */
  bool(v: boolean): void {
    this.#ensure(1);
    this.#buf[this.#pos++] = v ? 1 : 0;
  }
  /** Signed byte. */
  int8(v: number): void {
    this.#ensure(1);
    this.#view.setInt8(this.#pos++, v);
  }
  /** Big-endian int16. */
  int16(v: number): void {
    this.#ensure(2);
    this.#view.setInt16(this.#pos, v);
    this.#pos += 2;
  }
  /** Big-endian uint16. */
  uint16(v: number): void {
    this.#ensure(2);
    this.#view.setUint16(this.#pos, v);
    this.#pos += 2;
  }
  /** Big-endian int32. */
  int32(v: number): void {
    this.#ensure(4);
    this.#view.setInt32(this.#pos, v);
    this.#pos += 4;
  }
  /** Big-endian uint32. */
  uint32(v: number): void {
    this.#ensure(4);
    this.#view.setUint32(this.#pos, v);
    this.#pos += 4;
  }
  /** Big-endian int64. */
  int64(v: bigint): void {
    this.#ensure(8);
    this.#view.setBigInt64(this.#pos, v);
    this.#pos += 8;
  }
  /** IEEE 754 double. */
  float64(v: number): void {
    this.#ensure(8);
    this.#view.setFloat64(this.#pos, v);
    this.#pos += 8;
  }
  /** A UUID in Kafka's base64url text form. */
  uuid(v: string): void {
    this.#ensure(16);
    if (!uuidToBytes(v, this.#buf, this.#pos)) {
      throw new KafkaEncodeError("uuid", -1, `not a Kafka UUID: ${JSON.stringify(v)}`);
    }
    this.#pos += 16;
  }

  /** Unsigned varint (up to 32 bits). */
  uvarint(v: number): void {
    this.#ensure(5);
    this.#putUvarint(v);
  }
  #putUvarint(v: number): void {
    let u = v >>> 0;
    while (u >= 0x80) {
      this.#buf[this.#pos++] = (u & 0x7f) | 0x80;
      u >>>= 7;
    }
    this.#buf[this.#pos++] = u;
  }
  /** Zigzag varint (int32). */
  varint(v: number): void {
    this.uvarint((v << 1) ^ (v >> 31));
  }
  /** Zigzag varlong (int64). */
  varlong(v: bigint): void {
    this.#ensure(10);
    let u = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
    while (u >= 0x80n) {
      this.#buf[this.#pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.#buf[this.#pos++] = Number(u);
  }

  /** int16-length string. */
  string(s: string): void {
    this.#ensure(2 + s.length * 3);
    const n = UTF8.encodeInto(s, this.#buf.subarray(this.#pos + 2)).written;
    if (n > 0x7fff) throw new KafkaEncodeError("string", -1, `string of ${n} bytes is too long`);
    this.#view.setInt16(this.#pos, n);
    this.#pos += 2 + n;
  }
  /** int16-length string, -1 for null. */
  nullableString(s: string | null): void {
    if (s === null) this.int16(-1);
    else this.string(s);
  }
  /** Compact string: unsigned varint length + 1. */
  compactString(s: string): void {
    if (s.length < 42) {
      // At most 126 UTF-8 bytes: the length fits one varint byte.
      this.#ensure(1 + s.length * 3);
      const n = UTF8.encodeInto(s, this.#buf.subarray(this.#pos + 1)).written;
      this.#buf[this.#pos] = n + 1;
      this.#pos += 1 + n;
      return;
    }
    const b = UTF8.encode(s);
    this.uvarint(b.length + 1);
    this.#raw(b);
  }
  /** Compact string, 0 for null. */
  compactNullableString(s: string | null): void {
    if (s === null) this.uvarint(0);
    else this.compactString(s);
  }

  #raw(b: Uint8Array): void {
    if (b.length >= this.#threshold && this.#sizedDepth === 0) {
      if (this.#pos > this.#mark) this.#chunks.push(this.#buf.subarray(this.#mark, this.#pos));
      this.#chunks.push(b);
      this.#flushed += this.#pos - this.#mark + b.length;
      this.#mark = this.#pos;
      return;
    }
    this.#ensure(b.length);
    this.#buf.set(b, this.#pos);
    this.#pos += b.length;
  }

  /** int32-length bytes (also records). */
  bytesField(b: Uint8Array): void {
    this.int32(b.length);
    this.#raw(b);
  }
  /** int32-length bytes, -1 for null. */
  nullableBytes(b: Uint8Array | null): void {
    if (b === null) this.int32(-1);
    else this.bytesField(b);
  }
  /** Compact bytes: unsigned varint length + 1. */
  compactBytes(b: Uint8Array): void {
    this.uvarint(b.length + 1);
    this.#raw(b);
  }
  /** Compact bytes, 0 for null. */
  compactNullableBytes(b: Uint8Array | null): void {
    if (b === null) this.uvarint(0);
    else this.compactBytes(b);
  }

  /** Start a value whose byte size must precede it (a tagged field); pair with endSized. */
  beginSized(): number {
    this.#sizedDepth++;
    return this.length;
  }
  /** Insert the unsigned-varint size of everything written since `mark`. */
  endSized(mark: number): void {
    this.#sizedDepth--;
    const size = this.length - mark;
    let prefix = 1;
    while (size >= 2 ** (7 * prefix)) prefix++;
    this.#ensure(prefix);
    const start = this.#mark + (mark - this.#flushed);
    this.#buf.copyWithin(start + prefix, start, this.#pos);
    const end = this.#pos + prefix;
    this.#pos = start;
    this.#putUvarint(size);
    this.#pos = end;
  }

  /** The bytes as a list of views (large byte fields are not copied). */
  chunks(): Uint8Array[] {
    const tail = this.#buf.subarray(this.#mark, this.#pos);
    return tail.length > 0 || this.#chunks.length === 0 ? [...this.#chunks, tail] : [...this.#chunks];
  }

  /** The bytes as one array (a view of the buffer when nothing was referenced). */
  finish(): Uint8Array {
    if (this.#chunks.length === 0) return this.#buf.subarray(0, this.#pos);
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const c of this.chunks()) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}
