// generated — do not edit. Source: InitProducerIdResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * InitProducerIdResponse (api key 22): versions 0-5, flexible 2+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface InitProducerIdResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 0-5)
   */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (versions 0-5) */
  errorCode: number;
  /** The current producer id. (versions 0-5, default -1n) */
  producerId: bigint;
  /** The current epoch associated with the producer id. (versions 0-5) */
  producerEpoch: number;
}

/**
 * InitProducerIdResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded InitProducerIdResponse is a valid
 * InitProducerIdResponseInit.
 */
export interface InitProducerIdResponseInit {
  throttleTimeMs: number;
  errorCode: number;
  producerId?: bigint | undefined;
  producerEpoch: number;
}

/**
 * Decode a InitProducerIdResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeInitProducerIdResponse(r: ByteReader, version: number): InitProducerIdResponse {
  if (version < 0 || version > 5) r.fail(`unsupported version ${version}`);
  const throttleTimeMs = r.int32();
  const errorCode = r.int16();
  const producerId = r.int64();
  const producerEpoch = r.int16();
  if (version >= 2) {
    r.skipTaggedFields();
  }
  r.check("InitProducerIdResponse", version);
  return { throttleTimeMs, errorCode, producerId, producerEpoch };
}

/**
 * Encode a InitProducerIdResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeInitProducerIdResponse(w: ByteWriter, m: InitProducerIdResponseInit, version: number): void {
  if (version < 0 || version > 5) throw unsupportedVersionError("InitProducerIdResponse", version);
  w.int32(m.throttleTimeMs);
  w.int16(m.errorCode);
  w.int64((m.producerId === undefined ? -1n : m.producerId));
  w.int16(m.producerEpoch);
  if (version >= 2) {
    w.uvarint(0);
  }
}
