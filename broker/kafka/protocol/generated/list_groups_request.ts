// generated — do not edit. Source: ListGroupsRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * ListGroupsRequest (api key 16): versions 0-5, flexible 3+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ListGroupsRequest {
  /**
   * The states of the groups we want to list. If empty, all groups are returned with their
   * state. (versions 4-5, default [])
   */
  statesFilter: string[];
  /**
   * The types of the groups we want to list. If empty, all groups are returned with their
   * type. (versions 5, default [])
   */
  typesFilter: string[];
}

/**
 * ListGroupsRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded ListGroupsRequest is a valid
 * ListGroupsRequestInit.
 */
export interface ListGroupsRequestInit {
  statesFilter?: readonly string[] | undefined;
  typesFilter?: readonly string[] | undefined;
}

/**
 * Decode a ListGroupsRequest body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeListGroupsRequest(r: ByteReader, version: number): ListGroupsRequest {
  if (version < 0 || version > 5) r.fail(`unsupported version ${version}`);
  let statesFilter: string[] = [];
  if (version >= 4) {
    {
      const n = r.compactArrayLength();
      {
        const a: string[] = [];
        for (let i = 0; i < n; i++) a.push(r.compactString());
        statesFilter = a;
      }
    }
  }
  let typesFilter: string[] = [];
  if (version === 5) {
    {
      const n = r.compactArrayLength();
      {
        const a: string[] = [];
        for (let i = 0; i < n; i++) a.push(r.compactString());
        typesFilter = a;
      }
    }
  }
  if (version >= 3) {
    r.skipTaggedFields();
  }
  r.check("ListGroupsRequest", version);
  return { statesFilter, typesFilter };
}

/**
 * Encode a ListGroupsRequest body at `version`; throws KafkaEncodeError when a value cannot
 * be carried by that version.
 */
export function encodeListGroupsRequest(w: ByteWriter, m: ListGroupsRequestInit, version: number): void {
  if (version < 0 || version > 5) throw unsupportedVersionError("ListGroupsRequest", version);
  if (!(version >= 4) && (m.statesFilter !== undefined && (m.statesFilter === null || m.statesFilter.length !== 0))) {
    throw unsupportedFieldError("ListGroupsRequest", "statesFilter", version);
  }
  if (version >= 4) {
    {
      const x = m.statesFilter === undefined ? [] : m.statesFilter;
      w.uvarint(x.length + 1);
      for (const e of x) {
        w.compactString(e);
      }
    }
  }
  if (!(version === 5) && (m.typesFilter !== undefined && (m.typesFilter === null || m.typesFilter.length !== 0))) {
    throw unsupportedFieldError("ListGroupsRequest", "typesFilter", version);
  }
  if (version === 5) {
    {
      const x = m.typesFilter === undefined ? [] : m.typesFilter;
      w.uvarint(x.length + 1);
      for (const e of x) {
        w.compactString(e);
      }
    }
  }
  if (version >= 3) {
    w.uvarint(0);
  }
}
