// generated — do not edit. Source: DescribeConfigsResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * DescribeConfigsResponse (api key 32): versions 0-4, flexible 4+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeConfigsResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 0-4)
   */
  throttleTimeMs: number;
  /** The results for each resource. (versions 0-4) */
  results: DescribeConfigsResponseDescribeConfigsResult[];
}

/**
 * DescribeConfigsResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded DescribeConfigsResponse is a valid
 * DescribeConfigsResponseInit.
 */
export interface DescribeConfigsResponseInit {
  throttleTimeMs: number;
  results: readonly DescribeConfigsResponseDescribeConfigsResultInit[];
}

/**
 * DescribeConfigsResult in DescribeConfigsResponse (versions 0-4). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeConfigsResponseDescribeConfigsResult {
  /**
   * The error code, or 0 if we were able to successfully describe the configurations.
   * (versions 0-4)
   */
  errorCode: number;
  /**
   * The error message, or null if we were able to successfully describe the configurations.
   * (versions 0-4, nullable 0-4)
   */
  errorMessage: string | null;
  /** The resource type. (versions 0-4) */
  resourceType: number;
  /** The resource name. (versions 0-4) */
  resourceName: string;
  /** Each listed configuration. (versions 0-4) */
  configs: DescribeConfigsResponseDescribeConfigsResourceResult[];
}

/**
 * DescribeConfigsResponseDescribeConfigsResult as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * DescribeConfigsResponseDescribeConfigsResult is a valid
 * DescribeConfigsResponseDescribeConfigsResultInit.
 */
export interface DescribeConfigsResponseDescribeConfigsResultInit {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
  configs: readonly DescribeConfigsResponseDescribeConfigsResourceResultInit[];
}

/**
 * DescribeConfigsResourceResult in DescribeConfigsResponse (versions 0-4). Decoders return
 * this complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeConfigsResponseDescribeConfigsResourceResult {
  /** The configuration name. (versions 0-4) */
  name: string;
  /** The configuration value. (versions 0-4, nullable 0-4) */
  value: string | null;
  /** True if the configuration is read-only. (versions 0-4) */
  readOnly: boolean;
  /** True if the configuration is not set. (versions 0, default false) */
  isDefault: boolean;
  /** The configuration source. (versions 1-4, default -1) */
  configSource: number;
  /** True if this configuration is sensitive. (versions 0-4) */
  isSensitive: boolean;
  /** The synonyms for this configuration key. (versions 1-4, default []) */
  synonyms: DescribeConfigsResponseDescribeConfigsSynonym[];
  /**
   * The configuration data type. Type can be one of the following values - BOOLEAN, STRING,
   * INT, SHORT, LONG, DOUBLE, LIST, CLASS, PASSWORD. (versions 3-4, default 0)
   */
  configType: number;
  /** The configuration documentation. (versions 3-4, nullable 3-4, default "") */
  documentation: string | null;
}

/**
 * DescribeConfigsResponseDescribeConfigsResourceResult as encoders accept it: fields that
 * have a default (or are missing from some versions) may be left out. A decoded
 * DescribeConfigsResponseDescribeConfigsResourceResult is a valid
 * DescribeConfigsResponseDescribeConfigsResourceResultInit.
 */
export interface DescribeConfigsResponseDescribeConfigsResourceResultInit {
  name: string;
  value: string | null;
  readOnly: boolean;
  isDefault?: boolean | undefined;
  configSource?: number | undefined;
  isSensitive: boolean;
  synonyms?: readonly DescribeConfigsResponseDescribeConfigsSynonymInit[] | undefined;
  configType?: number | undefined;
  documentation?: string | null | undefined;
}

/**
 * DescribeConfigsSynonym in DescribeConfigsResponse (versions 1-4). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeConfigsResponseDescribeConfigsSynonym {
  /** The synonym name. (versions 1-4) */
  name: string;
  /** The synonym value. (versions 1-4, nullable 1-4) */
  value: string | null;
  /** The synonym source. (versions 1-4) */
  source: number;
}

/**
 * DescribeConfigsResponseDescribeConfigsSynonym as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * DescribeConfigsResponseDescribeConfigsSynonym is a valid
 * DescribeConfigsResponseDescribeConfigsSynonymInit.
 */
export interface DescribeConfigsResponseDescribeConfigsSynonymInit {
  name: string;
  value: string | null;
  source: number;
}

