// generated — do not edit. Source: AlterConfigsResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * AlterConfigsResponse (api key 33): versions 0-2, flexible 2+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface AlterConfigsResponse {
  /**
   * Duration in milliseconds for which the request was throttled due to a quota violation,
   * or zero if the request did not violate any quota. (versions 0-2)
   */
  throttleTimeMs: number;
  /** The responses for each resource. (versions 0-2) */
  responses: AlterConfigsResponseAlterConfigsResourceResponse[];
}

/**
 * AlterConfigsResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded AlterConfigsResponse is a valid
 * AlterConfigsResponseInit.
 */
export interface AlterConfigsResponseInit {
  throttleTimeMs: number;
  responses: readonly AlterConfigsResponseAlterConfigsResourceResponseInit[];
}

/**
 * AlterConfigsResourceResponse in AlterConfigsResponse (versions 0-2). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface AlterConfigsResponseAlterConfigsResourceResponse {
  /** The resource error code. (versions 0-2) */
  errorCode: number;
  /** The resource error message, or null if there was no error. (versions 0-2, nullable 0-2) */
  errorMessage: string | null;
  /** The resource type. (versions 0-2) */
  resourceType: number;
  /** The resource name. (versions 0-2) */
  resourceName: string;
}

/**
 * AlterConfigsResponseAlterConfigsResourceResponse as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * AlterConfigsResponseAlterConfigsResourceResponse is a valid
 * AlterConfigsResponseAlterConfigsResourceResponseInit.
 */
export interface AlterConfigsResponseAlterConfigsResourceResponseInit {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
}

/**
 * Decode a AlterConfigsResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeAlterConfigsResponse(r: ByteReader, version: number): AlterConfigsResponse {
  if (version < 0 || version > 2) r.fail(`unsupported version ${version}`);
  const throttleTimeMs = r.int32();
  const responses: AlterConfigsResponseAlterConfigsResourceResponse[] = [];
  for (let i = 0, n = (version === 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    responses.push(decodeAlterConfigsResponseAlterConfigsResourceResponse(r, version));
  }
  if (version === 2) {
    r.skipTaggedFields();
  }
  r.check("AlterConfigsResponse", version);
  return { throttleTimeMs, responses };
}

function decodeAlterConfigsResponseAlterConfigsResourceResponse(r: ByteReader, version: number): AlterConfigsResponseAlterConfigsResourceResponse {
  const errorCode = r.int16();
  const errorMessage = (version === 2 ? r.compactNullableString() : r.nullableString());
  const resourceType = r.int8();
  const resourceName = (version === 2 ? r.compactString() : r.string());
  if (version === 2) {
    r.skipTaggedFields();
  }
  return { errorCode, errorMessage, resourceType, resourceName };
}

/**
 * Encode a AlterConfigsResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeAlterConfigsResponse(w: ByteWriter, m: AlterConfigsResponseInit, version: number): void {
  if (version < 0 || version > 2) throw unsupportedVersionError("AlterConfigsResponse", version);
  w.int32(m.throttleTimeMs);
  {
    const x = m.responses;
    if (version === 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeAlterConfigsResponseAlterConfigsResourceResponse(w, e, version);
    }
  }
  if (version === 2) {
    w.uvarint(0);
  }
}

function encodeAlterConfigsResponseAlterConfigsResourceResponse(w: ByteWriter, m: AlterConfigsResponseAlterConfigsResourceResponseInit, version: number): void {
  w.int16(m.errorCode);
  {
    const x = m.errorMessage;
    if (x === null) {
      if (version === 2) w.uvarint(0); else w.int16(-1);
    } else {
      if (version === 2) w.compactString(x); else w.string(x);
    }
  }
  w.int8(m.resourceType);
  if (version === 2) w.compactString(m.resourceName); else w.string(m.resourceName);
  if (version === 2) {
    w.uvarint(0);
  }
}
