// generated — do not edit. Source: ProduceResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * ProduceResponse (api key 0): versions 0-11, flexible 9+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ProduceResponse {
  /** Each produce response. (versions 0-11) */
  responses: ProduceResponseTopicProduceResponse[];
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 1-11, default 0)
   */
  throttleTimeMs: number;
  /**
   * Endpoints for all current-leaders enumerated in PartitionProduceResponses, with errors
   * NOT_LEADER_OR_FOLLOWER. (versions 10-11, tag 0 in 10-11, default [])
   */
  nodeEndpoints: ProduceResponseNodeEndpoint[];
}

/**
 * ProduceResponse as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded ProduceResponse is a valid ProduceResponseInit.
 */
export interface ProduceResponseInit {
  responses: readonly ProduceResponseTopicProduceResponseInit[];
  throttleTimeMs?: number | undefined;
  nodeEndpoints?: readonly ProduceResponseNodeEndpointInit[] | undefined;
}

/**
 * TopicProduceResponse in ProduceResponse (versions 0-11). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ProduceResponseTopicProduceResponse {
  /** The topic name. (versions 0-11) */
  name: string;
  /** Each partition that we produced to within the topic. (versions 0-11) */
  partitionResponses: ProduceResponsePartitionProduceResponse[];
}

/**
 * ProduceResponseTopicProduceResponse as encoders accept it: fields that have a default (or
 * are missing from some versions) may be left out. A decoded
 * ProduceResponseTopicProduceResponse is a valid ProduceResponseTopicProduceResponseInit.
 */
export interface ProduceResponseTopicProduceResponseInit {
  name: string;
  partitionResponses: readonly ProduceResponsePartitionProduceResponseInit[];
}

/**
 * PartitionProduceResponse in ProduceResponse (versions 0-11). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ProduceResponsePartitionProduceResponse {
  /** The partition index. (versions 0-11) */
  index: number;
  /** The error code, or 0 if there was no error. (versions 0-11) */
  errorCode: number;
  /** The base offset. (versions 0-11) */
  baseOffset: bigint;
  /**
   * The timestamp returned by broker after appending the messages. If CreateTime is used for
   * the topic, the timestamp will be -1. If LogAppendTime is used for the topic, the
   * timestamp will be the broker local time when the messages are appended. (versions 2-11,
   * default -1n)
   */
  logAppendTimeMs: bigint;
  /** The log start offset. (versions 5-11, default -1n) */
  logStartOffset: bigint;
  /**
   * The batch indices of records that caused the batch to be dropped. (versions 8-11,
   * default [])
   */
  recordErrors: ProduceResponseBatchIndexAndErrorMessage[];
  /**
   * The global error message summarizing the common root cause of the records that caused
   * the batch to be dropped. (versions 8-11, nullable 8-11, default null)
   */
  errorMessage: string | null;
  /** (versions 10-11, tag 0 in 10-11, default all defaults) */
  currentLeader: ProduceResponseLeaderIdAndEpoch;
}

/**
 * ProduceResponsePartitionProduceResponse as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * ProduceResponsePartitionProduceResponse is a valid
 * ProduceResponsePartitionProduceResponseInit.
 */
export interface ProduceResponsePartitionProduceResponseInit {
  index: number;
  errorCode: number;
  baseOffset: bigint;
  logAppendTimeMs?: bigint | undefined;
  logStartOffset?: bigint | undefined;
  recordErrors?: readonly ProduceResponseBatchIndexAndErrorMessageInit[] | undefined;
  errorMessage?: string | null | undefined;
  currentLeader?: ProduceResponseLeaderIdAndEpochInit | undefined;
}

/**
 * BatchIndexAndErrorMessage in ProduceResponse (versions 8-11). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface ProduceResponseBatchIndexAndErrorMessage {
  /** The batch index of the record that cause the batch to be dropped. (versions 8-11) */
  batchIndex: number;
  /**
   * The error message of the record that caused the batch to be dropped. (versions 8-11,
   * nullable 8-11, default null)
   */
  batchIndexErrorMessage: string | null;
}

