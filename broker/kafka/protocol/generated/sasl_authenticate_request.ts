// generated — do not edit. Source: SaslAuthenticateRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * SaslAuthenticateRequest (api key 36): versions 0-2, flexible 2+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface SaslAuthenticateRequest {
  /**
   * The SASL authentication bytes from the client, as defined by the SASL mechanism.
   * (versions 0-2)
   */
  authBytes: Uint8Array;
}

/**
 * SaslAuthenticateRequest as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded SaslAuthenticateRequest is a valid
 * SaslAuthenticateRequestInit.
 */
export interface SaslAuthenticateRequestInit {
  authBytes: Uint8Array;
}

/**
 * Decode a SaslAuthenticateRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeSaslAuthenticateRequest(r: ByteReader, version: number): SaslAuthenticateRequest {
  if (version < 0 || version > 2) r.fail(`unsupported version ${version}`);
  const authBytes = (version === 2 ? r.compactBytes(true) : r.bytesField(true));
  if (version === 2) {
    r.skipTaggedFields();
  }
  r.check("SaslAuthenticateRequest", version);
  return { authBytes };
}

/**
 * Encode a SaslAuthenticateRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeSaslAuthenticateRequest(w: ByteWriter, m: SaslAuthenticateRequestInit, version: number): void {
  if (version < 0 || version > 2) throw unsupportedVersionError("SaslAuthenticateRequest", version);
  if (version === 2) w.compactBytes(m.authBytes); else w.bytesField(m.authBytes);
  if (version === 2) {
    w.uvarint(0);
  }
}
