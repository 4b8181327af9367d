// generated — do not edit. Source: MetadataResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { nullFieldError, unsupportedFieldError, unsupportedVersionError } from "../errors.ts";
import { ZERO_UUID } from "../uuid.ts";

/**
 * MetadataResponse (api key 3): versions 0-12, flexible 9+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface MetadataResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 3-12, default 0)
   */
  throttleTimeMs: number;
  /** A list of brokers present in the cluster. (versions 0-12) */
  brokers: MetadataResponseMetadataResponseBroker[];
  /**
   * The cluster ID that responding broker belongs to. (versions 2-12, nullable 2-12, default
   * null)
   */
  clusterId: string | null;
  /** The ID of the controller broker. (versions 1-12, default -1) */
  controllerId: number;
  /** Each topic in the response. (versions 0-12) */
  topics: MetadataResponseMetadataResponseTopic[];
  /**
   * 32-bit bitfield to represent authorized operations for this cluster. (versions 8-10,
   * default -2147483648)
   */
  clusterAuthorizedOperations: number;
}

/**
 * MetadataResponse as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded MetadataResponse is a valid
 * MetadataResponseInit.
 */
export interface MetadataResponseInit {
  throttleTimeMs?: number | undefined;
  brokers: readonly MetadataResponseMetadataResponseBrokerInit[];
  clusterId?: string | null | undefined;
  controllerId?: number | undefined;
  topics: readonly MetadataResponseMetadataResponseTopicInit[];
  clusterAuthorizedOperations?: number | undefined;
}

/**
 * MetadataResponseBroker in MetadataResponse (versions 0-12). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface MetadataResponseMetadataResponseBroker {
  /** The broker ID. (versions 0-12) */
  nodeId: number;
  /** The broker hostname. (versions 0-12) */
  host: string;
  /** The broker port. (versions 0-12) */
  port: number;
  /**
   * The rack of the broker, or null if it has not been assigned to a rack. (versions 1-12,
   * nullable 1-12, default null)
   */
  rack: string | null;
}

/**
 * MetadataResponseMetadataResponseBroker as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * MetadataResponseMetadataResponseBroker is a valid
 * MetadataResponseMetadataResponseBrokerInit.
 */
export interface MetadataResponseMetadataResponseBrokerInit {
  nodeId: number;
  host: string;
  port: number;
  rack?: string | null | undefined;
}

/**
 * MetadataResponseTopic in MetadataResponse (versions 0-12). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface MetadataResponseMetadataResponseTopic {
  /** The topic error, or 0 if there was no error. (versions 0-12) */
  errorCode: number;
  /**
   * The topic name. Null for non-existing topics queried by ID. This is never null when
   * ErrorCode is zero. One of Name and TopicId is always populated. (versions 0-12, nullable
   * 12)
   */
  name: string | null;
  /**
   * The topic id. Zero for non-existing topics queried by name. This is never zero when
   * ErrorCode is zero. One of Name and TopicId is always populated. (versions 10-12, default
   * ZERO_UUID)
   */
  topicId: string;
  /** True if the topic is internal. (versions 1-12, default false) */
  isInternal: boolean;
  /** Each partition in the topic. (versions 0-12) */
  partitions: MetadataResponseMetadataResponsePartition[];
  /**
   * 32-bit bitfield to represent authorized operations for this topic. (versions 8-12,
   * default -2147483648)
   */
  topicAuthorizedOperations: number;
}

/**
 * MetadataResponseMetadataResponseTopic as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * MetadataResponseMetadataResponseTopic is a valid
 * MetadataResponseMetadataResponseTopicInit.
 */
export interface MetadataResponseMetadataResponseTopicInit {
  errorCode: number;
  name: string | null;
  topicId?: string | undefined;
  isInternal?: boolean | undefined;
  partitions: readonly MetadataResponseMetadataResponsePartitionInit[];
  topicAuthorizedOperations?: number | undefined;
}

/**
 * MetadataResponsePartition in MetadataResponse (versions 0-12). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface MetadataResponseMetadataResponsePartition {
  /** The partition error, or 0 if there was no error. (versions 0-12) */
  errorCode: number;
  /** The partition index. (versions 0-12) */
  partitionIndex: number;
  /** The ID of the leader broker. (versions 0-12) */
  leaderId: number;
  /** The leader epoch of this partition. (versions 7-12, default -1) */
  leaderEpoch: number;
  /** The set of all nodes that host this partition. (versions 0-12) */
  replicaNodes: number[];
  /** The set of nodes that are in sync with the leader for this partition. (versions 0-12) */
  isrNodes: number[];
  /** The set of offline replicas of this partition. (versions 5-12, default []) */
  offlineReplicas: number[];
}