/**
 * Decode a DescribeConfigsResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDescribeConfigsResponse(r: ByteReader, version: number): DescribeConfigsResponse {
  if (version < 0 || version > 4) r.fail(`unsupported version ${version}`);
  const throttleTimeMs = r.int32();
  const results: DescribeConfigsResponseDescribeConfigsResult[] = [];
  for (let i = 0, n = (version === 4 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    results.push(decodeDescribeConfigsResponseDescribeConfigsResult(r, version));
  }
  if (version === 4) {
    r.skipTaggedFields();
  }
  r.check("DescribeConfigsResponse", version);
  return { throttleTimeMs, results };
}

function decodeDescribeConfigsResponseDescribeConfigsResult(r: ByteReader, version: number): DescribeConfigsResponseDescribeConfigsResult {
  const errorCode = r.int16();
  const errorMessage = (version === 4 ? r.compactNullableString() : r.nullableString());
  const resourceType = r.int8();
  const resourceName = (version === 4 ? r.compactString() : r.string());
  const configs: DescribeConfigsResponseDescribeConfigsResourceResult[] = [];
  for (let i = 0, n = (version === 4 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    configs.push(decodeDescribeConfigsResponseDescribeConfigsResourceResult(r, version));
  }
  if (version === 4) {
    r.skipTaggedFields();
  }
  return { errorCode, errorMessage, resourceType, resourceName, configs };
}

function decodeDescribeConfigsResponseDescribeConfigsResourceResult(r: ByteReader, version: number): DescribeConfigsResponseDescribeConfigsResourceResult {
  const name = (version === 4 ? r.compactString() : r.string());
  const value = (version === 4 ? r.compactNullableString() : r.nullableString());
  const readOnly = r.bool();
  let isDefault: boolean = false;
  if (version === 0) {
    isDefault = r.bool();
  }
  let configSource: number = -1;
  if (version >= 1) {
    configSource = r.int8();
  }
  const isSensitive = r.bool();
  let synonyms: DescribeConfigsResponseDescribeConfigsSynonym[] = [];
  if (version >= 1) {
    {
      const n = (version === 4 ? r.compactArrayLength() : r.arrayLength());
      {
        const a: DescribeConfigsResponseDescribeConfigsSynonym[] = [];
        for (let i = 0; i < n; i++) a.push(decodeDescribeConfigsResponseDescribeConfigsSynonym(r, version));
        synonyms = a;
      }
    }
  }
  let configType: number = 0;
  if (version >= 3) {
    configType = r.int8();
  }
  let documentation: string | null = "";
  if (version >= 3) {
    documentation = (version === 4 ? r.compactNullableString() : r.nullableString());
  }
  if (version === 4) {
    r.skipTaggedFields();
  }
  return { name, value, readOnly, isDefault, configSource, isSensitive, synonyms, configType, documentation };
}

function decodeDescribeConfigsResponseDescribeConfigsSynonym(r: ByteReader, version: number): DescribeConfigsResponseDescribeConfigsSynonym {
  const name = (version === 4 ? r.compactString() : r.string());
  const value = (version === 4 ? r.compactNullableString() : r.nullableString());
  const source = r.int8();
  if (version === 4) {
    r.skipTaggedFields();
  }
  return { name, value, source };
}

/**
 * Encode a DescribeConfigsResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDescribeConfigsResponse(w: ByteWriter, m: DescribeConfigsResponseInit, version: number): void {
  if (version < 0 || version > 4) throw unsupportedVersionError("DescribeConfigsResponse", version);
  w.int32(m.throttleTimeMs);
  {
    const x = m.results;
    if (version === 4) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeDescribeConfigsResponseDescribeConfigsResult(w, e, version);
    }
  }
  if (version === 4) {
    w.uvarint(0);
  }
}

function encodeDescribeConfigsResponseDescribeConfigsResult(w: ByteWriter, m: DescribeConfigsResponseDescribeConfigsResultInit, version: number): void {
  w.int16(m.errorCode);
  {
    const x = m.errorMessage;
    if (x === null) {
      if (version === 4) w.uvarint(0); else w.int16(-1);
    } else {
      if (version === 4) w.compactString(x); else w.string(x);
    }
  }
  w.int8(m.resourceType);
  if (version === 4) w.compactString(m.resourceName); else w.string(m.resourceName);
  {
    const x = m.configs;
    if (version === 4) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeDescribeConfigsResponseDescribeConfigsResourceResult(w, e, version);
    }
  }
  if (version === 4) {
    w.uvarint(0);
  }
}

function encodeDescribeConfigsResponseDescribeConfigsResourceResult(w: ByteWriter, m: DescribeConfigsResponseDescribeConfigsResourceResultInit, version: number): void {
  if (version === 4) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.value;
    if (x === null) {
      if (version === 4) w.uvarint(0); else w.int16(-1);
    } else {
      if (version === 4) w.compactString(x); else w.string(x);
    }
  }
  w.bool(m.readOnly);
  if (!(version === 0) && (m.isDefault !== undefined && m.isDefault !== false)) {
    throw unsupportedFieldError("DescribeConfigsResponseDescribeConfigsResourceResult", "isDefault", version);
  }
  if (version === 0) {
    w.bool((m.isDefault === undefined ? false : m.isDefault));
  }
  if (version >= 1) {
    w.int8((m.configSource === undefined ? -1 : m.configSource));
  }
  w.bool(m.isSensitive);
  if (version >= 1) {
    {
      const x = m.synonyms === undefined ? [] : m.synonyms;
      if (version === 4) w.uvarint(x.length + 1); else w.int32(x.length);
      for (const e of x) {
        encodeDescribeConfigsResponseDescribeConfigsSynonym(w, e, version);
      }
    }
  }
  if (version >= 3) {
    w.int8((m.configType === undefined ? 0 : m.configType));
  }
  if (version >= 3) {
    {
      const x = m.documentation === undefined ? "" : m.documentation;
      if (x === null) {
        if (version === 4) w.uvarint(0); else w.int16(-1);
      } else {
        if (version === 4) w.compactString(x); else w.string(x);
      }
    }
  }
  if (version === 4) {
    w.uvarint(0);
  }
}

function encodeDescribeConfigsResponseDescribeConfigsSynonym(w: ByteWriter, m: DescribeConfigsResponseDescribeConfigsSynonymInit, version: number): void {
  if (version === 4) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.value;
    if (x === null) {
      if (version === 4) w.uvarint(0); else w.int16(-1);
    } else {
      if (version === 4) w.compactString(x); else w.string(x);
    }
  }
  w.int8(m.source);
  if (version === 4) {
    w.uvarint(0);
  }
}
