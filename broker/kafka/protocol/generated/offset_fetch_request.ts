// generated — do not edit. Source: OffsetFetchRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { nullFieldError, unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * OffsetFetchRequest (api key 9): versions 0-9, flexible 6+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface OffsetFetchRequest {
  /** The group to fetch offsets for. (versions 0-7, default "") */
  groupId: string;
  /**
   * Each topic we would like to fetch offsets for, or null to fetch offsets for all topics.
   * (versions 0-7, nullable 2-7, default [])
   */
  topics: OffsetFetchRequestOffsetFetchRequestTopic[] | null;
  /** Each group we would like to fetch offsets for. (versions 8-9, default []) */
  groups: OffsetFetchRequestOffsetFetchRequestGroup[];
  /**
   * Whether broker should hold on returning unstable offsets but set a retriable error code
   * for the partitions. (versions 7-9, default false)
   */
  requireStable: boolean;
}

/**
 * OffsetFetchRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded OffsetFetchRequest is a valid
 * OffsetFetchRequestInit.
 */
export interface OffsetFetchRequestInit {
  groupId?: string | undefined;
  topics?: readonly OffsetFetchRequestOffsetFetchRequestTopicInit[] | null | undefined;
  groups?: readonly OffsetFetchRequestOffsetFetchRequestGroupInit[] | undefined;
  requireStable?: boolean | undefined;
}

/**
 * OffsetFetchRequestTopic in OffsetFetchRequest (versions 0-7). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetFetchRequestOffsetFetchRequestTopic {
  /** The topic name. (versions 0-7) */
  name: string;
  /** The partition indexes we would like to fetch offsets for. (versions 0-7) */
  partitionIndexes: number[];
}

/**
 * OffsetFetchRequestOffsetFetchRequestTopic as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetFetchRequestOffsetFetchRequestTopic is a valid
 * OffsetFetchRequestOffsetFetchRequestTopicInit.
 */
export interface OffsetFetchRequestOffsetFetchRequestTopicInit {
  name: string;
  partitionIndexes: readonly number[];
}

/**
 * OffsetFetchRequestGroup in OffsetFetchRequest (versions 8-9). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetFetchRequestOffsetFetchRequestGroup {
  /** The group ID. (versions 8-9) */
  groupId: string;
  /**
   * The member ID assigned by the group coordinator if using the new consumer protocol
   * (KIP-848). (versions 9, nullable 9, default null)
   */
  memberId: string | null;
  /** The member epoch if using the new consumer protocol (KIP-848). (versions 9, default -1) */
  memberEpoch: number;
  /**
   * Each topic we would like to fetch offsets for, or null to fetch offsets for all topics.
   * (versions 8-9, nullable 8-9)
   */
  topics: OffsetFetchRequestOffsetFetchRequestTopics[] | null;
}

/**
 * OffsetFetchRequestOffsetFetchRequestGroup as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetFetchRequestOffsetFetchRequestGroup is a valid
 * OffsetFetchRequestOffsetFetchRequestGroupInit.
 */
export interface OffsetFetchRequestOffsetFetchRequestGroupInit {
  groupId: string;
  memberId?: string | null | undefined;
  memberEpoch?: number | undefined;
  topics: readonly OffsetFetchRequestOffsetFetchRequestTopicsInit[] | null;
}

/**
 * OffsetFetchRequestTopics in OffsetFetchRequest (versions 8-9). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetFetchRequestOffsetFetchRequestTopics {
  /** The topic name. (versions 8-9) */
  name: string;
  /** The partition indexes we would like to fetch offsets for. (versions 8-9) */
  partitionIndexes: number[];
}

/**
 * OffsetFetchRequestOffsetFetchRequestTopics as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetFetchRequestOffsetFetchRequestTopics is a valid
 * OffsetFetchRequestOffsetFetchRequestTopicsInit.
 */
export interface OffsetFetchRequestOffsetFetchRequestTopicsInit {
  name: string;
  partitionIndexes: readonly number[];
}

