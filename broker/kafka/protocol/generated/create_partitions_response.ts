// generated — do not edit. Source: CreatePartitionsResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * CreatePartitionsResponse (api key 37): versions 0-3, flexible 2+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface CreatePartitionsResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 0-3)
   */
  throttleTimeMs: number;
  /** The partition creation results for each topic. (versions 0-3) */
  results: CreatePartitionsResponseCreatePartitionsTopicResult[];
}

/**
 * CreatePartitionsResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded CreatePartitionsResponse is a valid
 * CreatePartitionsResponseInit.
 */
export interface CreatePartitionsResponseInit {
  throttleTimeMs: number;
  results: readonly CreatePartitionsResponseCreatePartitionsTopicResultInit[];
}

/**
 * CreatePartitionsTopicResult in CreatePartitionsResponse (versions 0-3). Decoders return
 * this complete form: a field missing from the decoded version holds its default.
 */
export interface CreatePartitionsResponseCreatePartitionsTopicResult {
  /** The topic name. (versions 0-3) */
  name: string;
  /** The result error, or zero if there was no error. (versions 0-3) */
  errorCode: number;
  /**
   * The result message, or null if there was no error. (versions 0-3, nullable 0-3, default
   * null)
   */
  errorMessage: string | null;
}

/**
 * CreatePartitionsResponseCreatePartitionsTopicResult as encoders accept it: fields that
 * have a default (or are missing from some versions) may be left out. A decoded
 * CreatePartitionsResponseCreatePartitionsTopicResult is a valid
 * CreatePartitionsResponseCreatePartitionsTopicResultInit.
 */
export interface CreatePartitionsResponseCreatePartitionsTopicResultInit {
  name: string;
  errorCode: number;
  errorMessage?: string | null | undefined;
}

/**
 * Decode a CreatePartitionsResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeCreatePartitionsResponse(r: ByteReader, version: number): CreatePartitionsResponse {
  if (version < 0 || version > 3) r.fail(`unsupported version ${version}`);
  const throttleTimeMs = r.int32();
  const results: CreatePartitionsResponseCreatePartitionsTopicResult[] = [];
  for (let i = 0, n = (version >= 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    results.push(decodeCreatePartitionsResponseCreatePartitionsTopicResult(r, version));
  }
  if (version >= 2) {
    r.skipTaggedFields();
  }
  r.check("CreatePartitionsResponse", version);
  return { throttleTimeMs, results };
}

function decodeCreatePartitionsResponseCreatePartitionsTopicResult(r: ByteReader, version: number): CreatePartitionsResponseCreatePartitionsTopicResult {
  const name = (version >= 2 ? r.compactString() : r.string());
  const errorCode = r.int16();
  const errorMessage = (version >= 2 ? r.compactNullableString() : r.nullableString());
  if (version >= 2) {
    r.skipTaggedFields();
  }
  return { name, errorCode, errorMessage };
}

/**
 * Encode a CreatePartitionsResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeCreatePartitionsResponse(w: ByteWriter, m: CreatePartitionsResponseInit, version: number): void {
  if (version < 0 || version > 3) throw unsupportedVersionError("CreatePartitionsResponse", version);
  w.int32(m.throttleTimeMs);
  {
    const x = m.results;
    if (version >= 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeCreatePartitionsResponseCreatePartitionsTopicResult(w, e, version);
    }
  }
  if (version >= 2) {
    w.uvarint(0);
  }
}

function encodeCreatePartitionsResponseCreatePartitionsTopicResult(w: ByteWriter, m: CreatePartitionsResponseCreatePartitionsTopicResultInit, version: number): void {
  if (version >= 2) w.compactString(m.name); else w.string(m.name);
  w.int16(m.errorCode);
  {
    const x = m.errorMessage === undefined ? null : m.errorMessage;
    if (x === null) {
      if (version >= 2) w.uvarint(0); else w.int16(-1);
    } else {
      if (version >= 2) w.compactString(x); else w.string(x);
    }
  }
  if (version >= 2) {
    w.uvarint(0);
  }
}
