// generated — do not edit. Source: HeartbeatResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * HeartbeatResponse (api key 12): versions 0-4, flexible 4+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface HeartbeatResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 1-4, default 0)
   */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (versions 0-4) */
  errorCode: number;
}

/**
 * HeartbeatResponse as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded HeartbeatResponse is a valid
 * HeartbeatResponseInit.
 */
export interface HeartbeatResponseInit {
  throttleTimeMs?: number | undefined;
  errorCode: number;
}

/**
 * Decode a HeartbeatResponse body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeHeartbeatResponse(r: ByteReader, version: number): HeartbeatResponse {
  if (version < 0 || version > 4) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 1) {
    throttleTimeMs = r.int32();
  }
  const errorCode = r.int16();
  if (version === 4) {
    r.skipTaggedFields();
  }
  r.check("HeartbeatResponse", version);
  return { throttleTimeMs, errorCode };
}

/**
 * Encode a HeartbeatResponse body at `version`; throws KafkaEncodeError when a value cannot
 * be carried by that version.
 */
export function encodeHeartbeatResponse(w: ByteWriter, m: HeartbeatResponseInit, version: number): void {
  if (version < 0 || version > 4) throw unsupportedVersionError("HeartbeatResponse", version);
  if (version >= 1) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  w.int16(m.errorCode);
  if (version === 4) {
    w.uvarint(0);
  }
}
