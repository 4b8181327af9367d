// generated — do not edit. Source: FetchResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";
import { ZERO_UUID } from "../uuid.ts";

/**
 * FetchResponse (api key 1): versions 0-17, flexible 12+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface FetchResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 1-17, default 0)
   */
  throttleTimeMs: number;
  /** The top level response error code. (versions 7-17, default 0) */
  errorCode: number;
  /**
   * The fetch session ID, or 0 if this is not part of a fetch session. (versions 7-17,
   * default 0)
   */
  sessionId: number;
  /** The response topics. (versions 0-17) */
  responses: FetchResponseFetchableTopicResponse[];
  /**
   * Endpoints for all current-leaders enumerated in PartitionData, with errors
   * NOT_LEADER_OR_FOLLOWER & FENCED_LEADER_EPOCH. (versions 16-17, tag 0 in 16-17, default
   * [])
   */
  nodeEndpoints: FetchResponseNodeEndpoint[];
}

/**
 * FetchResponse as encoders accept it: fields that have a default (or are missing from some
 * versions) may be left out. A decoded FetchResponse is a valid FetchResponseInit.
 */
export interface FetchResponseInit {
  throttleTimeMs?: number | undefined;
  errorCode?: number | undefined;
  sessionId?: number | undefined;
  responses: readonly FetchResponseFetchableTopicResponseInit[];
  nodeEndpoints?: readonly FetchResponseNodeEndpointInit[] | undefined;
}

/**
 * FetchableTopicResponse in FetchResponse (versions 0-17). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface FetchResponseFetchableTopicResponse {
  /** The topic name. (versions 0-12, default "") */
  topic: string;
  /** The unique topic ID. (versions 13-17, default ZERO_UUID) */
  topicId: string;
  /** The topic partitions. (versions 0-17) */
  partitions: FetchResponsePartitionData[];
}

/**
 * FetchResponseFetchableTopicResponse as encoders accept it: fields that have a default (or
 * are missing from some versions) may be left out. A decoded
 * FetchResponseFetchableTopicResponse is a valid FetchResponseFetchableTopicResponseInit.
 */
export interface FetchResponseFetchableTopicResponseInit {
  topic?: string | undefined;
  topicId?: string | undefined;
  partitions: readonly FetchResponsePartitionDataInit[];
}

/**
 * PartitionData in FetchResponse (versions 0-17). Decoders return this complete form: a
 * field missing from the decoded version holds its default.
 */
export interface FetchResponsePartitionData {
  /** The partition index. (versions 0-17) */
  partitionIndex: number;
  /** The error code, or 0 if there was no fetch error. (versions 0-17) */
  errorCode: number;
  /** The current high water mark. (versions 0-17) */
  highWatermark: bigint;
  /**
   * The last stable offset (or LSO) of the partition. This is the last offset such that the
   * state of all transactional records prior to this offset have been decided (ABORTED or
   * COMMITTED). (versions 4-17, default -1n)
   */
  lastStableOffset: bigint;
  /** The current log start offset. (versions 5-17, default -1n) */
  logStartOffset: bigint;
  /**
   * In case divergence is detected based on the `LastFetchedEpoch` and `FetchOffset` in the
   * request, this field indicates the largest epoch and its end offset such that subsequent
   * records are known to diverge. (versions 12-17, tag 0 in 12-17, default all defaults)
   */
  divergingEpoch: FetchResponseEpochEndOffset;
  /** (versions 12-17, tag 1 in 12-17, default all defaults) */
  currentLeader: FetchResponseLeaderIdAndEpoch;
  /**
   * In the case of fetching an offset less than the LogStartOffset, this is the end offset
   * and epoch that should be used in the FetchSnapshot request. (versions 12-17, tag 2 in
   * 12-17, default all defaults)
   */
  snapshotId: FetchResponseSnapshotId;
  /** The aborted transactions. (versions 4-17, nullable 4-17, default []) */
  abortedTransactions: FetchResponseAbortedTransaction[] | null;
  /**
   * The preferred read replica for the consumer to use on its next fetch request. (versions
   * 11-17, default -1)
   */
  preferredReadReplica: number;
  /**
   * The record data. (versions 0-17, nullable 0-17, default null, raw bytes, a view into the
   * input)
   */
  records: Uint8Array | null;
}

