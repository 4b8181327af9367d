// generated — do not edit. Source: DescribeConfigsRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * DescribeConfigsRequest (api key 32): versions 0-4, flexible 4+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeConfigsRequest {
  /** The resources whose configurations we want to describe. (versions 0-4) */
  resources: DescribeConfigsRequestDescribeConfigsResource[];
  /** True if we should include all synonyms. (versions 1-4, default false) */
  includeSynonyms: boolean;
  /** True if we should include configuration documentation. (versions 3-4, default false) */
  includeDocumentation: boolean;
}

/**
 * DescribeConfigsRequest as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded DescribeConfigsRequest is a valid
 * DescribeConfigsRequestInit.
 */
export interface DescribeConfigsRequestInit {
  resources: readonly DescribeConfigsRequestDescribeConfigsResourceInit[];
  includeSynonyms?: boolean | undefined;
  includeDocumentation?: boolean | undefined;
}

/**
 * DescribeConfigsResource in DescribeConfigsRequest (versions 0-4). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeConfigsRequestDescribeConfigsResource {
  /** The resource type. (versions 0-4) */
  resourceType: number;
  /** The resource name. (versions 0-4) */
  resourceName: string;
  /**
   * The configuration keys to list, or null to list all configuration keys. (versions 0-4,
   * nullable 0-4)
   */
  configurationKeys: string[] | null;
}

/**
 * DescribeConfigsRequestDescribeConfigsResource as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * DescribeConfigsRequestDescribeConfigsResource is a valid
 * DescribeConfigsRequestDescribeConfigsResourceInit.
 */
export interface DescribeConfigsRequestDescribeConfigsResourceInit {
  resourceType: number;
  resourceName: string;
  configurationKeys: readonly string[] | null;
}

/**
 * Decode a DescribeConfigsRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDescribeConfigsRequest(r: ByteReader, version: number): DescribeConfigsRequest {
  if (version < 0 || version > 4) r.fail(`unsupported version ${version}`);
  const resources: DescribeConfigsRequestDescribeConfigsResource[] = [];
  for (let i = 0, n = (version === 4 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    resources.push(decodeDescribeConfigsRequestDescribeConfigsResource(r, version));
  }
  let includeSynonyms: boolean = false;
  if (version >= 1) {
    includeSynonyms = r.bool();
  }
  let includeDocumentation: boolean = false;
  if (version >= 3) {
    includeDocumentation = r.bool();
  }
  if (version === 4) {
    r.skipTaggedFields();
  }
  r.check("DescribeConfigsRequest", version);
  return { resources, includeSynonyms, includeDocumentation };
}

function decodeDescribeConfigsRequestDescribeConfigsResource(r: ByteReader, version: number): DescribeConfigsRequestDescribeConfigsResource {
  const resourceType = r.int8();
  const resourceName = (version === 4 ? r.compactString() : r.string());
  let configurationKeys: string[] | null = [];
  {
    const n = (version === 4 ? r.compactNullableArrayLength() : r.nullableArrayLength());
    if (n < 0) configurationKeys = null;
    else {
      const a: string[] = [];
      for (let i = 0; i < n; i++) a.push((version === 4 ? r.compactString() : r.string()));
      configurationKeys = a;
    }
  }
  if (version === 4) {
    r.skipTaggedFields();
  }
  return { resourceType, resourceName, configurationKeys };
}

/**
 * Encode a DescribeConfigsRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDescribeConfigsRequest(w: ByteWriter, m: DescribeConfigsRequestInit, version: number): void {
  if (version < 0 || version > 4) throw unsupportedVersionError("DescribeConfigsRequest", version);
  {
    const x = m.resources;
    if (version === 4) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeDescribeConfigsRequestDescribeConfigsResource(w, e, version);
    }
  }
  if (!(version >= 1) && (m.includeSynonyms !== undefined && m.includeSynonyms !== false)) {
    throw unsupportedFieldError("DescribeConfigsRequest", "includeSynonyms", version);
  }
  if (version >= 1) {
    w.bool((m.includeSynonyms === undefined ? false : m.includeSynonyms));
  }
  if (!(version >= 3) && (m.includeDocumentation !== undefined && m.includeDocumentation !== false)) {
    throw unsupportedFieldError("DescribeConfigsRequest", "includeDocumentation", version);
  }
  if (version >= 3) {
    w.bool((m.includeDocumentation === undefined ? false : m.includeDocumentation));
  }
  if (version === 4) {
    w.uvarint(0);
  }
}

function encodeDescribeConfigsRequestDescribeConfigsResource(w: ByteWriter, m: DescribeConfigsRequestDescribeConfigsResourceInit, version: number): void {
  w.int8(m.resourceType);
  if (version === 4) w.compactString(m.resourceName); else w.string(m.resourceName);
  {
    const x = m.configurationKeys;
    if (x === null) {
      if (version === 4) w.uvarint(0); else w.int32(-1);
    } else {
      if (version === 4) w.uvarint(x.length + 1); else w.int32(x.length);
      for (const e of x) {
        if (version === 4) w.compactString(e); else w.string(e);
      }
    }
  }
  if (version === 4) {
    w.uvarint(0);
  }
}