/**
 * ProduceResponseBatchIndexAndErrorMessage as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * ProduceResponseBatchIndexAndErrorMessage is a valid
 * ProduceResponseBatchIndexAndErrorMessageInit.
 */
export interface ProduceResponseBatchIndexAndErrorMessageInit {
  batchIndex: number;
  batchIndexErrorMessage?: string | null | undefined;
}

/**
 * LeaderIdAndEpoch in ProduceResponse (versions 10-11). Decoders return this complete form:
 * a field missing from the decoded version holds its default.
 */
export interface ProduceResponseLeaderIdAndEpoch {
  /**
   * The ID of the current leader or -1 if the leader is unknown. (versions 10-11, default
   * -1)
   */
  leaderId: number;
  /** The latest known leader epoch. (versions 10-11, default -1) */
  leaderEpoch: number;
}

/**
 * ProduceResponseLeaderIdAndEpoch as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded ProduceResponseLeaderIdAndEpoch is
 * a valid ProduceResponseLeaderIdAndEpochInit.
 */
export interface ProduceResponseLeaderIdAndEpochInit {
  leaderId?: number | undefined;
  leaderEpoch?: number | undefined;
}

/**
 * NodeEndpoint in ProduceResponse (versions 10-11). Decoders return this complete form: a
 * field missing from the decoded version holds its default.
 */
export interface ProduceResponseNodeEndpoint {
  /** The ID of the associated node. (versions 10-11) */
  nodeId: number;
  /** The node's hostname. (versions 10-11) */
  host: string;
  /** The node's port. (versions 10-11) */
  port: number;
  /**
   * The rack of the node, or null if it has not been assigned to a rack. (versions 10-11,
   * nullable 10-11, default null)
   */
  rack: string | null;
}

/**
 * ProduceResponseNodeEndpoint as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded ProduceResponseNodeEndpoint is a
 * valid ProduceResponseNodeEndpointInit.
 */
export interface ProduceResponseNodeEndpointInit {
  nodeId: number;
  host: string;
  port: number;
  rack?: string | null | undefined;
}

function defaultProduceResponseLeaderIdAndEpoch(): ProduceResponseLeaderIdAndEpoch {
  return { leaderId: -1, leaderEpoch: -1 };
}

function isDefaultProduceResponseLeaderIdAndEpoch(s: ProduceResponseLeaderIdAndEpochInit): boolean {
  return !(
    (s.leaderId !== undefined && s.leaderId !== -1) ||
    (s.leaderEpoch !== undefined && s.leaderEpoch !== -1)
  );
}

