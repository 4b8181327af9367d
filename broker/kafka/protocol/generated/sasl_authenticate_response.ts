// generated — do not edit. Source: SaslAuthenticateResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * SaslAuthenticateResponse (api key 36): versions 0-2, flexible 2+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface SaslAuthenticateResponse {
  /** The error code, or 0 if there was no error. (versions 0-2) */
  errorCode: number;
  /** The error message, or null if there was no error. (versions 0-2, nullable 0-2) */
  errorMessage: string | null;
  /**
   * The SASL authentication bytes from the server, as defined by the SASL mechanism.
   * (versions 0-2)
   */
  authBytes: Uint8Array;
  /**
   * Number of milliseconds after which only re-authentication over the existing connection
   * to create a new session can occur. (versions 1-2, default 0n)
   */
  sessionLifetimeMs: bigint;
}

/**
 * SaslAuthenticateResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded SaslAuthenticateResponse is a valid
 * SaslAuthenticateResponseInit.
 */
export interface SaslAuthenticateResponseInit {
  errorCode: number;
  errorMessage: string | null;
  authBytes: Uint8Array;
  sessionLifetimeMs?: bigint | undefined;
}

/**
 * Decode a SaslAuthenticateResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeSaslAuthenticateResponse(r: ByteReader, version: number): SaslAuthenticateResponse {
  if (version < 0 || version > 2) r.fail(`unsupported version ${version}`);
  const errorCode = r.int16();
  const errorMessage = (version === 2 ? r.compactNullableString() : r.nullableString());
  const authBytes = (version === 2 ? r.compactBytes(true) : r.bytesField(true));
  let sessionLifetimeMs: bigint = 0n;
  if (version >= 1) {
    sessionLifetimeMs = r.int64();
  }
  if (version === 2) {
    r.skipTaggedFields();
  }
  r.check("SaslAuthenticateResponse", version);
  return { errorCode, errorMessage, authBytes, sessionLifetimeMs };
}

/**
 * Encode a SaslAuthenticateResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeSaslAuthenticateResponse(w: ByteWriter, m: SaslAuthenticateResponseInit, version: number): void {
  if (version < 0 || version > 2) throw unsupportedVersionError("SaslAuthenticateResponse", version);
  w.int16(m.errorCode);
  {
    const x = m.errorMessage;
    if (x === null) {
      if (version === 2) w.uvarint(0); else w.int16(-1);
    } else {
      if (version === 2) w.compactString(x); else w.string(x);
    }
  }
  if (version === 2) w.compactBytes(m.authBytes); else w.bytesField(m.authBytes);
  if (version >= 1) {
    w.int64((m.sessionLifetimeMs === undefined ? 0n : m.sessionLifetimeMs));
  }
  if (version === 2) {
    w.uvarint(0);
  }
}
