// generated — do not edit. Source: IncrementalAlterConfigsResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * IncrementalAlterConfigsResponse (api key 44): versions 0-1, flexible 1+. Decoders return
 * this complete form: a field missing from the decoded version holds its default.
 */
export interface IncrementalAlterConfigsResponse {
  /**
   * Duration in milliseconds for which the request was throttled due to a quota violation,
   * or zero if the request did not violate any quota. (versions 0-1)
   */
  throttleTimeMs: number;
  /** The responses for each resource. (versions 0-1) */
  responses: IncrementalAlterConfigsResponseAlterConfigsResourceResponse[];
}

/**
 * IncrementalAlterConfigsResponse as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded IncrementalAlterConfigsResponse is
 * a valid IncrementalAlterConfigsResponseInit.
 */
export interface IncrementalAlterConfigsResponseInit {
  throttleTimeMs: number;
  responses: readonly IncrementalAlterConfigsResponseAlterConfigsResourceResponseInit[];
}

/**
 * AlterConfigsResourceResponse in IncrementalAlterConfigsResponse (versions 0-1). Decoders
 * return this complete form: a field missing from the decoded version holds its default.
 */
export interface IncrementalAlterConfigsResponseAlterConfigsResourceResponse {
  /** The resource error code. (versions 0-1) */
  errorCode: number;
  /** The resource error message, or null if there was no error. (versions 0-1, nullable 0-1) */
  errorMessage: string | null;
  /** The resource type. (versions 0-1) */
  resourceType: number;
  /** The resource name. (versions 0-1) */
  resourceName: string;
}

/**
 * IncrementalAlterConfigsResponseAlterConfigsResourceResponse as encoders accept it: fields
 * that have a default (or are missing from some versions) may be left out. A decoded
 * IncrementalAlterConfigsResponseAlterConfigsResourceResponse is a valid
 * IncrementalAlterConfigsResponseAlterConfigsResourceResponseInit.
 */
export interface IncrementalAlterConfigsResponseAlterConfigsResourceResponseInit {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
}

/**
 * Decode a IncrementalAlterConfigsResponse body at `version`; throws KafkaDecodeError
 * (naming the version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeIncrementalAlterConfigsResponse(r: ByteReader, version: number): IncrementalAlterConfigsResponse {
  if (version < 0 || version > 1) r.fail(`unsupported version ${version}`);
  const throttleTimeMs = r.int32();
  const responses: IncrementalAlterConfigsResponseAlterConfigsResourceResponse[] = [];
  for (let i = 0, n = (version === 1 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    responses.push(decodeIncrementalAlterConfigsResponseAlterConfigsResourceResponse(r, version));
  }
  if (version === 1) {
    r.skipTaggedFields();
  }
  r.check("IncrementalAlterConfigsResponse", version);
  return { throttleTimeMs, responses };
}

function decodeIncrementalAlterConfigsResponseAlterConfigsResourceResponse(r: ByteReader, version: number): IncrementalAlterConfigsResponseAlterConfigsResourceResponse {
  const errorCode = r.int16();
  const errorMessage = (version === 1 ? r.compactNullableString() : r.nullableString());
  const resourceType = r.int8();
  const resourceName = (version === 1 ? r.compactString() : r.string());
  if (version === 1) {
    r.skipTaggedFields();
  }
  return { errorCode, errorMessage, resourceType, resourceName };
}

/**
 * Encode a IncrementalAlterConfigsResponse body at `version`; throws KafkaEncodeError when a
 * value cannot be carried by that version.
 */
export function encodeIncrementalAlterConfigsResponse(w: ByteWriter, m: IncrementalAlterConfigsResponseInit, version: number): void {
  if (version < 0 || version > 1) throw unsupportedVersionError("IncrementalAlterConfigsResponse", version);
  w.int32(m.throttleTimeMs);
  {
    const x = m.responses;
    if (version === 1) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeIncrementalAlterConfigsResponseAlterConfigsResourceResponse(w, e, version);
    }
  }
  if (version === 1) {
    w.uvarint(0);
  }
}

function encodeIncrementalAlterConfigsResponseAlterConfigsResourceResponse(w: ByteWriter, m: IncrementalAlterConfigsResponseAlterConfigsResourceResponseInit, version: number): void {
  w.int16(m.errorCode);
  {
    const x = m.errorMessage;
    if (x === null) {
      if (version === 1) w.uvarint(0); else w.int16(-1);
    } else {
      if (version === 1) w.compactString(x); else w.string(x);
    }
  }
  w.int8(m.resourceType);
  if (version === 1) w.compactString(m.resourceName); else w.string(m.resourceName);
  if (version === 1) {
    w.uvarint(0);
  }
}
