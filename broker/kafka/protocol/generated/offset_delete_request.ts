// generated — do not edit. Source: OffsetDeleteRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * OffsetDeleteRequest (api key 47): versions 0, flexible none. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface OffsetDeleteRequest {
  /** The unique group identifier. (versions 0) */
  groupId: string;
  /** The topics to delete offsets for. (versions 0) */
  topics: OffsetDeleteRequestOffsetDeleteRequestTopic[];
}

/**
 * OffsetDeleteRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded OffsetDeleteRequest is a valid
 * OffsetDeleteRequestInit.
 */
export interface OffsetDeleteRequestInit {
  groupId: string;
  topics: readonly OffsetDeleteRequestOffsetDeleteRequestTopicInit[];
}

/**
 * OffsetDeleteRequestTopic in OffsetDeleteRequest (versions 0). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetDeleteRequestOffsetDeleteRequestTopic {
  /** The topic name. (versions 0) */
  name: string;
  /** Each partition to delete offsets for. (versions 0) */
  partitions: OffsetDeleteRequestOffsetDeleteRequestPartition[];
}

/**
 * OffsetDeleteRequestOffsetDeleteRequestTopic as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetDeleteRequestOffsetDeleteRequestTopic is a valid
 * OffsetDeleteRequestOffsetDeleteRequestTopicInit.
 */
export interface OffsetDeleteRequestOffsetDeleteRequestTopicInit {
  name: string;
  partitions: readonly OffsetDeleteRequestOffsetDeleteRequestPartitionInit[];
}

/**
 * OffsetDeleteRequestPartition in OffsetDeleteRequest (versions 0). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetDeleteRequestOffsetDeleteRequestPartition {
  /** The partition index. (versions 0) */
  partitionIndex: number;
}

/**
 * OffsetDeleteRequestOffsetDeleteRequestPartition as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetDeleteRequestOffsetDeleteRequestPartition is a valid
 * OffsetDeleteRequestOffsetDeleteRequestPartitionInit.
 */
export interface OffsetDeleteRequestOffsetDeleteRequestPartitionInit {
  partitionIndex: number;
}

/**
 * Decode a OffsetDeleteRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeOffsetDeleteRequest(r: ByteReader, version: number): OffsetDeleteRequest {
  if (version < 0 || version > 0) r.fail(`unsupported version ${version}`);
  const groupId = r.string();
  const topics: OffsetDeleteRequestOffsetDeleteRequestTopic[] = [];
  for (let i = 0, n = r.arrayLength(); i < n; i++) {
    topics.push(decodeOffsetDeleteRequestOffsetDeleteRequestTopic(r, version));
  }
  r.check("OffsetDeleteRequest", version);
  return { groupId, topics };
}

function decodeOffsetDeleteRequestOffsetDeleteRequestTopic(r: ByteReader, version: number): OffsetDeleteRequestOffsetDeleteRequestTopic {
  const name = r.string();
  const partitions: OffsetDeleteRequestOffsetDeleteRequestPartition[] = [];
  for (let i = 0, n = r.arrayLength(); i < n; i++) {
    partitions.push(decodeOffsetDeleteRequestOffsetDeleteRequestPartition(r, version));
  }
  return { name, partitions };
}

function decodeOffsetDeleteRequestOffsetDeleteRequestPartition(r: ByteReader, _version: number): OffsetDeleteRequestOffsetDeleteRequestPartition {
  const partitionIndex = r.int32();
  return { partitionIndex };
}

/**
 * Encode a OffsetDeleteRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeOffsetDeleteRequest(w: ByteWriter, m: OffsetDeleteRequestInit, version: number): void {
  if (version < 0 || version > 0) throw unsupportedVersionError("OffsetDeleteRequest", version);
  w.string(m.groupId);
  {
    const x = m.topics;
    w.int32(x.length);
    for (const e of x) {
      encodeOffsetDeleteRequestOffsetDeleteRequestTopic(w, e, version);
    }
  }
}

function encodeOffsetDeleteRequestOffsetDeleteRequestTopic(w: ByteWriter, m: OffsetDeleteRequestOffsetDeleteRequestTopicInit, version: number): void {
  w.string(m.name);
  {
    const x = m.partitions;
    w.int32(x.length);
    for (const e of x) {
      encodeOffsetDeleteRequestOffsetDeleteRequestPartition(w, e, version);
    }
  }
}

function encodeOffsetDeleteRequestOffsetDeleteRequestPartition(w: ByteWriter, m: OffsetDeleteRequestOffsetDeleteRequestPartitionInit, _version: number): void {
  w.int32(m.partitionIndex);
}
