// generated — do not edit. Source: FetchRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";
import { ZERO_UUID } from "../uuid.ts";

/**
 * FetchRequest (api key 1): versions 0-17, flexible 12+. Decoders return this complete form:
 * a field missing from the decoded version holds its default.
 */
export interface FetchRequest {
  /**
   * The clusterId if known. This is used to validate metadata fetches prior to broker
   * registration. (versions 12-17, nullable 12-17, tag 0 in 12-17, default null)
   */
  clusterId: string | null;
  /**
   * The broker ID of the follower, of -1 if this request is from a consumer. (versions 0-14,
   * default -1)
   */
  replicaId: number;
  /** (versions 15-17, tag 1 in 15-17, default all defaults) */
  replicaState: FetchRequestReplicaState;
  /** The maximum time in milliseconds to wait for the response. (versions 0-17) */
  maxWaitMs: number;
  /** The minimum bytes to accumulate in the response. (versions 0-17) */
  minBytes: number;
  /**
   * The maximum bytes to fetch. See KIP-74 for cases where this limit may not be honored.
   * (versions 3-17, default 2147483647)
   */
  maxBytes: number;
  /**
   * This setting controls the visibility of transactional records. Using READ_UNCOMMITTED
   * (isolation_level = 0) makes all records visible. With READ_COMMITTED (isolation_level =
   * 1), non-transactional and COMMITTED transactional records are visible. To be more
   * concrete, READ_COMMITTED returns all data from offsets smaller than the current LSO
   * (last stable offset), and enables the inclusion of the list of aborted transactions in
   * the result, which allows consumers to discard ABORTED transactional records. (versions
   * 4-17, default 0)
   */
  isolationLevel: number;
  /** The fetch session ID. (versions 7-17, default 0) */
  sessionId: number;
  /**
   * The fetch session epoch, which is used for ordering requests in a session. (versions
   * 7-17, default -1)
   */
  sessionEpoch: number;
  /** The topics to fetch. (versions 0-17) */
  topics: FetchRequestFetchTopic[];
  /** In an incremental fetch request, the partitions to remove. (versions 7-17, default []) */
  forgottenTopicsData: FetchRequestForgottenTopic[];
  /** Rack ID of the consumer making this request. (versions 11-17, default "") */
  rackId: string;
}

/**
 * FetchRequest as encoders accept it: fields that have a default (or are missing from some
 * versions) may be left out. A decoded FetchRequest is a valid FetchRequestInit.
 */
export interface FetchRequestInit {
  clusterId?: string | null | undefined;
  replicaId?: number | undefined;
  replicaState?: FetchRequestReplicaStateInit | undefined;
  maxWaitMs: number;
  minBytes: number;
  maxBytes?: number | undefined;
  isolationLevel?: number | undefined;
  sessionId?: number | undefined;
  sessionEpoch?: number | undefined;
  topics: readonly FetchRequestFetchTopicInit[];
  forgottenTopicsData?: readonly FetchRequestForgottenTopicInit[] | undefined;
  rackId?: string | undefined;
}

/**
 * ReplicaState in FetchRequest (versions 15-17). Decoders return this complete form: a field
 * missing from the decoded version holds its default.
 */
export interface FetchRequestReplicaState {
  /**
   * The replica ID of the follower, or -1 if this request is from a consumer. (versions
   * 15-17, default -1)
   */
  replicaId: number;
  /** The epoch of this follower, or -1 if not available. (versions 15-17, default -1n) */
  replicaEpoch: bigint;
}

/**
 * FetchRequestReplicaState as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded FetchRequestReplicaState is a valid
 * FetchRequestReplicaStateInit.
 */
export interface FetchRequestReplicaStateInit {
  replicaId?: number | undefined;
  replicaEpoch?: bigint | undefined;
}

/**
 * FetchTopic in FetchRequest (versions 0-17). Decoders return this complete form: a field
 * missing from the decoded version holds its default.
 */
export interface FetchRequestFetchTopic {
  /** The name of the topic to fetch. (versions 0-12, default "") */
  topic: string;
  /** The unique topic ID. (versions 13-17, default ZERO_UUID) */
  topicId: string;
  /** The partitions to fetch. (versions 0-17) */
  partitions: FetchRequestFetchPartition[];
}

/**
 * FetchRequestFetchTopic as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded FetchRequestFetchTopic is a valid
 * FetchRequestFetchTopicInit.
 */
export interface FetchRequestFetchTopicInit {
  topic?: string | undefined;
  topicId?: string | undefined;
  partitions: readonly FetchRequestFetchPartitionInit[];
}

/**
 * FetchPartition in FetchRequest (versions 0-17). Decoders return this complete form: a
 * field missing from the decoded version holds its default.
 */