/**
 * MetadataResponseMetadataResponsePartition as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * MetadataResponseMetadataResponsePartition is a valid
 * MetadataResponseMetadataResponsePartitionInit.
 */
export interface MetadataResponseMetadataResponsePartitionInit {
  errorCode: number;
  partitionIndex: number;
  leaderId: number;
  leaderEpoch?: number | undefined;
  replicaNodes: readonly number[];
  isrNodes: readonly number[];
  offlineReplicas?: readonly number[] | undefined;
}

/**
 * Decode a MetadataResponse body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeMetadataResponse(r: ByteReader, version: number): MetadataResponse {
  if (version < 0 || version > 12) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 3) {
    throttleTimeMs = r.int32();
  }
  const brokers: MetadataResponseMetadataResponseBroker[] = [];
  for (let i = 0, n = (version >= 9 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    brokers.push(decodeMetadataResponseMetadataResponseBroker(r, version));
  }
  let clusterId: string | null = null;
  if (version >= 2) {
    clusterId = (version >= 9 ? r.compactNullableString() : r.nullableString());
  }
  let controllerId: number = -1;
  if (version >= 1) {
    controllerId = r.int32();
  }
  const topics: MetadataResponseMetadataResponseTopic[] = [];
  for (let i = 0, n = (version >= 9 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topics.push(decodeMetadataResponseMetadataResponseTopic(r, version));
  }
  let clusterAuthorizedOperations: number = -2147483648;
  if (version >= 8 && version <= 10) {
    clusterAuthorizedOperations = r.int32();
  }
  if (version >= 9) {
    r.skipTaggedFields();
  }
  r.check("MetadataResponse", version);
  return { throttleTimeMs, brokers, clusterId, controllerId, topics, clusterAuthorizedOperations };
}

function decodeMetadataResponseMetadataResponseBroker(r: ByteReader, version: number): MetadataResponseMetadataResponseBroker {
  const nodeId = r.int32();
  const host = (version >= 9 ? r.compactString() : r.string());
  const port = r.int32();
  let rack: string | null = null;
  if (version >= 1) {
    rack = (version >= 9 ? r.compactNullableString() : r.nullableString());
  }
  if (version >= 9) {
    r.skipTaggedFields();
  }
  return { nodeId, host, port, rack };
}

function decodeMetadataResponseMetadataResponseTopic(r: ByteReader, version: number): MetadataResponseMetadataResponseTopic {
  const errorCode = r.int16();
  const name = (version >= 9 ? (version === 12 ? r.compactNullableString() : r.compactString()) : (version === 12 ? r.nullableString() : r.string()));
  let topicId: string = ZERO_UUID;
  if (version >= 10) {
    topicId = r.uuid();
  }
  let isInternal: boolean = false;
  if (version >= 1) {
    isInternal = r.bool();
  }
  const partitions: MetadataResponseMetadataResponsePartition[] = [];
  for (let i = 0, n = (version >= 9 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(decodeMetadataResponseMetadataResponsePartition(r, version));
  }
  let topicAuthorizedOperations: number = -2147483648;
  if (version >= 8) {
    topicAuthorizedOperations = r.int32();
  }
  if (version >= 9) {
    r.skipTaggedFields();
  }
  return { errorCode, name, topicId, isInternal, partitions, topicAuthorizedOperations };
}

function decodeMetadataResponseMetadataResponsePartition(r: ByteReader, version: number): MetadataResponseMetadataResponsePartition {
  const errorCode = r.int16();
  const partitionIndex = r.int32();
  const leaderId = r.int32();
  let leaderEpoch: number = -1;
  if (version >= 7) {
    leaderEpoch = r.int32();
  }
  const replicaNodes: number[] = [];
  for (let i = 0, n = (version >= 9 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    replicaNodes.push(r.int32());
  }
  const isrNodes: number[] = [];
  for (let i = 0, n = (version >= 9 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    isrNodes.push(r.int32());
  }
  let offlineReplicas: number[] = [];
  if (version >= 5) {
    {
      const n = (version >= 9 ? r.compactArrayLength() : r.arrayLength());
      {
        const a: number[] = [];
        for (let i = 0; i < n; i++) a.push(r.int32());
        offlineReplicas = a;
      }
    }
  }
  if (version >= 9) {
    r.skipTaggedFields();
  }
  return { errorCode, partitionIndex, leaderId, leaderEpoch, replicaNodes, isrNodes, offlineReplicas };
}

/**
 * Encode a MetadataResponse body at `version`; throws KafkaEncodeError when a value cannot
 * be carried by that version.
 */
