// generated — do not edit. Source: SaslHandshakeRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * SaslHandshakeRequest (api key 17): versions 0-1, flexible none. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface SaslHandshakeRequest {
  /** The SASL mechanism chosen by the client. (versions 0-1) */
  mechanism: string;
}

/**
 * SaslHandshakeRequest as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded SaslHandshakeRequest is a valid
 * SaslHandshakeRequestInit.
 */
export interface SaslHandshakeRequestInit {
  mechanism: string;
}

/**
 * Decode a SaslHandshakeRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeSaslHandshakeRequest(r: ByteReader, version: number): SaslHandshakeRequest {
  if (version < 0 || version > 1) r.fail(`unsupported version ${version}`);
  const mechanism = r.string();
  r.check("SaslHandshakeRequest", version);
  return { mechanism };
}

/**
 * Encode a SaslHandshakeRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeSaslHandshakeRequest(w: ByteWriter, m: SaslHandshakeRequestInit, version: number): void {
  if (version < 0 || version > 1) throw unsupportedVersionError("SaslHandshakeRequest", version);
  w.string(m.mechanism);
}
