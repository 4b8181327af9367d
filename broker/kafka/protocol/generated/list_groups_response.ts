// generated — do not edit. Source: ListGroupsResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * ListGroupsResponse (api key 16): versions 0-5, flexible 3+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ListGroupsResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 1-5, default 0)
   */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (versions 0-5) */
  errorCode: number;
  /** Each group in the response. (versions 0-5) */
  groups: ListGroupsResponseListedGroup[];
}

/**
 * ListGroupsResponse as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded ListGroupsResponse is a valid
 * ListGroupsResponseInit.
 */
export interface ListGroupsResponseInit {
  throttleTimeMs?: number | undefined;
  errorCode: number;
  groups: readonly ListGroupsResponseListedGroupInit[];
}

/**
 * ListedGroup in ListGroupsResponse (versions 0-5). Decoders return this complete form: a
 * field missing from the decoded version holds its default.
 */
export interface ListGroupsResponseListedGroup {
  /** The group ID. (versions 0-5) */
  groupId: string;
  /** The group protocol type. (versions 0-5) */
  protocolType: string;
  /** The group state name. (versions 4-5, default "") */
  groupState: string;
  /** The group type name. (versions 5, default "") */
  groupType: string;
}

/**
 * ListGroupsResponseListedGroup as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded ListGroupsResponseListedGroup is a
 * valid ListGroupsResponseListedGroupInit.
 */
export interface ListGroupsResponseListedGroupInit {
  groupId: string;
  protocolType: string;
  groupState?: string | undefined;
  groupType?: string | undefined;
}

/**
 * Decode a ListGroupsResponse body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeListGroupsResponse(r: ByteReader, version: number): ListGroupsResponse {
  if (version < 0 || version > 5) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 1) {
    throttleTimeMs = r.int32();
  }
  const errorCode = r.int16();
  const groups: ListGroupsResponseListedGroup[] = [];
  for (let i = 0, n = (version >= 3 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    groups.push(decodeListGroupsResponseListedGroup(r, version));
  }
  if (version >= 3) {
    r.skipTaggedFields();
  }
  r.check("ListGroupsResponse", version);
  return { throttleTimeMs, errorCode, groups };
}

function decodeListGroupsResponseListedGroup(r: ByteReader, version: number): ListGroupsResponseListedGroup {
  const groupId = (version >= 3 ? r.compactString() : r.string());
  const protocolType = (version >= 3 ? r.compactString() : r.string());
  let groupState: string = "";
  if (version >= 4) {
    groupState = r.compactString();
  }
  let groupType: string = "";
  if (version === 5) {
    groupType = r.compactString();
  }
  if (version >= 3) {
    r.skipTaggedFields();
  }
  return { groupId, protocolType, groupState, groupType };
}

/**
 * Encode a ListGroupsResponse body at `version`; throws KafkaEncodeError when a value cannot
 * be carried by that version.
 */
export function encodeListGroupsResponse(w: ByteWriter, m: ListGroupsResponseInit, version: number): void {
  if (version < 0 || version > 5) throw unsupportedVersionError("ListGroupsResponse", version);
  if (version >= 1) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  w.int16(m.errorCode);
  {
    const x = m.groups;
    if (version >= 3) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeListGroupsResponseListedGroup(w, e, version);
    }
  }
  if (version >= 3) {
    w.uvarint(0);
  }
}

function encodeListGroupsResponseListedGroup(w: ByteWriter, m: ListGroupsResponseListedGroupInit, version: number): void {
  if (version >= 3) w.compactString(m.groupId); else w.string(m.groupId);
  if (version >= 3) w.compactString(m.protocolType); else w.string(m.protocolType);
  if (version >= 4) {
    w.compactString((m.groupState === undefined ? "" : m.groupState));
  }
  if (version === 5) {
    w.compactString((m.groupType === undefined ? "" : m.groupType));
  }
  if (version >= 3) {
    w.uvarint(0);
  }
}
