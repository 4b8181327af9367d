// generated — do not edit. Source: ConsumerProtocolAssignment.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * ConsumerProtocolAssignment: versions 0-3, flexible none. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ConsumerProtocolAssignment {
  /** (versions 0-3) */
  assignedPartitions: ConsumerProtocolAssignmentTopicPartition[];
  /** (versions 0-3, nullable 0-3, default null, view into the input) */
  userData: Uint8Array | null;
}

/**
 * ConsumerProtocolAssignment as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded ConsumerProtocolAssignment is a
 * valid ConsumerProtocolAssignmentInit.
 */
export interface ConsumerProtocolAssignmentInit {
  assignedPartitions: readonly ConsumerProtocolAssignmentTopicPartitionInit[];
  userData?: Uint8Array | null | undefined;
}

/**
 * TopicPartition in ConsumerProtocolAssignment (versions 0-3). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ConsumerProtocolAssignmentTopicPartition {
  /** (versions 0-3) */
  topic: string;
  /** (versions 0-3) */
  partitions: number[];
}

/**
 * ConsumerProtocolAssignmentTopicPartition as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * ConsumerProtocolAssignmentTopicPartition is a valid
 * ConsumerProtocolAssignmentTopicPartitionInit.
 */
export interface ConsumerProtocolAssignmentTopicPartitionInit {
  topic: string;
  partitions: readonly number[];
}

/**
 * Decode a ConsumerProtocolAssignment body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeConsumerProtocolAssignment(r: ByteReader, version: number): ConsumerProtocolAssignment {
  if (version < 0 || version > 3) r.fail(`unsupported version ${version}`);
  const assignedPartitions: ConsumerProtocolAssignmentTopicPartition[] = [];
  for (let i = 0, n = r.arrayLength(); i < n; i++) {
    assignedPartitions.push(decodeConsumerProtocolAssignmentTopicPartition(r, version));
  }
  const userData = r.nullableBytes(false);
  r.check("ConsumerProtocolAssignment", version);
  return { assignedPartitions, userData };
}

function decodeConsumerProtocolAssignmentTopicPartition(r: ByteReader, _version: number): ConsumerProtocolAssignmentTopicPartition {
  const topic = r.string();
  const partitions: number[] = [];
  for (let i = 0, n = r.arrayLength(); i < n; i++) {
    partitions.push(r.int32());
  }
  return { topic, partitions };
}

/**
 * Encode a ConsumerProtocolAssignment body at `version`; throws KafkaEncodeError when a
 * value cannot be carried by that version.
 */
export function encodeConsumerProtocolAssignment(w: ByteWriter, m: ConsumerProtocolAssignmentInit, version: number): void {
  if (version < 0 || version > 3) throw unsupportedVersionError("ConsumerProtocolAssignment", version);
  {
    const x = m.assignedPartitions;
    w.int32(x.length);
    for (const e of x) {
      encodeConsumerProtocolAssignmentTopicPartition(w, e, version);
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
}

function encodeConsumerProtocolAssignmentTopicPartition(w: ByteWriter, m: ConsumerProtocolAssignmentTopicPartitionInit, _version: number): void {
  w.string(m.topic);
  {
    const x = m.partitions;
    w.int32(x.length);
    for (const e of x) {
      w.int32(e);
    }
  }
}
