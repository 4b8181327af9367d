// generated — do not edit. Source: CreateTopicsRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * CreateTopicsRequest (api key 19): versions 0-7, flexible 5+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface CreateTopicsRequest {
  /** The topics to create. (versions 0-7) */
  topics: CreateTopicsRequestCreatableTopic[];
  /**
   * How long to wait in milliseconds before timing out the request. (versions 0-7, default
   * 60000)
   */
  timeoutMs: number;
  /**
   * If true, check that the topics can be created as specified, but don't create anything.
   * (versions 1-7, default false)
   */
  validateOnly: boolean;
}

/**
 * CreateTopicsRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded CreateTopicsRequest is a valid
 * CreateTopicsRequestInit.
 */
export interface CreateTopicsRequestInit {
  topics: readonly CreateTopicsRequestCreatableTopicInit[];
  timeoutMs?: number | undefined;
  validateOnly?: boolean | undefined;
}

/**
 * CreatableTopic in CreateTopicsRequest (versions 0-7). Decoders return this complete form:
 * a field missing from the decoded version holds its default.
 */
export interface CreateTopicsRequestCreatableTopic {
  /** The topic name. (versions 0-7) */
  name: string;
  /**
   * The number of partitions to create in the topic, or -1 if we are either specifying a
   * manual partition assignment or using the default partitions. (versions 0-7)
   */
  numPartitions: number;
  /**
   * The number of replicas to create for each partition in the topic, or -1 if we are either
   * specifying a manual partition assignment or using the default replication factor.
   * (versions 0-7)
   */
  replicationFactor: number;
  /**
   * The manual partition assignment, or the empty array if we are using automatic
   * assignment. (versions 0-7)
   */
  assignments: CreateTopicsRequestCreatableReplicaAssignment[];
  /** The custom topic configurations to set. (versions 0-7) */
  configs: CreateTopicsRequestCreatableTopicConfig[];
}

/**
 * CreateTopicsRequestCreatableTopic as encoders accept it: fields that have a default (or
 * are missing from some versions) may be left out. A decoded
 * CreateTopicsRequestCreatableTopic is a valid CreateTopicsRequestCreatableTopicInit.
 */
export interface CreateTopicsRequestCreatableTopicInit {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  assignments: readonly CreateTopicsRequestCreatableReplicaAssignmentInit[];
  configs: readonly CreateTopicsRequestCreatableTopicConfigInit[];
}

/**
 * CreatableReplicaAssignment in CreateTopicsRequest (versions 0-7). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface CreateTopicsRequestCreatableReplicaAssignment {
  /** The partition index. (versions 0-7) */
  partitionIndex: number;
  /** The brokers to place the partition on. (versions 0-7) */
  brokerIds: number[];
}

/**
 * CreateTopicsRequestCreatableReplicaAssignment as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * CreateTopicsRequestCreatableReplicaAssignment is a valid
 * CreateTopicsRequestCreatableReplicaAssignmentInit.
 */
export interface CreateTopicsRequestCreatableReplicaAssignmentInit {
  partitionIndex: number;
  brokerIds: readonly number[];
}

/**
 * CreatableTopicConfig in CreateTopicsRequest (versions 0-7). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface CreateTopicsRequestCreatableTopicConfig {
  /** The configuration name. (versions 0-7) */
  name: string;
  /** The configuration value. (versions 0-7, nullable 0-7) */
  value: string | null;
}

/**
 * CreateTopicsRequestCreatableTopicConfig as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * CreateTopicsRequestCreatableTopicConfig is a valid
 * CreateTopicsRequestCreatableTopicConfigInit.
 */
export interface CreateTopicsRequestCreatableTopicConfigInit {
  name: string;
  value: string | null;
}

