// generated — do not edit. Source: SaslHandshakeResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * SaslHandshakeResponse (api key 17): versions 0-1, flexible none. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface SaslHandshakeResponse {
  /** The error code, or 0 if there was no error. (versions 0-1) */
  errorCode: number;
  /** The mechanisms enabled in the server. (versions 0-1) */
  mechanisms: string[];
}

/**
 * SaslHandshakeResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded SaslHandshakeResponse is a valid
 * SaslHandshakeResponseInit.
 */
export interface SaslHandshakeResponseInit {
  errorCode: number;
  mechanisms: readonly string[];
}

/**
 * Decode a SaslHandshakeResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeSaslHandshakeResponse(r: ByteReader, version: number): SaslHandshakeResponse {
  if (version < 0 || version > 1) r.fail(`unsupported version ${version}`);
  const errorCode = r.int16();
  const mechanisms: string[] = [];
  for (let i = 0, n = r.arrayLength(); i < n; i++) {
    mechanisms.push(r.string());
  }
  r.check("SaslHandshakeResponse", version);
  return { errorCode, mechanisms };
}

/**
 * Encode a SaslHandshakeResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeSaslHandshakeResponse(w: ByteWriter, m: SaslHandshakeResponseInit, version: number): void {
  if (version < 0 || version > 1) throw unsupportedVersionError("SaslHandshakeResponse", version);
  w.int16(m.errorCode);
  {
    const x = m.mechanisms;
    w.int32(x.length);
    for (const e of x) {
      w.string(e);
    }
  }
}
