// generated — do not edit. Source: DescribeGroupsRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * DescribeGroupsRequest (api key 15): versions 0-5, flexible 5+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeGroupsRequest {
  /** The names of the groups to describe. (versions 0-5) */
  groups: string[];
  /** Whether to include authorized operations. (versions 3-5, default false) */
  includeAuthorizedOperations: boolean;
}

/**
 * DescribeGroupsRequest as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded DescribeGroupsRequest is a valid
 * DescribeGroupsRequestInit.
 */
export interface DescribeGroupsRequestInit {
  groups: readonly string[];
  includeAuthorizedOperations?: boolean | undefined;
}

/**
 * Decode a DescribeGroupsRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDescribeGroupsRequest(r: ByteReader, version: number): DescribeGroupsRequest {
  if (version < 0 || version > 5) r.fail(`unsupported version ${version}`);
  const groups: string[] = [];
  for (let i = 0, n = (version === 5 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    groups.push((version === 5 ? r.compactString() : r.string()));
  }
  let includeAuthorizedOperations: boolean = false;
  if (version >= 3) {
    includeAuthorizedOperations = r.bool();
  }
  if (version === 5) {
    r.skipTaggedFields();
  }
  r.check("DescribeGroupsRequest", version);
  return { groups, includeAuthorizedOperations };
}

/**
 * Encode a DescribeGroupsRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDescribeGroupsRequest(w: ByteWriter, m: DescribeGroupsRequestInit, version: number): void {
  if (version < 0 || version > 5) throw unsupportedVersionError("DescribeGroupsRequest", version);
  {
    const x = m.groups;
    if (version === 5) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      if (version === 5) w.compactString(e); else w.string(e);
    }
  }
  if (!(version >= 3) && (m.includeAuthorizedOperations !== undefined && m.includeAuthorizedOperations !== false)) {
    throw unsupportedFieldError("DescribeGroupsRequest", "includeAuthorizedOperations", version);
  }
  if (version >= 3) {
    w.bool((m.includeAuthorizedOperations === undefined ? false : m.includeAuthorizedOperations));
  }
  if (version === 5) {
    w.uvarint(0);
  }
}
