// generated — do not edit. Source: OffsetFetchResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * OffsetFetchResponse (api key 9): versions 0-9, flexible 6+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface OffsetFetchResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 3-9, default 0)
   */
  throttleTimeMs: number;
  /** The responses per topic. (versions 0-7, default []) */
  topics: OffsetFetchResponseOffsetFetchResponseTopic[];
  /** The top-level error code, or 0 if there was no error. (versions 2-7, default 0) */
  errorCode: number;
  /** The responses per group id. (versions 8-9, default []) */
  groups: OffsetFetchResponseOffsetFetchResponseGroup[];
}

/**
 * OffsetFetchResponse as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded OffsetFetchResponse is a valid
 * OffsetFetchResponseInit.
 */
export interface OffsetFetchResponseInit {
  throttleTimeMs?: number | undefined;
  topics?: readonly OffsetFetchResponseOffsetFetchResponseTopicInit[] | undefined;
  errorCode?: number | undefined;
  groups?: readonly OffsetFetchResponseOffsetFetchResponseGroupInit[] | undefined;
}

/**
 * OffsetFetchResponseTopic in OffsetFetchResponse (versions 0-7). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetFetchResponseOffsetFetchResponseTopic {
  /** The topic name. (versions 0-7) */
  name: string;
  /** The responses per partition. (versions 0-7) */
  partitions: OffsetFetchResponseOffsetFetchResponsePartition[];
}

/**
 * OffsetFetchResponseOffsetFetchResponseTopic as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetFetchResponseOffsetFetchResponseTopic is a valid
 * OffsetFetchResponseOffsetFetchResponseTopicInit.
 */
export interface OffsetFetchResponseOffsetFetchResponseTopicInit {
  name: string;
  partitions: readonly OffsetFetchResponseOffsetFetchResponsePartitionInit[];
}

/**
 * OffsetFetchResponsePartition in OffsetFetchResponse (versions 0-7). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetFetchResponseOffsetFetchResponsePartition {
  /** The partition index. (versions 0-7) */
  partitionIndex: number;
  /** The committed message offset. (versions 0-7) */
  committedOffset: bigint;
  /** The leader epoch. (versions 5-7, default -1) */
  committedLeaderEpoch: number;
  /** The partition metadata. (versions 0-7, nullable 0-7) */
  metadata: string | null;
  /** The error code, or 0 if there was no error. (versions 0-7) */
  errorCode: number;
}

/**
 * OffsetFetchResponseOffsetFetchResponsePartition as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetFetchResponseOffsetFetchResponsePartition is a valid
 * OffsetFetchResponseOffsetFetchResponsePartitionInit.
 */
export interface OffsetFetchResponseOffsetFetchResponsePartitionInit {
  partitionIndex: number;
  committedOffset: bigint;
  committedLeaderEpoch?: number | undefined;
  metadata: string | null;
  errorCode: number;
}

/**
 * OffsetFetchResponseGroup in OffsetFetchResponse (versions 8-9). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetFetchResponseOffsetFetchResponseGroup {
  /** The group ID. (versions 8-9) */
  groupId: string;
  /** The responses per topic. (versions 8-9) */
  topics: OffsetFetchResponseOffsetFetchResponseTopics[];
  /** The group-level error code, or 0 if there was no error. (versions 8-9, default 0) */
  errorCode: number;
}

/**
 * OffsetFetchResponseOffsetFetchResponseGroup as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetFetchResponseOffsetFetchResponseGroup is a valid
 * OffsetFetchResponseOffsetFetchResponseGroupInit.
 */
export interface OffsetFetchResponseOffsetFetchResponseGroupInit {
  groupId: string;
  topics: readonly OffsetFetchResponseOffsetFetchResponseTopicsInit[];
  errorCode?: number | undefined;
}

/**
 * OffsetFetchResponseTopics in OffsetFetchResponse (versions 8-9). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetFetchResponseOffsetFetchResponseTopics {
  /** The topic name. (versions 8-9) */
  name: string;
  /** The responses per partition. (versions 8-9) */
  partitions: OffsetFetchResponseOffsetFetchResponsePartitions[];
}

/**
 * OffsetFetchResponseOffsetFetchResponseTopics as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetFetchResponseOffsetFetchResponseTopics is a valid
 * OffsetFetchResponseOffsetFetchResponseTopicsInit.
 */
export interface OffsetFetchResponseOffsetFetchResponseTopicsInit {
  name: string;
  partitions: readonly OffsetFetchResponseOffsetFetchResponsePartitionsInit[];
}

