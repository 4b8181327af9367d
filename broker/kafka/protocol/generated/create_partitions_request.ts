// generated — do not edit. Source: CreatePartitionsRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * CreatePartitionsRequest (api key 37): versions 0-3, flexible 2+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface CreatePartitionsRequest {
  /** Each topic that we want to create new partitions inside. (versions 0-3) */
  topics: CreatePartitionsRequestCreatePartitionsTopic[];
  /** The time in ms to wait for the partitions to be created. (versions 0-3) */
  timeoutMs: number;
  /**
   * If true, then validate the request, but don't actually increase the number of
   * partitions. (versions 0-3)
   */
  validateOnly: boolean;
}

/**
 * CreatePartitionsRequest as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded CreatePartitionsRequest is a valid
 * CreatePartitionsRequestInit.
 */
export interface CreatePartitionsRequestInit {
  topics: readonly CreatePartitionsRequestCreatePartitionsTopicInit[];
  timeoutMs: number;
  validateOnly: boolean;
}

/**
 * CreatePartitionsTopic in CreatePartitionsRequest (versions 0-3). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface CreatePartitionsRequestCreatePartitionsTopic {
  /** The topic name. (versions 0-3) */
  name: string;
  /** The new partition count. (versions 0-3) */
  count: number;
  /** The new partition assignments. (versions 0-3, nullable 0-3) */
  assignments: CreatePartitionsRequestCreatePartitionsAssignment[] | null;
}

/**
 * CreatePartitionsRequestCreatePartitionsTopic as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * CreatePartitionsRequestCreatePartitionsTopic is a valid
 * CreatePartitionsRequestCreatePartitionsTopicInit.
 */
export interface CreatePartitionsRequestCreatePartitionsTopicInit {
  name: string;
  count: number;
  assignments: readonly CreatePartitionsRequestCreatePartitionsAssignmentInit[] | null;
}

/**
 * CreatePartitionsAssignment in CreatePartitionsRequest (versions 0-3). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface CreatePartitionsRequestCreatePartitionsAssignment {
  /** The assigned broker IDs. (versions 0-3) */
  brokerIds: number[];
}

/**
 * CreatePartitionsRequestCreatePartitionsAssignment as encoders accept it: fields that have
 * a default (or are missing from some versions) may be left out. A decoded
 * CreatePartitionsRequestCreatePartitionsAssignment is a valid
 * CreatePartitionsRequestCreatePartitionsAssignmentInit.
 */
export interface CreatePartitionsRequestCreatePartitionsAssignmentInit {
  brokerIds: readonly number[];
}

/**
 * Decode a CreatePartitionsRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeCreatePartitionsRequest(r: ByteReader, version: number): CreatePartitionsRequest {
  if (version < 0 || version > 3) r.fail(`unsupported version ${version}`);
  const topics: CreatePartitionsRequestCreatePartitionsTopic[] = [];
  for (let i = 0, n = (version >= 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topics.push(decodeCreatePartitionsRequestCreatePartitionsTopic(r, version));
  }
  const timeoutMs = r.int32();
  const validateOnly = r.bool();
  if (version >= 2) {
    r.skipTaggedFields();
  }
  r.check("CreatePartitionsRequest", version);
  return { topics, timeoutMs, validateOnly };
}

function decodeCreatePartitionsRequestCreatePartitionsTopic(r: ByteReader, version: number): CreatePartitionsRequestCreatePartitionsTopic {
  const name = (version >= 2 ? r.compactString() : r.string());
  const count = r.int32();
  let assignments: CreatePartitionsRequestCreatePartitionsAssignment[] | null = [];
  {
    const n = (version >= 2 ? r.compactNullableArrayLength() : r.nullableArrayLength());
    if (n < 0) assignments = null;
    else {
      const a: CreatePartitionsRequestCreatePartitionsAssignment[] = [];
      for (let i = 0; i < n; i++) a.push(decodeCreatePartitionsRequestCreatePartitionsAssignment(r, version));
      assignments = a;
    }
  }
  if (version >= 2) {
    r.skipTaggedFields();
  }
  return { name, count, assignments };
}

function decodeCreatePartitionsRequestCreatePartitionsAssignment(r: ByteReader, version: number): CreatePartitionsRequestCreatePartitionsAssignment {
  const brokerIds: number[] = [];
  for (let i = 0, n = (version >= 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    brokerIds.push(r.int32());
  }
  if (version >= 2) {
    r.skipTaggedFields();
  }
  return { brokerIds };
}

/**
 * Encode a CreatePartitionsRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeCreatePartitionsRequest(w: ByteWriter, m: CreatePartitionsRequestInit, version: number): void {
  if (version < 0 || version > 3) throw unsupportedVersionError("CreatePartitionsRequest", version);
  {
    const x = m.topics;
    if (version >= 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeCreatePartitionsRequestCreatePartitionsTopic(w, e, version);
    }
  }
  w.int32(m.timeoutMs);
  w.bool(m.validateOnly);
  if (version >= 2) {
    w.uvarint(0);
  }
}

function encodeCreatePartitionsRequestCreatePartitionsTopic(w: ByteWriter, m: CreatePartitionsRequestCreatePartitionsTopicInit, version: number): void {
  if (version >= 2) w.compactString(m.name); else w.string(m.name);
  w.int32(m.count);
  {
    const x = m.assignments;
    if (x === null) {
      if (version >= 2) w.uvarint(0); else w.int32(-1);
    } else {
      if (version >= 2) w.uvarint(x.length + 1); else w.int32(x.length);
      for (const e of x) {
        encodeCreatePartitionsRequestCreatePartitionsAssignment(w, e, version);
      }
    }
  }
  if (version >= 2) {
    w.uvarint(0);
  }
}

function encodeCreatePartitionsRequestCreatePartitionsAssignment(w: ByteWriter, m: CreatePartitionsRequestCreatePartitionsAssignmentInit, version: number): void {
  {
    const x = m.brokerIds;
    if (version >= 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      w.int32(e);
    }
  }
  if (version >= 2) {
    w.uvarint(0);
  }
}
