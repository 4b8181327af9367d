// generated — do not edit. Source: DescribeLogDirsResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * DescribeLogDirsResponse (api key 35): versions 0-4, flexible 2+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeLogDirsResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 0-4)
   */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (versions 3-4, default 0) */
  errorCode: number;
  /** The log directories. (versions 0-4) */
  results: DescribeLogDirsResponseDescribeLogDirsResult[];
}

/**
 * DescribeLogDirsResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded DescribeLogDirsResponse is a valid
 * DescribeLogDirsResponseInit.
 */
export interface DescribeLogDirsResponseInit {
  throttleTimeMs: number;
  errorCode?: number | undefined;
  results: readonly DescribeLogDirsResponseDescribeLogDirsResultInit[];
}

/**
 * DescribeLogDirsResult in DescribeLogDirsResponse (versions 0-4). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeLogDirsResponseDescribeLogDirsResult {
  /** The error code, or 0 if there was no error. (versions 0-4) */
  errorCode: number;
  /** The absolute log directory path. (versions 0-4) */
  logDir: string;
  /** Each topic. (versions 0-4) */
  topics: DescribeLogDirsResponseDescribeLogDirsTopic[];
  /** The total size in bytes of the volume the log directory is in. (versions 4, default -1n) */
  totalBytes: bigint;
  /**
   * The usable size in bytes of the volume the log directory is in. (versions 4, default
   * -1n)
   */
  usableBytes: bigint;
}

/**
 * DescribeLogDirsResponseDescribeLogDirsResult as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * DescribeLogDirsResponseDescribeLogDirsResult is a valid
 * DescribeLogDirsResponseDescribeLogDirsResultInit.
 */
export interface DescribeLogDirsResponseDescribeLogDirsResultInit {
  errorCode: number;
  logDir: string;
  topics: readonly DescribeLogDirsResponseDescribeLogDirsTopicInit[];
  totalBytes?: bigint | undefined;
  usableBytes?: bigint | undefined;
}

/**
 * DescribeLogDirsTopic in DescribeLogDirsResponse (versions 0-4). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeLogDirsResponseDescribeLogDirsTopic {
  /** The topic name. (versions 0-4) */
  name: string;
  /** (versions 0-4) */
  partitions: DescribeLogDirsResponseDescribeLogDirsPartition[];
}

/**
 * DescribeLogDirsResponseDescribeLogDirsTopic as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * DescribeLogDirsResponseDescribeLogDirsTopic is a valid
 * DescribeLogDirsResponseDescribeLogDirsTopicInit.
 */
export interface DescribeLogDirsResponseDescribeLogDirsTopicInit {
  name: string;
  partitions: readonly DescribeLogDirsResponseDescribeLogDirsPartitionInit[];
}

/**
 * DescribeLogDirsPartition in DescribeLogDirsResponse (versions 0-4). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeLogDirsResponseDescribeLogDirsPartition {
  /** The partition index. (versions 0-4) */
  partitionIndex: number;
  /** The size of the log segments in this partition in bytes. (versions 0-4) */
  partitionSize: bigint;
  /**
   * The lag of the log's LEO w.r.t. partition's HW (if it is the current log for the
   * partition) or current replica's LEO (if it is the future log for the partition).
   * (versions 0-4)
   */
  offsetLag: bigint;
  /**
   * True if this log is created by AlterReplicaLogDirsRequest and will replace the current
   * log of the replica in the future. (versions 0-4)
   */
  isFutureKey: boolean;
}

/**
 * DescribeLogDirsResponseDescribeLogDirsPartition as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * DescribeLogDirsResponseDescribeLogDirsPartition is a valid
 * DescribeLogDirsResponseDescribeLogDirsPartitionInit.
 */
export interface DescribeLogDirsResponseDescribeLogDirsPartitionInit {
  partitionIndex: number;
  partitionSize: bigint;
  offsetLag: bigint;
  isFutureKey: boolean;
}

