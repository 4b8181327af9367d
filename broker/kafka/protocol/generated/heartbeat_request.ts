// generated — do not edit. Source: HeartbeatRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * HeartbeatRequest (api key 12): versions 0-4, flexible 4+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface HeartbeatRequest {
  /** The group id. (versions 0-4) */
  groupId: string;
  /** The generation of the group. (versions 0-4) */
  generationId: number;
  /** The member ID. (versions 0-4) */
  memberId: string;
  /**
   * The unique identifier of the consumer instance provided by end user. (versions 3-4,
   * nullable 3-4, default null)
   */
  groupInstanceId: string | null;
}

/**
 * HeartbeatRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded HeartbeatRequest is a valid
 * HeartbeatRequestInit.
 */
export interface HeartbeatRequestInit {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null | undefined;
}

/**
 * Decode a HeartbeatRequest body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeHeartbeatRequest(r: ByteReader, version: number): HeartbeatRequest {
  if (version < 0 || version > 4) r.fail(`unsupported version ${version}`);
  const groupId = (version === 4 ? r.compactString() : r.string());
  const generationId = r.int32();
  const memberId = (version === 4 ? r.compactString() : r.string());
  let groupInstanceId: string | null = null;
  if (version >= 3) {
    groupInstanceId = (version === 4 ? r.compactNullableString() : r.nullableString());
  }
  if (version === 4) {
    r.skipTaggedFields();
  }
  r.check("HeartbeatRequest", version);
  return { groupId, generationId, memberId, groupInstanceId };
}

/**
 * Encode a HeartbeatRequest body at `version`; throws KafkaEncodeError when a value cannot
 * be carried by that version.
 */
export function encodeHeartbeatRequest(w: ByteWriter, m: HeartbeatRequestInit, version: number): void {
  if (version < 0 || version > 4) throw unsupportedVersionError("HeartbeatRequest", version);
  if (version === 4) w.compactString(m.groupId); else w.string(m.groupId);
  w.int32(m.generationId);
  if (version === 4) w.compactString(m.memberId); else w.string(m.memberId);
  if (!(version >= 3) && (m.groupInstanceId !== undefined && m.groupInstanceId !== null)) {
    throw unsupportedFieldError("HeartbeatRequest", "groupInstanceId", version);
  }
  if (version >= 3) {
    {
      const x = m.groupInstanceId === undefined ? null : m.groupInstanceId;
      if (x === null) {
        if (version === 4) w.uvarint(0); else w.int16(-1);
      } else {
        if (version === 4) w.compactString(x); else w.string(x);
      }
    }
  }
  if (version === 4) {
    w.uvarint(0);
  }
}
