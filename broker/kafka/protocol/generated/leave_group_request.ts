// generated — do not edit. Source: LeaveGroupRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * LeaveGroupRequest (api key 13): versions 0-5, flexible 4+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface LeaveGroupRequest {
  /** The ID of the group to leave. (versions 0-5) */
  groupId: string;
  /** The member ID to remove from the group. (versions 0-2, default "") */
  memberId: string;
  /** List of leaving member identities. (versions 3-5, default []) */
  members: LeaveGroupRequestMemberIdentity[];
}

/**
 * LeaveGroupRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded LeaveGroupRequest is a valid
 * LeaveGroupRequestInit.
 */
export interface LeaveGroupRequestInit {
  groupId: string;
  memberId?: string | undefined;
  members?: readonly LeaveGroupRequestMemberIdentityInit[] | undefined;
}

/**
 * MemberIdentity in LeaveGroupRequest (versions 3-5). Decoders return this complete form: a
 * field missing from the decoded version holds its default.
 */
export interface LeaveGroupRequestMemberIdentity {
  /** The member ID to remove from the group. (versions 3-5) */
  memberId: string;
  /**
   * The group instance ID to remove from the group. (versions 3-5, nullable 3-5, default
   * null)
   */
  groupInstanceId: string | null;
  /** The reason why the member left the group. (versions 5, nullable 5, default null) */
  reason: string | null;
}

/**
 * LeaveGroupRequestMemberIdentity as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded LeaveGroupRequestMemberIdentity is
 * a valid LeaveGroupRequestMemberIdentityInit.
 */
export interface LeaveGroupRequestMemberIdentityInit {
  memberId: string;
  groupInstanceId?: string | null | undefined;
  reason?: string | null | undefined;
}

/**
 * Decode a LeaveGroupRequest body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeLeaveGroupRequest(r: ByteReader, version: number): LeaveGroupRequest {
  if (version < 0 || version > 5) r.fail(`unsupported version ${version}`);
  const groupId = (version >= 4 ? r.compactString() : r.string());
  let memberId: string = "";
  if (version <= 2) {
    memberId = r.string();
  }
  let members: LeaveGroupRequestMemberIdentity[] = [];
  if (version >= 3) {
    {
      const n = (version >= 4 ? r.compactArrayLength() : r.arrayLength());
      {
        const a: LeaveGroupRequestMemberIdentity[] = [];
        for (let i = 0; i < n; i++) a.push(decodeLeaveGroupRequestMemberIdentity(r, version));
        members = a;
      }
    }
  }
  if (version >= 4) {
    r.skipTaggedFields();
  }
  r.check("LeaveGroupRequest", version);
  return { groupId, memberId, members };
}

function decodeLeaveGroupRequestMemberIdentity(r: ByteReader, version: number): LeaveGroupRequestMemberIdentity {
  const memberId = (version >= 4 ? r.compactString() : r.string());
  const groupInstanceId = (version >= 4 ? r.compactNullableString() : r.nullableString());
  let reason: string | null = null;
  if (version === 5) {
    reason = r.compactNullableString();
  }
  if (version >= 4) {
    r.skipTaggedFields();
  }
  return { memberId, groupInstanceId, reason };
}

/**
 * Encode a LeaveGroupRequest body at `version`; throws KafkaEncodeError when a value cannot
 * be carried by that version.
 */
export function encodeLeaveGroupRequest(w: ByteWriter, m: LeaveGroupRequestInit, version: number): void {
  if (version < 0 || version > 5) throw unsupportedVersionError("LeaveGroupRequest", version);
  if (version >= 4) w.compactString(m.groupId); else w.string(m.groupId);
  if (!(version <= 2) && (m.memberId !== undefined && m.memberId !== "")) {
    throw unsupportedFieldError("LeaveGroupRequest", "memberId", version);
  }
  if (version <= 2) {
    w.string((m.memberId === undefined ? "" : m.memberId));
  }
  if (!(version >= 3) && (m.members !== undefined && (m.members === null || m.members.length !== 0))) {
    throw unsupportedFieldError("LeaveGroupRequest", "members", version);
  }
  if (version >= 3) {
    {
      const x = m.members === undefined ? [] : m.members;
      if (version >= 4) w.uvarint(x.length + 1); else w.int32(x.length);
      for (const e of x) {
        encodeLeaveGroupRequestMemberIdentity(w, e, version);
      }
    }
  }
  if (version >= 4) {
    w.uvarint(0);
  }
}

function encodeLeaveGroupRequestMemberIdentity(w: ByteWriter, m: LeaveGroupRequestMemberIdentityInit, version: number): void {
  if (version >= 4) w.compactString(m.memberId); else w.string(m.memberId);
  {
    const x = m.groupInstanceId === undefined ? null : m.groupInstanceId;
    if (x === null) {
      if (version >= 4) w.uvarint(0); else w.int16(-1);
    } else {
      if (version >= 4) w.compactString(x); else w.string(x);
    }
  }
  if (version === 5) {
    {
      const x = m.reason === undefined ? null : m.reason;
      if (x === null) {
        w.uvarint(0);
      } else {
        w.compactString(x);
      }
    }
  }
  if (version >= 4) {
    w.uvarint(0);
  }
}
