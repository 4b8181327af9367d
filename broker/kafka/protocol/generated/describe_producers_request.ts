// generated — do not edit. Source: DescribeProducersRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * DescribeProducersRequest (api key 61): versions 0, flexible 0+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeProducersRequest {
  /** (versions 0) */
  topics: DescribeProducersRequestTopicRequest[];
}

/**
 * DescribeProducersRequest as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded DescribeProducersRequest is a valid
 * DescribeProducersRequestInit.
 */
export interface DescribeProducersRequestInit {
  topics: readonly DescribeProducersRequestTopicRequestInit[];
}

/**
 * TopicRequest in DescribeProducersRequest (versions 0). Decoders return this complete form:
 * a field missing from the decoded version holds its default.
 */
export interface DescribeProducersRequestTopicRequest {
  /** The topic name. (versions 0) */
  name: string;
  /** The indexes of the partitions to list producers for. (versions 0) */
  partitionIndexes: number[];
}

/**
 * DescribeProducersRequestTopicRequest as encoders accept it: fields that have a default (or
 * are missing from some versions) may be left out. A decoded
 * DescribeProducersRequestTopicRequest is a valid DescribeProducersRequestTopicRequestInit.
 */
export interface DescribeProducersRequestTopicRequestInit {
  name: string;
  partitionIndexes: readonly number[];
}

/**
 * Decode a DescribeProducersRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDescribeProducersRequest(r: ByteReader, version: number): DescribeProducersRequest {
  if (version < 0 || version > 0) r.fail(`unsupported version ${version}`);
  const topics: DescribeProducersRequestTopicRequest[] = [];
  for (let i = 0, n = r.compactArrayLength(); i < n; i++) {
    topics.push(decodeDescribeProducersRequestTopicRequest(r, version));
  }
  r.skipTaggedFields();
  r.check("DescribeProducersRequest", version);
  return { topics };
}

function decodeDescribeProducersRequestTopicRequest(r: ByteReader, _version: number): DescribeProducersRequestTopicRequest {
  const name = r.compactString();
  const partitionIndexes: number[] = [];
  for (let i = 0, n = r.compactArrayLength(); i < n; i++) {
    partitionIndexes.push(r.int32());
  }
  r.skipTaggedFields();
  return { name, partitionIndexes };
}

/**
 * Encode a DescribeProducersRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDescribeProducersRequest(w: ByteWriter, m: DescribeProducersRequestInit, version: number): void {
  if (version < 0 || version > 0) throw unsupportedVersionError("DescribeProducersRequest", version);
  {
    const x = m.topics;
    w.uvarint(x.length + 1);
    for (const e of x) {
      encodeDescribeProducersRequestTopicRequest(w, e, version);
    }
  }
  w.uvarint(0);
}

function encodeDescribeProducersRequestTopicRequest(w: ByteWriter, m: DescribeProducersRequestTopicRequestInit, _version: number): void {
  w.compactString(m.name);
  {
    const x = m.partitionIndexes;
    w.uvarint(x.length + 1);
    for (const e of x) {
      w.int32(e);
    }
  }
  w.uvarint(0);
}