/**
 * Decode a CreateTopicsRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeCreateTopicsRequest(r: ByteReader, version: number): CreateTopicsRequest {
  if (version < 0 || version > 7) r.fail(`unsupported version ${version}`);
  const topics: CreateTopicsRequestCreatableTopic[] = [];
  for (let i = 0, n = (version >= 5 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topics.push(decodeCreateTopicsRequestCreatableTopic(r, version));
  }
  const timeoutMs = r.int32();
  let validateOnly: boolean = false;
  if (version >= 1) {
    validateOnly = r.bool();
  }
  if (version >= 5) {
    r.skipTaggedFields();
  }
  r.check("CreateTopicsRequest", version);
  return { topics, timeoutMs, validateOnly };
}

function decodeCreateTopicsRequestCreatableTopic(r: ByteReader, version: number): CreateTopicsRequestCreatableTopic {
  const name = (version >= 5 ? r.compactString() : r.string());
  const numPartitions = r.int32();
  const replicationFactor = r.int16();
  const assignments: CreateTopicsRequestCreatableReplicaAssignment[] = [];
  for (let i = 0, n = (version >= 5 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    assignments.push(decodeCreateTopicsRequestCreatableReplicaAssignment(r, version));
  }
  const configs: CreateTopicsRequestCreatableTopicConfig[] = [];
  for (let i = 0, n = (version >= 5 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    configs.push(decodeCreateTopicsRequestCreatableTopicConfig(r, version));
  }
  if (version >= 5) {
    r.skipTaggedFields();
  }
  return { name, numPartitions, replicationFactor, assignments, configs };
}

function decodeCreateTopicsRequestCreatableReplicaAssignment(r: ByteReader, version: number): CreateTopicsRequestCreatableReplicaAssignment {
  const partitionIndex = r.int32();
  const brokerIds: number[] = [];
  for (let i = 0, n = (version >= 5 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    brokerIds.push(r.int32());
  }
  if (version >= 5) {
    r.skipTaggedFields();
  }
  return { partitionIndex, brokerIds };
}

function decodeCreateTopicsRequestCreatableTopicConfig(r: ByteReader, version: number): CreateTopicsRequestCreatableTopicConfig {
  const name = (version >= 5 ? r.compactString() : r.string());
  const value = (version >= 5 ? r.compactNullableString() : r.nullableString());
  if (version >= 5) {
    r.skipTaggedFields();
  }
  return { name, value };
}

/**
 * Encode a CreateTopicsRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeCreateTopicsRequest(w: ByteWriter, m: CreateTopicsRequestInit, version: number): void {
  if (version < 0 || version > 7) throw unsupportedVersionError("CreateTopicsRequest", version);
  {
    const x = m.topics;
    if (version >= 5) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeCreateTopicsRequestCreatableTopic(w, e, version);
    }
  }
  w.int32((m.timeoutMs === undefined ? 60000 : m.timeoutMs));
  if (!(version >= 1) && (m.validateOnly !== undefined && m.validateOnly !== false)) {
    throw unsupportedFieldError("CreateTopicsRequest", "validateOnly", version);
  }
  if (version >= 1) {
    w.bool((m.validateOnly === undefined ? false : m.validateOnly));
  }
  if (version >= 5) {
    w.uvarint(0);
  }
}

function encodeCreateTopicsRequestCreatableTopic(w: ByteWriter, m: CreateTopicsRequestCreatableTopicInit, version: number): void {
  if (version >= 5) w.compactString(m.name); else w.string(m.name);
  w.int32(m.numPartitions);
  w.int16(m.replicationFactor);
  {
    const x = m.assignments;
    if (version >= 5) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeCreateTopicsRequestCreatableReplicaAssignment(w, e, version);
    }
  }
  {
    const x = m.configs;
    if (version >= 5) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeCreateTopicsRequestCreatableTopicConfig(w, e, version);
    }
  }
  if (version >= 5) {
    w.uvarint(0);
  }
}

function encodeCreateTopicsRequestCreatableReplicaAssignment(w: ByteWriter, m: CreateTopicsRequestCreatableReplicaAssignmentInit, version: number): void {
  w.int32(m.partitionIndex);
  {
    const x = m.brokerIds;
    if (version >= 5) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      w.int32(e);
    }
  }
  if (version >= 5) {
    w.uvarint(0);
  }
}

function encodeCreateTopicsRequestCreatableTopicConfig(w: ByteWriter, m: CreateTopicsRequestCreatableTopicConfigInit, version: number): void {
  if (version >= 5) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.value;
    if (x === null) {
      if (version >= 5) w.uvarint(0); else w.int16(-1);
    } else {
      if (version >= 5) w.compactString(x); else w.string(x);
    }
  }
  if (version >= 5) {
    w.uvarint(0);
  }
}
