// generated — do not edit. Source: ProduceRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * ProduceRequest (api key 0): versions 0-11, flexible 9+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ProduceRequest {
  /**
   * The transactional ID, or null if the producer is not transactional. (versions 3-11,
   * nullable 3-11, default null)
   */
  transactionalId: string | null;
  /**
   * The number of acknowledgments the producer requires the leader to have received before
   * considering a request complete. Allowed values: 0 for no acknowledgments, 1 for only the
   * leader and -1 for the full ISR. (versions 0-11)
   */
  acks: number;
  /** The timeout to await a response in milliseconds. (versions 0-11) */
  timeoutMs: number;
  /** Each topic to produce to. (versions 0-11) */
  topicData: ProduceRequestTopicProduceData[];
}

/**
 * ProduceRequest as encoders accept it: fields that have a default (or are missing from some
 * versions) may be left out. A decoded ProduceRequest is a valid ProduceRequestInit.
 */
export interface ProduceRequestInit {
  transactionalId?: string | null | undefined;
  acks: number;
  timeoutMs: number;
  topicData: readonly ProduceRequestTopicProduceDataInit[];
}

/**
 * TopicProduceData in ProduceRequest (versions 0-11). Decoders return this complete form: a
 * field missing from the decoded version holds its default.
 */
export interface ProduceRequestTopicProduceData {
  /** The topic name. (versions 0-11) */
  name: string;
  /** Each partition to produce to. (versions 0-11) */
  partitionData: ProduceRequestPartitionProduceData[];
}

/**
 * ProduceRequestTopicProduceData as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded ProduceRequestTopicProduceData is a
 * valid ProduceRequestTopicProduceDataInit.
 */
export interface ProduceRequestTopicProduceDataInit {
  name: string;
  partitionData: readonly ProduceRequestPartitionProduceDataInit[];
}

/**
 * PartitionProduceData in ProduceRequest (versions 0-11). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ProduceRequestPartitionProduceData {
  /** The partition index. (versions 0-11) */
  index: number;
  /**
   * The record data to be produced. (versions 0-11, nullable 0-11, default null, raw bytes,
   * a view into the input)
   */
  records: Uint8Array | null;
}

/**
 * ProduceRequestPartitionProduceData as encoders accept it: fields that have a default (or
 * are missing from some versions) may be left out. A decoded
 * ProduceRequestPartitionProduceData is a valid ProduceRequestPartitionProduceDataInit.
 */
export interface ProduceRequestPartitionProduceDataInit {
  index: number;
  records?: Uint8Array | null | undefined;
}

/**
 * Decode a ProduceRequest body at `version`; throws KafkaDecodeError (naming the version and
 * byte offset) if the bytes are malformed or truncated.
 */
export function decodeProduceRequest(r: ByteReader, version: number): ProduceRequest {
  if (version < 0 || version > 11) r.fail(`unsupported version ${version}`);
  let transactionalId: string | null = null;
  if (version >= 3) {
    transactionalId = (version >= 9 ? r.compactNullableString() : r.nullableString());
  }
  const acks = r.int16();
  const timeoutMs = r.int32();
  const topicData: ProduceRequestTopicProduceData[] = [];
  for (let i = 0, n = (version >= 9 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topicData.push(decodeProduceRequestTopicProduceData(r, version));
  }
  if (version >= 9) {
    r.skipTaggedFields();
  }
  r.check("ProduceRequest", version);
  return { transactionalId, acks, timeoutMs, topicData };
}

function decodeProduceRequestTopicProduceData(r: ByteReader, version: number): ProduceRequestTopicProduceData {
  const name = (version >= 9 ? r.compactString() : r.string());
  const partitionData: ProduceRequestPartitionProduceData[] = [];
  for (let i = 0, n = (version >= 9 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    partitionData.push(decodeProduceRequestPartitionProduceData(r, version));
  }
  if (version >= 9) {
    r.skipTaggedFields();
  }
  return { name, partitionData };
}

function decodeProduceRequestPartitionProduceData(r: ByteReader, version: number): ProduceRequestPartitionProduceData {
  const index = r.int32();
  const records = (version >= 9 ? r.compactNullableBytes(false) : r.nullableBytes(false));
  if (version >= 9) {
    r.skipTaggedFields();
  }
  return { index, records };
}

/**
 * Encode a ProduceRequest body at `version`; throws KafkaEncodeError when a value cannot be
 * carried by that version.
 */
export function encodeProduceRequest(w: ByteWriter, m: ProduceRequestInit, version: number): void {
  if (version < 0 || version > 11) throw unsupportedVersionError("ProduceRequest", version);
  if (!(version >= 3) && (m.transactionalId !== undefined && m.transactionalId !== null)) {
    throw unsupportedFieldError("ProduceRequest", "transactionalId", version);
  }
  if (version >= 3) {
    {
      const x = m.transactionalId === undefined ? null : m.transactionalId;
      if (x === null) {
        if (version >= 9) w.uvarint(0); else w.int16(-1);
      } else {
        if (version >= 9) w.compactString(x); else w.string(x);
      }
    }
  }
  w.int16(m.acks);
  w.int32(m.timeoutMs);
  {
    const x = m.topicData;
    if (version >= 9) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeProduceRequestTopicProduceData(w, e, version);
    }
  }
  if (version >= 9) {
    w.uvarint(0);
  }
}

function encodeProduceRequestTopicProduceData(w: ByteWriter, m: ProduceRequestTopicProduceDataInit, version: number): void {
  if (version >= 9) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.partitionData;
    if (version >= 9) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeProduceRequestPartitionProduceData(w, e, version);
    }
  }
  if (version >= 9) {
    w.uvarint(0);
  }
}

function encodeProduceRequestPartitionProduceData(w: ByteWriter, m: ProduceRequestPartitionProduceDataInit, version: number): void {
  w.int32(m.index);
  {
    const x = m.records === undefined ? null : m.records;
    if (x === null) {
      if (version >= 9) w.uvarint(0); else w.int32(-1);
    } else {
      if (version >= 9) w.compactBytes(x); else w.bytesField(x);
    }
  }
  if (version >= 9) {
    w.uvarint(0);
  }
}
