/**
 * Records inside an uncompressed RecordBatch v2: the builder the MQTT ingest uses on its hot
 * path, and the decoder used by compaction, time lookups and tests.
 *
 * Record layout (Kafka `DefaultRecord`): length varint, attributes int8 (unused, 0),
 * timestampDelta varlong, offsetDelta varint, key (varint length, -1 = null), value (same),
 * header count varint, then per header: key (varint length + UTF-8), value (varint length,
 * -1 = null). Varints are zigzag-encoded like protobuf's sint32/sint64.
 *
 * @module
 */

import { crc32c } from "./crc32c.ts";
import { CorruptRecordError } from "./errors.ts";
import { Utf8Cache } from "./utf8_cache.ts";
import type { LogRecord, RecordHeader } from "./types.ts";
import {
  BATCH_HEADER_SIZE,
  compressionOf,
  CONTROL_BIT,
  LOG_OVERHEAD,
  MAGIC_V2,
  OFFSET_ATTRIBUTES,
  OFFSET_CRC,
  readBatchHeader,
  TIMESTAMP_TYPE_BIT,
  TRANSACTIONAL_BIT,
  writeInt32,
  writeInt64,
} from "./record_batch.ts";

/** What the builder needs of a record; `offset` is ignored, `offsetDelta` defaults to the index. */
export interface RecordInput {
  timestamp: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers?: readonly RecordHeader[] | undefined;
  /**
   * The header section already encoded by {@link encodeHeaders} (count, then each header);
   * when set, `headers` is ignored. Lets a caller whose records repeat the same headers (MQTT
   * ingest: one device, one topic) encode them once instead of once per record.
   */
  encodedHeaders?: Uint8Array | undefined;
  /** Explicit offset delta (compaction keeps the original ones; holes are legal in v2). */
  offsetDelta?: number;
}

/** Header fields of a built batch; defaults are a plain non-idempotent producer batch. */
export interface BuildOptions {
  baseOffset?: number;
  /** Defaults to the smallest record timestamp. */
  baseTimestamp?: number;
  logAppendTime?: boolean;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  transactional?: boolean;
  control?: boolean;
  /** Defaults to the largest offset delta; compaction keeps the original. */
  lastOffsetDelta?: number;
  /** Defaults to the largest record timestamp. */
  maxTimestamp?: number;
  partitionLeaderEpoch?: number;
}

/** Decompress a batch's records section; supplied by the codec layer. Codec ids: 1-4. */
export type Decompressor = (codec: number, bytes: Uint8Array) => Uint8Array;

const decoder = new TextDecoder();
const EMPTY: readonly RecordHeader[] = [];
/** Per-record body sizes; reused between calls so building allocates only the output. */
let scratch = new Int32Array(256);

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

// Varints: record fields are small (lengths, deltas), so sizes up to four bytes are answered by
// comparison and values below 2^31 are written with integer shifts; only larger ones (64-bit
// timestamp deltas) take the floating-point loop.
function varintSize(n: number): number {
  let z = zigzag(n);
  if (z < 0x80) return 1;
  if (z < 0x4000) return 2;
  if (z < 0x200000) return 3;
  if (z < 0x10000000) return 4;
  let size = 1;
  while (z >= 128) {
    z = Math.floor(z / 128);
    size++;
  }
  return size;
}

function writeVarint(b: Uint8Array, pos: number, n: number): number {
  let z = zigzag(n);
  if (z < 0x80000000) {
    while (z >= 0x80) {
      b[pos++] = (z & 0x7f) | 0x80;
      z >>>= 7;
    }
    b[pos++] = z;
    return pos;
  }
  while (z >= 128) {
    b[pos++] = (z % 128) | 0x80;
    z = Math.floor(z / 128);
  }
  b[pos++] = z;
  return pos;
}

/** Header keys repeat on every record (`mqtt.topic`, `mqtt.qos`, ...): encoded once each. */
const headerKeys = new Utf8Cache(1024);

function bytesField(v: Uint8Array | null): number {
  return v === null ? varintSize(-1) : varintSize(v.length) + v.length;
}

