/**
 * The sticky-error byte reader every generated decoder reads through (after franz-go
 * `kbin.Reader`). A read past the end, or a length that is negative or larger than the bytes
 * left, records the first failure, jumps to the end and returns a zero value; later reads fail
 * quietly. {@link ByteReader.check} then raises one {@link KafkaDecodeError} naming API,
 * version and byte offset. A hostile length never allocates more than the frame itself.
 *
 * @module
 */

import { KafkaDecodeError } from "./errors.ts";
import { uuidToString, ZERO_UUID } from "./uuid.ts";

const UTF8 = new TextDecoder("utf-8"), EMPTY = new Uint8Array(0);

/**
 * Reads Kafka primitives from a byte range.
 *
 * @example
 * ```ts
 * const r = new ByteReader(frame);
 * const header = decodeRequestHeader(r);
 * const req = decodeProduceRequest(r, header.requestApiVersion); // throws KafkaDecodeError
 * ```
 */
export class ByteReader {
  /** The underlying bytes (records and zero-copy bytes are views into them). */
  readonly bytes: Uint8Array;
  #view: DataView;
  #pos: number;
  readonly #start: number;
  readonly #end: number;
  #error: string | null = null;
  #errorAt = 0;

  /** Read `bytes[start, end)`; offsets in errors are relative to `start`. */
  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#start = Math.max(0, Math.min(start, bytes.length));
    this.#end = Math.max(this.#start, Math.min(end, bytes.length));
    this.#pos = this.#start;
  }

  /** Position relative to the start. */
  get offset(): number {
    return this.#pos - this.#start;
  }

  /** Absolute position in {@link bytes} (for tagged-field ends and re-reads). */
  get position(): number {
    return this.#pos;
  }

  /** Bytes left to read (0 after a failure). */
  get remaining(): number {
    return this.#end - this.#pos;
  }

  /** The first failure, or null. */
  get error(): string | null {
    return this.#error;
  }

  /** Record a failure at the current position (only the first one is kept) and stop reading. */
  fail(reason: string): void {
    if (this.#error === null) {
      this.#error = reason;
      this.#errorAt = this.#pos - this.#start;
    }
    this.#pos = this.#end;
  }

  /** Raise the recorded failure, if any, as one {@link KafkaDecodeError}. */
  check(api: string, version: number): void {
    if (this.#error !== null) throw new KafkaDecodeError(api, version, this.#errorAt, this.#error);
  }

  /** {@link check}, then fail if bytes are left over. */
  finish(api: string, version: number): void {
    if (this.#error === null && this.#pos !== this.#end) this.fail(`${this.remaining} trailing bytes`);
    this.check(api, version);
  }

  #need(n: number, what: string): number {
    const p = this.#pos;
    if (p + n > this.#end) {
      this.fail(`truncated ${what} (${n} bytes needed, ${this.#end - p} left)`);
      return -1;
    }
    this.#pos = p + n;
    return p;
  }

  /** Skip `n` bytes. */
  skip(n: number): void {
    if (n < 0) this.fail(`bad skip length ${n}`);
    else this.#need(n, "skip");
  }

  /** One byte; non-zero is true. */
  bool(): boolean {
    const p = this.#need(1, "bool");
    return p >= 0 && this.#view.getUint8(p) !== 0;
  }
  /** Signed byte. */
  int8(): number {
    const p = this.#need(1, "int8");
    return p < 0 ? 0 : this.#view.getInt8(p);
  }
  /** Big-endian int16. */
  int16(): number {
    const p = this.#need(2, "int16");
    return p < 0 ? 0 : this.#view.getInt16(p);
  }
  /** Big-endian uint16. */
  uint16(): number {
    const p = this.#need(2, "uint16");
    return p < 0 ? 0 : this.#view.getUint16(p);
  }
  /** Big-endian int32. */
  int32(): number {
    const p = this.#need(4, "int32");
    return p < 0 ? 0 : this.#view.getInt32(p);
  }
  /** Big-endian uint32. */
  uint32(): number {
    const p = this.#need(4, "uint32");
    return p < 0 ? 0 : this.#view.getUint32(p);
  }
  /** Big-endian int64 as a bigint. */
  int64(): bigint {
    const p = this.#need(8, "int64");
    return p < 0 ? 0n : this.#view.getBigInt64(p);
  }
  /** IEEE 754 double. */
  float64(): number {
    const p = this.#need(8, "float64");
    return p < 0 ? 0 : this.#view.getFloat64(p);
  }
  /** A UUID in Kafka's base64url text form. */
  uuid(): string {
    const p = this.#need(16, "uuid");
    return p < 0 ? ZERO_UUID : uuidToString(this.bytes, p);
  }

  /** Unsigned LEB128 varint of at most 32 bits. */
  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.#pos >= this.#end) {
        this.fail("truncated varint");
        return 0;
      }
      const b = this.bytes[this.#pos++]!;
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value > 0xffffffff ? (this.fail("varint overflow"), 0) : value;
    }
    this.fail("varint longer than 5 bytes");
    return 0;
  }

  /** Zigzag varint (int32), as record headers use. */
  varint(): number {
    const u = this.uvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  /** Zigzag varlong (int64). */
  varlong(): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.#pos >= this.#end) {
        this.fail("truncated varlong");
        return 0n;
      }
      const b = this.bytes[this.#pos++]!;
      value |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return (value >> 1n) ^ -(value & 1n);
    }
    this.fail("varlong longer than 10 bytes");
    return 0n;
  }

  /** Validate a length against the bytes left: -1 for null, else the length. */
  #length(n: number, nullable: boolean, what: string): number {
    if (n === -1 && nullable) return -1;
    if (n < 0) {
      this.fail(n === -1 ? `null ${what} in a non-nullable field` : `negative ${what} length ${n}`);
      return 0;
    }
    if (n > this.#end - this.#pos) {
      this.fail(`${what} length ${n} exceeds the ${this.#end - this.#pos} bytes left`);
      return 0;
    }
    return n;
  }

  #text(n: number): string {
    const p = this.#pos;
    this.#pos = p + n;
    if (n <= 32) {
      let s = "";
      for (let i = p; i < p + n; i++) {
        const c = this.bytes[i]!;
        if (c >= 0x80) return UTF8.decode(this.bytes.subarray(p, p + n));
        s += String.fromCharCode(c);
      }
      return s;
    }
    return UTF8.decode(this.bytes.subarray(p, p + n));
  }

  /** int16-length string. */
  string(): string {
    return this.#text(this.#length(this.int16(), false, "string"));
  }
  /** int16-length string, -1 for null. */
  nullableString(): string | null {
    const n = this.#length(this.int16(), true, "string");
    return n < 0 ? null : this.#text(n);
  }
  /** Compact string: unsigned varint length + 1. */
  compactString(): string {
    return this.#text(this.#length(this.uvarint() - 1, false, "string"));
  }
  /** Compact nullable string: 0 for null. */
  compactNullableString(): string | null {
    const n = this.#length(this.uvarint() - 1, true, "string");
    return n < 0 ? null : this.#text(n);
  }

  #blob(n: number, copy: boolean): Uint8Array {
    if (n === 0) return copy ? new Uint8Array(0) : EMPTY;
    const p = this.#pos;
    this.#pos = p + n;
    return copy ? this.bytes.slice(p, p + n) : this.bytes.subarray(p, p + n);
  }

  /** int32-length bytes; `copy: false` returns a view into the input (records, zeroCopy). */
  bytesField(copy: boolean): Uint8Array {
    return this.#blob(this.#length(this.int32(), false, "bytes"), copy);
  }
  /** int32-length bytes, -1 for null. */
  nullableBytes(copy: boolean): Uint8Array | null {
    const n = this.#length(this.int32(), true, "bytes");
    return n < 0 ? null : this.#blob(n, copy);
  }
  /** Compact bytes: unsigned varint length + 1. */
  compactBytes(copy: boolean): Uint8Array {
    return this.#blob(this.#length(this.uvarint() - 1, false, "bytes"), copy);
  }
  /** Compact bytes, 0 for null. */
  compactNullableBytes(copy: boolean): Uint8Array | null {
    const n = this.#length(this.uvarint() - 1, true, "bytes");
    return n < 0 ? null : this.#blob(n, copy);
  }

  /** int32 array length, capped by the bytes left (Kafka's own rule). */
  arrayLength(): number {
    return this.#length(this.int32(), false, "array");
  }
  /** int32 array length, -1 for null. */
  nullableArrayLength(): number {
    return this.#length(this.int32(), true, "array");
  }
  /** Compact array length (unsigned varint + 1), capped by the bytes left. */
  compactArrayLength(): number {
    return this.#length(this.uvarint() - 1, false, "array");
  }
  /** Compact array length, -1 for null. */
  compactNullableArrayLength(): number {
    return this.#length(this.uvarint() - 1, true, "array");
  }

  /** Number of tagged fields that follow (each takes at least two bytes). */
  taggedFieldCount(): number {
    const n = this.uvarint();
    if (n * 2 > this.#end - this.#pos) {
      this.fail(`tagged field count ${n} exceeds the bytes left`);
      return 0;
    }
    return n;
  }
  /** Size of one tagged field's value, checked against the bytes left. */
  taggedFieldSize(): number {
    return this.#length(this.uvarint(), false, "tagged field");
  }
  /** Check that a tagged field's decoder consumed exactly its declared size. */
  endTaggedField(tag: number, end: number): void {
    if (this.#error === null && this.#pos !== end) this.fail(`tagged field ${tag} size mismatch`);
  }
  /** Skip a whole tagged-field section (structs with no known tags in this version). */
  skipTaggedFields(): void {
    for (let n = this.taggedFieldCount(); n > 0; n--) {
      this.uvarint();
      this.skip(this.taggedFieldSize());
    }
  }
}
