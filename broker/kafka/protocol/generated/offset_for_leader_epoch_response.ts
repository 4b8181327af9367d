// generated — do not edit. Source: OffsetForLeaderEpochResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * OffsetForLeaderEpochResponse (api key 23): versions 0-4, flexible 4+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetForLeaderEpochResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 2-4, default 0)
   */
  throttleTimeMs: number;
  /** Each topic we fetched offsets for. (versions 0-4) */
  topics: OffsetForLeaderEpochResponseOffsetForLeaderTopicResult[];
}

/**
 * OffsetForLeaderEpochResponse as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded OffsetForLeaderEpochResponse is a
 * valid OffsetForLeaderEpochResponseInit.
 */
export interface OffsetForLeaderEpochResponseInit {
  throttleTimeMs?: number | undefined;
  topics: readonly OffsetForLeaderEpochResponseOffsetForLeaderTopicResultInit[];
}

/**
 * OffsetForLeaderTopicResult in OffsetForLeaderEpochResponse (versions 0-4). Decoders return
 * this complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetForLeaderEpochResponseOffsetForLeaderTopicResult {
  /** The topic name. (versions 0-4) */
  topic: string;
  /** Each partition in the topic we fetched offsets for. (versions 0-4) */
  partitions: OffsetForLeaderEpochResponseEpochEndOffset[];
}

/**
 * OffsetForLeaderEpochResponseOffsetForLeaderTopicResult as encoders accept it: fields that
 * have a default (or are missing from some versions) may be left out. A decoded
 * OffsetForLeaderEpochResponseOffsetForLeaderTopicResult is a valid
 * OffsetForLeaderEpochResponseOffsetForLeaderTopicResultInit.
 */
export interface OffsetForLeaderEpochResponseOffsetForLeaderTopicResultInit {
  topic: string;
  partitions: readonly OffsetForLeaderEpochResponseEpochEndOffsetInit[];
}

/**
 * EpochEndOffset in OffsetForLeaderEpochResponse (versions 0-4). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetForLeaderEpochResponseEpochEndOffset {
  /** The error code 0, or if there was no error. (versions 0-4) */
  errorCode: number;
  /** The partition index. (versions 0-4) */
  partition: number;
  /** The leader epoch of the partition. (versions 1-4, default -1) */
  leaderEpoch: number;
  /** The end offset of the epoch. (versions 0-4, default -1n) */
  endOffset: bigint;
}

/**
 * OffsetForLeaderEpochResponseEpochEndOffset as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetForLeaderEpochResponseEpochEndOffset is a valid
 * OffsetForLeaderEpochResponseEpochEndOffsetInit.
 */
export interface OffsetForLeaderEpochResponseEpochEndOffsetInit {
  errorCode: number;
  partition: number;
  leaderEpoch?: number | undefined;
  endOffset?: bigint | undefined;
}

/**
 * Decode a OffsetForLeaderEpochResponse body at `version`; throws KafkaDecodeError (naming
 * the version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeOffsetForLeaderEpochResponse(r: ByteReader, version: number): OffsetForLeaderEpochResponse {
  if (version < 0 || version > 4) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 2) {
    throttleTimeMs = r.int32();
  }
  const topics: OffsetForLeaderEpochResponseOffsetForLeaderTopicResult[] = [];
  for (let i = 0, n = (version === 4 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topics.push(decodeOffsetForLeaderEpochResponseOffsetForLeaderTopicResult(r, version));
  }
  if (version === 4) {
    r.skipTaggedFields();
  }
  r.check("OffsetForLeaderEpochResponse", version);
  return { throttleTimeMs, topics };
}

function decodeOffsetForLeaderEpochResponseOffsetForLeaderTopicResult(r: ByteReader, version: number): OffsetForLeaderEpochResponseOffsetForLeaderTopicResult {
  const topic = (version === 4 ? r.compactString() : r.string());
  const partitions: OffsetForLeaderEpochResponseEpochEndOffset[] = [];
  for (let i = 0, n = (version === 4 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(decodeOffsetForLeaderEpochResponseEpochEndOffset(r, version));
  }
  if (version === 4) {
    r.skipTaggedFields();
  }
  return { topic, partitions };
}

function decodeOffsetForLeaderEpochResponseEpochEndOffset(r: ByteReader, version: number): OffsetForLeaderEpochResponseEpochEndOffset {
  const errorCode = r.int16();
  const partition = r.int32();
  let leaderEpoch: number = -1;
  if (version >= 1) {
    leaderEpoch = r.int32();
  }
  const endOffset = r.int64();
  if (version === 4) {
    r.skipTaggedFields();
  }
  return { errorCode, partition, leaderEpoch, endOffset };
}

/**
 * Encode a OffsetForLeaderEpochResponse body at `version`; throws KafkaEncodeError when a
 * value cannot be carried by that version.
 */
export function encodeOffsetForLeaderEpochResponse(w: ByteWriter, m: OffsetForLeaderEpochResponseInit, version: number): void {
  if (version < 0 || version > 4) throw unsupportedVersionError("OffsetForLeaderEpochResponse", version);
  if (version >= 2) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  {
    const x = m.topics;
    if (version === 4) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeOffsetForLeaderEpochResponseOffsetForLeaderTopicResult(w, e, version);
    }
  }
  if (version === 4) {
    w.uvarint(0);
  }
}

function encodeOffsetForLeaderEpochResponseOffsetForLeaderTopicResult(w: ByteWriter, m: OffsetForLeaderEpochResponseOffsetForLeaderTopicResultInit, version: number): void {
  if (version === 4) w.compactString(m.topic); else w.string(m.topic);
  {
    const x = m.partitions;
    if (version === 4) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeOffsetForLeaderEpochResponseEpochEndOffset(w, e, version);
    }
  }
  if (version === 4) {
    w.uvarint(0);
  }
}

function encodeOffsetForLeaderEpochResponseEpochEndOffset(w: ByteWriter, m: OffsetForLeaderEpochResponseEpochEndOffsetInit, version: number): void {
  w.int16(m.errorCode);
  w.int32(m.partition);
  if (version >= 1) {
    w.int32((m.leaderEpoch === undefined ? -1 : m.leaderEpoch));
  }
  w.int64((m.endOffset === undefined ? -1n : m.endOffset));
  if (version === 4) {
    w.uvarint(0);
  }
}
