// generated — do not edit. Source: InitProducerIdRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * InitProducerIdRequest (api key 22): versions 0-5, flexible 2+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface InitProducerIdRequest {
  /**
   * The transactional id, or null if the producer is not transactional. (versions 0-5,
   * nullable 0-5)
   */
  transactionalId: string | null;
  /**
   * The time in ms to wait before aborting idle transactions sent by this producer. This is
   * only relevant if a TransactionalId has been defined. (versions 0-5)
   */
  transactionTimeoutMs: number;
  /**
   * The producer id. This is used to disambiguate requests if a transactional id is reused
   * following its expiration. (versions 3-5, default -1n)
   */
  producerId: bigint;
  /**
   * The producer's current epoch. This will be checked against the producer epoch on the
   * broker, and the request will return an error if they do not match. (versions 3-5,
   * default -1)
   */
  producerEpoch: number;
}

/**
 * InitProducerIdRequest as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded InitProducerIdRequest is a valid
 * InitProducerIdRequestInit.
 */
export interface InitProducerIdRequestInit {
  transactionalId: string | null;
  transactionTimeoutMs: number;
  producerId?: bigint | undefined;
  producerEpoch?: number | undefined;
}

/**
 * Decode a InitProducerIdRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeInitProducerIdRequest(r: ByteReader, version: number): InitProducerIdRequest {
  if (version < 0 || version > 5) r.fail(`unsupported version ${version}`);
  const transactionalId = (version >= 2 ? r.compactNullableString() : r.nullableString());
  const transactionTimeoutMs = r.int32();
  let producerId: bigint = -1n;
  if (version >= 3) {
    producerId = r.int64();
  }
  let producerEpoch: number = -1;
  if (version >= 3) {
    producerEpoch = r.int16();
  }
  if (version >= 2) {
    r.skipTaggedFields();
  }
  r.check("InitProducerIdRequest", version);
  return { transactionalId, transactionTimeoutMs, producerId, producerEpoch };
}

/**
 * Encode a InitProducerIdRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeInitProducerIdRequest(w: ByteWriter, m: InitProducerIdRequestInit, version: number): void {
  if (version < 0 || version > 5) throw unsupportedVersionError("InitProducerIdRequest", version);
  {
    const x = m.transactionalId;
    if (x === null) {
      if (version >= 2) w.uvarint(0); else w.int16(-1);
    } else {
      if (version >= 2) w.compactString(x); else w.string(x);
    }
  }
  w.int32(m.transactionTimeoutMs);
  if (!(version >= 3) && (m.producerId !== undefined && m.producerId !== -1n)) {
    throw unsupportedFieldError("InitProducerIdRequest", "producerId", version);
  }
  if (version >= 3) {
    w.int64((m.producerId === undefined ? -1n : m.producerId));
  }
  if (!(version >= 3) && (m.producerEpoch !== undefined && m.producerEpoch !== -1)) {
    throw unsupportedFieldError("InitProducerIdRequest", "producerEpoch", version);
  }
  if (version >= 3) {
    w.int16((m.producerEpoch === undefined ? -1 : m.producerEpoch));
  }
  if (version >= 2) {
    w.uvarint(0);
  }
}