/**
 * Build one uncompressed RecordBatch v2 holding `records`, CRC included. Sizes are computed
 * first so the output is allocated once at its exact length.
 *
 * @example
 * ```ts
 * const batch = buildRecordBatch([{ timestamp: Date.now(), key: null, value: payload }]);
 * await log.append(batch);
 * ```
 */
export function buildRecordBatch(records: readonly RecordInput[], options: BuildOptions = {}): Uint8Array {
  const n = records.length;
  if (scratch.length < n) scratch = new Int32Array(Math.max(n, scratch.length * 2));
  let baseTs = options.baseTimestamp ?? Infinity;
  let maxTs = -1;
  for (let i = 0; i < n; i++) {
    const t = records[i]!.timestamp;
    if (options.baseTimestamp === undefined && t < baseTs) baseTs = t;
    if (t > maxTs) maxTs = t;
  }
  if (n === 0) baseTs = options.baseTimestamp ?? -1;
  let total = BATCH_HEADER_SIZE;
  let lastDelta = 0;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const delta = r.offsetDelta ?? i;
    if (delta > lastDelta) lastDelta = delta;
    const body = 1 + varintSize(r.timestamp - baseTs) + varintSize(delta) + bytesField(r.key) +
      bytesField(r.value) + (r.encodedHeaders?.length ?? headersSize(r.headers ?? EMPTY));
    scratch[i] = body;
    total += varintSize(body) + body;
  }
  const out = new Uint8Array(total);
  let attributes = 0;
  if (options.logAppendTime) attributes |= TIMESTAMP_TYPE_BIT;
  if (options.transactional) attributes |= TRANSACTIONAL_BIT;
  if (options.control) attributes |= CONTROL_BIT;
  writeInt64(out, 0, options.baseOffset ?? 0);
  writeInt32(out, 8, total - LOG_OVERHEAD);
  writeInt32(out, 12, options.partitionLeaderEpoch ?? -1);
  out[16] = MAGIC_V2;
  out[21] = attributes >> 8;
  out[22] = attributes;
  writeInt32(out, 23, options.lastOffsetDelta ?? lastDelta);
  writeInt64(out, 27, baseTs);
  writeInt64(out, 35, options.maxTimestamp ?? maxTs);
  writeInt64(out, 43, options.producerId ?? -1);
  const epoch = options.producerEpoch ?? -1;
  out[51] = epoch >> 8;
  out[52] = epoch;
  writeInt32(out, 53, options.baseSequence ?? -1);
  writeInt32(out, 57, n);
  let pos = BATCH_HEADER_SIZE;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    pos = writeVarint(out, pos, scratch[i]!);
    out[pos++] = 0;
    pos = writeVarint(out, pos, r.timestamp - baseTs);
    pos = writeVarint(out, pos, r.offsetDelta ?? i);
    pos = writeBytes(out, pos, r.key);
    pos = writeBytes(out, pos, r.value);
    const encoded = r.encodedHeaders;
    if (encoded === undefined) pos = writeHeaders(out, pos, r.headers ?? EMPTY);
    else {
      out.set(encoded, pos);
      pos += encoded.length;
    }
  }
  writeInt32(out, OFFSET_CRC, crc32c(out, OFFSET_ATTRIBUTES, total));
  return out;
}

/** Encoded size of a header section: the count, then each header's key and value. */
function headersSize(headers: readonly RecordHeader[]): number {
  let size = varintSize(headers.length);
  for (const h of headers) {
    const kl = headerKeys.bytes(h.key).length;
    size += varintSize(kl) + kl + bytesField(h.value);
  }
  return size;
}

function writeHeaders(out: Uint8Array, pos: number, headers: readonly RecordHeader[]): number {
  pos = writeVarint(out, pos, headers.length);
  for (const h of headers) {
    pos = writeBytes(out, pos, headerKeys.bytes(h.key));
    pos = writeBytes(out, pos, h.value);
  }
  return pos;
}

