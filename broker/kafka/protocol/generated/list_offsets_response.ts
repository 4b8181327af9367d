// generated — do not edit. Source: ListOffsetsResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * ListOffsetsResponse (api key 2): versions 0-10, flexible 6+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ListOffsetsResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 2-10, default 0)
   */
  throttleTimeMs: number;
  /** Each topic in the response. (versions 0-10) */
  topics: ListOffsetsResponseListOffsetsTopicResponse[];
}

/**
 * ListOffsetsResponse as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded ListOffsetsResponse is a valid
 * ListOffsetsResponseInit.
 */
export interface ListOffsetsResponseInit {
  throttleTimeMs?: number | undefined;
  topics: readonly ListOffsetsResponseListOffsetsTopicResponseInit[];
}

/**
 * ListOffsetsTopicResponse in ListOffsetsResponse (versions 0-10). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface ListOffsetsResponseListOffsetsTopicResponse {
  /** The topic name. (versions 0-10) */
  name: string;
  /** Each partition in the response. (versions 0-10) */
  partitions: ListOffsetsResponseListOffsetsPartitionResponse[];
}

/**
 * ListOffsetsResponseListOffsetsTopicResponse as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * ListOffsetsResponseListOffsetsTopicResponse is a valid
 * ListOffsetsResponseListOffsetsTopicResponseInit.
 */
export interface ListOffsetsResponseListOffsetsTopicResponseInit {
  name: string;
  partitions: readonly ListOffsetsResponseListOffsetsPartitionResponseInit[];
}

/**
 * ListOffsetsPartitionResponse in ListOffsetsResponse (versions 0-10). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface ListOffsetsResponseListOffsetsPartitionResponse {
  /** The partition index. (versions 0-10) */
  partitionIndex: number;
  /** The partition error code, or 0 if there was no error. (versions 0-10) */
  errorCode: number;
  /** The result offsets. (versions 0, default []) */
  oldStyleOffsets: bigint[];
  /** The timestamp associated with the returned offset. (versions 1-10, default -1n) */
  timestamp: bigint;
  /** The returned offset. (versions 1-10, default -1n) */
  offset: bigint;
  /** (versions 4-10, default -1) */
  leaderEpoch: number;
}

/**
 * ListOffsetsResponseListOffsetsPartitionResponse as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * ListOffsetsResponseListOffsetsPartitionResponse is a valid
 * ListOffsetsResponseListOffsetsPartitionResponseInit.
 */
export interface ListOffsetsResponseListOffsetsPartitionResponseInit {
  partitionIndex: number;
  errorCode: number;
  oldStyleOffsets?: readonly bigint[] | undefined;
  timestamp?: bigint | undefined;
  offset?: bigint | undefined;
  leaderEpoch?: number | undefined;
}

/**
 * Decode a ListOffsetsResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeListOffsetsResponse(r: ByteReader, version: number): ListOffsetsResponse {
  if (version < 0 || version > 10) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 2) {
    throttleTimeMs = r.int32();
  }
  const topics: ListOffsetsResponseListOffsetsTopicResponse[] = [];
  for (let i = 0, n = (version >= 6 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topics.push(decodeListOffsetsResponseListOffsetsTopicResponse(r, version));
  }
  if (version >= 6) {
    r.skipTaggedFields();
  }
  r.check("ListOffsetsResponse", version);
  return { throttleTimeMs, topics };
}

function decodeListOffsetsResponseListOffsetsTopicResponse(r: ByteReader, version: number): ListOffsetsResponseListOffsetsTopicResponse {
  const name = (version >= 6 ? r.compactString() : r.string());
  const partitions: ListOffsetsResponseListOffsetsPartitionResponse[] = [];
  for (let i = 0, n = (version >= 6 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(decodeListOffsetsResponseListOffsetsPartitionResponse(r, version));
  }
  if (version >= 6) {
    r.skipTaggedFields();
  }
  return { name, partitions };
}

function decodeListOffsetsResponseListOffsetsPartitionResponse(r: ByteReader, version: number): ListOffsetsResponseListOffsetsPartitionResponse {
  const partitionIndex = r.int32();
  const errorCode = r.int16();
  let oldStyleOffsets: bigint[] = [];
  if (version === 0) {
    {
      const n = r.arrayLength();
      {
        const a: bigint[] = [];
        for (let i = 0; i < n; i++) a.push(r.int64());
        oldStyleOffsets = a;
      }
    }
  }
  let timestamp: bigint = -1n;
  if (version >= 1) {
    timestamp = r.int64();
  }
  let offset: bigint = -1n;
  if (version >= 1) {
    offset = r.int64();
  }
  let leaderEpoch: number = -1;
  if (version >= 4) {
    leaderEpoch = r.int32();
  }
  if (version >= 6) {
    r.skipTaggedFields();
  }
  return { partitionIndex, errorCode, oldStyleOffsets, timestamp, offset, leaderEpoch };
}

/**
 * Encode a ListOffsetsResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeListOffsetsResponse(w: ByteWriter, m: ListOffsetsResponseInit, version: number): void {
  if (version < 0 || version > 10) throw unsupportedVersionError("ListOffsetsResponse", version);
  if (version >= 2) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  {
    const x = m.topics;
    if (version >= 6) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeListOffsetsResponseListOffsetsTopicResponse(w, e, version);
    }
  }
  if (version >= 6) {
    w.uvarint(0);
  }
}

function encodeListOffsetsResponseListOffsetsTopicResponse(w: ByteWriter, m: ListOffsetsResponseListOffsetsTopicResponseInit, version: number): void {
  if (version >= 6) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.partitions;
    if (version >= 6) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeListOffsetsResponseListOffsetsPartitionResponse(w, e, version);
    }
  }
  if (version >= 6) {
    w.uvarint(0);
  }
}

function encodeListOffsetsResponseListOffsetsPartitionResponse(w: ByteWriter, m: ListOffsetsResponseListOffsetsPartitionResponseInit, version: number): void {
  w.int32(m.partitionIndex);
  w.int16(m.errorCode);
  if (!(version === 0) && (m.oldStyleOffsets !== undefined && (m.oldStyleOffsets === null || m.oldStyleOffsets.length !== 0))) {
    throw unsupportedFieldError("ListOffsetsResponseListOffsetsPartitionResponse", "oldStyleOffsets", version);
  }
  if (version === 0) {
    {
      const x = m.oldStyleOffsets === undefined ? [] : m.oldStyleOffsets;
      w.int32(x.length);
      for (const e of x) {
        w.int64(e);
      }
    }
  }
  if (!(version >= 1) && (m.timestamp !== undefined && m.timestamp !== -1n)) {
    throw unsupportedFieldError("ListOffsetsResponseListOffsetsPartitionResponse", "timestamp", version);
  }
  if (version >= 1) {
    w.int64((m.timestamp === undefined ? -1n : m.timestamp));
  }
  if (!(version >= 1) && (m.offset !== undefined && m.offset !== -1n)) {
    throw unsupportedFieldError("ListOffsetsResponseListOffsetsPartitionResponse", "offset", version);
  }
  if (version >= 1) {
    w.int64((m.offset === undefined ? -1n : m.offset));
  }
  if (!(version >= 4) && (m.leaderEpoch !== undefined && m.leaderEpoch !== -1)) {
    throw unsupportedFieldError("ListOffsetsResponseListOffsetsPartitionResponse", "leaderEpoch", version);
  }
  if (version >= 4) {
    w.int32((m.leaderEpoch === undefined ? -1 : m.leaderEpoch));
  }
  if (version >= 6) {
    w.uvarint(0);
  }
}