/**
 * Decode a DescribeLogDirsResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDescribeLogDirsResponse(r: ByteReader, version: number): DescribeLogDirsResponse {
  if (version < 0 || version > 4) r.fail(`unsupported version ${version}`);
  const throttleTimeMs = r.int32();
  let errorCode: number = 0;
  if (version >= 3) {
    errorCode = r.int16();
  }
  const results: DescribeLogDirsResponseDescribeLogDirsResult[] = [];
  for (let i = 0, n = (version >= 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    results.push(decodeDescribeLogDirsResponseDescribeLogDirsResult(r, version));
  }
  if (version >= 2) {
    r.skipTaggedFields();
  }
  r.check("DescribeLogDirsResponse", version);
  return { throttleTimeMs, errorCode, results };
}

function decodeDescribeLogDirsResponseDescribeLogDirsResult(r: ByteReader, version: number): DescribeLogDirsResponseDescribeLogDirsResult {
  const errorCode = r.int16();
  const logDir = (version >= 2 ? r.compactString() : r.string());
  const topics: DescribeLogDirsResponseDescribeLogDirsTopic[] = [];
  for (let i = 0, n = (version >= 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topics.push(decodeDescribeLogDirsResponseDescribeLogDirsTopic(r, version));
  }
  let totalBytes: bigint = -1n;
  if (version === 4) {
    totalBytes = r.int64();
  }
  let usableBytes: bigint = -1n;
  if (version === 4) {
    usableBytes = r.int64();
  }
  if (version >= 2) {
    r.skipTaggedFields();
  }
  return { errorCode, logDir, topics, totalBytes, usableBytes };
}

function decodeDescribeLogDirsResponseDescribeLogDirsTopic(r: ByteReader, version: number): DescribeLogDirsResponseDescribeLogDirsTopic {
  const name = (version >= 2 ? r.compactString() : r.string());
  const partitions: DescribeLogDirsResponseDescribeLogDirsPartition[] = [];
  for (let i = 0, n = (version >= 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(decodeDescribeLogDirsResponseDescribeLogDirsPartition(r, version));
  }
  if (version >= 2) {
    r.skipTaggedFields();
  }
  return { name, partitions };
}

function decodeDescribeLogDirsResponseDescribeLogDirsPartition(r: ByteReader, version: number): DescribeLogDirsResponseDescribeLogDirsPartition {
  const partitionIndex = r.int32();
  const partitionSize = r.int64();
  const offsetLag = r.int64();
  const isFutureKey = r.bool();
  if (version >= 2) {
    r.skipTaggedFields();
  }
  return { partitionIndex, partitionSize, offsetLag, isFutureKey };
}

/**
 * Encode a DescribeLogDirsResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDescribeLogDirsResponse(w: ByteWriter, m: DescribeLogDirsResponseInit, version: number): void {
  if (version < 0 || version > 4) throw unsupportedVersionError("DescribeLogDirsResponse", version);
  w.int32(m.throttleTimeMs);
  if (version >= 3) {
    w.int16((m.errorCode === undefined ? 0 : m.errorCode));
  }
  {
    const x = m.results;
    if (version >= 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeDescribeLogDirsResponseDescribeLogDirsResult(w, e, version);
    }
  }
  if (version >= 2) {
    w.uvarint(0);
  }
}

function encodeDescribeLogDirsResponseDescribeLogDirsResult(w: ByteWriter, m: DescribeLogDirsResponseDescribeLogDirsResultInit, version: number): void {
  w.int16(m.errorCode);
  if (version >= 2) w.compactString(m.logDir); else w.string(m.logDir);
  {
    const x = m.topics;
    if (version >= 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeDescribeLogDirsResponseDescribeLogDirsTopic(w, e, version);
    }
  }
  if (version === 4) {
    w.int64((m.totalBytes === undefined ? -1n : m.totalBytes));
  }
  if (version === 4) {
    w.int64((m.usableBytes === undefined ? -1n : m.usableBytes));
  }
  if (version >= 2) {
    w.uvarint(0);
  }
}

function encodeDescribeLogDirsResponseDescribeLogDirsTopic(w: ByteWriter, m: DescribeLogDirsResponseDescribeLogDirsTopicInit, version: number): void {
  if (version >= 2) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.partitions;
    if (version >= 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeDescribeLogDirsResponseDescribeLogDirsPartition(w, e, version);
    }
  }
  if (version >= 2) {
    w.uvarint(0);
  }
}

function encodeDescribeLogDirsResponseDescribeLogDirsPartition(w: ByteWriter, m: DescribeLogDirsResponseDescribeLogDirsPartitionInit, version: number): void {
  w.int32(m.partitionIndex);
  w.int64(m.partitionSize);
  w.int64(m.offsetLag);
  w.bool(m.isFutureKey);
  if (version >= 2) {
    w.uvarint(0);
  }
}