export interface FetchRequestFetchPartition {
  /** The partition index. (versions 0-17) */
  partition: number;
  /** The current leader epoch of the partition. (versions 9-17, default -1) */
  currentLeaderEpoch: number;
  /** The message offset. (versions 0-17) */
  fetchOffset: bigint;
  /**
   * The epoch of the last fetched record or -1 if there is none. (versions 12-17, default
   * -1)
   */
  lastFetchedEpoch: number;
  /**
   * The earliest available offset of the follower replica. The field is only used when the
   * request is sent by the follower. (versions 5-17, default -1n)
   */
  logStartOffset: bigint;
  /**
   * The maximum bytes to fetch from this partition. See KIP-74 for cases where this limit
   * may not be honored. (versions 0-17)
   */
  partitionMaxBytes: number;
  /** The directory id of the follower fetching. (versions 17, tag 0 in 17, default ZERO_UUID) */
  replicaDirectoryId: string;
}

/**
 * FetchRequestFetchPartition as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded FetchRequestFetchPartition is a
 * valid FetchRequestFetchPartitionInit.
 */
export interface FetchRequestFetchPartitionInit {
  partition: number;
  currentLeaderEpoch?: number | undefined;
  fetchOffset: bigint;
  lastFetchedEpoch?: number | undefined;
  logStartOffset?: bigint | undefined;
  partitionMaxBytes: number;
  replicaDirectoryId?: string | undefined;
}

/**
 * ForgottenTopic in FetchRequest (versions 7-17). Decoders return this complete form: a
 * field missing from the decoded version holds its default.
 */
export interface FetchRequestForgottenTopic {
  /** The topic name. (versions 7-12, default "") */
  topic: string;
  /** The unique topic ID. (versions 13-17, default ZERO_UUID) */
  topicId: string;
  /** The partitions indexes to forget. (versions 7-17) */
  partitions: number[];
}

/**
 * FetchRequestForgottenTopic as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded FetchRequestForgottenTopic is a
 * valid FetchRequestForgottenTopicInit.
 */
export interface FetchRequestForgottenTopicInit {
  topic?: string | undefined;
  topicId?: string | undefined;
  partitions: readonly number[];
}

function defaultFetchRequestReplicaState(): FetchRequestReplicaState {
  return { replicaId: -1, replicaEpoch: -1n };
}

function isDefaultFetchRequestReplicaState(s: FetchRequestReplicaStateInit): boolean {
  return !(
    (s.replicaId !== undefined && s.replicaId !== -1) ||
    (s.replicaEpoch !== undefined && s.replicaEpoch !== -1n)
  );
}

/**
 * Decode a FetchRequest body at `version`; throws KafkaDecodeError (naming the version and
 * byte offset) if the bytes are malformed or truncated.
 */
