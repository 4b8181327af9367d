// generated — do not edit. Source: SyncGroupResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * SyncGroupResponse (api key 14): versions 0-5, flexible 4+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface SyncGroupResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 1-5, default 0)
   */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (versions 0-5) */
  errorCode: number;
  /** The group protocol type. (versions 5, nullable 5, default null) */
  protocolType: string | null;
  /** The group protocol name. (versions 5, nullable 5, default null) */
  protocolName: string | null;
  /** The member assignment. (versions 0-5) */
  assignment: Uint8Array;
}

/**
 * SyncGroupResponse as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded SyncGroupResponse is a valid
 * SyncGroupResponseInit.
 */
export interface SyncGroupResponseInit {
  throttleTimeMs?: number | undefined;
  errorCode: number;
  protocolType?: string | null | undefined;
  protocolName?: string | null | undefined;
  assignment: Uint8Array;
}

/**
 * Decode a SyncGroupResponse body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeSyncGroupResponse(r: ByteReader, version: number): SyncGroupResponse {
  if (version < 0 || version > 5) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 1) {
    throttleTimeMs = r.int32();
  }
  const errorCode = r.int16();
  let protocolType: string | null = null;
  if (version === 5) {
    protocolType = r.compactNullableString();
  }
  let protocolName: string | null = null;
  if (version === 5) {
    protocolName = r.compactNullableString();
  }
  const assignment = (version >= 4 ? r.compactBytes(true) : r.bytesField(true));
  if (version >= 4) {
    r.skipTaggedFields();
  }
  r.check("SyncGroupResponse", version);
  return { throttleTimeMs, errorCode, protocolType, protocolName, assignment };
}

/**
 * Encode a SyncGroupResponse body at `version`; throws KafkaEncodeError when a value cannot
 * be carried by that version.
 */
export function encodeSyncGroupResponse(w: ByteWriter, m: SyncGroupResponseInit, version: number): void {
  if (version < 0 || version > 5) throw unsupportedVersionError("SyncGroupResponse", version);
  if (version >= 1) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  w.int16(m.errorCode);
  if (version === 5) {
    {
      const x = m.protocolType === undefined ? null : m.protocolType;
      if (x === null) {
        w.uvarint(0);
      } else {
        w.compactString(x);
      }
    }
  }
  if (version === 5) {
    {
      const x = m.protocolName === undefined ? null : m.protocolName;
      if (x === null) {
        w.uvarint(0);
      } else {
        w.compactString(x);
      }
    }
  }
  if (version >= 4) w.compactBytes(m.assignment); else w.bytesField(m.assignment);
  if (version >= 4) {
    w.uvarint(0);
  }
}
