// generated — do not edit. Source: DescribeGroupsResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * DescribeGroupsResponse (api key 15): versions 0-5, flexible 5+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeGroupsResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 1-5, default 0)
   */
  throttleTimeMs: number;
  /** Each described group. (versions 0-5) */
  groups: DescribeGroupsResponseDescribedGroup[];
}

/**
 * DescribeGroupsResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded DescribeGroupsResponse is a valid
 * DescribeGroupsResponseInit.
 */
export interface DescribeGroupsResponseInit {
  throttleTimeMs?: number | undefined;
  groups: readonly DescribeGroupsResponseDescribedGroupInit[];
}

/**
 * DescribedGroup in DescribeGroupsResponse (versions 0-5). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface DescribeGroupsResponseDescribedGroup {
  /** The describe error, or 0 if there was no error. (versions 0-5) */
  errorCode: number;
  /** The group ID string. (versions 0-5) */
  groupId: string;
  /** The group state string, or the empty string. (versions 0-5) */
  groupState: string;
  /** The group protocol type, or the empty string. (versions 0-5) */
  protocolType: string;
  /** The group protocol data, or the empty string. (versions 0-5) */
  protocolData: string;
  /** The group members. (versions 0-5) */
  members: DescribeGroupsResponseDescribedGroupMember[];
  /**
   * 32-bit bitfield to represent authorized operations for this group. (versions 3-5,
   * default -2147483648)
   */
  authorizedOperations: number;
}

/**
 * DescribeGroupsResponseDescribedGroup as encoders accept it: fields that have a default (or
 * are missing from some versions) may be left out. A decoded
 * DescribeGroupsResponseDescribedGroup is a valid DescribeGroupsResponseDescribedGroupInit.
 */
export interface DescribeGroupsResponseDescribedGroupInit {
  errorCode: number;
  groupId: string;
  groupState: string;
  protocolType: string;
  protocolData: string;
  members: readonly DescribeGroupsResponseDescribedGroupMemberInit[];
  authorizedOperations?: number | undefined;
}

/**
 * DescribedGroupMember in DescribeGroupsResponse (versions 0-5). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeGroupsResponseDescribedGroupMember {
  /** The member ID assigned by the group coordinator. (versions 0-5) */
  memberId: string;
  /**
   * The unique identifier of the consumer instance provided by end user. (versions 4-5,
   * nullable 4-5, default null)
   */
  groupInstanceId: string | null;
  /** The client ID used in the member's latest join group request. (versions 0-5) */
  clientId: string;
  /** The client host. (versions 0-5) */
  clientHost: string;
  /** The metadata corresponding to the current group protocol in use. (versions 0-5) */
  memberMetadata: Uint8Array;
  /** The current assignment provided by the group leader. (versions 0-5) */
  memberAssignment: Uint8Array;
}

/**
 * DescribeGroupsResponseDescribedGroupMember as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * DescribeGroupsResponseDescribedGroupMember is a valid
 * DescribeGroupsResponseDescribedGroupMemberInit.
 */
export interface DescribeGroupsResponseDescribedGroupMemberInit {
  memberId: string;
  groupInstanceId?: string | null | undefined;
  clientId: string;
  clientHost: string;
  memberMetadata: Uint8Array;
  memberAssignment: Uint8Array;
}

