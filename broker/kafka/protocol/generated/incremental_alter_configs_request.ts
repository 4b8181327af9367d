// generated — do not edit. Source: IncrementalAlterConfigsRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * IncrementalAlterConfigsRequest (api key 44): versions 0-1, flexible 1+. Decoders return
 * this complete form: a field missing from the decoded version holds its default.
 */
export interface IncrementalAlterConfigsRequest {
  /** The incremental updates for each resource. (versions 0-1) */
  resources: IncrementalAlterConfigsRequestAlterConfigsResource[];
  /**
   * True if we should validate the request, but not change the configurations. (versions
   * 0-1)
   */
  validateOnly: boolean;
}

/**
 * IncrementalAlterConfigsRequest as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded IncrementalAlterConfigsRequest is a
 * valid IncrementalAlterConfigsRequestInit.
 */
export interface IncrementalAlterConfigsRequestInit {
  resources: readonly IncrementalAlterConfigsRequestAlterConfigsResourceInit[];
  validateOnly: boolean;
}

/**
 * AlterConfigsResource in IncrementalAlterConfigsRequest (versions 0-1). Decoders return
 * this complete form: a field missing from the decoded version holds its default.
 */
export interface IncrementalAlterConfigsRequestAlterConfigsResource {
  /** The resource type. (versions 0-1) */
  resourceType: number;
  /** The resource name. (versions 0-1) */
  resourceName: string;
  /** The configurations. (versions 0-1) */
  configs: IncrementalAlterConfigsRequestAlterableConfig[];
}

/**
 * IncrementalAlterConfigsRequestAlterConfigsResource as encoders accept it: fields that have
 * a default (or are missing from some versions) may be left out. A decoded
 * IncrementalAlterConfigsRequestAlterConfigsResource is a valid
 * IncrementalAlterConfigsRequestAlterConfigsResourceInit.
 */
export interface IncrementalAlterConfigsRequestAlterConfigsResourceInit {
  resourceType: number;
  resourceName: string;
  configs: readonly IncrementalAlterConfigsRequestAlterableConfigInit[];
}

/**
 * AlterableConfig in IncrementalAlterConfigsRequest (versions 0-1). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface IncrementalAlterConfigsRequestAlterableConfig {
  /** The configuration key name. (versions 0-1) */
  name: string;
  /** The type (Set, Delete, Append, Subtract) of operation. (versions 0-1) */
  configOperation: number;
  /** The value to set for the configuration key. (versions 0-1, nullable 0-1) */
  value: string | null;
}

/**
 * IncrementalAlterConfigsRequestAlterableConfig as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * IncrementalAlterConfigsRequestAlterableConfig is a valid
 * IncrementalAlterConfigsRequestAlterableConfigInit.
 */
export interface IncrementalAlterConfigsRequestAlterableConfigInit {
  name: string;
  configOperation: number;
  value: string | null;
}

/**
 * Decode a IncrementalAlterConfigsRequest body at `version`; throws KafkaDecodeError (naming
 * the version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeIncrementalAlterConfigsRequest(r: ByteReader, version: number): IncrementalAlterConfigsRequest {
  if (version < 0 || version > 1) r.fail(`unsupported version ${version}`);
  const resources: IncrementalAlterConfigsRequestAlterConfigsResource[] = [];
  for (let i = 0, n = (version === 1 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    resources.push(decodeIncrementalAlterConfigsRequestAlterConfigsResource(r, version));
  }
  const validateOnly = r.bool();
  if (version === 1) {
    r.skipTaggedFields();
  }
  r.check("IncrementalAlterConfigsRequest", version);
  return { resources, validateOnly };
}

function decodeIncrementalAlterConfigsRequestAlterConfigsResource(r: ByteReader, version: number): IncrementalAlterConfigsRequestAlterConfigsResource {
  const resourceType = r.int8();
  const resourceName = (version === 1 ? r.compactString() : r.string());
  const configs: IncrementalAlterConfigsRequestAlterableConfig[] = [];
  for (let i = 0, n = (version === 1 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    configs.push(decodeIncrementalAlterConfigsRequestAlterableConfig(r, version));
  }
  if (version === 1) {
    r.skipTaggedFields();
  }
  return { resourceType, resourceName, configs };
}

function decodeIncrementalAlterConfigsRequestAlterableConfig(r: ByteReader, version: number): IncrementalAlterConfigsRequestAlterableConfig {
  const name = (version === 1 ? r.compactString() : r.string());
  const configOperation = r.int8();
  const value = (version === 1 ? r.compactNullableString() : r.nullableString());
  if (version === 1) {
    r.skipTaggedFields();
  }
  return { name, configOperation, value };
}

/**
 * Encode a IncrementalAlterConfigsRequest body at `version`; throws KafkaEncodeError when a
 * value cannot be carried by that version.
 */
export function encodeIncrementalAlterConfigsRequest(w: ByteWriter, m: IncrementalAlterConfigsRequestInit, version: number): void {
  if (version < 0 || version > 1) throw unsupportedVersionError("IncrementalAlterConfigsRequest", version);
  {
    const x = m.resources;
    if (version === 1) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeIncrementalAlterConfigsRequestAlterConfigsResource(w, e, version);
    }
  }
  w.bool(m.validateOnly);
  if (version === 1) {
    w.uvarint(0);
  }
}

function encodeIncrementalAlterConfigsRequestAlterConfigsResource(w: ByteWriter, m: IncrementalAlterConfigsRequestAlterConfigsResourceInit, version: number): void {
  w.int8(m.resourceType);
  if (version === 1) w.compactString(m.resourceName); else w.string(m.resourceName);
  {
    const x = m.configs;
    if (version === 1) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeIncrementalAlterConfigsRequestAlterableConfig(w, e, version);
    }
  }
  if (version === 1) {
    w.uvarint(0);
  }
}

function encodeIncrementalAlterConfigsRequestAlterableConfig(w: ByteWriter, m: IncrementalAlterConfigsRequestAlterableConfigInit, version: number): void {
  if (version === 1) w.compactString(m.name); else w.string(m.name);
  w.int8(m.configOperation);
  {
    const x = m.value;
    if (x === null) {
      if (version === 1) w.uvarint(0); else w.int16(-1);
    } else {
      if (version === 1) w.compactString(x); else w.string(x);
    }
  }
  if (version === 1) {
    w.uvarint(0);
  }
}
