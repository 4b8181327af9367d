// generated — do not edit. Source: DescribeLogDirsRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * DescribeLogDirsRequest (api key 35): versions 0-4, flexible 2+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeLogDirsRequest {
  /**
   * Each topic that we want to describe log directories for, or null for all topics.
   * (versions 0-4, nullable 0-4)
   */
  topics: DescribeLogDirsRequestDescribableLogDirTopic[] | null;
}

/**
 * DescribeLogDirsRequest as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded DescribeLogDirsRequest is a valid
 * DescribeLogDirsRequestInit.
 */
export interface DescribeLogDirsRequestInit {
  topics: readonly DescribeLogDirsRequestDescribableLogDirTopicInit[] | null;
}

/**
 * DescribableLogDirTopic in DescribeLogDirsRequest (versions 0-4). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeLogDirsRequestDescribableLogDirTopic {
  /** The topic name. (versions 0-4) */
  topic: string;
  /** The partition indexes. (versions 0-4) */
  partitions: number[];
}

/**
 * DescribeLogDirsRequestDescribableLogDirTopic as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * DescribeLogDirsRequestDescribableLogDirTopic is a valid
 * DescribeLogDirsRequestDescribableLogDirTopicInit.
 */
export interface DescribeLogDirsRequestDescribableLogDirTopicInit {
  topic: string;
  partitions: readonly number[];
}

/**
 * Decode a DescribeLogDirsRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDescribeLogDirsRequest(r: ByteReader, version: number): DescribeLogDirsRequest {
  if (version < 0 || version > 4) r.fail(`unsupported version ${version}`);
  let topics: DescribeLogDirsRequestDescribableLogDirTopic[] | null = [];
  {
    const n = (version >= 2 ? r.compactNullableArrayLength() : r.nullableArrayLength());
    if (n < 0) topics = null;
    else {
      const a: DescribeLogDirsRequestDescribableLogDirTopic[] = [];
      for (let i = 0; i < n; i++) a.push(decodeDescribeLogDirsRequestDescribableLogDirTopic(r, version));
      topics = a;
    }
  }
  if (version >= 2) {
    r.skipTaggedFields();
  }
  r.check("DescribeLogDirsRequest", version);
  return { topics };
}

function decodeDescribeLogDirsRequestDescribableLogDirTopic(r: ByteReader, version: number): DescribeLogDirsRequestDescribableLogDirTopic {
  const topic = (version >= 2 ? r.compactString() : r.string());
  const partitions: number[] = [];
  for (let i = 0, n = (version >= 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitions.push(r.int32());
  }
  if (version >= 2) {
    r.skipTaggedFields();
  }
  return { topic, partitions };
}

/**
 * Encode a DescribeLogDirsRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDescribeLogDirsRequest(w: ByteWriter, m: DescribeLogDirsRequestInit, version: number): void {
  if (version < 0 || version > 4) throw unsupportedVersionError("DescribeLogDirsRequest", version);
  {
    const x = m.topics;
    if (x === null) {
      if (version >= 2) w.uvarint(0); else w.int32(-1);
    } else {
      if (version >= 2) w.uvarint(x.length + 1); else w.int32(x.length);
      for (const e of x) {
        encodeDescribeLogDirsRequestDescribableLogDirTopic(w, e, version);
      }
    }
  }
  if (version >= 2) {
    w.uvarint(0);
  }
}

function encodeDescribeLogDirsRequestDescribableLogDirTopic(w: ByteWriter, m: DescribeLogDirsRequestDescribableLogDirTopicInit, version: number): void {
  if (version >= 2) w.compactString(m.topic); else w.string(m.topic);
  {
    const x = m.partitions;
    if (version >= 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      w.int32(e);
    }
  }
  if (version >= 2) {
    w.uvarint(0);
  }
}