/**
 * Decode a DescribeGroupsResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDescribeGroupsResponse(r: ByteReader, version: number): DescribeGroupsResponse {
  if (version < 0 || version > 5) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 1) {
    throttleTimeMs = r.int32();
  }
  const groups: DescribeGroupsResponseDescribedGroup[] = [];
  for (let i = 0, n = (version === 5 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    groups.push(decodeDescribeGroupsResponseDescribedGroup(r, version));
  }
  if (version === 5) {
    r.skipTaggedFields();
  }
  r.check("DescribeGroupsResponse", version);
  return { throttleTimeMs, groups };
}

function decodeDescribeGroupsResponseDescribedGroup(r: ByteReader, version: number): DescribeGroupsResponseDescribedGroup {
  const errorCode = r.int16();
  const groupId = (version === 5 ? r.compactString() : r.string());
  const groupState = (version === 5 ? r.compactString() : r.string());
  const protocolType = (version === 5 ? r.compactString() : r.string());
  const protocolData = (version === 5 ? r.compactString() : r.string());
  const members: DescribeGroupsResponseDescribedGroupMember[] = [];
  for (let i = 0, n = (version === 5 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    members.push(decodeDescribeGroupsResponseDescribedGroupMember(r, version));
  }
  let authorizedOperations: number = -2147483648;
  if (version >= 3) {
    authorizedOperations = r.int32();
  }
  if (version === 5) {
    r.skipTaggedFields();
  }
  return { errorCode, groupId, groupState, protocolType, protocolData, members, authorizedOperations };
}

function decodeDescribeGroupsResponseDescribedGroupMember(r: ByteReader, version: number): DescribeGroupsResponseDescribedGroupMember {
  const memberId = (version === 5 ? r.compactString() : r.string());
  let groupInstanceId: string | null = null;
  if (version >= 4) {
    groupInstanceId = (version === 5 ? r.compactNullableString() : r.nullableString());
  }
  const clientId = (version === 5 ? r.compactString() : r.string());
  const clientHost = (version === 5 ? r.compactString() : r.string());
  const memberMetadata = (version === 5 ? r.compactBytes(true) : r.bytesField(true));
  const memberAssignment = (version === 5 ? r.compactBytes(true) : r.bytesField(true));
  if (version === 5) {
    r.skipTaggedFields();
  }
  return { memberId, groupInstanceId, clientId, clientHost, memberMetadata, memberAssignment };
}

/**
 * Encode a DescribeGroupsResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDescribeGroupsResponse(w: ByteWriter, m: DescribeGroupsResponseInit, version: number): void {
  if (version < 0 || version > 5) throw unsupportedVersionError("DescribeGroupsResponse", version);
  if (version >= 1) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  {
    const x = m.groups;
    if (version === 5) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeDescribeGroupsResponseDescribedGroup(w, e, version);
    }
  }
  if (version === 5) {
    w.uvarint(0);
  }
}

function encodeDescribeGroupsResponseDescribedGroup(w: ByteWriter, m: DescribeGroupsResponseDescribedGroupInit, version: number): void {
  w.int16(m.errorCode);
  if (version === 5) w.compactString(m.groupId); else w.string(m.groupId);
  if (version === 5) w.compactString(m.groupState); else w.string(m.groupState);
  if (version === 5) w.compactString(m.protocolType); else w.string(m.protocolType);
  if (version === 5) w.compactString(m.protocolData); else w.string(m.protocolData);
  {
    const x = m.members;
    if (version === 5) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeDescribeGroupsResponseDescribedGroupMember(w, e, version);
    }
  }
  if (!(version >= 3) && (m.authorizedOperations !== undefined && m.authorizedOperations !== -2147483648)) {
    throw unsupportedFieldError("DescribeGroupsResponseDescribedGroup", "authorizedOperations", version);
  }
  if (version >= 3) {
    w.int32((m.authorizedOperations === undefined ? -2147483648 : m.authorizedOperations));
  }
  if (version === 5) {
    w.uvarint(0);
  }
}

function encodeDescribeGroupsResponseDescribedGroupMember(w: ByteWriter, m: DescribeGroupsResponseDescribedGroupMemberInit, version: number): void {
  if (version === 5) w.compactString(m.memberId); else w.string(m.memberId);
  if (version >= 4) {
    {
      const x = m.groupInstanceId === undefined ? null : m.groupInstanceId;
      if (x === null) {
        if (version === 5) w.uvarint(0); else w.int16(-1);
      } else {
        if (version === 5) w.compactString(x); else w.string(x);
      }
    }
  }
  if (version === 5) w.compactString(m.clientId); else w.string(m.clientId);
  if (version === 5) w.compactString(m.clientHost); else w.string(m.clientHost);
  if (version === 5) w.compactBytes(m.memberMetadata); else w.bytesField(m.memberMetadata);
  if (version === 5) w.compactBytes(m.memberAssignment); else w.bytesField(m.memberAssignment);
  if (version === 5) {
    w.uvarint(0);
  }
}
