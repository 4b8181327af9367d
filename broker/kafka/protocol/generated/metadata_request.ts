// generated — do not edit. Source: MetadataRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { nullFieldError, unsupportedFieldError, unsupportedVersionError } from "../errors.ts";
import { ZERO_UUID } from "../uuid.ts";

/**
 * MetadataRequest (api key 3): versions 0-12, flexible 9+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface MetadataRequest {
  /** The topics to fetch metadata for. (versions 0-12, nullable 1-12) */
  topics: MetadataRequestMetadataRequestTopic[] | null;
  /**
   * If this is true, the broker may auto-create topics that we requested which do not
   * already exist, if it is configured to do so. (versions 4-12, default true)
   */
  allowAutoTopicCreation: boolean;
  /** Whether to include cluster authorized operations. (versions 8-10, default false) */
  includeClusterAuthorizedOperations: boolean;
  /** Whether to include topic authorized operations. (versions 8-12, default false) */
  includeTopicAuthorizedOperations: boolean;
}

/**
 * MetadataRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded MetadataRequest is a valid MetadataRequestInit.
 */
export interface MetadataRequestInit {
  topics: readonly MetadataRequestMetadataRequestTopicInit[] | null;
  allowAutoTopicCreation?: boolean | undefined;
  includeClusterAuthorizedOperations?: boolean | undefined;
  includeTopicAuthorizedOperations?: boolean | undefined;
}

/**
 * MetadataRequestTopic in MetadataRequest (versions 0-12). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface MetadataRequestMetadataRequestTopic {
  /** The topic id. (versions 10-12, default ZERO_UUID) */
  topicId: string;
  /** The topic name. (versions 0-12, nullable 10-12) */
  name: string | null;
}

/**
 * MetadataRequestMetadataRequestTopic as encoders accept it: fields that have a default (or
 * are missing from some versions) may be left out. A decoded
 * MetadataRequestMetadataRequestTopic is a valid MetadataRequestMetadataRequestTopicInit.
 */
export interface MetadataRequestMetadataRequestTopicInit {
  topicId?: string | undefined;
  name: string | null;
}

/**
 * Decode a MetadataRequest body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeMetadataRequest(r: ByteReader, version: number): MetadataRequest {
  if (version < 0 || version > 12) r.fail(`unsupported version ${version}`);
  let topics: MetadataRequestMetadataRequestTopic[] | null = [];
  {
    const n = (version >= 9 ? (version >= 1 ? r.compactNullableArrayLength() : r.compactArrayLength()) : (version >= 1 ? r.nullableArrayLength() : r.arrayLength()));
    if (n < 0) topics = null;
    else {
      const a: MetadataRequestMetadataRequestTopic[] = [];
      for (let i = 0; i < n; i++) a.push(decodeMetadataRequestMetadataRequestTopic(r, version));
      topics = a;
    }
  }
  let allowAutoTopicCreation: boolean = true;
  if (version >= 4) {
    allowAutoTopicCreation = r.bool();
  }
  let includeClusterAuthorizedOperations: boolean = false;
  if (version >= 8 && version <= 10) {
    includeClusterAuthorizedOperations = r.bool();
  }
  let includeTopicAuthorizedOperations: boolean = false;
  if (version >= 8) {
    includeTopicAuthorizedOperations = r.bool();
  }
  if (version >= 9) {
    r.skipTaggedFields();
  }
  r.check("MetadataRequest", version);
  return { topics, allowAutoTopicCreation, includeClusterAuthorizedOperations, includeTopicAuthorizedOperations };
}

function decodeMetadataRequestMetadataRequestTopic(r: ByteReader, version: number): MetadataRequestMetadataRequestTopic {
  let topicId: string = ZERO_UUID;
  if (version >= 10) {
    topicId = r.uuid();
  }
  const name = (version >= 9 ? (version >= 10 ? r.compactNullableString() : r.compactString()) : (version >= 10 ? r.nullableString() : r.string()));
  if (version >= 9) {
    r.skipTaggedFields();
  }
  return { topicId, name };
}

/**
 * Encode a MetadataRequest body at `version`; throws KafkaEncodeError when a value cannot be
 * carried by that version.
 */
export function encodeMetadataRequest(w: ByteWriter, m: MetadataRequestInit, version: number): void {
  if (version < 0 || version > 12) throw unsupportedVersionError("MetadataRequest", version);
  {
    const x = m.topics;
    if (x === null) {
      if (version >= 1) {
        if (version >= 9) w.uvarint(0); else w.int32(-1);
      } else {
        throw nullFieldError("MetadataRequest", "topics", version);
      }
    } else {
      if (version >= 9) w.uvarint(x.length + 1); else w.int32(x.length);
      for (const e of x) {
        encodeMetadataRequestMetadataRequestTopic(w, e, version);
      }
    }
  }
  if (!(version >= 4) && (m.allowAutoTopicCreation !== undefined && m.allowAutoTopicCreation !== true)) {
    throw unsupportedFieldError("MetadataRequest", "allowAutoTopicCreation", version);
  }
  if (version >= 4) {
    w.bool((m.allowAutoTopicCreation === undefined ? true : m.allowAutoTopicCreation));
  }
  if (!(version >= 8 && version <= 10) && (m.includeClusterAuthorizedOperations !== undefined && m.includeClusterAuthorizedOperations !== false)) {
    throw unsupportedFieldError("MetadataRequest", "includeClusterAuthorizedOperations", version);
  }
  if (version >= 8 && version <= 10) {
    w.bool((m.includeClusterAuthorizedOperations === undefined ? false : m.includeClusterAuthorizedOperations));
  }
  if (!(version >= 8) && (m.includeTopicAuthorizedOperations !== undefined && m.includeTopicAuthorizedOperations !== false)) {
    throw unsupportedFieldError("MetadataRequest", "includeTopicAuthorizedOperations", version);
  }
  if (version >= 8) {
    w.bool((m.includeTopicAuthorizedOperations === undefined ? false : m.includeTopicAuthorizedOperations));
  }
  if (version >= 9) {
    w.uvarint(0);
  }
}

function encodeMetadataRequestMetadataRequestTopic(w: ByteWriter, m: MetadataRequestMetadataRequestTopicInit, version: number): void {
  if (version >= 10) {
    w.uuid((m.topicId === undefined ? ZERO_UUID : m.topicId));
  }
  {
    const x = m.name;
    if (x === null) {
      if (version >= 10) {
        if (version >= 9) w.uvarint(0); else w.int16(-1);
      } else {
        throw nullFieldError("MetadataRequestMetadataRequestTopic", "name", version);
      }
    } else {
      if (version >= 9) w.compactString(x); else w.string(x);
    }
  }
  if (version >= 9) {
    w.uvarint(0);
  }
}
