// generated — do not edit. Source: JoinGroupResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { nullFieldError, unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * JoinGroupResponse (api key 11): versions 0-9, flexible 6+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface JoinGroupResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 2-9, default 0)
   */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (versions 0-9) */
  errorCode: number;
  /** The generation ID of the group. (versions 0-9, default -1) */
  generationId: number;
  /** The group protocol name. (versions 7-9, nullable 7-9, default null) */
  protocolType: string | null;
  /** The group protocol selected by the coordinator. (versions 0-9, nullable 7-9) */
  protocolName: string | null;
  /** The leader of the group. (versions 0-9) */
  leader: string;
  /** True if the leader must skip running the assignment. (versions 9, default false) */
  skipAssignment: boolean;
  /** The member ID assigned by the group coordinator. (versions 0-9) */
  memberId: string;
  /** (versions 0-9) */
  members: JoinGroupResponseJoinGroupResponseMember[];
}

/**
 * JoinGroupResponse as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded JoinGroupResponse is a valid
 * JoinGroupResponseInit.
 */
export interface JoinGroupResponseInit {
  throttleTimeMs?: number | undefined;
  errorCode: number;
  generationId?: number | undefined;
  protocolType?: string | null | undefined;
  protocolName: string | null;
  leader: string;
  skipAssignment?: boolean | undefined;
  memberId: string;
  members: readonly JoinGroupResponseJoinGroupResponseMemberInit[];
}

/**
 * JoinGroupResponseMember in JoinGroupResponse (versions 0-9). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface JoinGroupResponseJoinGroupResponseMember {
  /** The group member ID. (versions 0-9) */
  memberId: string;
  /**
   * The unique identifier of the consumer instance provided by end user. (versions 5-9,
   * nullable 5-9, default null)
   */
  groupInstanceId: string | null;
  /** The group member metadata. (versions 0-9) */
  metadata: Uint8Array;
}

/**
 * JoinGroupResponseJoinGroupResponseMember as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * JoinGroupResponseJoinGroupResponseMember is a valid
 * JoinGroupResponseJoinGroupResponseMemberInit.
 */
export interface JoinGroupResponseJoinGroupResponseMemberInit {
  memberId: string;
  groupInstanceId?: string | null | undefined;
  metadata: Uint8Array;
}

/**
 * Decode a JoinGroupResponse body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeJoinGroupResponse(r: ByteReader, version: number): JoinGroupResponse {
  if (version < 0 || version > 9) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 2) {
    throttleTimeMs = r.int32();
  }
  const errorCode = r.int16();
  const generationId = r.int32();
  let protocolType: string | null = null;
  if (version >= 7) {
    protocolType = r.compactNullableString();
  }
  const protocolName = (version >= 6 ? (version >= 7 ? r.compactNullableString() : r.compactString()) : (version >= 7 ? r.nullableString() : r.string()));
  const leader = (version >= 6 ? r.compactString() : r.string());
  let skipAssignment: boolean = false;
  if (version === 9) {
    skipAssignment = r.bool();
  }
  const memberId = (version >= 6 ? r.compactString() : r.string());
  const members: JoinGroupResponseJoinGroupResponseMember[] = [];
  for (let i = 0, n = (version >= 6 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    members.push(decodeJoinGroupResponseJoinGroupResponseMember(r, version));
  }
  if (version >= 6) {
    r.skipTaggedFields();
  }
  r.check("JoinGroupResponse", version);
  return { throttleTimeMs, errorCode, generationId, protocolType, protocolName, leader, skipAssignment, memberId, members };
}

function decodeJoinGroupResponseJoinGroupResponseMember(r: ByteReader, version: number): JoinGroupResponseJoinGroupResponseMember {
  const memberId = (version >= 6 ? r.compactString() : r.string());
  let groupInstanceId: string | null = null;
  if (version >= 5) {
    groupInstanceId = (version >= 6 ? r.compactNullableString() : r.nullableString());
  }
  const metadata = (version >= 6 ? r.compactBytes(true) : r.bytesField(true));
  if (version >= 6) {
    r.skipTaggedFields();
  }
  return { memberId, groupInstanceId, metadata };
}

/**
 * Encode a JoinGroupResponse body at `version`; throws KafkaEncodeError when a value cannot
 * be carried by that version.
 */
export function encodeJoinGroupResponse(w: ByteWriter, m: JoinGroupResponseInit, version: number): void {
  if (version < 0 || version > 9) throw unsupportedVersionError("JoinGroupResponse", version);
  if (version >= 2) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  w.int16(m.errorCode);
  w.int32((m.generationId === undefined ? -1 : m.generationId));
  if (version >= 7) {
    {
      const x = m.protocolType === undefined ? null : m.protocolType;
      if (x === null) {
        w.uvarint(0);
      } else {
        w.compactString(x);
      }
    }
  }
  {
    const x = m.protocolName;
    if (x === null) {
      if (version >= 7) {
        if (version >= 6) w.uvarint(0); else w.int16(-1);
      } else {
        throw nullFieldError("JoinGroupResponse", "protocolName", version);
      }
    } else {
      if (version >= 6) w.compactString(x); else w.string(x);
    }
  }
  if (version >= 6) w.compactString(m.leader); else w.string(m.leader);
  if (!(version === 9) && (m.skipAssignment !== undefined && m.skipAssignment !== false)) {
    throw unsupportedFieldError("JoinGroupResponse", "skipAssignment", version);
  }
  if (version === 9) {
    w.bool((m.skipAssignment === undefined ? false : m.skipAssignment));
  }
  if (version >= 6) w.compactString(m.memberId); else w.string(m.memberId);
  {
    const x = m.members;
    if (version >= 6) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeJoinGroupResponseJoinGroupResponseMember(w, e, version);
    }
  }
  if (version >= 6) {
    w.uvarint(0);
  }
}

function encodeJoinGroupResponseJoinGroupResponseMember(w: ByteWriter, m: JoinGroupResponseJoinGroupResponseMemberInit, version: number): void {
  if (version >= 6) w.compactString(m.memberId); else w.string(m.memberId);
  if (version >= 5) {
    {
      const x = m.groupInstanceId === undefined ? null : m.groupInstanceId;
      if (x === null) {
        if (version >= 6) w.uvarint(0); else w.int16(-1);
      } else {
        if (version >= 6) w.compactString(x); else w.string(x);
      }
    }
  }
  if (version >= 6) w.compactBytes(m.metadata); else w.bytesField(m.metadata);
  if (version >= 6) {
    w.uvarint(0);
  }
}
