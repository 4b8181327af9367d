// generated — do not edit. Source: AlterConfigsRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * AlterConfigsRequest (api key 33): versions 0-2, flexible 2+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface AlterConfigsRequest {
  /** The updates for each resource. (versions 0-2) */
  resources: AlterConfigsRequestAlterConfigsResource[];
  /**
   * True if we should validate the request, but not change the configurations. (versions
   * 0-2)
   */
  validateOnly: boolean;
}

/**
 * AlterConfigsRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded AlterConfigsRequest is a valid
 * AlterConfigsRequestInit.
 */
export interface AlterConfigsRequestInit {
  resources: readonly AlterConfigsRequestAlterConfigsResourceInit[];
  validateOnly: boolean;
}

/**
 * AlterConfigsResource in AlterConfigsRequest (versions 0-2). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface AlterConfigsRequestAlterConfigsResource {
  /** The resource type. (versions 0-2) */
  resourceType: number;
  /** The resource name. (versions 0-2) */
  resourceName: string;
  /** The configurations. (versions 0-2) */
  configs: AlterConfigsRequestAlterableConfig[];
}

/**
 * AlterConfigsRequestAlterConfigsResource as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * AlterConfigsRequestAlterConfigsResource is a valid
 * AlterConfigsRequestAlterConfigsResourceInit.
 */
export interface AlterConfigsRequestAlterConfigsResourceInit {
  resourceType: number;
  resourceName: string;
  configs: readonly AlterConfigsRequestAlterableConfigInit[];
}

/**
 * AlterableConfig in AlterConfigsRequest (versions 0-2). Decoders return this complete form:
 * a field missing from the decoded version holds its default.
 */
export interface AlterConfigsRequestAlterableConfig {
  /** The configuration key name. (versions 0-2) */
  name: string;
  /** The value to set for the configuration key. (versions 0-2, nullable 0-2) */
  value: string | null;
}

/**
 * AlterConfigsRequestAlterableConfig as encoders accept it: fields that have a default (or
 * are missing from some versions) may be left out. A decoded
 * AlterConfigsRequestAlterableConfig is a valid AlterConfigsRequestAlterableConfigInit.
 */
export interface AlterConfigsRequestAlterableConfigInit {
  name: string;
  value: string | null;
}

/**
 * Decode a AlterConfigsRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeAlterConfigsRequest(r: ByteReader, version: number): AlterConfigsRequest {
  if (version < 0 || version > 2) r.fail(`unsupported version ${version}`);
  const resources: AlterConfigsRequestAlterConfigsResource[] = [];
  for (let i = 0, n = (version === 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    resources.push(decodeAlterConfigsRequestAlterConfigsResource(r, version));
  }
  const validateOnly = r.bool();
  if (version === 2) {
    r.skipTaggedFields();
  }
  r.check("AlterConfigsRequest", version);
  return { resources, validateOnly };
}

function decodeAlterConfigsRequestAlterConfigsResource(r: ByteReader, version: number): AlterConfigsRequestAlterConfigsResource {
  const resourceType = r.int8();
  const resourceName = (version === 2 ? r.compactString() : r.string());
  const configs: AlterConfigsRequestAlterableConfig[] = [];
  for (let i = 0, n = (version === 2 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    configs.push(decodeAlterConfigsRequestAlterableConfig(r, version));
  }
  if (version === 2) {
    r.skipTaggedFields();
  }
  return { resourceType, resourceName, configs };
}

function decodeAlterConfigsRequestAlterableConfig(r: ByteReader, version: number): AlterConfigsRequestAlterableConfig {
  const name = (version === 2 ? r.compactString() : r.string());
  const value = (version === 2 ? r.compactNullableString() : r.nullableString());
  if (version === 2) {
    r.skipTaggedFields();
  }
  return { name, value };
}

/**
 * Encode a AlterConfigsRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeAlterConfigsRequest(w: ByteWriter, m: AlterConfigsRequestInit, version: number): void {
  if (version < 0 || version > 2) throw unsupportedVersionError("AlterConfigsRequest", version);
  {
    const x = m.resources;
    if (version === 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeAlterConfigsRequestAlterConfigsResource(w, e, version);
    }
  }
  w.bool(m.validateOnly);
  if (version === 2) {
    w.uvarint(0);
  }
}

function encodeAlterConfigsRequestAlterConfigsResource(w: ByteWriter, m: AlterConfigsRequestAlterConfigsResourceInit, version: number): void {
  w.int8(m.resourceType);
  if (version === 2) w.compactString(m.resourceName); else w.string(m.resourceName);
  {
    const x = m.configs;
    if (version === 2) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeAlterConfigsRequestAlterableConfig(w, e, version);
    }
  }
  if (version === 2) {
    w.uvarint(0);
  }
}

function encodeAlterConfigsRequestAlterableConfig(w: ByteWriter, m: AlterConfigsRequestAlterableConfigInit, version: number): void {
  if (version === 2) w.compactString(m.name); else w.string(m.name);
  {
    const x = m.value;
    if (x === null) {
      if (version === 2) w.uvarint(0); else w.int16(-1);
    } else {
      if (version === 2) w.compactString(x); else w.string(x);
    }
  }
  if (version === 2) {
    w.uvarint(0);
  }
}