/**
 * Decode a ProduceResponse body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeProduceResponse(r: ByteReader, version: number): ProduceResponse {
  if (version < 0 || version > 11) r.fail(`unsupported version ${version}`);
  const responses: ProduceResponseTopicProduceResponse[] = [];
  for (let i = 0, n = (version >= 9 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    responses.push(decodeProduceResponseTopicProduceResponse(r, version));
  }
  let throttleTimeMs: number = 0;
  if (version >= 1) {
    throttleTimeMs = r.int32();
  }
  let nodeEndpoints: ProduceResponseNodeEndpoint[] = [];
  if (version >= 9) {
    for (let tags = r.taggedFieldCount(); tags > 0; tags--) {
      const tag = r.uvarint();
      const size = r.taggedFieldSize();
      const end = r.position + size;
      switch (tag) {
        case 0: {
          if (version >= 10) {
            {
              const n = r.compactArrayLength();
              {
                const a: ProduceResponseNodeEndpoint[] = [];
                for (let i = 0; i < n; i++) a.push(decodeProduceResponseNodeEndpoint(r, version));
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
  r.check("ProduceResponse", version);
  return { responses, throttleTimeMs, nodeEndpoints };
}

function decodeProduceResponseTopicProduceResponse(r: ByteReader, version: number): ProduceResponseTopicProduceResponse {
  const name = (version >= 9 ? r.compactString() : r.string());
  const partitionResponses: ProduceResponsePartitionProduceResponse[] = [];
  for (let i = 0, n = (version >= 9 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitionResponses.push(decodeProduceResponsePartitionProduceResponse(r, version));
  }
  if (version >= 9) {
    r.skipTaggedFields();
  }
  return { name, partitionResponses };
}

function decodeProduceResponsePartitionProduceResponse(r: ByteReader, version: number): ProduceResponsePartitionProduceResponse {
  const index = r.int32();
  const errorCode = r.int16();
  const baseOffset = r.int64();
  let logAppendTimeMs: bigint = -1n;
  if (version >= 2) {
    logAppendTimeMs = r.int64();
  }
  let logStartOffset: bigint = -1n;
  if (version >= 5) {
    logStartOffset = r.int64();
  }
  let recordErrors: ProduceResponseBatchIndexAndErrorMessage[] = [];
  if (version >= 8) {
    {
      const n = (version >= 9 ? r.compactArrayLength() : r.arrayLength());
      {
        const a: ProduceResponseBatchIndexAndErrorMessage[] = [];
        for (let i = 0; i < n; i++) a.push(decodeProduceResponseBatchIndexAndErrorMessage(r, version));
        recordErrors = a;
      }
    }
  }
  let errorMessage: string | null = null;
  if (version >= 8) {
    errorMessage = (version >= 9 ? r.compactNullableString() : r.nullableString());
  }
  let currentLeader: ProduceResponseLeaderIdAndEpoch = defaultProduceResponseLeaderIdAndEpoch();
  if (version >= 9) {
    for (let tags = r.taggedFieldCount(); tags > 0; tags--) {
      const tag = r.uvarint();
      const size = r.taggedFieldSize();
      const end = r.position + size;
      switch (tag) {
        case 0: {
          if (version >= 10) {
            currentLeader = decodeProduceResponseLeaderIdAndEpoch(r, version);
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
  return { index, errorCode, baseOffset, logAppendTimeMs, logStartOffset, recordErrors, errorMessage, currentLeader };
}

function decodeProduceResponseBatchIndexAndErrorMessage(r: ByteReader, version: number): ProduceResponseBatchIndexAndErrorMessage {
  const batchIndex = r.int32();
  const batchIndexErrorMessage = (version >= 9 ? r.compactNullableString() : r.nullableString());
  if (version >= 9) {
    r.skipTaggedFields();
  }
  return { batchIndex, batchIndexErrorMessage };
}

function decodeProduceResponseLeaderIdAndEpoch(r: ByteReader, _version: number): ProduceResponseLeaderIdAndEpoch {
  const leaderId = r.int32();
  const leaderEpoch = r.int32();
  r.skipTaggedFields();
  return { leaderId, leaderEpoch };
}

function decodeProduceResponseNodeEndpoint(r: ByteReader, _version: number): ProduceResponseNodeEndpoint {
  const nodeId = r.int32();
  const host = r.compactString();
  const port = r.int32();
  const rack = r.compactNullableString();
  r.skipTaggedFields();
  return { nodeId, host, port, rack };
}

/**
 * Encode a ProduceResponse body at `version`; throws KafkaEncodeError when a value cannot be
 * carried by that version.
 */
export function encodeProduceResponse(w: ByteWriter, m: ProduceResponseInit, version: number): void {
  if (version < 0 || version > 11) throw unsupportedVersionError("ProduceResponse", version);
  {
    const x = m.responses;
    if (version >= 9) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeProduceResponseTopicProduceResponse(w, e, version);
    }
  }
  if (version >= 1) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  if (!(version >= 10) && (m.nodeEndpoints !== undefined && (m.nodeEndpoints === null || m.nodeEndpoints.length !== 0))) {
    throw unsupportedFieldError("ProduceResponse", "nodeEndpoints", version);
  }
  if (version >= 9) {
    let tags = 0;
    const hasNodeEndpoints = version >= 10 && (m.nodeEndpoints !== undefined && (m.nodeEndpoints === null || m.nodeEndpoints.length !== 0));
    if (hasNodeEndpoints) tags++;
    w.uvarint(tags);
    if (hasNodeEndpoints) {
      w.uvarint(0);
      const mark = w.beginSized();
      {
        const x = m.nodeEndpoints === undefined ? [] : m.nodeEndpoints;
        w.uvarint(x.length + 1);
        for (const e of x) {
          encodeProduceResponseNodeEndpoint(w, e, version);
        }
      }
      w.endSized(mark);
    }
  }
}

