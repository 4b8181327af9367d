// generated — do not edit. Source: DescribeProducersResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * DescribeProducersResponse (api key 61): versions 0, flexible 0+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeProducersResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 0)
   */
  throttleTimeMs: number;
  /** Each topic in the response. (versions 0) */
  topics: DescribeProducersResponseTopicResponse[];
}

/**
 * DescribeProducersResponse as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded DescribeProducersResponse is a
 * valid DescribeProducersResponseInit.
 */
export interface DescribeProducersResponseInit {
  throttleTimeMs: number;
  topics: readonly DescribeProducersResponseTopicResponseInit[];
}

/**
 * TopicResponse in DescribeProducersResponse (versions 0). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface DescribeProducersResponseTopicResponse {
  /** The topic name. (versions 0) */
  name: string;
  /** Each partition in the response. (versions 0) */
  partitions: DescribeProducersResponsePartitionResponse[];
}

/**
 * DescribeProducersResponseTopicResponse as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * DescribeProducersResponseTopicResponse is a valid
 * DescribeProducersResponseTopicResponseInit.
 */
export interface DescribeProducersResponseTopicResponseInit {
  name: string;
  partitions: readonly DescribeProducersResponsePartitionResponseInit[];
}

/**
 * PartitionResponse in DescribeProducersResponse (versions 0). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface DescribeProducersResponsePartitionResponse {
  /** The partition index. (versions 0) */
  partitionIndex: number;
  /** The partition error code, or 0 if there was no error. (versions 0) */
  errorCode: number;
  /**
   * The partition error message, which may be null if no additional details are available.
   * (versions 0, nullable 0, default null)
   */
  errorMessage: string | null;
  /** (versions 0) */
  activeProducers: DescribeProducersResponseProducerState[];
}

/**
 * DescribeProducersResponsePartitionResponse as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * DescribeProducersResponsePartitionResponse is a valid
 * DescribeProducersResponsePartitionResponseInit.
 */
export interface DescribeProducersResponsePartitionResponseInit {
  partitionIndex: number;
  errorCode: number;
  errorMessage?: string | null | undefined;
  activeProducers: readonly DescribeProducersResponseProducerStateInit[];
}

/**
 * ProducerState in DescribeProducersResponse (versions 0). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface DescribeProducersResponseProducerState {
  /** (versions 0) */
  producerId: bigint;
  /** (versions 0) */
  producerEpoch: number;
  /** (versions 0, default -1) */
  lastSequence: number;
  /** (versions 0, default -1n) */
  lastTimestamp: bigint;
  /** (versions 0) */
  coordinatorEpoch: number;
  /** (versions 0, default -1n) */
  currentTxnStartOffset: bigint;
}

/**
 * DescribeProducersResponseProducerState as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * DescribeProducersResponseProducerState is a valid
 * DescribeProducersResponseProducerStateInit.
 */
export interface DescribeProducersResponseProducerStateInit {
  producerId: bigint;
  producerEpoch: number;
  lastSequence?: number | undefined;
  lastTimestamp?: bigint | undefined;
  coordinatorEpoch: number;
  currentTxnStartOffset?: bigint | undefined;
}

/**
 * Decode a DescribeProducersResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDescribeProducersResponse(r: ByteReader, version: number): DescribeProducersResponse {
  if (version < 0 || version > 0) r.fail(`unsupported version ${version}`);
  const throttleTimeMs = r.int32();
  const topics: DescribeProducersResponseTopicResponse[] = [];
  for (let i = 0, n = r.compactArrayLength(); i < n; i++) {
    topics.push(decodeDescribeProducersResponseTopicResponse(r, version));
  }
  r.skipTaggedFields();
  r.check("DescribeProducersResponse", version);
  return { throttleTimeMs, topics };
}

function decodeDescribeProducersResponseTopicResponse(r: ByteReader, version: number): DescribeProducersResponseTopicResponse {
  const name = r.compactString();
  const partitions: DescribeProducersResponsePartitionResponse[] = [];
  for (let i = 0, n = r.compactArrayLength(); i < n; i++) {
    partitions.push(decodeDescribeProducersResponsePartitionResponse(r, version));
  }
  r.skipTaggedFields();
  return { name, partitions };
}

function decodeDescribeProducersResponsePartitionResponse(r: ByteReader, version: number): DescribeProducersResponsePartitionResponse {
  const partitionIndex = r.int32();
  const errorCode = r.int16();
  const errorMessage = r.compactNullableString();
  const activeProducers: DescribeProducersResponseProducerState[] = [];
  for (let i = 0, n = r.compactArrayLength(); i < n; i++) {
    activeProducers.push(decodeDescribeProducersResponseProducerState(r, version));
  }
  r.skipTaggedFields();
  return { partitionIndex, errorCode, errorMessage, activeProducers };
}

function decodeDescribeProducersResponseProducerState(r: ByteReader, _version: number): DescribeProducersResponseProducerState {
  const producerId = r.int64();
  const producerEpoch = r.int32();
  const lastSequence = r.int32();
  const lastTimestamp = r.int64();
  const coordinatorEpoch = r.int32();
  const currentTxnStartOffset = r.int64();
  r.skipTaggedFields();
  return { producerId, producerEpoch, lastSequence, lastTimestamp, coordinatorEpoch, currentTxnStartOffset };
}

/**
 * Encode a DescribeProducersResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDescribeProducersResponse(w: ByteWriter, m: DescribeProducersResponseInit, version: number): void {
  if (version < 0 || version > 0) throw unsupportedVersionError("DescribeProducersResponse", version);
  w.int32(m.throttleTimeMs);
  {
    const x = m.topics;
    w.uvarint(x.length + 1);
    for (const e of x) {
      encodeDescribeProducersResponseTopicResponse(w, e, version);
    }
  }
  w.uvarint(0);
}

function encodeDescribeProducersResponseTopicResponse(w: ByteWriter, m: DescribeProducersResponseTopicResponseInit, version: number): void {
  w.compactString(m.name);
  {
    const x = m.partitions;
    w.uvarint(x.length + 1);
    for (const e of x) {
      encodeDescribeProducersResponsePartitionResponse(w, e, version);
    }
  }
  w.uvarint(0);
}

function encodeDescribeProducersResponsePartitionResponse(w: ByteWriter, m: DescribeProducersResponsePartitionResponseInit, version: number): void {
  w.int32(m.partitionIndex);
  w.int16(m.errorCode);
  {
    const x = m.errorMessage === undefined ? null : m.errorMessage;
    if (x === null) {
      w.uvarint(0);
    } else {
      w.compactString(x);
    }
  }
  {
    const x = m.activeProducers;
    w.uvarint(x.length + 1);
    for (const e of x) {
      encodeDescribeProducersResponseProducerState(w, e, version);
    }
  }
  w.uvarint(0);
}

function encodeDescribeProducersResponseProducerState(w: ByteWriter, m: DescribeProducersResponseProducerStateInit, _version: number): void {
  w.int64(m.producerId);
  w.int32(m.producerEpoch);
  w.int32((m.lastSequence === undefined ? -1 : m.lastSequence));
  w.int64((m.lastTimestamp === undefined ? -1n : m.lastTimestamp));
  w.int32(m.coordinatorEpoch);
  w.int64((m.currentTxnStartOffset === undefined ? -1n : m.currentTxnStartOffset));
  w.uvarint(0);
}