/**
 * Decode a OffsetFetchRequest body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeOffsetFetchRequest(r: ByteReader, version: number): OffsetFetchRequest {
  if (version < 0 || version > 9) r.fail(`unsupported version ${version}`);
  let groupId: string = "";
  if (version <= 7) {
    groupId = (version >= 6 ? r.compactString() : r.string());
  }
  let topics: OffsetFetchRequestOffsetFetchRequestTopic[] | null = [];
  if (version <= 7) {
    {
      const n = (version >= 6 ? (version >= 2 ? r.compactNullableArrayLength() : r.compactArrayLength()) : (version >= 2 ? r.nullableArrayLength() : r.arrayLength()));
      if (n < 0) topics = null;
      else {
        const a: OffsetFetchRequestOffsetFetchRequestTopic[] = [];
        for (let i = 0; i < n; i++) a.push(decodeOffsetFetchRequestOffsetFetchRequestTopic(r, version));
        topics = a;
      }
    }
  }
  let groups: OffsetFetchRequestOffsetFetchRequestGroup[] = [];
  if (version >= 8) {
    {
      const n = r.compactArrayLength();
      {
        const a: OffsetFetchRequestOffsetFetchRequestGroup[] = [];
        for (let i = 0; i < n; i++) a.push(decodeOffsetFetchRequestOffsetFetchRequestGroup(r, version));
        groups = a;
      }
    }
  }
  let requireStable: boolean = false;
  if (version >= 7) {
    requireStable = r.bool();
  }
  if (version >= 6) {
    r.skipTaggedFields();
  }
  r.check("OffsetFetchRequest", version);
  return { groupId, topics, groups, requireStable };
}

function decodeOffsetFetchRequestOffsetFetchRequestTopic(r: ByteReader, version: number): OffsetFetchRequestOffsetFetchRequestTopic {
  const name = (version >= 6 ? r.compactString() : r.string());
  const partitionIndexes: number[] = [];
  for (let i = 0, n = (version >= 6 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitionIndexes.push(r.int32());
  }
  if (version >= 6) {
    r.skipTaggedFields();
  }
  return { name, partitionIndexes };
}

function decodeOffsetFetchRequestOffsetFetchRequestGroup(r: ByteReader, version: number): OffsetFetchRequestOffsetFetchRequestGroup {
  const groupId = r.compactString();
  let memberId: string | null = null;
  if (version === 9) {
    memberId = r.compactNullableString();
  }
  let memberEpoch: number = -1;
  if (version === 9) {
    memberEpoch = r.int32();
  }
  let topics: OffsetFetchRequestOffsetFetchRequestTopics[] | null = [];
  {
    const n = r.compactNullableArrayLength();
    if (n < 0) topics = null;
    else {
      const a: OffsetFetchRequestOffsetFetchRequestTopics[] = [];
      for (let i = 0; i < n; i++) a.push(decodeOffsetFetchRequestOffsetFetchRequestTopics(r, version));
      topics = a;
    }
  }
  r.skipTaggedFields();
  return { groupId, memberId, memberEpoch, topics };
}

function decodeOffsetFetchRequestOffsetFetchRequestTopics(r: ByteReader, _version: number): OffsetFetchRequestOffsetFetchRequestTopics {
  const name = r.compactString();
  const partitionIndexes: number[] = [];
  for (let i = 0, n = r.compactArrayLength(); i < n; i++) {
    partitionIndexes.push(r.int32());
  }
  r.skipTaggedFields();
  return { name, partitionIndexes };
}

/**
 * Encode a OffsetFetchRequest body at `version`; throws KafkaEncodeError when a value cannot
 * be carried by that version.
 */
export function encodeOffsetFetchRequest(w: ByteWriter, m: OffsetFetchRequestInit, version: number): void {
  if (version < 0 || version > 9) throw unsupportedVersionError("OffsetFetchRequest", version);
  if (!(version <= 7) && (m.groupId !== undefined && m.groupId !== "")) {
    throw unsupportedFieldError("OffsetFetchRequest", "groupId", version);
  }
  if (version <= 7) {
    if (version >= 6) w.compactString((m.groupId === undefined ? "" : m.groupId)); else w.string((m.groupId === undefined ? "" : m.groupId));
  }
  if (!(version <= 7) && (m.topics !== undefined && (m.topics === null || m.topics.length !== 0))) {
    throw unsupportedFieldError("OffsetFetchRequest", "topics", version);
  }
  if (version <= 7) {
    {
      const x = m.topics === undefined ? [] : m.topics;
      if (x === null) {
        if (version >= 2) {
          if (version >= 6) w.uvarint(0); else w.int32(-1);
        } else {
          throw nullFieldError("OffsetFetchRequest", "topics", version);
        }
      } else {
        if (version >= 6) w.uvarint(x.length + 1); else w.int32(x.length);
        for (const e of x) {
          encodeOffsetFetchRequestOffsetFetchRequestTopic(w, e, version);
        }
      }
    }
  }
  if (!(version >= 8) && (m.groups !== undefined && (m.groups === null || m.groups.length !== 0))) {
    throw unsupportedFieldError("OffsetFetchRequest", "groups", version);
  }
  if (version >= 8) {
    {
      const x = m.groups === undefined ? [] : m.groups;
      w.uvarint(x.length + 1);
      for (const e of x) {
        encodeOffsetFetchRequestOffsetFetchRequestGroup(w, e, version);
      }
    }
  }
  if (!(version >= 7) && (m.requireStable !== undefined && m.requireStable !== false)) {
    throw unsupportedFieldError("OffsetFetchRequest", "requireStable", version);
  }
  if (version >= 7) {
    w.bool((m.requireStable === undefined ? false : m.requireStable));
  }
  if (version >= 6) {
    w.uvarint(0);
  }
}

function encodeOffsetFetchRequestOffsetFetchRequestTopic(w: ByteWriter, m: OffsetFetchRequestOffsetFetchRequestTopicInit, version: number): void {
  if (version >= 6) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.partitionIndexes;
    if (version >= 6) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      w.int32(e);
    }
  }
  if (version >= 6) {
    w.uvarint(0);
  }
}

function encodeOffsetFetchRequestOffsetFetchRequestGroup(w: ByteWriter, m: OffsetFetchRequestOffsetFetchRequestGroupInit, version: number): void {
  w.compactString(m.groupId);
  if (version === 9) {
    {
      const x = m.memberId === undefined ? null : m.memberId;
      if (x === null) {
        w.uvarint(0);
      } else {
        w.compactString(x);
      }
    }
  }
  if (version === 9) {
    w.int32((m.memberEpoch === undefined ? -1 : m.memberEpoch));
  }
  {
    const x = m.topics;
    if (x === null) {
      w.uvarint(0);
    } else {
      w.uvarint(x.length + 1);
      for (const e of x) {
        encodeOffsetFetchRequestOffsetFetchRequestTopics(w, e, version);
      }
    }
  }
  w.uvarint(0);
}

function encodeOffsetFetchRequestOffsetFetchRequestTopics(w: ByteWriter, m: OffsetFetchRequestOffsetFetchRequestTopicsInit, _version: number): void {
  w.compactString(m.name);
  {
    const x = m.partitionIndexes;
    w.uvarint(x.length + 1);
    for (const e of x) {
      w.int32(e);
    }
  }
  w.uvarint(0);
}
