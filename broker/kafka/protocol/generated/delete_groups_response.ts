// generated — do not edit. Source: DeleteGroupsResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * DeleteGroupsResponse (api key 42): versions 0-2, flexible 2+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DeleteGroupsResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 0-2)
   */
  throttleTimeMs: number;
  /** The deletion results. (versions 0-2) */
  results: DeleteGroupsResponseDeletableGroupResult[];
}

/**
 * DeleteGroupsResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded DeleteGroupsResponse is a valid
 * DeleteGroupsResponseInit.
 */
export interface DeleteGroupsResponseInit {
  throttleTimeMs: number;
  results: readonly DeleteGroupsResponseDeletableGroupResultInit[];
}

/**
 * DeletableGroupResult in DeleteGroupsResponse (versions 0-2). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface DeleteGroupsResponseDeletableGroupResult {
  /** The group id. (versions 0-2) */
  groupId: string;
  /** The deletion error, or 0 if the deletion succeeded. (versions 0-2) */
  errorCode: number;
}

/**
 * DeleteGroupsResponseDeletableGroupResult as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * DeleteGroupsResponseDeletableGroupResult is a valid
 * DeleteGroupsResponseDeletableGroupResultInit.
 */
export interface DeleteGroupsResponseDeletableGroupResultInit {
  groupId: string;
  errorCode: number;
}

/**
 * Decode a DeleteGroupsResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDeleteGroupsResponse(r: ByteReader, version: number): DeleteGroupsResponse {
  if (version < 0 || version > 2) r.fail(`unsupported version ${version}`);
  const throttleTimeMs = r.int32();
  const results: DeleteGroupsResponseDeletableGroupResult[] = [];
  for (let i = 0, n = (version === 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    results.push(decodeDeleteGroupsResponseDeletableGroupResult(r, version));
  }
  if (version === 2) {
    r.skipTaggedFields();
  }
  r.check("DeleteGroupsResponse", version);
  return { throttleTimeMs, results };
}

function decodeDeleteGroupsResponseDeletableGroupResult(r: ByteReader, version: number): DeleteGroupsResponseDeletableGroupResult {
  const groupId = (version === 2 ? r.compactString() : r.string());
  const errorCode = r.int16();
  if (version === 2) {
    r.skipTaggedFields();
  }
  return { groupId, errorCode };
}

/**
 * Encode a DeleteGroupsResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDeleteGroupsResponse(w: ByteWriter, m: DeleteGroupsResponseInit, version: number): void {
  if (version < 0 || version > 2) throw unsupportedVersionError("DeleteGroupsResponse", version);
  w.int32(m.throttleTimeMs);
  {
    const x = m.results;
    if (version === 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeDeleteGroupsResponseDeletableGroupResult(w, e, version);
    }
  }
  if (version === 2) {
    w.uvarint(0);
  }
}

function encodeDeleteGroupsResponseDeletableGroupResult(w: ByteWriter, m: DeleteGroupsResponseDeletableGroupResultInit, version: number): void {
  if (version === 2) w.compactString(m.groupId); else w.string(m.groupId);
  w.int16(m.errorCode);
  if (version === 2) {
    w.uvarint(0);
  }
}
