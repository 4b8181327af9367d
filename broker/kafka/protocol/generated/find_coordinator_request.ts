// generated — do not edit. Source: FindCoordinatorRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * FindCoordinatorRequest (api key 10): versions 0-6, flexible 3+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface FindCoordinatorRequest {
  /** The coordinator key. (versions 0-3, default "") */
  key: string;
  /** The coordinator key type. (Group, transaction, etc.). (versions 1-6, default 0) */
  keyType: number;
  /** The coordinator keys. (versions 4-6, default []) */
  coordinatorKeys: string[];
}

/**
 * FindCoordinatorRequest as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded FindCoordinatorRequest is a valid
 * FindCoordinatorRequestInit.
 */
export interface FindCoordinatorRequestInit {
  key?: string | undefined;
  keyType?: number | undefined;
  coordinatorKeys?: readonly string[] | undefined;
}

/**
 * Decode a FindCoordinatorRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeFindCoordinatorRequest(r: ByteReader, version: number): FindCoordinatorRequest {
  if (version < 0 || version > 6) r.fail(`unsupported version ${version}`);
  let key: string = "";
  if (version <= 3) {
    key = (version === 3 ? r.compactString() : r.string());
  }
  let keyType: number = 0;
  if (version >= 1) {
    keyType = r.int8();
  }
  let coordinatorKeys: string[] = [];
  if (version >= 4) {
    {
      const n = r.compactArrayLength();
      {
        const a: string[] = [];
        for (let i = 0; i < n; i++) a.push(r.compactString());
        coordinatorKeys = a;
      }
    }
  }
  if (version >= 3) {
    r.skipTaggedFields();
  }
  r.check("FindCoordinatorRequest", version);
  return { key, keyType, coordinatorKeys };
}

/**
 * Encode a FindCoordinatorRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeFindCoordinatorRequest(w: ByteWriter, m: FindCoordinatorRequestInit, version: number): void {
  if (version < 0 || version > 6) throw unsupportedVersionError("FindCoordinatorRequest", version);
  if (!(version <= 3) && (m.key !== undefined && m.key !== "")) {
    throw unsupportedFieldError("FindCoordinatorRequest", "key", version);
  }
  if (version <= 3) {
    if (version === 3) w.compactString((m.key === undefined ? "" : m.key)); else w.string((m.key === undefined ? "" : m.key));
  }
  if (!(version >= 1) && (m.keyType !== undefined && m.keyType !== 0)) {
    throw unsupportedFieldError("FindCoordinatorRequest", "keyType", version);
  }
  if (version >= 1) {
    w.int8((m.keyType === undefined ? 0 : m.keyType));
  }
  if (!(version >= 4) && (m.coordinatorKeys !== undefined && (m.coordinatorKeys === null || m.coordinatorKeys.length !== 0))) {
    throw unsupportedFieldError("FindCoordinatorRequest", "coordinatorKeys", version);
  }
  if (version >= 4) {
    {
      const x = m.coordinatorKeys === undefined ? [] : m.coordinatorKeys;
      w.uvarint(x.length + 1);
      for (const e of x) {
        w.compactString(e);
      }
    }
  }
  if (version >= 3) {
    w.uvarint(0);
  }
}
