// generated — do not edit. Source: ConsumerProtocolSubscription.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * ConsumerProtocolSubscription: versions 0-3, flexible none. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ConsumerProtocolSubscription {
  /** (versions 0-3) */
  topics: string[];
  /** (versions 0-3, nullable 0-3, default null, view into the input) */
  userData: Uint8Array | null;
  /** (versions 1-3, default []) */
  ownedPartitions: ConsumerProtocolSubscriptionTopicPartition[];
  /** (versions 2-3, default -1) */
  generationId: number;
  /** (versions 3, nullable 3, default null) */
  rackId: string | null;
}

/**
 * ConsumerProtocolSubscription as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded ConsumerProtocolSubscription is a
 * valid ConsumerProtocolSubscriptionInit.
 */
export interface ConsumerProtocolSubscriptionInit {
  topics: readonly string[];
  userData?: Uint8Array | null | undefined;
  ownedPartitions?: readonly ConsumerProtocolSubscriptionTopicPartitionInit[] | undefined;
  generationId?: number | undefined;
  rackId?: string | null | undefined;
}

/**
 * TopicPartition in ConsumerProtocolSubscription (versions 1-3). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface ConsumerProtocolSubscriptionTopicPartition {
  /** (versions 1-3) */
  topic: string;
  /** (versions 1-3) */
  partitions: number[];
}

/**
 * ConsumerProtocolSubscriptionTopicPartition as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * ConsumerProtocolSubscriptionTopicPartition is a valid
 * ConsumerProtocolSubscriptionTopicPartitionInit.
 */
export interface ConsumerProtocolSubscriptionTopicPartitionInit {
  topic: string;
  partitions: readonly number[];
}

/**
 * Decode a ConsumerProtocolSubscription body at `version`; throws KafkaDecodeError (naming
 * the version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeConsumerProtocolSubscription(r: ByteReader, version: number): ConsumerProtocolSubscription {
  if (version < 0 || version > 3) r.fail(`unsupported version ${version}`);
  const topics: string[] = [];
  for (let i = 0, n = r.arrayLength(); i < n; i++) {
    topics.push(r.string());
  }
  const userData = r.nullableBytes(false);
  let ownedPartitions: ConsumerProtocolSubscriptionTopicPartition[] = [];
  if (version >= 1) {
    {
      const n = r.arrayLength();
      {
        const a: ConsumerProtocolSubscriptionTopicPartition[] = [];
        for (let i = 0; i < n; i++) a.push(decodeConsumerProtocolSubscriptionTopicPartition(r, version));
        ownedPartitions = a;
      }
    }
  }
  let generationId: number = -1;
  if (version >= 2) {
    generationId = r.int32();
  }
  let rackId: string | null = null;
  if (version === 3) {
    rackId = r.nullableString();
  }
  r.check("ConsumerProtocolSubscription", version);
  return { topics, userData, ownedPartitions, generationId, rackId };
}

function decodeConsumerProtocolSubscriptionTopicPartition(r: ByteReader, _version: number): ConsumerProtocolSubscriptionTopicPartition {
  const topic = r.string();
  const partitions: number[] = [];
  for (let i = 0, n = r.arrayLength(); i < n; i++) {
    partitions.push(r.int32());
  }
  return { topic, partitions };
}

/**
 * Encode a ConsumerProtocolSubscription body at `version`; throws KafkaEncodeError when a
 * value cannot be carried by that version.
 */
export function encodeConsumerProtocolSubscription(w: ByteWriter, m: ConsumerProtocolSubscriptionInit, version: number): void {
  if (version < 0 || version > 3) throw unsupportedVersionError("ConsumerProtocolSubscription", version);
  {
    const x = m.topics;
    w.int32(x.length);
    for (const e of x) {
      w.string(e);
    }
  }
  {
    const x = m.userData === undefined ? null : m.userData;
    if (x === null) {
      w.int32(-1);
    } else {
      w.bytesField(x);
    }
  }
  if (version >= 1) {
    {
      const x = m.ownedPartitions === undefined ? [] : m.ownedPartitions;
      w.int32(x.length);
      for (const e of x) {
        encodeConsumerProtocolSubscriptionTopicPartition(w, e, version);
      }
    }
  }
  if (version >= 2) {
    w.int32((m.generationId === undefined ? -1 : m.generationId));
  }
  if (version === 3) {
    {
      const x = m.rackId === undefined ? null : m.rackId;
      if (x === null) {
        w.int16(-1);
      } else {
        w.string(x);
      }
    }
  }
}

function encodeConsumerProtocolSubscriptionTopicPartition(w: ByteWriter, m: ConsumerProtocolSubscriptionTopicPartitionInit, _version: number): void {
  w.string(m.topic);
  {
    const x = m.partitions;
    w.int32(x.length);
    for (const e of x) {
      w.int32(e);
    }
  }
}
