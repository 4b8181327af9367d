// generated — do not edit. Source: OffsetForLeaderEpochRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * OffsetForLeaderEpochRequest (api key 23): versions 0-4, flexible 4+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetForLeaderEpochRequest {
  /**
   * The broker ID of the follower, of -1 if this request is from a consumer. (versions 3-4,
   * default -2)
   */
  replicaId: number;
  /** Each topic to get offsets for. (versions 0-4) */
  topics: OffsetForLeaderEpochRequestOffsetForLeaderTopic[];
}

/**
 * OffsetForLeaderEpochRequest as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded OffsetForLeaderEpochRequest is a
 * valid OffsetForLeaderEpochRequestInit.
 */
export interface OffsetForLeaderEpochRequestInit {
  replicaId?: number | undefined;
  topics: readonly OffsetForLeaderEpochRequestOffsetForLeaderTopicInit[];
}

/**
 * OffsetForLeaderTopic in OffsetForLeaderEpochRequest (versions 0-4). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetForLeaderEpochRequestOffsetForLeaderTopic {
  /** The topic name. (versions 0-4) */
  topic: string;
  /** Each partition to get offsets for. (versions 0-4) */
  partitions: OffsetForLeaderEpochRequestOffsetForLeaderPartition[];
}

/**
 * OffsetForLeaderEpochRequestOffsetForLeaderTopic as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * OffsetForLeaderEpochRequestOffsetForLeaderTopic is a valid
 * OffsetForLeaderEpochRequestOffsetForLeaderTopicInit.
 */
export interface OffsetForLeaderEpochRequestOffsetForLeaderTopicInit {
  topic: string;
  partitions: readonly OffsetForLeaderEpochRequestOffsetForLeaderPartitionInit[];
}

/**
 * OffsetForLeaderPartition in OffsetForLeaderEpochRequest (versions 0-4). Decoders return
 * this complete form: a field missing from the decoded version holds its default.
 */
export interface OffsetForLeaderEpochRequestOffsetForLeaderPartition {
  /** The partition index. (versions 0-4) */
  partition: number;
  /**
   * An epoch used to fence consumers/replicas with old metadata. If the epoch provided by
   * the client is larger than the current epoch known to the broker, then the
   * UNKNOWN_LEADER_EPOCH error code will be returned. If the provided epoch is smaller, then
   * the FENCED_LEADER_EPOCH error code will be returned. (versions 2-4, default -1)
   */
  currentLeaderEpoch: number;
  /** The epoch to look up an offset for. (versions 0-4) */
  leaderEpoch: number;
}

/**
 * OffsetForLeaderEpochRequestOffsetForLeaderPartition as encoders accept it: fields that
 * have a default (or are missing from some versions) may be left out. A decoded
 * OffsetForLeaderEpochRequestOffsetForLeaderPartition is a valid
 * OffsetForLeaderEpochRequestOffsetForLeaderPartitionInit.
 */
export interface OffsetForLeaderEpochRequestOffsetForLeaderPartitionInit {
  partition: number;
  currentLeaderEpoch?: number | undefined;
  leaderEpoch: number;
}

/**
 * Decode a OffsetForLeaderEpochRequest body at `version`; throws KafkaDecodeError (naming
 * the version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeOffsetForLeaderEpochRequest(r: ByteReader, version: number): OffsetForLeaderEpochRequest {
  if (version < 0 || version > 4) r.fail(`unsupported version ${version}`);
  let replicaId: number = -2;
  if (version >= 3) {
    replicaId = r.int32();
  }
  const topics: OffsetForLeaderEpochRequestOffsetForLeaderTopic[] = [];
  for (let i = 0, n = (version === 4 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topics.push(decodeOffsetForLeaderEpochRequestOffsetForLeaderTopic(r, version));
  }
  if (version === 4) {
    r.skipTaggedFields();
  }
  r.check("OffsetForLeaderEpochRequest", version);
  return { replicaId, topics };
}

function decodeOffsetForLeaderEpochRequestOffsetForLeaderTopic(r: ByteReader, version: number): OffsetForLeaderEpochRequestOffsetForLeaderTopic {
  const topic = (version === 4 ? r.compactString() : r.string());
  const partitions: OffsetForLeaderEpochRequestOffsetForLeaderPartition[] = [];
  for (let i = 0, n = (version === 4 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(decodeOffsetForLeaderEpochRequestOffsetForLeaderPartition(r, version));
  }
  if (version === 4) {
    r.skipTaggedFields();
  }
  return { topic, partitions };
}

function decodeOffsetForLeaderEpochRequestOffsetForLeaderPartition(r: ByteReader, version: number): OffsetForLeaderEpochRequestOffsetForLeaderPartition {
  const partition = r.int32();
  let currentLeaderEpoch: number = -1;
  if (version >= 2) {
    currentLeaderEpoch = r.int32();
  }
  const leaderEpoch = r.int32();
  if (version === 4) {
    r.skipTaggedFields();
  }
  return { partition, currentLeaderEpoch, leaderEpoch };
}

/**
 * Encode a OffsetForLeaderEpochRequest body at `version`; throws KafkaEncodeError when a
 * value cannot be carried by that version.
 */
export function encodeOffsetForLeaderEpochRequest(w: ByteWriter, m: OffsetForLeaderEpochRequestInit, version: number): void {
  if (version < 0 || version > 4) throw unsupportedVersionError("OffsetForLeaderEpochRequest", version);
  if (version >= 3) {
    w.int32((m.replicaId === undefined ? -2 : m.replicaId));
  }
  {
    const x = m.topics;
    if (version === 4) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeOffsetForLeaderEpochRequestOffsetForLeaderTopic(w, e, version);
    }
  }
  if (version === 4) {
    w.uvarint(0);
  }
}

function encodeOffsetForLeaderEpochRequestOffsetForLeaderTopic(w: ByteWriter, m: OffsetForLeaderEpochRequestOffsetForLeaderTopicInit, version: number): void {
  if (version === 4) w.compactString(m.topic); else w.string(m.topic);
  {
    const x = m.partitions;
    if (version === 4) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeOffsetForLeaderEpochRequestOffsetForLeaderPartition(w, e, version);
    }
  }
  if (version === 4) {
    w.uvarint(0);
  }
}

function encodeOffsetForLeaderEpochRequestOffsetForLeaderPartition(w: ByteWriter, m: OffsetForLeaderEpochRequestOffsetForLeaderPartitionInit, version: number): void {
  w.int32(m.partition);
  if (version >= 2) {
    w.int32((m.currentLeaderEpoch === undefined ? -1 : m.currentLeaderEpoch));
  }
  w.int32(m.leaderEpoch);
  if (version === 4) {
    w.uvarint(0);
  }
}
