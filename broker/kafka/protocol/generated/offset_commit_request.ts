// generated — do not edit. Source: OffsetCommitRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * OffsetCommitRequest (api key 8): versions 0-9, flexible 8+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface OffsetCommitRequest {
  /** The unique group identifier. (versions 0-9) */
  groupId: string;
  /**
   * The generation of the group if using the classic group protocol or the member epoch if
   * using the consumer protocol. (versions 1-9, default -1)
   */
  generationIdOrMemberEpoch: number;
  /** The member ID assigned by the group coordinator. (versions 1-9, default "") */
  memberId: string;
  /**
   * The unique identifier of the consumer instance provided by end user. (versions 7-9,
   * nullable 7-9, default null)
   */
  groupInstanceId: string | null;
  /** The time period in ms to retain the offset. (versions 2-4, default -1n) */
  retentionTimeMs: bigint;
  /** The topics to commit offsets for. (versions 0-9) */
  topics: OffsetCommitRequestOffsetCommitRequestTopic[];
}

/**
 * OffsetCommitRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded OffsetCommitRequest is a valid
 * OffsetCommitRequestInit.
 */
export interface OffsetCommitRequestInit {
  groupId: string;
  generationIdOrMemberEpoch?: number | undefined;
  memberId?: string | undefined;
  groupInstanceId?: string | null | undefined;
  retentionTimeMs?: bigint | undefined;
  topics: readonly OffsetCommitRequestOffsetCommitRequestTopicInit[];
}

/**
 * OffsetCommitRequestTopic in OffsetCommitRequest (versions 0-9). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetCommitRequestOffsetCommitRequestTopic {
  /** The topic name. (versions 0-9) */
  name: string;
  /** Each partition to commit offsets for. (versions 0-9) */
  partitions: OffsetCommitRequestOffsetCommitRequestPartition[];
}

/**
 * OffsetCommitRequestOffsetCommitRequestTopic as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetCommitRequestOffsetCommitRequestTopic is a valid
 * OffsetCommitRequestOffsetCommitRequestTopicInit.
 */
export interface OffsetCommitRequestOffsetCommitRequestTopicInit {
  name: string;
  partitions: readonly OffsetCommitRequestOffsetCommitRequestPartitionInit[];
}

/**
 * OffsetCommitRequestPartition in OffsetCommitRequest (versions 0-9). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetCommitRequestOffsetCommitRequestPartition {
  /** The partition index. (versions 0-9) */
  partitionIndex: number;
  /** The message offset to be committed. (versions 0-9) */
  committedOffset: bigint;
  /** The leader epoch of this partition. (versions 6-9, default -1) */
  committedLeaderEpoch: number;
  /** The timestamp of the commit. (versions 1, default -1n) */
  commitTimestamp: bigint;
  /** Any associated metadata the client wants to keep. (versions 0-9, nullable 0-9) */
  committedMetadata: string | null;
}

/**
 * OffsetCommitRequestOffsetCommitRequestPartition as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetCommitRequestOffsetCommitRequestPartition is a valid
 * OffsetCommitRequestOffsetCommitRequestPartitionInit.
 */
export interface OffsetCommitRequestOffsetCommitRequestPartitionInit {
  partitionIndex: number;
  committedOffset: bigint;
  committedLeaderEpoch?: number | undefined;
  commitTimestamp?: bigint | undefined;
  committedMetadata: string | null;
}

