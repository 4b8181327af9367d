// generated — do not edit. Source: SyncGroupRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * SyncGroupRequest (api key 14): versions 0-5, flexible 4+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface SyncGroupRequest {
  /** The unique group identifier. (versions 0-5) */
  groupId: string;
  /** The generation of the group. (versions 0-5) */
  generationId: number;
  /** The member ID assigned by the group. (versions 0-5) */
  memberId: string;
  /**
   * The unique identifier of the consumer instance provided by end user. (versions 3-5,
   * nullable 3-5, default null)
   */
  groupInstanceId: string | null;
  /** The group protocol type. (versions 5, nullable 5, default null) */
  protocolType: string | null;
  /** The group protocol name. (versions 5, nullable 5, default null) */
  protocolName: string | null;
  /** Each assignment. (versions 0-5) */
  assignments: SyncGroupRequestSyncGroupRequestAssignment[];
}

/**
 * SyncGroupRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded SyncGroupRequest is a valid
 * SyncGroupRequestInit.
 */
export interface SyncGroupRequestInit {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null | undefined;
  protocolType?: string | null | undefined;
  protocolName?: string | null | undefined;
  assignments: readonly SyncGroupRequestSyncGroupRequestAssignmentInit[];
}

/**
 * SyncGroupRequestAssignment in SyncGroupRequest (versions 0-5). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface SyncGroupRequestSyncGroupRequestAssignment {
  /** The ID of the member to assign. (versions 0-5) */
  memberId: string;
  /** The member assignment. (versions 0-5) */
  assignment: Uint8Array;
}

/**
 * SyncGroupRequestSyncGroupRequestAssignment as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * SyncGroupRequestSyncGroupRequestAssignment is a valid
 * SyncGroupRequestSyncGroupRequestAssignmentInit.
 */
export interface SyncGroupRequestSyncGroupRequestAssignmentInit {
  memberId: string;
  assignment: Uint8Array;
}

/**
 * Decode a SyncGroupRequest body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeSyncGroupRequest(r: ByteReader, version: number): SyncGroupRequest {
  if (version < 0 || version > 5) r.fail(`unsupported version ${version}`);
  const groupId = (version >= 4 ? r.compactString() : r.string());
  const generationId = r.int32();
  const memberId = (version >= 4 ? r.compactString() : r.string());
  let groupInstanceId: string | null = null;
  if (version >= 3) {
    groupInstanceId = (version >= 4 ? r.compactNullableString() : r.nullableString());
  }
  let protocolType: string | null = null;
  if (version === 5) {
    protocolType = r.compactNullableString();
  }
  let protocolName: string | null = null;
  if (version === 5) {
    protocolName = r.compactNullableString();
  }
  const assignments: SyncGroupRequestSyncGroupRequestAssignment[] = [];
  for (let i = 0, n = (version >= 4 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    assignments.push(decodeSyncGroupRequestSyncGroupRequestAssignment(r, version));
  }
  if (version >= 4) {
    r.skipTaggedFields();
  }
  r.check("SyncGroupRequest", version);
  return { groupId, generationId, memberId, groupInstanceId, protocolType, protocolName, assignments };
}

function decodeSyncGroupRequestSyncGroupRequestAssignment(r: ByteReader, version: number): SyncGroupRequestSyncGroupRequestAssignment {
  const memberId = (version >= 4 ? r.compactString() : r.string());
  const assignment = (version >= 4 ? r.compactBytes(true) : r.bytesField(true));
  if (version >= 4) {
    r.skipTaggedFields();
  }
  return { memberId, assignment };
}

/**
 * Encode a SyncGroupRequest body at `version`; throws KafkaEncodeError when a value cannot
 * be carried by that version.
 */
export function encodeSyncGroupRequest(w: ByteWriter, m: SyncGroupRequestInit, version: number): void {
  if (version < 0 || version > 5) throw unsupportedVersionError("SyncGroupRequest", version);
  if (version >= 4) w.compactString(m.groupId); else w.string(m.groupId);
  w.int32(m.generationId);
  if (version >= 4) w.compactString(m.memberId); else w.string(m.memberId);
  if (!(version >= 3) && (m.groupInstanceId !== undefined && m.groupInstanceId !== null)) {
    throw unsupportedFieldError("SyncGroupRequest", "groupInstanceId", version);
  }
  if (version >= 3) {
    {
      const x = m.groupInstanceId === undefined ? null : m.groupInstanceId;
      if (x === null) {
        if (version >= 4) w.uvarint(0); else w.int16(-1);
      } else {
        if (version >= 4) w.compactString(x); else w.string(x);
      }
    }
  }
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
  {
    const x = m.assignments;
    if (version >= 4) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeSyncGroupRequestSyncGroupRequestAssignment(w, e, version);
    }
  }
  if (version >= 4) {
    w.uvarint(0);
  }
}

function encodeSyncGroupRequestSyncGroupRequestAssignment(w: ByteWriter, m: SyncGroupRequestSyncGroupRequestAssignmentInit, version: number): void {
  if (version >= 4) w.compactString(m.memberId); else w.string(m.memberId);
  if (version >= 4) w.compactBytes(m.assignment); else w.bytesField(m.assignment);
  if (version >= 4) {
    w.uvarint(0);
  }
}
