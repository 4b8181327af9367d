// generated — do not edit. Source: LeaveGroupResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * LeaveGroupResponse (api key 13): versions 0-5, flexible 4+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface LeaveGroupResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 1-5, default 0)
   */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (versions 0-5) */
  errorCode: number;
  /** List of leaving member responses. (versions 3-5, default []) */
  members: LeaveGroupResponseMemberResponse[];
}

/**
 * LeaveGroupResponse as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded LeaveGroupResponse is a valid
 * LeaveGroupResponseInit.
 */
export interface LeaveGroupResponseInit {
  throttleTimeMs?: number | undefined;
  errorCode: number;
  members?: readonly LeaveGroupResponseMemberResponseInit[] | undefined;
}

/**
 * MemberResponse in LeaveGroupResponse (versions 3-5). Decoders return this complete form: a
 * field missing from the decoded version holds its default.
 */
export interface LeaveGroupResponseMemberResponse {
  /** The member ID to remove from the group. (versions 3-5) */
  memberId: string;
  /** The group instance ID to remove from the group. (versions 3-5, nullable 3-5) */
  groupInstanceId: string | null;
  /** The error code, or 0 if there was no error. (versions 3-5) */
  errorCode: number;
}

/**
 * LeaveGroupResponseMemberResponse as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded LeaveGroupResponseMemberResponse is
 * a valid LeaveGroupResponseMemberResponseInit.
 */
export interface LeaveGroupResponseMemberResponseInit {
  memberId: string;
  groupInstanceId: string | null;
  errorCode: number;
}

/**
 * Decode a LeaveGroupResponse body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeLeaveGroupResponse(r: ByteReader, version: number): LeaveGroupResponse {
  if (version < 0 || version > 5) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 1) {
    throttleTimeMs = r.int32();
  }
  const errorCode = r.int16();
  let members: LeaveGroupResponseMemberResponse[] = [];
  if (version >= 3) {
    {
      const n = (version >= 4 ? r.compactArrayLength() : r.arrayLength());
      {
        const a: LeaveGroupResponseMemberResponse[] = [];
        for (let i = 0; i < n; i++) a.push(decodeLeaveGroupResponseMemberResponse(r, version));
        members = a;
      }
    }
  }
  if (version >= 4) {
    r.skipTaggedFields();
  }
  r.check("LeaveGroupResponse", version);
  return { throttleTimeMs, errorCode, members };
}

function decodeLeaveGroupResponseMemberResponse(r: ByteReader, version: number): LeaveGroupResponseMemberResponse {
  const memberId = (version >= 4 ? r.compactString() : r.string());
  const groupInstanceId = (version >= 4 ? r.compactNullableString() : r.nullableString());
  const errorCode = r.int16();
  if (version >= 4) {
    r.skipTaggedFields();
  }
  return { memberId, groupInstanceId, errorCode };
}

/**
 * Encode a LeaveGroupResponse body at `version`; throws KafkaEncodeError when a value cannot
 * be carried by that version.
 */
export function encodeLeaveGroupResponse(w: ByteWriter, m: LeaveGroupResponseInit, version: number): void {
  if (version < 0 || version > 5) throw unsupportedVersionError("LeaveGroupResponse", version);
  if (version >= 1) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  w.int16(m.errorCode);
  if (!(version >= 3) && (m.members !== undefined && (m.members === null || m.members.length !== 0))) {
    throw unsupportedFieldError("LeaveGroupResponse", "members", version);
  }
  if (version >= 3) {
    {
      const x = m.members === undefined ? [] : m.members;
      if (version >= 4) w.uvarint(x.length + 1); else w.int32(x.length);
      for (const e of x) {
        encodeLeaveGroupResponseMemberResponse(w, e, version);
      }
    }
  }
  if (version >= 4) {
    w.uvarint(0);
  }
}

function encodeLeaveGroupResponseMemberResponse(w: ByteWriter, m: LeaveGroupResponseMemberResponseInit, version: number): void {
  if (version >= 4) w.compactString(m.memberId); else w.string(m.memberId);
  {
    const x = m.groupInstanceId;
    if (x === null) {
      if (version >= 4) w.uvarint(0); else w.int16(-1);
    } else {
      if (version >= 4) w.compactString(x); else w.string(x);
    }
  }
  w.int16(m.errorCode);
  if (version >= 4) {
    w.uvarint(0);
  }
}
