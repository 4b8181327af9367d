// generated — do not edit. Source: OffsetCommitResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * OffsetCommitResponse (api key 8): versions 0-9, flexible 8+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface OffsetCommitResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 3-9, default 0)
   */
  throttleTimeMs: number;
  /** The responses for each topic. (versions 0-9) */
  topics: OffsetCommitResponseOffsetCommitResponseTopic[];
}

/**
 * OffsetCommitResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded OffsetCommitResponse is a valid
 * OffsetCommitResponseInit.
 */
export interface OffsetCommitResponseInit {
  throttleTimeMs?: number | undefined;
  topics: readonly OffsetCommitResponseOffsetCommitResponseTopicInit[];
}

/**
 * OffsetCommitResponseTopic in OffsetCommitResponse (versions 0-9). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetCommitResponseOffsetCommitResponseTopic {
  /** The topic name. (versions 0-9) */
  name: string;
  /** The responses for each partition in the topic. (versions 0-9) */
  partitions: OffsetCommitResponseOffsetCommitResponsePartition[];
}

/**
 * OffsetCommitResponseOffsetCommitResponseTopic as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetCommitResponseOffsetCommitResponseTopic is a valid
 * OffsetCommitResponseOffsetCommitResponseTopicInit.
 */
export interface OffsetCommitResponseOffsetCommitResponseTopicInit {
  name: string;
  partitions: readonly OffsetCommitResponseOffsetCommitResponsePartitionInit[];
}

/**
 * OffsetCommitResponsePartition in OffsetCommitResponse (versions 0-9). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetCommitResponseOffsetCommitResponsePartition {
  /** The partition index. (versions 0-9) */
  partitionIndex: number;
  /** The error code, or 0 if there was no error. (versions 0-9) */
  errorCode: number;
}

/**
 * OffsetCommitResponseOffsetCommitResponsePartition as encoders accept it: fields that have
 * a default (or are missing from some versions) may be left out. A decoded
 * OffsetCommitResponseOffsetCommitResponsePartition is a valid
 * OffsetCommitResponseOffsetCommitResponsePartitionInit.
 */
export interface OffsetCommitResponseOffsetCommitResponsePartitionInit {
  partitionIndex: number;
  errorCode: number;
}

/**
 * Decode a OffsetCommitResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeOffsetCommitResponse(r: ByteReader, version: number): OffsetCommitResponse {
  if (version < 0 || version > 9) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 3) {
    throttleTimeMs = r.int32();
  }
  const topics: OffsetCommitResponseOffsetCommitResponseTopic[] = [];
  for (let i = 0, n = (version >= 8 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topics.push(decodeOffsetCommitResponseOffsetCommitResponseTopic(r, version));
  }
  if (version >= 8) {
    r.skipTaggedFields();
  }
  r.check("OffsetCommitResponse", version);
  return { throttleTimeMs, topics };
}

function decodeOffsetCommitResponseOffsetCommitResponseTopic(r: ByteReader, version: number): OffsetCommitResponseOffsetCommitResponseTopic {
  const name = (version >= 8 ? r.compactString() : r.string());
  const partitions: OffsetCommitResponseOffsetCommitResponsePartition[] = [];
  for (let i = 0, n = (version >= 8 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(decodeOffsetCommitResponseOffsetCommitResponsePartition(r, version));
  }
  if (version >= 8) {
    r.skipTaggedFields();
  }
  return { name, partitions };
}

function decodeOffsetCommitResponseOffsetCommitResponsePartition(r: ByteReader, version: number): OffsetCommitResponseOffsetCommitResponsePartition {
  const partitionIndex = r.int32();
  const errorCode = r.int16();
  if (version >= 8) {
    r.skipTaggedFields();
  }
  return { partitionIndex, errorCode };
}

/**
 * Encode a OffsetCommitResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeOffsetCommitResponse(w: ByteWriter, m: OffsetCommitResponseInit, version: number): void {
  if (version < 0 || version > 9) throw unsupportedVersionError("OffsetCommitResponse", version);
  if (version >= 3) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  {
    const x = m.topics;
    if (version >= 8) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeOffsetCommitResponseOffsetCommitResponseTopic(w, e, version);
    }
  }
  if (version >= 8) {
    w.uvarint(0);
  }
}

function encodeOffsetCommitResponseOffsetCommitResponseTopic(w: ByteWriter, m: OffsetCommitResponseOffsetCommitResponseTopicInit, version: number): void {
  if (version >= 8) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.partitions;
    if (version >= 8) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeOffsetCommitResponseOffsetCommitResponsePartition(w, e, version);
    }
  }
  if (version >= 8) {
    w.uvarint(0);
  }
}

function encodeOffsetCommitResponseOffsetCommitResponsePartition(w: ByteWriter, m: OffsetCommitResponseOffsetCommitResponsePartitionInit, version: number): void {
  w.int32(m.partitionIndex);
  w.int16(m.errorCode);
  if (version >= 8) {
    w.uvarint(0);
  }
}