export function encodeMetadataResponse(w: ByteWriter, m: MetadataResponseInit, version: number): void {
  if (version < 0 || version > 12) throw unsupportedVersionError("MetadataResponse", version);
  if (version >= 3) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  {
    const x = m.brokers;
    if (version >= 9) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeMetadataResponseMetadataResponseBroker(w, e, version);
    }
  }
  if (version >= 2) {
    {
      const x = m.clusterId === undefined ? null : m.clusterId;
      if (x === null) {
        if (version >= 9) w.uvarint(0); else w.int16(-1);
      } else {
        if (version >= 9) w.compactString(x); else w.string(x);
      }
    }
  }
  if (version >= 1) {
    w.int32((m.controllerId === undefined ? -1 : m.controllerId));
  }
  {
    const x = m.topics;
    if (version >= 9) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeMetadataResponseMetadataResponseTopic(w, e, version);
    }
  }
  if (!(version >= 8 && version <= 10) && (m.clusterAuthorizedOperations !== undefined && m.clusterAuthorizedOperations !== -2147483648)) {
    throw unsupportedFieldError("MetadataResponse", "clusterAuthorizedOperations", version);
  }
  if (version >= 8 && version <= 10) {
    w.int32((m.clusterAuthorizedOperations === undefined ? -2147483648 : m.clusterAuthorizedOperations));
  }
  if (version >= 9) {
    w.uvarint(0);
  }
}

function encodeMetadataResponseMetadataResponseBroker(w: ByteWriter, m: MetadataResponseMetadataResponseBrokerInit, version: number): void {
  w.int32(m.nodeId);
  if (version >= 9) w.compactString(m.host); else w.string(m.host);
  w.int32(m.port);
  if (version >= 1) {
    {
      const x = m.rack === undefined ? null : m.rack;
      if (x === null) {
        if (version >= 9) w.uvarint(0); else w.int16(-1);
      } else {
        if (version >= 9) w.compactString(x); else w.string(x);
      }
    }
  }
  if (version >= 9) {
    w.uvarint(0);
  }
}

function encodeMetadataResponseMetadataResponseTopic(w: ByteWriter, m: MetadataResponseMetadataResponseTopicInit, version: number): void {
  w.int16(m.errorCode);
  {
    const x = m.name;
    if (x === null) {
      if (version === 12) {
        if (version >= 9) w.uvarint(0); else w.int16(-1);
      } else {
        throw nullFieldError("MetadataResponseMetadataResponseTopic", "name", version);
      }
    } else {
      if (version >= 9) w.compactString(x); else w.string(x);
    }
  }
  if (version >= 10) {
    w.uuid((m.topicId === undefined ? ZERO_UUID : m.topicId));
  }
  if (version >= 1) {
    w.bool((m.isInternal === undefined ? false : m.isInternal));
  }
  {
    const x = m.partitions;
    if (version >= 9) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeMetadataResponseMetadataResponsePartition(w, e, version);
    }
  }
  if (!(version >= 8) && (m.topicAuthorizedOperations !== undefined && m.topicAuthorizedOperations !== -2147483648)) {
    throw unsupportedFieldError("MetadataResponseMetadataResponseTopic", "topicAuthorizedOperations", version);
  }
  if (version >= 8) {
    w.int32((m.topicAuthorizedOperations === undefined ? -2147483648 : m.topicAuthorizedOperations));
  }
  if (version >= 9) {
    w.uvarint(0);
  }
}

function encodeMetadataResponseMetadataResponsePartition(w: ByteWriter, m: MetadataResponseMetadataResponsePartitionInit, version: number): void {
  w.int16(m.errorCode);
  w.int32(m.partitionIndex);
  w.int32(m.leaderId);
  if (version >= 7) {
    w.int32((m.leaderEpoch === undefined ? -1 : m.leaderEpoch));
  }
  {
    const x = m.replicaNodes;
    if (version >= 9) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      w.int32(e);
    }
  }
  {
    const x = m.isrNodes;
    if (version >= 9) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      w.int32(e);
    }
  }
  if (version >= 5) {
    {
      const x = m.offlineReplicas === undefined ? [] : m.offlineReplicas;
      if (version >= 9) w.uvarint(x.length + 1); else w.int32(x.length);
      for (const e of x) {
        w.int32(e);
      }
    }
  }
  if (version >= 9) {
    w.uvarint(0);
  }
}