export function decodeFetchRequest(r: ByteReader, version: number): FetchRequest {
  if (version < 0 || version > 17) r.fail(`unsupported version ${version}`);
  let clusterId: string | null = null;
  let replicaId: number = -1;
  if (version <= 14) {
    replicaId = r.int32();
  }
  let replicaState: FetchRequestReplicaState = defaultFetchRequestReplicaState();
  const maxWaitMs = r.int32();
  const minBytes = r.int32();
  let maxBytes: number = 2147483647;
  if (version >= 3) {
    maxBytes = r.int32();
  }
  let isolationLevel: number = 0;
  if (version >= 4) {
    isolationLevel = r.int8();
  }
  let sessionId: number = 0;
  if (version >= 7) {
    sessionId = r.int32();
  }
  let sessionEpoch: number = -1;
  if (version >= 7) {
    sessionEpoch = r.int32();
  }
  const topics: FetchRequestFetchTopic[] = [];
  for (let i = 0, n = (version >= 12 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topics.push(decodeFetchRequestFetchTopic(r, version));
  }
  let forgottenTopicsData: FetchRequestForgottenTopic[] = [];
  if (version >= 7) {
    {
      const n = (version >= 12 ? r.compactArrayLength() : r.arrayLength());
      {
        const a: FetchRequestForgottenTopic[] = [];
        for (let i = 0; i < n; i++) a.push(decodeFetchRequestForgottenTopic(r, version));
        forgottenTopicsData = a;
      }
    }
  }
  let rackId: string = "";
  if (version >= 11) {
    rackId = (version >= 12 ? r.compactString() : r.string());
  }
  if (version >= 12) {
    for (let tags = r.taggedFieldCount(); tags > 0; tags--) {
      const tag = r.uvarint();
      const size = r.taggedFieldSize();
      const end = r.position + size;
      switch (tag) {
        case 0: {
          clusterId = r.compactNullableString();
          break;
        }
        case 1: {
          if (version >= 15) {
            replicaState = decodeFetchRequestReplicaState(r, version);
          } else {
            r.skip(size);
          }
          break;
        }
        default:
          r.skip(size);
      }
      r.endTaggedField(tag, end);
    }
  }
  r.check("FetchRequest", version);
  return { clusterId, replicaId, replicaState, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics, forgottenTopicsData, rackId };
}

function decodeFetchRequestReplicaState(r: ByteReader, _version: number): FetchRequestReplicaState {
  const replicaId = r.int32();
  const replicaEpoch = r.int64();
  r.skipTaggedFields();
  return { replicaId, replicaEpoch };
}

function decodeFetchRequestFetchTopic(r: ByteReader, version: number): FetchRequestFetchTopic {
  let topic: string = "";
  if (version <= 12) {
    topic = (version === 12 ? r.compactString() : r.string());
  }
  let topicId: string = ZERO_UUID;
  if (version >= 13) {
    topicId = r.uuid();
  }
  const partitions: FetchRequestFetchPartition[] = [];
  for (let i = 0, n = (version >= 12 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(decodeFetchRequestFetchPartition(r, version));
  }
  if (version >= 12) {
    r.skipTaggedFields();
  }
  return { topic, topicId, partitions };
}

function decodeFetchRequestFetchPartition(r: ByteReader, version: number): FetchRequestFetchPartition {
  const partition = r.int32();
  let currentLeaderEpoch: number = -1;
  if (version >= 9) {
    currentLeaderEpoch = r.int32();
  }
  const fetchOffset = r.int64();
  let lastFetchedEpoch: number = -1;
  if (version >= 12) {
    lastFetchedEpoch = r.int32();
  }
  let logStartOffset: bigint = -1n;
  if (version >= 5) {
    logStartOffset = r.int64();
  }
  const partitionMaxBytes = r.int32();
  let replicaDirectoryId: string = ZERO_UUID;
  if (version >= 12) {
    for (let tags = r.taggedFieldCount(); tags > 0; tags--) {
      const tag = r.uvarint();
      const size = r.taggedFieldSize();
      const end = r.position + size;
      switch (tag) {
        case 0: {
          if (version === 17) {
            replicaDirectoryId = r.uuid();
          } else {
            r.skip(size);
          }
          break;
        }
        default:
          r.skip(size);
      }
      r.endTaggedField(tag, end);
    }
  }
  return { partition, currentLeaderEpoch, fetchOffset, lastFetchedEpoch, logStartOffset, partitionMaxBytes, replicaDirectoryId };
}

function decodeFetchRequestForgottenTopic(r: ByteReader, version: number): FetchRequestForgottenTopic {
  let topic: string = "";
  if (version <= 12) {
    topic = (version === 12 ? r.compactString() : r.string());
  }
  let topicId: string = ZERO_UUID;
  if (version >= 13) {
    topicId = r.uuid();
  }
  const partitions: number[] = [];
  for (let i = 0, n = (version >= 12 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(r.int32());
  }
  if (version >= 12) {
    r.skipTaggedFields();
  }
  return { topic, topicId, partitions };
}

/**
 * Encode a FetchRequest body at `version`; throws KafkaEncodeError when a value cannot be
 * carried by that version.
 */
export function encodeFetchRequest(w: ByteWriter, m: FetchRequestInit, version: number): void {
  if (version < 0 || version > 17) throw unsupportedVersionError("FetchRequest", version);
  if (!(version <= 14) && (m.replicaId !== undefined && m.replicaId !== -1)) {
    throw unsupportedFieldError("FetchRequest", "replicaId", version);
  }
  if (version <= 14) {
    w.int32((m.replicaId === undefined ? -1 : m.replicaId));
  }
  if (!(version >= 15) && (m.replicaState !== undefined && (m.replicaState === null || !isDefaultFetchRequestReplicaState(m.replicaState)))) {
    throw unsupportedFieldError("FetchRequest", "replicaState", version);
  }
  w.int32(m.maxWaitMs);
  w.int32(m.minBytes);
  if (version >= 3) {
    w.int32((m.maxBytes === undefined ? 2147483647 : m.maxBytes));
  }
  if (version >= 4) {
    w.int8((m.isolationLevel === undefined ? 0 : m.isolationLevel));
  }
  if (version >= 7) {
    w.int32((m.sessionId === undefined ? 0 : m.sessionId));
  }
  if (version >= 7) {
    w.int32((m.sessionEpoch === undefined ? -1 : m.sessionEpoch));
  }
  {
    const x = m.topics;
    if (version >= 12) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeFetchRequestFetchTopic(w, e, version);
    }
  }
  if (!(version >= 7) && (m.forgottenTopicsData !== undefined && (m.forgottenTopicsData === null || m.forgottenTopicsData.length !== 0))) {
    throw unsupportedFieldError("FetchRequest", "forgottenTopicsData", version);
  }
  if (version >= 7) {
    {
      const x = m.forgottenTopicsData === undefined ? [] : m.forgottenTopicsData;
      if (version >= 12) w.uvarint(x.length + 1); else w.int32(x.length);
      for (const e of x) {
        encodeFetchRequestForgottenTopic(w, e, version);
      }
    }
  }
  if (version >= 11) {
    if (version >= 12) w.compactString((m.rackId === undefined ? "" : m.rackId)); else w.string((m.rackId === undefined ? "" : m.rackId));
  }
  if (version >= 12) {
    let tags = 0;
    const hasClusterId = (m.clusterId !== undefined && m.clusterId !== null);
    if (hasClusterId) tags++;
    const hasReplicaState = version >= 15 && (m.replicaState !== undefined && (m.replicaState === null || !isDefaultFetchRequestReplicaState(m.replicaState)));
    if (hasReplicaState) tags++;
    w.uvarint(tags);
    if (hasClusterId) {
      w.uvarint(0);
      const mark = w.beginSized();
      {
        const x = m.clusterId === undefined ? null : m.clusterId;
        if (x === null) {
          w.uvarint(0);
        } else {
          w.compactString(x);
        }
      }
      w.endSized(mark);
    }
    if (hasReplicaState) {
      w.uvarint(1);
      const mark = w.beginSized();
      encodeFetchRequestReplicaState(w, (m.replicaState === undefined ? defaultFetchRequestReplicaState() : m.replicaState), version);
      w.endSized(mark);
    }
  }
}

function encodeFetchRequestReplicaState(w: ByteWriter, m: FetchRequestReplicaStateInit, _version: number): void {
  w.int32((m.replicaId === undefined ? -1 : m.replicaId));
  w.int64((m.replicaEpoch === undefined ? -1n : m.replicaEpoch));
  w.uvarint(0);
}

function encodeFetchRequestFetchTopic(w: ByteWriter, m: FetchRequestFetchTopicInit, version: number): void {
  if (version <= 12) {
    if (version === 12) w.compactString((m.topic === undefined ? "" : m.topic)); else w.string((m.topic === undefined ? "" : m.topic));
  }
  if (version >= 13) {
    w.uuid((m.topicId === undefined ? ZERO_UUID : m.topicId));
  }
  {
    const x = m.partitions;
    if (version >= 12) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeFetchRequestFetchPartition(w, e, version);
    }
  }
  if (version >= 12) {
    w.uvarint(0);
  }
}

function encodeFetchRequestFetchPartition(w: ByteWriter, m: FetchRequestFetchPartitionInit, version: number): void {
  w.int32(m.partition);
  if (version >= 9) {
    w.int32((m.currentLeaderEpoch === undefined ? -1 : m.currentLeaderEpoch));
  }
  w.int64(m.fetchOffset);
  if (!(version >= 12) && (m.lastFetchedEpoch !== undefined && m.lastFetchedEpoch !== -1)) {
    throw unsupportedFieldError("FetchRequestFetchPartition", "lastFetchedEpoch", version);
  }
  if (version >= 12) {
    w.int32((m.lastFetchedEpoch === undefined ? -1 : m.lastFetchedEpoch));
  }
  if (version >= 5) {
    w.int64((m.logStartOffset === undefined ? -1n : m.logStartOffset));
  }
  w.int32(m.partitionMaxBytes);
  if (version >= 12) {
    let tags = 0;
    const hasReplicaDirectoryId = version === 17 && (m.replicaDirectoryId !== undefined && m.replicaDirectoryId !== ZERO_UUID);
    if (hasReplicaDirectoryId) tags++;
    w.uvarint(tags);
    if (hasReplicaDirectoryId) {
      w.uvarint(0);
      const mark = w.beginSized();
      w.uuid((m.replicaDirectoryId === undefined ? ZERO_UUID : m.replicaDirectoryId));
      w.endSized(mark);
    }
  }
}

function encodeFetchRequestForgottenTopic(w: ByteWriter, m: FetchRequestForgottenTopicInit, version: number): void {
  if (version <= 12) {
    if (version === 12) w.compactString((m.topic === undefined ? "" : m.topic)); else w.string((m.topic === undefined ? "" : m.topic));
  }
  if (version >= 13) {
    w.uuid((m.topicId === undefined ? ZERO_UUID : m.topicId));
  }
  {
    const x = m.partitions;
    if (version >= 12) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      w.int32(e);
    }
  }
  if (version >= 12) {
    w.uvarint(0);
  }
}