/** A record's header section, encoded as {@link buildRecordBatch} writes it (for `encodedHeaders`). */
export function encodeHeaders(headers: readonly RecordHeader[]): Uint8Array {
  const out = new Uint8Array(headersSize(headers));
  writeHeaders(out, 0, headers);
  return out;
}

/** Below this many bytes a copy loop beats `set` (a native call per header value). */
const SMALL_COPY = 32;

function writeBytes(out: Uint8Array, pos: number, v: Uint8Array | null): number {
  if (v === null) return writeVarint(out, pos, -1);
  const length = v.length;
  pos = writeVarint(out, pos, length);
  if (length <= SMALL_COPY) for (let k = 0; k < length; k++) out[pos + k] = v[k]!;
  else out.set(v, pos);
  return pos + length;
}

/** A cursor over record bytes; throws CorruptRecordError on overrun. */
class Reader {
  constructor(readonly b: Uint8Array, public pos: number, readonly end: number) {}
  varint(): number {
    let z = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new CorruptRecordError("record truncated in a varint");
      const byte = this.b[this.pos++]!;
      z += (byte & 0x7f) * mul;
      if (byte < 0x80) return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      mul *= 128;
    }
    throw new CorruptRecordError("varint longer than 10 bytes");
  }
  bytes(): Uint8Array | null {
    const len = this.varint();
    if (len < 0) return null;
    if (this.pos + len > this.end) throw new CorruptRecordError("record field overruns batch");
    const v = this.b.subarray(this.pos, this.pos + len);
    this.pos += len;
    return v;
  }
}

/**
 * Decode the records of the batch at `position` in `bytes`, with absolute offsets. Keys and
 * values are views into `bytes` (no copies). Compressed batches need `decompress`; LogAppendTime
 * batches report the batch's maxTimestamp for every record, as Kafka consumers do.
 */
export function decodeRecords(
  bytes: Uint8Array,
  position = 0,
  decompress?: Decompressor,
): LogRecord[] {
  const h = readBatchHeader(bytes, position);
  const end = position + LOG_OVERHEAD + h.batchLength;
  if (h.magic !== MAGIC_V2 || end > bytes.length) throw new CorruptRecordError("not a whole v2 batch");
  let body = bytes;
  let start = position + BATCH_HEADER_SIZE;
  let stop = end;
  const codec = compressionOf(h.attributes);
  if (codec !== 0) {
    if (!decompress) throw new CorruptRecordError(`no decompressor for codec ${codec}`);
    body = decompress(codec, bytes.subarray(start, end));
    start = 0;
    stop = body.length;
  }
  const logAppend = (h.attributes & TIMESTAMP_TYPE_BIT) !== 0;
  const r = new Reader(body, start, stop);
  const out: LogRecord[] = [];
  for (let i = 0; i < h.recordCount; i++) {
    const len = r.varint();
    const recordEnd = r.pos + len;
    if (len < 0 || recordEnd > stop) throw new CorruptRecordError("record length overruns batch");
    r.pos++; // attributes: unused in v2
    const tsDelta = r.varint();
    const offsetDelta = r.varint();
    const key = r.bytes();
    const value = r.bytes();
    const count = r.varint();
    const headers: RecordHeader[] = [];
    for (let j = 0; j < count; j++) {
      const k = r.bytes();
      headers.push({ key: k ? decoder.decode(k) : "", value: r.bytes() });
    }
    r.pos = recordEnd;
    out.push({
      offset: h.baseOffset + offsetDelta,
      timestamp: logAppend ? h.maxTimestamp : h.baseTimestamp + tsDelta,
      key,
      value,
      headers,
    });
  }
  return out;
}

/** Decode every record of every whole batch in `bytes` (tests, tools, compaction). */
export function decodeAllRecords(bytes: Uint8Array, decompress?: Decompressor): LogRecord[] {
  const out: LogRecord[] = [];
  let pos = 0;
  while (bytes.length - pos >= BATCH_HEADER_SIZE) {
    const size = LOG_OVERHEAD + readBatchHeader(bytes, pos).batchLength;
    if (pos + size > bytes.length) break;
    for (const r of decodeRecords(bytes, pos, decompress)) out.push(r);
    pos += size;
  }
  return out;
}