/**
 * Decode a OffsetCommitRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeOffsetCommitRequest(r: ByteReader, version: number): OffsetCommitRequest {
  if (version < 0 || version > 9) r.fail(`unsupported version ${version}`);
  const groupId = (version >= 8 ? r.compactString() : r.string());
  let generationIdOrMemberEpoch: number = -1;
  if (version >= 1) {
    generationIdOrMemberEpoch = r.int32();
  }
  let memberId: string = "";
  if (version >= 1) {
    memberId = (version >= 8 ? r.compactString() : r.string());
  }
  let groupInstanceId: string | null = null;
  if (version >= 7) {
    groupInstanceId = (version >= 8 ? r.compactNullableString() : r.nullableString());
  }
  let retentionTimeMs: bigint = -1n;
  if (version >= 2 && version <= 4) {
    retentionTimeMs = r.int64();
  }
  const topics: OffsetCommitRequestOffsetCommitRequestTopic[] = [];
  for (let i = 0, n = (version >= 8 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topics.push(decodeOffsetCommitRequestOffsetCommitRequestTopic(r, version));
  }
  if (version >= 8) {
    r.skipTaggedFields();
  }
  r.check("OffsetCommitRequest", version);
  return { groupId, generationIdOrMemberEpoch, memberId, groupInstanceId, retentionTimeMs, topics };
}

function decodeOffsetCommitRequestOffsetCommitRequestTopic(r: ByteReader, version: number): OffsetCommitRequestOffsetCommitRequestTopic {
  const name = (version >= 8 ? r.compactString() : r.string());
  const partitions: OffsetCommitRequestOffsetCommitRequestPartition[] = [];
  for (let i = 0, n = (version >= 8 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(decodeOffsetCommitRequestOffsetCommitRequestPartition(r, version));
  }
  if (version >= 8) {
    r.skipTaggedFields();
  }
  return { name, partitions };
}

function decodeOffsetCommitRequestOffsetCommitRequestPartition(r: ByteReader, version: number): OffsetCommitRequestOffsetCommitRequestPartition {
  const partitionIndex = r.int32();
  const committedOffset = r.int64();
  let committedLeaderEpoch: number = -1;
  if (version >= 6) {
    committedLeaderEpoch = r.int32();
  }
  let commitTimestamp: bigint = -1n;
  if (version === 1) {
    commitTimestamp = r.int64();
  }
  const committedMetadata = (version >= 8 ? r.compactNullableString() : r.nullableString());
  if (version >= 8) {
    r.skipTaggedFields();
  }
  return { partitionIndex, committedOffset, committedLeaderEpoch, commitTimestamp, committedMetadata };
}

/**
 * Encode a OffsetCommitRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeOffsetCommitRequest(w: ByteWriter, m: OffsetCommitRequestInit, version: number): void {
  if (version < 0 || version > 9) throw unsupportedVersionError("OffsetCommitRequest", version);
  if (version >= 8) w.compactString(m.groupId); else w.string(m.groupId);
  if (version >= 1) {
    w.int32((m.generationIdOrMemberEpoch === undefined ? -1 : m.generationIdOrMemberEpoch));
  }
  if (version >= 1) {
    if (version >= 8) w.compactString((m.memberId === undefined ? "" : m.memberId)); else w.string((m.memberId === undefined ? "" : m.memberId));
  }
  if (!(version >= 7) && (m.groupInstanceId !== undefined && m.groupInstanceId !== null)) {
    throw unsupportedFieldError("OffsetCommitRequest", "groupInstanceId", version);
  }
  if (version >= 7) {
    {
      const x = m.groupInstanceId === undefined ? null : m.groupInstanceId;
      if (x === null) {
        if (version >= 8) w.uvarint(0); else w.int16(-1);
      } else {
        if (version >= 8) w.compactString(x); else w.string(x);
      }
    }
  }
  if (version >= 2 && version <= 4) {
    w.int64((m.retentionTimeMs === undefined ? -1n : m.retentionTimeMs));
  }
  {
    const x = m.topics;
    if (version >= 8) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeOffsetCommitRequestOffsetCommitRequestTopic(w, e, version);
    }
  }
  if (version >= 8) {
    w.uvarint(0);
  }
}

function encodeOffsetCommitRequestOffsetCommitRequestTopic(w: ByteWriter, m: OffsetCommitRequestOffsetCommitRequestTopicInit, version: number): void {
  if (version >= 8) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.partitions;
    if (version >= 8) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeOffsetCommitRequestOffsetCommitRequestPartition(w, e, version);
    }
  }
  if (version >= 8) {
    w.uvarint(0);
  }
}

function encodeOffsetCommitRequestOffsetCommitRequestPartition(w: ByteWriter, m: OffsetCommitRequestOffsetCommitRequestPartitionInit, version: number): void {
  w.int32(m.partitionIndex);
  w.int64(m.committedOffset);
  if (version >= 6) {
    w.int32((m.committedLeaderEpoch === undefined ? -1 : m.committedLeaderEpoch));
  }
  if (!(version === 1) && (m.commitTimestamp !== undefined && m.commitTimestamp !== -1n)) {
    throw unsupportedFieldError("OffsetCommitRequestOffsetCommitRequestPartition", "commitTimestamp", version);
  }
  if (version === 1) {
    w.int64((m.commitTimestamp === undefined ? -1n : m.commitTimestamp));
  }
  {
    const x = m.committedMetadata;
    if (x === null) {
      if (version >= 8) w.uvarint(0); else w.int16(-1);
    } else {
      if (version >= 8) w.compactString(x); else w.string(x);
    }
  }
  if (version >= 8) {
    w.uvarint(0);
  }
}
