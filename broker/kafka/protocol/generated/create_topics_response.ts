// generated — do not edit. Source: CreateTopicsResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";
import { ZERO_UUID } from "../uuid.ts";

/**
 * CreateTopicsResponse (api key 19): versions 0-7, flexible 5+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface CreateTopicsResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 2-7, default 0)
   */
  throttleTimeMs: number;
  /** Results for each topic we tried to create. (versions 0-7) */
  topics: CreateTopicsResponseCreatableTopicResult[];
}

/**
 * CreateTopicsResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded CreateTopicsResponse is a valid
 * CreateTopicsResponseInit.
 */
export interface CreateTopicsResponseInit {
  throttleTimeMs?: number | undefined;
  topics: readonly CreateTopicsResponseCreatableTopicResultInit[];
}

/**
 * CreatableTopicResult in CreateTopicsResponse (versions 0-7). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface CreateTopicsResponseCreatableTopicResult {
  /** The topic name. (versions 0-7) */
  name: string;
  /** The unique topic ID. (versions 7, default ZERO_UUID) */
  topicId: string;
  /** The error code, or 0 if there was no error. (versions 0-7) */
  errorCode: number;
  /**
   * The error message, or null if there was no error. (versions 1-7, nullable 1-7, default
   * "")
   */
  errorMessage: string | null;
  /**
   * Optional topic config error returned if configs are not returned in the response.
   * (versions 5-7, tag 0 in 5-7, default 0)
   */
  topicConfigErrorCode: number;
  /** Number of partitions of the topic. (versions 5-7, default -1) */
  numPartitions: number;
  /** Replication factor of the topic. (versions 5-7, default -1) */
  replicationFactor: number;
  /** Configuration of the topic. (versions 5-7, nullable 5-7, default []) */
  configs: CreateTopicsResponseCreatableTopicConfigs[] | null;
}

/**
 * CreateTopicsResponseCreatableTopicResult as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * CreateTopicsResponseCreatableTopicResult is a valid
 * CreateTopicsResponseCreatableTopicResultInit.
 */
export interface CreateTopicsResponseCreatableTopicResultInit {
  name: string;
  topicId?: string | undefined;
  errorCode: number;
  errorMessage?: string | null | undefined;
  topicConfigErrorCode?: number | undefined;
  numPartitions?: number | undefined;
  replicationFactor?: number | undefined;
  configs?: readonly CreateTopicsResponseCreatableTopicConfigsInit[] | null | undefined;
}

/**
 * CreatableTopicConfigs in CreateTopicsResponse (versions 5-7). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface CreateTopicsResponseCreatableTopicConfigs {
  /** The configuration name. (versions 5-7) */
  name: string;
  /** The configuration value. (versions 5-7, nullable 5-7) */
  value: string | null;
  /** True if the configuration is read-only. (versions 5-7) */
  readOnly: boolean;
  /** The configuration source. (versions 5-7, default -1) */
  configSource: number;
  /** True if this configuration is sensitive. (versions 5-7) */
  isSensitive: boolean;
}

/**
 * CreateTopicsResponseCreatableTopicConfigs as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * CreateTopicsResponseCreatableTopicConfigs is a valid
 * CreateTopicsResponseCreatableTopicConfigsInit.
 */
export interface CreateTopicsResponseCreatableTopicConfigsInit {
  name: string;
  value: string | null;
  readOnly: boolean;
  configSource?: number | undefined;
  isSensitive: boolean;
}

