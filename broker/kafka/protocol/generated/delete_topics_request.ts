// generated — do not edit. Source: DeleteTopicsRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * DeleteTopicsRequest (api key 20): versions 0-6, flexible 4+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface DeleteTopicsRequest {
  /** The name or topic ID of the topic. (versions 6, default []) */
  topics: DeleteTopicsRequestDeleteTopicState[];
  /** The names of the topics to delete. (versions 0-5, default []) */
  topicNames: string[];
  /** The length of time in milliseconds to wait for the deletions to complete. (versions 0-6) */
  timeoutMs: number;
}

/**
 * DeleteTopicsRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded DeleteTopicsRequest is a valid
 * DeleteTopicsRequestInit.
 */
export interface DeleteTopicsRequestInit {
  topics?: readonly DeleteTopicsRequestDeleteTopicStateInit[] | undefined;
  topicNames?: readonly string[] | undefined;
  timeoutMs: number;
}

/**
 * DeleteTopicState in DeleteTopicsRequest (versions 6). Decoders return this complete form:
 * a field missing from the decoded version holds its default.
 */
export interface DeleteTopicsRequestDeleteTopicState {
  /** The topic name. (versions 6, nullable 6, default null) */
  name: string | null;
  /** The unique topic ID. (versions 6) */
  topicId: string;
}

/**
 * DeleteTopicsRequestDeleteTopicState as encoders accept it: fields that have a default (or
 * are missing from some versions) may be left out. A decoded
 * DeleteTopicsRequestDeleteTopicState is a valid DeleteTopicsRequestDeleteTopicStateInit.
 */
export interface DeleteTopicsRequestDeleteTopicStateInit {
  name?: string | null | undefined;
  topicId: string;
}

/**
 * Decode a DeleteTopicsRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDeleteTopicsRequest(r: ByteReader, version: number): DeleteTopicsRequest {
  if (version < 0 || version > 6) r.fail(`unsupported version ${version}`);
  let topics: DeleteTopicsRequestDeleteTopicState[] = [];
  if (version === 6) {
    {
      const n = r.compactArrayLength();
      {
        const a: DeleteTopicsRequestDeleteTopicState[] = [];
        for (let i = 0; i < n; i++) a.push(decodeDeleteTopicsRequestDeleteTopicState(r, version));
        topics = a;
      }
    }
  }
  let topicNames: string[] = [];
  if (version <= 5) {
    {
      const n = (version >= 4 ? r.compactArrayLength() : r.arrayLength());
      {
        const a: string[] = [];
        for (let i = 0; i < n; i++) a.push((version >= 4 ? r.compactString() : r.string()));
        topicNames = a;
      }
    }
  }
  const timeoutMs = r.int32();
  if (version >= 4) {
    r.skipTaggedFields();
  }
  r.check("DeleteTopicsRequest", version);
  return { topics, topicNames, timeoutMs };
}

function decodeDeleteTopicsRequestDeleteTopicState(r: ByteReader, _version: number): DeleteTopicsRequestDeleteTopicState {
  const name = r.compactNullableString();
  const topicId = r.uuid();
  r.skipTaggedFields();
  return { name, topicId };
}

/**
 * Encode a DeleteTopicsRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDeleteTopicsRequest(w: ByteWriter, m: DeleteTopicsRequestInit, version: number): void {
  if (version < 0 || version > 6) throw unsupportedVersionError("DeleteTopicsRequest", version);
  if (!(version === 6) && (m.topics !== undefined && (m.topics === null || m.topics.length !== 0))) {
    throw unsupportedFieldError("DeleteTopicsRequest", "topics", version);
  }
  if (version === 6) {
    {
      const x = m.topics === undefined ? [] : m.topics;
      w.uvarint(x.length + 1);
      for (const e of x) {
        encodeDeleteTopicsRequestDeleteTopicState(w, e, version);
      }
    }
  }
  if (version <= 5) {
    {
      const x = m.topicNames === undefined ? [] : m.topicNames;
      if (version >= 4) w.uvarint(x.length + 1); else w.int32(x.length);
      for (const e of x) {
        if (version >= 4) w.compactString(e); else w.string(e);
      }
    }
  }
  w.int32(m.timeoutMs);
  if (version >= 4) {
    w.uvarint(0);
  }
}

function encodeDeleteTopicsRequestDeleteTopicState(w: ByteWriter, m: DeleteTopicsRequestDeleteTopicStateInit, _version: number): void {
  {
    const x = m.name === undefined ? null : m.name;
    if (x === null) {
      w.uvarint(0);
    } else {
      w.compactString(x);
    }
  }
  w.uuid(m.topicId);
  w.uvarint(0);
}
