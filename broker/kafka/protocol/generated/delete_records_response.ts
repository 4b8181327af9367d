// generated — do not edit. Source: DeleteRecordsResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * DeleteRecordsResponse (api key 21): versions 0-2, flexible 2+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DeleteRecordsResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 0-2)
   */
  throttleTimeMs: number;
  /** Each topic that we wanted to delete records from. (versions 0-2) */
  topics: DeleteRecordsResponseDeleteRecordsTopicResult[];
}

/**
 * DeleteRecordsResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded DeleteRecordsResponse is a valid
 * DeleteRecordsResponseInit.
 */
export interface DeleteRecordsResponseInit {
  throttleTimeMs: number;
  topics: readonly DeleteRecordsResponseDeleteRecordsTopicResultInit[];
}

/**
 * DeleteRecordsTopicResult in DeleteRecordsResponse (versions 0-2). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DeleteRecordsResponseDeleteRecordsTopicResult {
  /** The topic name. (versions 0-2) */
  name: string;
  /** Each partition that we wanted to delete records from. (versions 0-2) */
  partitions: DeleteRecordsResponseDeleteRecordsPartitionResult[];
}

/**
 * DeleteRecordsResponseDeleteRecordsTopicResult as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * DeleteRecordsResponseDeleteRecordsTopicResult is a valid
 * DeleteRecordsResponseDeleteRecordsTopicResultInit.
 */
export interface DeleteRecordsResponseDeleteRecordsTopicResultInit {
  name: string;
  partitions: readonly DeleteRecordsResponseDeleteRecordsPartitionResultInit[];
}

/**
 * DeleteRecordsPartitionResult in DeleteRecordsResponse (versions 0-2). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DeleteRecordsResponseDeleteRecordsPartitionResult {
  /** The partition index. (versions 0-2) */
  partitionIndex: number;
  /** The partition low water mark. (versions 0-2) */
  lowWatermark: bigint;
  /** The deletion error code, or 0 if the deletion succeeded. (versions 0-2) */
  errorCode: number;
}

/**
 * DeleteRecordsResponseDeleteRecordsPartitionResult as encoders accept it: fields that have
 * a default (or are missing from some versions) may be left out. A decoded
 * DeleteRecordsResponseDeleteRecordsPartitionResult is a valid
 * DeleteRecordsResponseDeleteRecordsPartitionResultInit.
 */
export interface DeleteRecordsResponseDeleteRecordsPartitionResultInit {
  partitionIndex: number;
  lowWatermark: bigint;
  errorCode: number;
}

/**
 * Decode a DeleteRecordsResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDeleteRecordsResponse(r: ByteReader, version: number): DeleteRecordsResponse {
  if (version < 0 || version > 2) r.fail(`unsupported version ${version}`);
  const throttleTimeMs = r.int32();
  const topics: DeleteRecordsResponseDeleteRecordsTopicResult[] = [];
  for (let i = 0, n = (version === 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topics.push(decodeDeleteRecordsResponseDeleteRecordsTopicResult(r, version));
  }
  if (version === 2) {
    r.skipTaggedFields();
  }
  r.check("DeleteRecordsResponse", version);
  return { throttleTimeMs, topics };
}

function decodeDeleteRecordsResponseDeleteRecordsTopicResult(r: ByteReader, version: number): DeleteRecordsResponseDeleteRecordsTopicResult {
  const name = (version === 2 ? r.compactString() : r.string());
  const partitions: DeleteRecordsResponseDeleteRecordsPartitionResult[] = [];
  for (let i = 0, n = (version === 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(decodeDeleteRecordsResponseDeleteRecordsPartitionResult(r, version));
  }
  if (version === 2) {
    r.skipTaggedFields();
  }
  return { name, partitions };
}

function decodeDeleteRecordsResponseDeleteRecordsPartitionResult(r: ByteReader, version: number): DeleteRecordsResponseDeleteRecordsPartitionResult {
  const partitionIndex = r.int32();
  const lowWatermark = r.int64();
  const errorCode = r.int16();
  if (version === 2) {
    r.skipTaggedFields();
  }
  return { partitionIndex, lowWatermark, errorCode };
}

/**
 * Encode a DeleteRecordsResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDeleteRecordsResponse(w: ByteWriter, m: DeleteRecordsResponseInit, version: number): void {
  if (version < 0 || version > 2) throw unsupportedVersionError("DeleteRecordsResponse", version);
  w.int32(m.throttleTimeMs);
  {
    const x = m.topics;
    if (version === 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeDeleteRecordsResponseDeleteRecordsTopicResult(w, e, version);
    }
  }
  if (version === 2) {
    w.uvarint(0);
  }
}

function encodeDeleteRecordsResponseDeleteRecordsTopicResult(w: ByteWriter, m: DeleteRecordsResponseDeleteRecordsTopicResultInit, version: number): void {
  if (version === 2) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.partitions;
    if (version === 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeDeleteRecordsResponseDeleteRecordsPartitionResult(w, e, version);
    }
  }
  if (version === 2) {
    w.uvarint(0);
  }
}

function encodeDeleteRecordsResponseDeleteRecordsPartitionResult(w: ByteWriter, m: DeleteRecordsResponseDeleteRecordsPartitionResultInit, version: number): void {
  w.int32(m.partitionIndex);
  w.int64(m.lowWatermark);
  w.int16(m.errorCode);
  if (version === 2) {
    w.uvarint(0);
  }
}