/**
 * FetchResponsePartitionData as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded FetchResponsePartitionData is a
 * valid FetchResponsePartitionDataInit.
 */
export interface FetchResponsePartitionDataInit {
  partitionIndex: number;
  errorCode: number;
  highWatermark: bigint;
  lastStableOffset?: bigint | undefined;
  logStartOffset?: bigint | undefined;
  divergingEpoch?: FetchResponseEpochEndOffsetInit | undefined;
  currentLeader?: FetchResponseLeaderIdAndEpochInit | undefined;
  snapshotId?: FetchResponseSnapshotIdInit | undefined;
  abortedTransactions?: readonly FetchResponseAbortedTransactionInit[] | null | undefined;
  preferredReadReplica?: number | undefined;
  records?: Uint8Array | null | undefined;
}

/**
 * EpochEndOffset in FetchResponse (versions 12-17). Decoders return this complete form: a
 * field missing from the decoded version holds its default.
 */
export interface FetchResponseEpochEndOffset {
  /** (versions 12-17, default -1) */
  epoch: number;
  /** (versions 12-17, default -1n) */
  endOffset: bigint;
}

/**
 * FetchResponseEpochEndOffset as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded FetchResponseEpochEndOffset is a
 * valid FetchResponseEpochEndOffsetInit.
 */
export interface FetchResponseEpochEndOffsetInit {
  epoch?: number | undefined;
  endOffset?: bigint | undefined;
}

/**
 * LeaderIdAndEpoch in FetchResponse (versions 12-17). Decoders return this complete form: a
 * field missing from the decoded version holds its default.
 */
export interface FetchResponseLeaderIdAndEpoch {
  /**
   * The ID of the current leader or -1 if the leader is unknown. (versions 12-17, default
   * -1)
   */
  leaderId: number;
  /** The latest known leader epoch. (versions 12-17, default -1) */
  leaderEpoch: number;
}

/**
 * FetchResponseLeaderIdAndEpoch as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded FetchResponseLeaderIdAndEpoch is a
 * valid FetchResponseLeaderIdAndEpochInit.
 */
export interface FetchResponseLeaderIdAndEpochInit {
  leaderId?: number | undefined;
  leaderEpoch?: number | undefined;
}

/**
 * SnapshotId in FetchResponse (versions 12-17). Decoders return this complete form: a field
 * missing from the decoded version holds its default.
 */
export interface FetchResponseSnapshotId {
  /** (versions 12-17, default -1n) */
  endOffset: bigint;
  /** (versions 12-17, default -1) */
  epoch: number;
}

/**
 * FetchResponseSnapshotId as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded FetchResponseSnapshotId is a valid
 * FetchResponseSnapshotIdInit.
 */
export interface FetchResponseSnapshotIdInit {
  endOffset?: bigint | undefined;
  epoch?: number | undefined;
}

/**
 * AbortedTransaction in FetchResponse (versions 4-17). Decoders return this complete form: a
 * field missing from the decoded version holds its default.
 */
export interface FetchResponseAbortedTransaction {
  /** The producer id associated with the aborted transaction. (versions 4-17) */
  producerId: bigint;
  /** The first offset in the aborted transaction. (versions 4-17) */
  firstOffset: bigint;
}

/**
 * FetchResponseAbortedTransaction as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded FetchResponseAbortedTransaction is
 * a valid FetchResponseAbortedTransactionInit.
 */
export interface FetchResponseAbortedTransactionInit {
  producerId: bigint;
  firstOffset: bigint;
}

/**
 * NodeEndpoint in FetchResponse (versions 16-17). Decoders return this complete form: a
 * field missing from the decoded version holds its default.
 */