/**
 * Decode a CreateTopicsResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeCreateTopicsResponse(r: ByteReader, version: number): CreateTopicsResponse {
  if (version < 0 || version > 7) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 2) {
    throttleTimeMs = r.int32();
  }
  const topics: CreateTopicsResponseCreatableTopicResult[] = [];
  for (let i = 0, n = (version >= 5 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    topics.push(decodeCreateTopicsResponseCreatableTopicResult(r, version));
  }
  if (version >= 5) {
    r.skipTaggedFields();
  }
  r.check("CreateTopicsResponse", version);
  return { throttleTimeMs, topics };
}

function decodeCreateTopicsResponseCreatableTopicResult(r: ByteReader, version: number): CreateTopicsResponseCreatableTopicResult {
  const name = (version >= 5 ? r.compactString() : r.string());
  let topicId: string = ZERO_UUID;
  if (version === 7) {
    topicId = r.uuid();
  }
  const errorCode = r.int16();
  let errorMessage: string | null = "";
  if (version >= 1) {
    errorMessage = (version >= 5 ? r.compactNullableString() : r.nullableString());
  }
  let topicConfigErrorCode: number = 0;
  let numPartitions: number = -1;
  if (version >= 5) {
    numPartitions = r.int32();
  }
  let replicationFactor: number = -1;
  if (version >= 5) {
    replicationFactor = r.int16();
  }
  let configs: CreateTopicsResponseCreatableTopicConfigs[] | null = [];
  if (version >= 5) {
    {
      const n = r.compactNullableArrayLength();
      if (n < 0) configs = null;
      else {
        const a: CreateTopicsResponseCreatableTopicConfigs[] = [];
        for (let i = 0; i < n; i++) a.push(decodeCreateTopicsResponseCreatableTopicConfigs(r, version));
        configs = a;
      }
    }
  }
  if (version >= 5) {
    for (let tags = r.taggedFieldCount(); tags > 0; tags--) {
      const tag = r.uvarint();
      const size = r.taggedFieldSize();
      const end = r.position + size;
      switch (tag) {
        case 0: {
          topicConfigErrorCode = r.int16();
          break;
        }
        default:
          r.skip(size);
      }
      r.endTaggedField(tag, end);
    }
  }
  return { name, topicId, errorCode, errorMessage, topicConfigErrorCode, numPartitions, replicationFactor, configs };
}

function decodeCreateTopicsResponseCreatableTopicConfigs(r: ByteReader, _version: number): CreateTopicsResponseCreatableTopicConfigs {
  const name = r.compactString();
  const value = r.compactNullableString();
  const readOnly = r.bool();
  const configSource = r.int8();
  const isSensitive = r.bool();
  r.skipTaggedFields();
  return { name, value, readOnly, configSource, isSensitive };
}

/**
 * Encode a CreateTopicsResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeCreateTopicsResponse(w: ByteWriter, m: CreateTopicsResponseInit, version: number): void {
  if (version < 0 || version > 7) throw unsupportedVersionError("CreateTopicsResponse", version);
  if (version >= 2) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  {
    const x = m.topics;
    if (version >= 5) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeCreateTopicsResponseCreatableTopicResult(w, e, version);
    }
  }
  if (version >= 5) {
    w.uvarint(0);
  }
}

function encodeCreateTopicsResponseCreatableTopicResult(w: ByteWriter, m: CreateTopicsResponseCreatableTopicResultInit, version: number): void {
  if (version >= 5) w.compactString(m.name); else w.string(m.name);
  if (version === 7) {
    w.uuid((m.topicId === undefined ? ZERO_UUID : m.topicId));
  }
  w.int16(m.errorCode);
  if (version >= 1) {
    {
      const x = m.errorMessage === undefined ? "" : m.errorMessage;
      if (x === null) {
        if (version >= 5) w.uvarint(0); else w.int16(-1);
      } else {
        if (version >= 5) w.compactString(x); else w.string(x);
      }
    }
  }
  if (version >= 5) {
    w.int32((m.numPartitions === undefined ? -1 : m.numPartitions));
  }
  if (version >= 5) {
    w.int16((m.replicationFactor === undefined ? -1 : m.replicationFactor));
  }
  if (version >= 5) {
    {
      const x = m.configs === undefined ? [] : m.configs;
      if (x === null) {
        w.uvarint(0);
      } else {
        w.uvarint(x.length + 1);
        for (const e of x) {
          encodeCreateTopicsResponseCreatableTopicConfigs(w, e, version);
        }
      }
    }
  }
  if (version >= 5) {
    let tags = 0;
    const hasTopicConfigErrorCode = (m.topicConfigErrorCode !== undefined && m.topicConfigErrorCode !== 0);
    if (hasTopicConfigErrorCode) tags++;
    w.uvarint(tags);
    if (hasTopicConfigErrorCode) {
      w.uvarint(0);
      const mark = w.beginSized();
      w.int16((m.topicConfigErrorCode === undefined ? 0 : m.topicConfigErrorCode));
      w.endSized(mark);
    }
  }
}

function encodeCreateTopicsResponseCreatableTopicConfigs(w: ByteWriter, m: CreateTopicsResponseCreatableTopicConfigsInit, _version: number): void {
  w.compactString(m.name);
  {
    const x = m.value;
    if (x === null) {
      w.uvarint(0);
    } else {
      w.compactString(x);
    }
  }
  w.bool(m.readOnly);
  w.int8((m.configSource === undefined ? -1 : m.configSource));
  w.bool(m.isSensitive);
  w.uvarint(0);
}
