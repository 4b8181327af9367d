// generated — do not edit. Source: ListOffsetsRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * ListOffsetsRequest (api key 2): versions 0-10, flexible 6+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ListOffsetsRequest {
  /**
   * The broker ID of the requester, or -1 if this request is being made by a normal
   * consumer. (versions 0-10)
   */
  replicaId: number;
  /**
   * This setting controls the visibility of transactional records. Using READ_UNCOMMITTED
   * (isolation_level = 0) makes all records visible. With READ_COMMITTED (isolation_level =
   * 1), non-transactional and COMMITTED transactional records are visible. To be more
   * concrete, READ_COMMITTED returns all data from offsets smaller than the current LSO
   * (last stable offset), and enables the inclusion of the list of aborted transactions in
   * the result, which allows consumers to discard ABORTED transactional records. (versions
   * 2-10, default 0)
   */
  isolationLevel: number;
  /** Each topic in the request. (versions 0-10) */
  topics: ListOffsetsRequestListOffsetsTopic[];
  /**
   * The timeout to await a response in milliseconds for requests that require reading from
   * remote storage for topics enabled with tiered storage. (versions 10, default 0)
   */
  timeoutMs: number;
}

/**
 * ListOffsetsRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded ListOffsetsRequest is a valid
 * ListOffsetsRequestInit.
 */
export interface ListOffsetsRequestInit {
  replicaId: number;
  isolationLevel?: number | undefined;
  topics: readonly ListOffsetsRequestListOffsetsTopicInit[];
  timeoutMs?: number | undefined;
}

/**
 * ListOffsetsTopic in ListOffsetsRequest (versions 0-10). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ListOffsetsRequestListOffsetsTopic {
  /** The topic name. (versions 0-10) */
  name: string;
  /** Each partition in the request. (versions 0-10) */
  partitions: ListOffsetsRequestListOffsetsPartition[];
}

/**
 * ListOffsetsRequestListOffsetsTopic as encoders accept it: fields that have a default (or
 * are missing from some versions) may be left out. A decoded
 * ListOffsetsRequestListOffsetsTopic is a valid ListOffsetsRequestListOffsetsTopicInit.
 */
export interface ListOffsetsRequestListOffsetsTopicInit {
  name: string;
  partitions: readonly ListOffsetsRequestListOffsetsPartitionInit[];
}

/**
 * ListOffsetsPartition in ListOffsetsRequest (versions 0-10). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ListOffsetsRequestListOffsetsPartition {
  /** The partition index. (versions 0-10) */
  partitionIndex: number;
  /** The current leader epoch. (versions 4-10, default -1) */
  currentLeaderEpoch: number;
  /** The current timestamp. (versions 0-10) */
  timestamp: bigint;
  /** The maximum number of offsets to report. (versions 0, default 1) */
  maxNumOffsets: number;
}

/**
 * ListOffsetsRequestListOffsetsPartition as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * ListOffsetsRequestListOffsetsPartition is a valid
 * ListOffsetsRequestListOffsetsPartitionInit.
 */
export interface ListOffsetsRequestListOffsetsPartitionInit {
  partitionIndex: number;
  currentLeaderEpoch?: number | undefined;
  timestamp: bigint;
  maxNumOffsets?: number | undefined;
}

/**
 * Decode a ListOffsetsRequest body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeListOffsetsRequest(r: ByteReader, version: number): ListOffsetsRequest {
  if (version < 0 || version > 10) r.fail(`unsupported version ${version}`);
  const replicaId = r.int32();
  let isolationLevel: number = 0;
  if (version >= 2) {
    isolationLevel = r.int8();
  }
  const topics: ListOffsetsRequestListOffsetsTopic[] = [];
  for (let i = 0, n = (version >= 6 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topics.push(decodeListOffsetsRequestListOffsetsTopic(r, version));
  }
  let timeoutMs: number = 0;
  if (version === 10) {
    timeoutMs = r.int32();
  }
  if (version >= 6) {
    r.skipTaggedFields();
  }
  r.check("ListOffsetsRequest", version);
  return { replicaId, isolationLevel, topics, timeoutMs };
}

function decodeListOffsetsRequestListOffsetsTopic(r: ByteReader, version: number): ListOffsetsRequestListOffsetsTopic {
  const name = (version >= 6 ? r.compactString() : r.string());
  const partitions: ListOffsetsRequestListOffsetsPartition[] = [];
  for (let i = 0, n = (version >= 6 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(decodeListOffsetsRequestListOffsetsPartition(r, version));
  }
  if (version >= 6) {
    r.skipTaggedFields();
  }
  return { name, partitions };
}

function decodeListOffsetsRequestListOffsetsPartition(r: ByteReader, version: number): ListOffsetsRequestListOffsetsPartition {
  const partitionIndex = r.int32();
  let currentLeaderEpoch: number = -1;
  if (version >= 4) {
    currentLeaderEpoch = r.int32();
  }
  const timestamp = r.int64();
  let maxNumOffsets: number = 1;
  if (version === 0) {
    maxNumOffsets = r.int32();
  }
  if (version >= 6) {
    r.skipTaggedFields();
  }
  return { partitionIndex, currentLeaderEpoch, timestamp, maxNumOffsets };
}

/**
 * Encode a ListOffsetsRequest body at `version`; throws KafkaEncodeError when a value cannot
 * be carried by that version.
 */
export function encodeListOffsetsRequest(w: ByteWriter, m: ListOffsetsRequestInit, version: number): void {
  if (version < 0 || version > 10) throw unsupportedVersionError("ListOffsetsRequest", version);
  w.int32(m.replicaId);
  if (!(version >= 2) && (m.isolationLevel !== undefined && m.isolationLevel !== 0)) {
    throw unsupportedFieldError("ListOffsetsRequest", "isolationLevel", version);
  }
  if (version >= 2) {
    w.int8((m.isolationLevel === undefined ? 0 : m.isolationLevel));
  }
  {
    const x = m.topics;
    if (version >= 6) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeListOffsetsRequestListOffsetsTopic(w, e, version);
    }
  }
  if (version === 10) {
    w.int32((m.timeoutMs === undefined ? 0 : m.timeoutMs));
  }
  if (version >= 6) {
    w.uvarint(0);
  }
}

function encodeListOffsetsRequestListOffsetsTopic(w: ByteWriter, m: ListOffsetsRequestListOffsetsTopicInit, version: number): void {
  if (version >= 6) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.partitions;
    if (version >= 6) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeListOffsetsRequestListOffsetsPartition(w, e, version);
    }
  }
  if (version >= 6) {
    w.uvarint(0);
  }
}

function encodeListOffsetsRequestListOffsetsPartition(w: ByteWriter, m: ListOffsetsRequestListOffsetsPartitionInit, version: number): void {
  w.int32(m.partitionIndex);
  if (version >= 4) {
    w.int32((m.currentLeaderEpoch === undefined ? -1 : m.currentLeaderEpoch));
  }
  w.int64(m.timestamp);
  if (!(version === 0) && (m.maxNumOffsets !== undefined && m.maxNumOffsets !== 1)) {
    throw unsupportedFieldError("ListOffsetsRequestListOffsetsPartition", "maxNumOffsets", version);
  }
  if (version === 0) {
    w.int32((m.maxNumOffsets === undefined ? 1 : m.maxNumOffsets));
  }
  if (version >= 6) {
    w.uvarint(0);
  }
}