export interface FetchResponseNodeEndpoint {
  /** The ID of the associated node. (versions 16-17) */
  nodeId: number;
  /** The node's hostname. (versions 16-17) */
  host: string;
  /** The node's port. (versions 16-17) */
  port: number;
  /**
   * The rack of the node, or null if it has not been assigned to a rack. (versions 16-17,
   * nullable 16-17, default null)
   */
  rack: string | null;
}

/**
 * FetchResponseNodeEndpoint as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded FetchResponseNodeEndpoint is a
 * valid FetchResponseNodeEndpointInit.
 */
export interface FetchResponseNodeEndpointInit {
  nodeId: number;
  host: string;
  port: number;
  rack?: string | null | undefined;
}

function defaultFetchResponseEpochEndOffset(): FetchResponseEpochEndOffset {
  return { epoch: -1, endOffset: -1n };
}

function isDefaultFetchResponseEpochEndOffset(s: FetchResponseEpochEndOffsetInit): boolean {
  return !(
    (s.epoch !== undefined && s.epoch !== -1) ||
    (s.endOffset !== undefined && s.endOffset !== -1n)
  );
}

function defaultFetchResponseLeaderIdAndEpoch(): FetchResponseLeaderIdAndEpoch {
  return { leaderId: -1, leaderEpoch: -1 };
}

function isDefaultFetchResponseLeaderIdAndEpoch(s: FetchResponseLeaderIdAndEpochInit): boolean {
  return !(
    (s.leaderId !== undefined && s.leaderId !== -1) ||
    (s.leaderEpoch !== undefined && s.leaderEpoch !== -1)
  );
}

function defaultFetchResponseSnapshotId(): FetchResponseSnapshotId {
  return { endOffset: -1n, epoch: -1 };
}

function isDefaultFetchResponseSnapshotId(s: FetchResponseSnapshotIdInit): boolean {
  return !(
    (s.endOffset !== undefined && s.endOffset !== -1n) ||
    (s.epoch !== undefined && s.epoch !== -1)
  );
}

/**
 * Decode a FetchResponse body at `version`; throws KafkaDecodeError (naming the version and
 * byte offset) if the bytes are malformed or truncated.
 */
