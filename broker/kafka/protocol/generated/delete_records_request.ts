// generated — do not edit. Source: DeleteRecordsRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * DeleteRecordsRequest (api key 21): versions 0-2, flexible 2+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DeleteRecordsRequest {
  /** Each topic that we want to delete records from. (versions 0-2) */
  topics: DeleteRecordsRequestDeleteRecordsTopic[];
  /** How long to wait for the deletion to complete, in milliseconds. (versions 0-2) */
  timeoutMs: number;
}

/**
 * DeleteRecordsRequest as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded DeleteRecordsRequest is a valid
 * DeleteRecordsRequestInit.
 */
export interface DeleteRecordsRequestInit {
  topics: readonly DeleteRecordsRequestDeleteRecordsTopicInit[];
  timeoutMs: number;
}

/**
 * DeleteRecordsTopic in DeleteRecordsRequest (versions 0-2). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface DeleteRecordsRequestDeleteRecordsTopic {
  /** The topic name. (versions 0-2) */
  name: string;
  /** Each partition that we want to delete records from. (versions 0-2) */
  partitions: DeleteRecordsRequestDeleteRecordsPartition[];
}

/**
 * DeleteRecordsRequestDeleteRecordsTopic as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * DeleteRecordsRequestDeleteRecordsTopic is a valid
 * DeleteRecordsRequestDeleteRecordsTopicInit.
 */
export interface DeleteRecordsRequestDeleteRecordsTopicInit {
  name: string;
  partitions: readonly DeleteRecordsRequestDeleteRecordsPartitionInit[];
}

/**
 * DeleteRecordsPartition in DeleteRecordsRequest (versions 0-2). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DeleteRecordsRequestDeleteRecordsPartition {
  /** The partition index. (versions 0-2) */
  partitionIndex: number;
  /** The deletion offset. (versions 0-2) */
  offset: bigint;
}

/**
 * DeleteRecordsRequestDeleteRecordsPartition as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * DeleteRecordsRequestDeleteRecordsPartition is a valid
 * DeleteRecordsRequestDeleteRecordsPartitionInit.
 */
export interface DeleteRecordsRequestDeleteRecordsPartitionInit {
  partitionIndex: number;
  offset: bigint;
}

/**
 * Decode a DeleteRecordsRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDeleteRecordsRequest(r: ByteReader, version: number): DeleteRecordsRequest {
  if (version < 0 || version > 2) r.fail(`unsupported version ${version}`);
  const topics: DeleteRecordsRequestDeleteRecordsTopic[] = [];
  for (let i = 0, n = (version === 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topics.push(decodeDeleteRecordsRequestDeleteRecordsTopic(r, version));
  }
  const timeoutMs = r.int32();
  if (version === 2) {
    r.skipTaggedFields();
  }
  r.check("DeleteRecordsRequest", version);
  return { topics, timeoutMs };
}

function decodeDeleteRecordsRequestDeleteRecordsTopic(r: ByteReader, version: number): DeleteRecordsRequestDeleteRecordsTopic {
  const name = (version === 2 ? r.compactString() : r.string());
  const partitions: DeleteRecordsRequestDeleteRecordsPartition[] = [];
  for (let i = 0, n = (version === 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(decodeDeleteRecordsRequestDeleteRecordsPartition(r, version));
  }
  if (version === 2) {
    r.skipTaggedFields();
  }
  return { name, partitions };
}

function decodeDeleteRecordsRequestDeleteRecordsPartition(r: ByteReader, version: number): DeleteRecordsRequestDeleteRecordsPartition {
  const partitionIndex = r.int32();
  const offset = r.int64();
  if (version === 2) {
    r.skipTaggedFields();
  }
  return { partitionIndex, offset };
}

/**
 * Encode a DeleteRecordsRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDeleteRecordsRequest(w: ByteWriter, m: DeleteRecordsRequestInit, version: number): void {
  if (version < 0 || version > 2) throw unsupportedVersionError("DeleteRecordsRequest", version);
  {
    const x = m.topics;
    if (version === 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeDeleteRecordsRequestDeleteRecordsTopic(w, e, version);
    }
  }
  w.int32(m.timeoutMs);
  if (version === 2) {
    w.uvarint(0);
  }
}

function encodeDeleteRecordsRequestDeleteRecordsTopic(w: ByteWriter, m: DeleteRecordsRequestDeleteRecordsTopicInit, version: number): void {
  if (version === 2) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.partitions;
    if (version === 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeDeleteRecordsRequestDeleteRecordsPartition(w, e, version);
    }
  }
  if (version === 2) {
    w.uvarint(0);
  }
}

function encodeDeleteRecordsRequestDeleteRecordsPartition(w: ByteWriter, m: DeleteRecordsRequestDeleteRecordsPartitionInit, version: number): void {
  w.int32(m.partitionIndex);
  w.int64(m.offset);
  if (version === 2) {
    w.uvarint(0);
  }
}