/**
 * OffsetFetchResponsePartitions in OffsetFetchResponse (versions 8-9). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetFetchResponseOffsetFetchResponsePartitions {
  /** The partition index. (versions 8-9) */
  partitionIndex: number;
  /** The committed message offset. (versions 8-9) */
  committedOffset: bigint;
  /** The leader epoch. (versions 8-9, default -1) */
  committedLeaderEpoch: number;
  /** The partition metadata. (versions 8-9, nullable 8-9) */
  metadata: string | null;
  /** The partition-level error code, or 0 if there was no error. (versions 8-9) */
  errorCode: number;
}

/**
 * OffsetFetchResponseOffsetFetchResponsePartitions as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetFetchResponseOffsetFetchResponsePartitions is a valid
 * OffsetFetchResponseOffsetFetchResponsePartitionsInit.
 */
export interface OffsetFetchResponseOffsetFetchResponsePartitionsInit {
  partitionIndex: number;
  committedOffset: bigint;
  committedLeaderEpoch?: number | undefined;
  metadata: string | null;
  errorCode: number;
}

/**
 * Decode a OffsetFetchResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeOffsetFetchResponse(r: ByteReader, version: number): OffsetFetchResponse {
  if (version < 0 || version > 9) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 3) {
    throttleTimeMs = r.int32();
  }
  let topics: OffsetFetchResponseOffsetFetchResponseTopic[] = [];
  if (version <= 7) {
    {
      const n = (version >= 6 ? r.compactArrayLength() : r.arrayLength());
      {
        const a: OffsetFetchResponseOffsetFetchResponseTopic[] = [];
        for (let i = 0; i < n; i++) a.push(decodeOffsetFetchResponseOffsetFetchResponseTopic(r, version));
        topics = a;
      }
    }
  }
  let errorCode: number = 0;
  if (version >= 2 && version <= 7) {
    errorCode = r.int16();
  }
  let groups: OffsetFetchResponseOffsetFetchResponseGroup[] = [];
  if (version >= 8) {
    {
      const n = r.compactArrayLength();
      {
        const a: OffsetFetchResponseOffsetFetchResponseGroup[] = [];
        for (let i = 0; i < n; i++) a.push(decodeOffsetFetchResponseOffsetFetchResponseGroup(r, version));
        groups = a;
      }
    }
  }
  if (version >= 6) {
    r.skipTaggedFields();
  }
  r.check("OffsetFetchResponse", version);
  return { throttleTimeMs, topics, errorCode, groups };
}

function decodeOffsetFetchResponseOffsetFetchResponseTopic(r: ByteReader, version: number): OffsetFetchResponseOffsetFetchResponseTopic {
  const name = (version >= 6 ? r.compactString() : r.string());
  const partitions: OffsetFetchResponseOffsetFetchResponsePartition[] = [];
  for (let i = 0, n = (version >= 6 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(decodeOffsetFetchResponseOffsetFetchResponsePartition(r, version));
  }
  if (version >= 6) {
    r.skipTaggedFields();
  }
  return { name, partitions };
}

function decodeOffsetFetchResponseOffsetFetchResponsePartition(r: ByteReader, version: number): OffsetFetchResponseOffsetFetchResponsePartition {
  const partitionIndex = r.int32();
  const committedOffset = r.int64();
  let committedLeaderEpoch: number = -1;
  if (version >= 5) {
    committedLeaderEpoch = r.int32();
  }
  const metadata = (version >= 6 ? r.compactNullableString() : r.nullableString());
  const errorCode = r.int16();
  if (version >= 6) {
    r.skipTaggedFields();
  }
  return { partitionIndex, committedOffset, committedLeaderEpoch, metadata, errorCode };
}

function decodeOffsetFetchResponseOffsetFetchResponseGroup(r: ByteReader, version: number): OffsetFetchResponseOffsetFetchResponseGroup {
  const groupId = r.compactString();
  const topics: OffsetFetchResponseOffsetFetchResponseTopics[] = [];
  for (let i = 0, n = r.compactArrayLength(); i < n; i++) {
    topics.push(decodeOffsetFetchResponseOffsetFetchResponseTopics(r, version));
  }
  const errorCode = r.int16();
  r.skipTaggedFields();
  return { groupId, topics, errorCode };
}

function decodeOffsetFetchResponseOffsetFetchResponseTopics(r: ByteReader, version: number): OffsetFetchResponseOffsetFetchResponseTopics {
  const name = r.compactString();
  const partitions: OffsetFetchResponseOffsetFetchResponsePartitions[] = [];
  for (let i = 0, n = r.compactArrayLength(); i < n; i++) {
    partitions.push(decodeOffsetFetchResponseOffsetFetchResponsePartitions(r, version));
  }
  r.skipTaggedFields();
  return { name, partitions };
}

function decodeOffsetFetchResponseOffsetFetchResponsePartitions(r: ByteReader, _version: number): OffsetFetchResponseOffsetFetchResponsePartitions {
  const partitionIndex = r.int32();
  const committedOffset = r.int64();
  const committedLeaderEpoch = r.int32();
  const metadata = r.compactNullableString();
  const errorCode = r.int16();
  r.skipTaggedFields();
  return { partitionIndex, committedOffset, committedLeaderEpoch, metadata, errorCode };
}

/**
 * Encode a OffsetFetchResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeOffsetFetchResponse(w: ByteWriter, m: OffsetFetchResponseInit, version: number): void {
  if (version < 0 || version > 9) throw unsupportedVersionError("OffsetFetchResponse", version);
  if (version >= 3) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  if (!(version <= 7) && (m.topics !== undefined && (m.topics === null || m.topics.length !== 0))) {
    throw unsupportedFieldError("OffsetFetchResponse", "topics", version);
  }
  if (version <= 7) {
    {
      const x = m.topics === undefined ? [] : m.topics;
      if (version >= 6) w.uvarint(x.length + 1); else w.int32(x.length);
      for (const e of x) {
        encodeOffsetFetchResponseOffsetFetchResponseTopic(w, e, version);
      }
    }
  }
  if (version >= 2 && version <= 7) {
    w.int16((m.errorCode === undefined ? 0 : m.errorCode));
  }
  if (!(version >= 8) && (m.groups !== undefined && (m.groups === null || m.groups.length !== 0))) {
    throw unsupportedFieldError("OffsetFetchResponse", "groups", version);
  }
  if (version >= 8) {
    {
      const x = m.groups === undefined ? [] : m.groups;
      w.uvarint(x.length + 1);
      for (const e of x) {
        encodeOffsetFetchResponseOffsetFetchResponseGroup(w, e, version);
      }
    }
  }
  if (version >= 6) {
    w.uvarint(0);
  }
}

function encodeOffsetFetchResponseOffsetFetchResponseTopic(w: ByteWriter, m: OffsetFetchResponseOffsetFetchResponseTopicInit, version: number): void {
  if (version >= 6) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.partitions;
    if (version >= 6) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeOffsetFetchResponseOffsetFetchResponsePartition(w, e, version);
    }
  }
  if (version >= 6) {
    w.uvarint(0);
  }
}

function encodeOffsetFetchResponseOffsetFetchResponsePartition(w: ByteWriter, m: OffsetFetchResponseOffsetFetchResponsePartitionInit, version: number): void {
  w.int32(m.partitionIndex);
  w.int64(m.committedOffset);
  if (version >= 5) {
    w.int32((m.committedLeaderEpoch === undefined ? -1 : m.committedLeaderEpoch));
  }
  {
    const x = m.metadata;
    if (x === null) {
      if (version >= 6) w.uvarint(0); else w.int16(-1);
    } else {
      if (version >= 6) w.compactString(x); else w.string(x);
    }
  }
  w.int16(m.errorCode);
  if (version >= 6) {
    w.uvarint(0);
  }
}

function encodeOffsetFetchResponseOffsetFetchResponseGroup(w: ByteWriter, m: OffsetFetchResponseOffsetFetchResponseGroupInit, version: number): void {
  w.compactString(m.groupId);
  {
    const x = m.topics;
    w.uvarint(x.length + 1);
    for (const e of x) {
      encodeOffsetFetchResponseOffsetFetchResponseTopics(w, e, version);
    }
  }
  w.int16((m.errorCode === undefined ? 0 : m.errorCode));
  w.uvarint(0);
}

function encodeOffsetFetchResponseOffsetFetchResponseTopics(w: ByteWriter, m: OffsetFetchResponseOffsetFetchResponseTopicsInit, version: number): void {
  w.compactString(m.name);
  {
    const x = m.partitions;
    w.uvarint(x.length + 1);
    for (const e of x) {
      encodeOffsetFetchResponseOffsetFetchResponsePartitions(w, e, version);
    }
  }
  w.uvarint(0);
}

function encodeOffsetFetchResponseOffsetFetchResponsePartitions(w: ByteWriter, m: OffsetFetchResponseOffsetFetchResponsePartitionsInit, _version: number): void {
  w.int32(m.partitionIndex);
  w.int64(m.committedOffset);
  w.int32((m.committedLeaderEpoch === undefined ? -1 : m.committedLeaderEpoch));
  {
    const x = m.metadata;
    if (x === null) {
      w.uvarint(0);
    } else {
      w.compactString(x);
    }
  }
  w.int16(m.errorCode);
  w.uvarint(0);
}