export function decodeFetchResponse(r: ByteReader, version: number): FetchResponse {
  if (version < 0 || version > 17) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 1) {
    throttleTimeMs = r.int32();
  }
  let errorCode: number = 0;
  if (version >= 7) {
    errorCode = r.int16();
  }
  let sessionId: number = 0;
  if (version >= 7) {
    sessionId = r.int32();
  }
  const responses: FetchResponseFetchableTopicResponse[] = [];
  for (let i = 0, n = (version >= 12 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    responses.push(decodeFetchResponseFetchableTopicResponse(r, version));
  }
  let nodeEndpoints: FetchResponseNodeEndpoint[] = [];
  if (version >= 12) {
    for (let tags = r.taggedFieldCount(); tags > 0; tags--) {
      const tag = r.uvarint();
      const size = r.taggedFieldSize();
      const end = r.position + size;
      switch (tag) {
        case 0: {
          if (version >= 16) {
            {
              const n = r.compactArrayLength();
              {
                const a: FetchResponseNodeEndpoint[] = [];
                for (let i = 0; i < n; i++) a.push(decodeFetchResponseNodeEndpoint(r, version));
                nodeEndpoints = a;
              }
            }
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
  r.check("FetchResponse", version);
  return { throttleTimeMs, errorCode, sessionId, responses, nodeEndpoints };
}

function decodeFetchResponseFetchableTopicResponse(r: ByteReader, version: number): FetchResponseFetchableTopicResponse {
  let topic: string = "";
  if (version <= 12) {
    topic = (version === 12 ? r.compactString() : r.string());
  }
  let topicId: string = ZERO_UUID;
  if (version >= 13) {
    topicId = r.uuid();
  }
  const partitions: FetchResponsePartitionData[] = [];
  for (let i = 0, n = (version >= 12 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(decodeFetchResponsePartitionData(r, version));
  }
  if (version >= 12) {
    r.skipTaggedFields();
  }
  return { topic, topicId, partitions };
}

function decodeFetchResponsePartitionData(r: ByteReader, version: number): FetchResponsePartitionData {
  const partitionIndex = r.int32();
  const errorCode = r.int16();
  const highWatermark = r.int64();
  let lastStableOffset: bigint = -1n;
  if (version >= 4) {
    lastStableOffset = r.int64();
  }
  let logStartOffset: bigint = -1n;
  if (version >= 5) {
    logStartOffset = r.int64();
  }
  let divergingEpoch: FetchResponseEpochEndOffset = defaultFetchResponseEpochEndOffset();
  let currentLeader: FetchResponseLeaderIdAndEpoch = defaultFetchResponseLeaderIdAndEpoch();
  let snapshotId: FetchResponseSnapshotId = defaultFetchResponseSnapshotId();
  let abortedTransactions: FetchResponseAbortedTransaction[] | null = [];
  if (version >= 4) {
    {
      const n = (version >= 12 ? r.compactNullableArrayLength() : r.nullableArrayLength());
      if (n < 0) abortedTransactions = null;
      else {
        const a: FetchResponseAbortedTransaction[] = [];
        for (let i = 0; i < n; i++) a.push(decodeFetchResponseAbortedTransaction(r, version));
        abortedTransactions = a;
      }
    }
  }
  let preferredReadReplica: number = -1;
  if (version >= 11) {
    preferredReadReplica = r.int32();
  }
  const records = (version >= 12 ? r.compactNullableBytes(false) : r.nullableBytes(false));
  if (version >= 12) {
    for (let tags = r.taggedFieldCount(); tags > 0; tags--) {
      const tag = r.uvarint();
      const size = r.taggedFieldSize();
      const end = r.position + size;
      switch (tag) {
        case 0: {
          divergingEpoch = decodeFetchResponseEpochEndOffset(r, version);
          break;
        }
        case 1: {
          currentLeader = decodeFetchResponseLeaderIdAndEpoch(r, version);
          break;
        }
        case 2: {
          snapshotId = decodeFetchResponseSnapshotId(r, version);
          break;
        }
        default:
          r.skip(size);
      }
      r.endTaggedField(tag, end);
    }
  }
  return { partitionIndex, errorCode, highWatermark, lastStableOffset, logStartOffset, divergingEpoch, currentLeader, snapshotId, abortedTransactions, preferredReadReplica, records };
}

function decodeFetchResponseEpochEndOffset(r: ByteReader, _version: number): FetchResponseEpochEndOffset {
  const epoch = r.int32();
  const endOffset = r.int64();
  r.skipTaggedFields();
  return { epoch, endOffset };
}

function decodeFetchResponseLeaderIdAndEpoch(r: ByteReader, _version: number): FetchResponseLeaderIdAndEpoch {
  const leaderId = r.int32();
  const leaderEpoch = r.int32();
  r.skipTaggedFields();
  return { leaderId, leaderEpoch };
}

function decodeFetchResponseSnapshotId(r: ByteReader, _version: number): FetchResponseSnapshotId {
  const endOffset = r.int64();
  const epoch = r.int32();
  r.skipTaggedFields();
  return { endOffset, epoch };
}

function decodeFetchResponseAbortedTransaction(r: ByteReader, version: number): FetchResponseAbortedTransaction {
  const producerId = r.int64();
  const firstOffset = r.int64();
  if (version >= 12) {
    r.skipTaggedFields();
  }
  return { producerId, firstOffset };
}

function decodeFetchResponseNodeEndpoint(r: ByteReader, _version: number): FetchResponseNodeEndpoint {
  const nodeId = r.int32();
  const host = r.compactString();
  const port = r.int32();
  const rack = r.compactNullableString();
  r.skipTaggedFields();
  return { nodeId, host, port, rack };
}

/**
 * Encode a FetchResponse body at `version`; throws KafkaEncodeError when a value cannot be
 * carried by that version.
 */
export function encodeFetchResponse(w: ByteWriter, m: FetchResponseInit, version: number): void {
  if (version < 0 || version > 17) throw unsupportedVersionError("FetchResponse", version);
  if (version >= 1) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  if (version >= 7) {
    w.int16((m.errorCode === undefined ? 0 : m.errorCode));
  }
  if (!(version >= 7) && (m.sessionId !== undefined && m.sessionId !== 0)) {
    throw unsupportedFieldError("FetchResponse", "sessionId", version);
  }
  if (version >= 7) {
    w.int32((m.sessionId === undefined ? 0 : m.sessionId));
  }
  {
    const x = m.responses;
    if (version >= 12) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeFetchResponseFetchableTopicResponse(w, e, version);
    }
  }
  if (!(version >= 16) && (m.nodeEndpoints !== undefined && (m.nodeEndpoints === null || m.nodeEndpoints.length !== 0))) {
    throw unsupportedFieldError("FetchResponse", "nodeEndpoints", version);
  }
  if (version >= 12) {
    let tags = 0;
    const hasNodeEndpoints = version >= 16 && (m.nodeEndpoints !== undefined && (m.nodeEndpoints === null || m.nodeEndpoints.length !== 0));
    if (hasNodeEndpoints) tags++;
    w.uvarint(tags);
    if (hasNodeEndpoints) {
      w.uvarint(0);
      const mark = w.beginSized();
      {
        const x = m.nodeEndpoints === undefined ? [] : m.nodeEndpoints;
        w.uvarint(x.length + 1);
        for (const e of x) {
          encodeFetchResponseNodeEndpoint(w, e, version);
        }
      }
      w.endSized(mark);
    }
  }
}

function encodeFetchResponseFetchableTopicResponse(w: ByteWriter, m: FetchResponseFetchableTopicResponseInit, version: number): void {
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
      encodeFetchResponsePartitionData(w, e, version);
    }
  }
  if (version >= 12) {
    w.uvarint(0);
  }
}

function encodeFetchResponsePartitionData(w: ByteWriter, m: FetchResponsePartitionDataInit, version: number): void {
  w.int32(m.partitionIndex);
  w.int16(m.errorCode);
  w.int64(m.highWatermark);
  if (version >= 4) {
    w.int64((m.lastStableOffset === undefined ? -1n : m.lastStableOffset));
  }
  if (version >= 5) {
    w.int64((m.logStartOffset === undefined ? -1n : m.logStartOffset));
  }
  if (!(version >= 12) && (m.divergingEpoch !== undefined && (m.divergingEpoch === null || !isDefaultFetchResponseEpochEndOffset(m.divergingEpoch)))) {
    throw unsupportedFieldError("FetchResponsePartitionData", "divergingEpoch", version);
  }
  if (!(version >= 12) && (m.currentLeader !== undefined && (m.currentLeader === null || !isDefaultFetchResponseLeaderIdAndEpoch(m.currentLeader)))) {
    throw unsupportedFieldError("FetchResponsePartitionData", "currentLeader", version);
  }
  if (!(version >= 12) && (m.snapshotId !== undefined && (m.snapshotId === null || !isDefaultFetchResponseSnapshotId(m.snapshotId)))) {
    throw unsupportedFieldError("FetchResponsePartitionData", "snapshotId", version);
  }
  if (version >= 4) {
    {
      const x = m.abortedTransactions === undefined ? [] : m.abortedTransactions;
      if (x === null) {
        if (version >= 12) w.uvarint(0); else w.int32(-1);
      } else {
        if (version >= 12) w.uvarint(x.length + 1); else w.int32(x.length);
        for (const e of x) {
          encodeFetchResponseAbortedTransaction(w, e, version);
        }
      }
    }
  }
  if (!(version >= 11) && (m.preferredReadReplica !== undefined && m.preferredReadReplica !== -1)) {
    throw unsupportedFieldError("FetchResponsePartitionData", "preferredReadReplica", version);
  }
  if (version >= 11) {
    w.int32((m.preferredReadReplica === undefined ? -1 : m.preferredReadReplica));
  }
  {
    const x = m.records === undefined ? null : m.records;
    if (x === null) {
      if (version >= 12) w.uvarint(0); else w.int32(-1);
    } else {
      if (version >= 12) w.compactBytes(x); else w.bytesField(x);
    }
  }
  if (version >= 12) {
    let tags = 0;
    const hasDivergingEpoch = (m.divergingEpoch !== undefined && (m.divergingEpoch === null || !isDefaultFetchResponseEpochEndOffset(m.divergingEpoch)));
    if (hasDivergingEpoch) tags++;
    const hasCurrentLeader = (m.currentLeader !== undefined && (m.currentLeader === null || !isDefaultFetchResponseLeaderIdAndEpoch(m.currentLeader)));
    if (hasCurrentLeader) tags++;
    const hasSnapshotId = (m.snapshotId !== undefined && (m.snapshotId === null || !isDefaultFetchResponseSnapshotId(m.snapshotId)));
    if (hasSnapshotId) tags++;
    w.uvarint(tags);
    if (hasDivergingEpoch) {
      w.uvarint(0);
      const mark = w.beginSized();
      encodeFetchResponseEpochEndOffset(w, (m.divergingEpoch === undefined ? defaultFetchResponseEpochEndOffset() : m.divergingEpoch), version);
      w.endSized(mark);
    }
    if (hasCurrentLeader) {
      w.uvarint(1);
      const mark = w.beginSized();
      encodeFetchResponseLeaderIdAndEpoch(w, (m.currentLeader === undefined ? defaultFetchResponseLeaderIdAndEpoch() : m.currentLeader), version);
      w.endSized(mark);
    }
    if (hasSnapshotId) {
      w.uvarint(2);
      const mark = w.beginSized();
      encodeFetchResponseSnapshotId(w, (m.snapshotId === undefined ? defaultFetchResponseSnapshotId() : m.snapshotId), version);
      w.endSized(mark);
    }
  }
}

function encodeFetchResponseEpochEndOffset(w: ByteWriter, m: FetchResponseEpochEndOffsetInit, _version: number): void {
  w.int32((m.epoch === undefined ? -1 : m.epoch));
  w.int64((m.endOffset === undefined ? -1n : m.endOffset));
  w.uvarint(0);
}

function encodeFetchResponseLeaderIdAndEpoch(w: ByteWriter, m: FetchResponseLeaderIdAndEpochInit, _version: number): void {
  w.int32((m.leaderId === undefined ? -1 : m.leaderId));
  w.int32((m.leaderEpoch === undefined ? -1 : m.leaderEpoch));
  w.uvarint(0);
}

function encodeFetchResponseSnapshotId(w: ByteWriter, m: FetchResponseSnapshotIdInit, _version: number): void {
  w.int64((m.endOffset === undefined ? -1n : m.endOffset));
  w.int32((m.epoch === undefined ? -1 : m.epoch));
  w.uvarint(0);
}

function encodeFetchResponseAbortedTransaction(w: ByteWriter, m: FetchResponseAbortedTransactionInit, version: number): void {
  w.int64(m.producerId);
  w.int64(m.firstOffset);
  if (version >= 12) {
    w.uvarint(0);
  }
}

function encodeFetchResponseNodeEndpoint(w: ByteWriter, m: FetchResponseNodeEndpointInit, _version: number): void {
  w.int32(m.nodeId);
  w.compactString(m.host);
  w.int32(m.port);
  {
    const x = m.rack === undefined ? null : m.rack;
    if (x === null) {
      w.uvarint(0);
    } else {
      w.compactString(x);
    }
  }
  w.uvarint(0);
}
