// generated — do not edit. Source: OffsetDeleteResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * OffsetDeleteResponse (api key 47): versions 0, flexible none. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetDeleteResponse {
  /** The top-level error code, or 0 if there was no error. (versions 0) */
  errorCode: number;
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 0)
   */
  throttleTimeMs: number;
  /** The responses for each topic. (versions 0) */
  topics: OffsetDeleteResponseOffsetDeleteResponseTopic[];
}

/**
 * OffsetDeleteResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded OffsetDeleteResponse is a valid
 * OffsetDeleteResponseInit.
 */
export interface OffsetDeleteResponseInit {
  errorCode: number;
  throttleTimeMs: number;
  topics: readonly OffsetDeleteResponseOffsetDeleteResponseTopicInit[];
}

/**
 * OffsetDeleteResponseTopic in OffsetDeleteResponse (versions 0). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetDeleteResponseOffsetDeleteResponseTopic {
  /** The topic name. (versions 0) */
  name: string;
  /** The responses for each partition in the topic. (versions 0) */
  partitions: OffsetDeleteResponseOffsetDeleteResponsePartition[];
}

/**
 * OffsetDeleteResponseOffsetDeleteResponseTopic as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetDeleteResponseOffsetDeleteResponseTopic is a valid
 * OffsetDeleteResponseOffsetDeleteResponseTopicInit.
 */
export interface OffsetDeleteResponseOffsetDeleteResponseTopicInit {
  name: string;
  partitions: readonly OffsetDeleteResponseOffsetDeleteResponsePartitionInit[];
}

/**
 * OffsetDeleteResponsePartition in OffsetDeleteResponse (versions 0). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetDeleteResponseOffsetDeleteResponsePartition {
  /** The partition index. (versions 0) */
  partitionIndex: number;
  /** The error code, or 0 if there was no error. (versions 0) */
  errorCode: number;
}

/**
 * OffsetDeleteResponseOffsetDeleteResponsePartition as encoders accept it: fields that have
 * a default (or are missing from some versions) may be left out. A decoded
 * OffsetDeleteResponseOffsetDeleteResponsePartition is a valid
 * OffsetDeleteResponseOffsetDeleteResponsePartitionInit.
 */
export interface OffsetDeleteResponseOffsetDeleteResponsePartitionInit {
  partitionIndex: number;
  errorCode: number;
}

/**
 * Decode a OffsetDeleteResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeOffsetDeleteResponse(r: ByteReader, version: number): OffsetDeleteResponse {
  if (version < 0 || version > 0) r.fail(`unsupported version ${version}`);
  const errorCode = r.int16();
  const throttleTimeMs = r.int32();
  const topics: OffsetDeleteResponseOffsetDeleteResponseTopic[] = [];
  for (let i = 0, n = r.arrayLength(); i < n; i++) {
    topics.push(decodeOffsetDeleteResponseOffsetDeleteResponseTopic(r, version));
  }
  r.check("OffsetDeleteResponse", version);
  return { errorCode, throttleTimeMs, topics };
}

function decodeOffsetDeleteResponseOffsetDeleteResponseTopic(r: ByteReader, version: number): OffsetDeleteResponseOffsetDeleteResponseTopic {
  const name = r.string();
  const partitions: OffsetDeleteResponseOffsetDeleteResponsePartition[] = [];
  for (let i = 0, n = r.arrayLength(); i < n; i++) {
    partitions.push(decodeOffsetDeleteResponseOffsetDeleteResponsePartition(r, version));
  }
  return { name, partitions };
}

function decodeOffsetDeleteResponseOffsetDeleteResponsePartition(r: ByteReader, _version: number): OffsetDeleteResponseOffsetDeleteResponsePartition {
  const partitionIndex = r.int32();
  const errorCode = r.int16();
  return { partitionIndex, errorCode };
}

/**
 * Encode a OffsetDeleteResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeOffsetDeleteResponse(w: ByteWriter, m: OffsetDeleteResponseInit, version: number): void {
  if (version < 0 || version > 0) throw unsupportedVersionError("OffsetDeleteResponse", version);
  w.int16(m.errorCode);
  w.int32(m.throttleTimeMs);
  {
    const x = m.topics;
    w.int32(x.length);
    for (const e of x) {
      encodeOffsetDeleteResponseOffsetDeleteResponseTopic(w, e, version);
    }
  }
}

function encodeOffsetDeleteResponseOffsetDeleteResponseTopic(w: ByteWriter, m: OffsetDeleteResponseOffsetDeleteResponseTopicInit, version: number): void {
  w.string(m.name);
  {
    const x = m.partitions;
    w.int32(x.length);
    for (const e of x) {
      encodeOffsetDeleteResponseOffsetDeleteResponsePartition(w, e, version);
    }
  }
}

function encodeOffsetDeleteResponseOffsetDeleteResponsePartition(w: ByteWriter, m: OffsetDeleteResponseOffsetDeleteResponsePartitionInit, _version: number): void {
  w.int32(m.partitionIndex);
  w.int16(m.errorCode);
}
