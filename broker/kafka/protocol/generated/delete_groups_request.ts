// generated — do not edit. Source: DeleteGroupsRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * DeleteGroupsRequest (api key 42): versions 0-2, flexible 2+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface DeleteGroupsRequest {
  /** The group names to delete. (versions 0-2) */
  groupsNames: string[];
}

/**
 * DeleteGroupsRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded DeleteGroupsRequest is a valid
 * DeleteGroupsRequestInit.
 */
export interface DeleteGroupsRequestInit {
  groupsNames: readonly string[];
}

/**
 * Decode a DeleteGroupsRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDeleteGroupsRequest(r: ByteReader, version: number): DeleteGroupsRequest {
  if (version < 0 || version > 2) r.fail(`unsupported version ${version}`);
  const groupsNames: string[] = [];
  for (let i = 0, n = (version === 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    groupsNames.push((version === 2 ? r.compactString() : r.string()));
  }
  if (version === 2) {
    r.skipTaggedFields();
  }
  r.check("DeleteGroupsRequest", version);
  return { groupsNames };
}

/**
 * Encode a DeleteGroupsRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDeleteGroupsRequest(w: ByteWriter, m: DeleteGroupsRequestInit, version: number): void {
  if (version < 0 || version > 2) throw unsupportedVersionError("DeleteGroupsRequest", version);
  {
    const x = m.groupsNames;
    if (version === 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      if (version === 2) w.compactString(e); else w.string(e);
    }
  }
  if (version === 2) {
    w.uvarint(0);
  }
}