function encodeProduceResponseTopicProduceResponse(w: ByteWriter, m: ProduceResponseTopicProduceResponseInit, version: number): void {
  if (version >= 9) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.partitionResponses;
    if (version >= 9) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeProduceResponsePartitionProduceResponse(w, e, version);
    }
  }
  if (version >= 9) {
    w.uvarint(0);
  }
}

function encodeProduceResponsePartitionProduceResponse(w: ByteWriter, m: ProduceResponsePartitionProduceResponseInit, version: number): void {
  w.int32(m.index);
  w.int16(m.errorCode);
  w.int64(m.baseOffset);
  if (version >= 2) {
    w.int64((m.logAppendTimeMs === undefined ? -1n : m.logAppendTimeMs));
  }
  if (version >= 5) {
    w.int64((m.logStartOffset === undefined ? -1n : m.logStartOffset));
  }
  if (version >= 8) {
    {
      const x = m.recordErrors === undefined ? [] : m.recordErrors;
      if (version >= 9) w.uvarint(x.length + 1); else w.int32(x.length);
      for (const e of x) {
        encodeProduceResponseBatchIndexAndErrorMessage(w, e, version);
      }
    }
  }
  if (version >= 8) {
    {
      const x = m.errorMessage === undefined ? null : m.errorMessage;
      if (x === null) {
        if (version >= 9) w.uvarint(0); else w.int16(-1);
      } else {
        if (version >= 9) w.compactString(x); else w.string(x);
      }
    }
  }
  if (!(version >= 10) && (m.currentLeader !== undefined && (m.currentLeader === null || !isDefaultProduceResponseLeaderIdAndEpoch(m.currentLeader)))) {
    throw unsupportedFieldError("ProduceResponsePartitionProduceResponse", "currentLeader", version);
  }
  if (version >= 9) {
    let tags = 0;
    const hasCurrentLeader = version >= 10 && (m.currentLeader !== undefined && (m.currentLeader === null || !isDefaultProduceResponseLeaderIdAndEpoch(m.currentLeader)));
    if (hasCurrentLeader) tags++;
    w.uvarint(tags);
    if (hasCurrentLeader) {
      w.uvarint(0);
      const mark = w.beginSized();
      encodeProduceResponseLeaderIdAndEpoch(w, (m.currentLeader === undefined ? defaultProduceResponseLeaderIdAndEpoch() : m.currentLeader), version);
      w.endSized(mark);
    }
  }
}

function encodeProduceResponseBatchIndexAndErrorMessage(w: ByteWriter, m: ProduceResponseBatchIndexAndErrorMessageInit, version: number): void {
  w.int32(m.batchIndex);
  {
    const x = m.batchIndexErrorMessage === undefined ? null : m.batchIndexErrorMessage;
    if (x === null) {
      if (version >= 9) w.uvarint(0); else w.int16(-1);
    } else {
      if (version >= 9) w.compactString(x); else w.string(x);
    }
  }
  if (version >= 9) {
    w.uvarint(0);
  }
}

function encodeProduceResponseLeaderIdAndEpoch(w: ByteWriter, m: ProduceResponseLeaderIdAndEpochInit, _version: number): void {
  w.int32((m.leaderId === undefined ? -1 : m.leaderId));
  w.int32((m.leaderEpoch === undefined ? -1 : m.leaderEpoch));
  w.uvarint(0);
}

function encodeProduceResponseNodeEndpoint(w: ByteWriter, m: ProduceResponseNodeEndpointInit, _version: number): void {
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
