// generated — do not edit. Source: DeleteTopicsResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { nullFieldError, unsupportedVersionError } from "../errors.ts";
import { ZERO_UUID } from "../uuid.ts";

/**
 * DeleteTopicsResponse (api key 20): versions 0-6, flexible 4+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DeleteTopicsResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 1-6, default 0)
   */
  throttleTimeMs: number;
  /** The results for each topic we tried to delete. (versions 0-6) */
  responses: DeleteTopicsResponseDeletableTopicResult[];
}

/**
 * DeleteTopicsResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded DeleteTopicsResponse is a valid
 * DeleteTopicsResponseInit.
 */
export interface DeleteTopicsResponseInit {
  throttleTimeMs?: number | undefined;
  responses: readonly DeleteTopicsResponseDeletableTopicResultInit[];
}

/**
 * DeletableTopicResult in DeleteTopicsResponse (versions 0-6). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface DeleteTopicsResponseDeletableTopicResult {
  /** The topic name. (versions 0-6, nullable 6) */
  name: string | null;
  /** the unique topic ID. (versions 6, default ZERO_UUID) */
  topicId: string;
  /** The deletion error, or 0 if the deletion succeeded. (versions 0-6) */
  errorCode: number;
  /**
   * The error message, or null if there was no error. (versions 5-6, nullable 5-6, default
   * null)
   */
  errorMessage: string | null;
}

/**
 * DeleteTopicsResponseDeletableTopicResult as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * DeleteTopicsResponseDeletableTopicResult is a valid
 * DeleteTopicsResponseDeletableTopicResultInit.
 */
export interface DeleteTopicsResponseDeletableTopicResultInit {
  name: string | null;
  topicId?: string | undefined;
  errorCode: number;
  errorMessage?: string | null | undefined;
}

/**
 * Decode a DeleteTopicsResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDeleteTopicsResponse(r: ByteReader, version: number): DeleteTopicsResponse {
  if (version < 0 || version > 6) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 1) {
    throttleTimeMs = r.int32();
  }
  const responses: DeleteTopicsResponseDeletableTopicResult[] = [];
  for (let i = 0, n = (version >= 4 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    responses.push(decodeDeleteTopicsResponseDeletableTopicResult(r, version));
  }
  if (version >= 4) {
    r.skipTaggedFields();
  }
  r.check("DeleteTopicsResponse", version);
  return { throttleTimeMs, responses };
}

function decodeDeleteTopicsResponseDeletableTopicResult(r: ByteReader, version: number): DeleteTopicsResponseDeletableTopicResult {
  const name = (version >= 4 ? (version === 6 ? r.compactNullableString() : r.compactString()) : (version === 6 ? r.nullableString() : r.string()));
  let topicId: string = ZERO_UUID;
  if (version === 6) {
    topicId = r.uuid();
  }
  const errorCode = r.int16();
  let errorMessage: string | null = null;
  if (version >= 5) {
    errorMessage = r.compactNullableString();
  }
  if (version >= 4) {
    r.skipTaggedFields();
  }
  return { name, topicId, errorCode, errorMessage };
}

/**
 * Encode a DeleteTopicsResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDeleteTopicsResponse(w: ByteWriter, m: DeleteTopicsResponseInit, version: number): void {
  if (version < 0 || version > 6) throw unsupportedVersionError("DeleteTopicsResponse", version);
  if (version >= 1) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  {
    const x = m.responses;
    if (version >= 4) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeDeleteTopicsResponseDeletableTopicResult(w, e, version);
    }
  }
  if (version >= 4) {
    w.uvarint(0);
  }
}

function encodeDeleteTopicsResponseDeletableTopicResult(w: ByteWriter, m: DeleteTopicsResponseDeletableTopicResultInit, version: number): void {
  {
    const x = m.name;
    if (x === null) {
      if (version === 6) {
        if (version >= 4) w.uvarint(0); else w.int16(-1);
      } else {
        throw nullFieldError("DeleteTopicsResponseDeletableTopicResult", "name", version);
      }
    } else {
      if (version >= 4) w.compactString(x); else w.string(x);
    }
  }
  if (version === 6) {
    w.uuid((m.topicId === undefined ? ZERO_UUID : m.topicId));
  }
  w.int16(m.errorCode);
  if (version >= 5) {
    {
      const x = m.errorMessage === undefined ? null : m.errorMessage;
      if (x === null) {
        w.uvarint(0);
      } else {
        w.compactString(x);
      }
    }
  }
  if (version >= 4) {
    w.uvarint(0);
  }
}
