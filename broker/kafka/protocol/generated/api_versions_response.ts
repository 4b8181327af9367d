// generated — do not edit. Source: ApiVersionsResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * ApiVersionsResponse (api key 18): versions 0-4, flexible 3+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ApiVersionsResponse {
  /** The top-level error code. (versions 0-4) */
  errorCode: number;
  /** The APIs supported by the broker. (versions 0-4) */
  apiKeys: ApiVersionsResponseApiVersion[];
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 1-4, default 0)
   */
  throttleTimeMs: number;
  /**
   * Features supported by the broker. Note: in v0-v3, features with MinSupportedVersion = 0
   * are omitted. (versions 3-4, tag 0 in 3-4, default [])
   */
  supportedFeatures: ApiVersionsResponseSupportedFeatureKey[];
  /**
   * The monotonically increasing epoch for the finalized features information. Valid values
   * are >= 0. A value of -1 is special and represents unknown epoch. (versions 3-4, tag 1 in
   * 3-4, default -1n)
   */
  finalizedFeaturesEpoch: bigint;
  /**
   * List of cluster-wide finalized features. The information is valid only if
   * FinalizedFeaturesEpoch >= 0. (versions 3-4, tag 2 in 3-4, default [])
   */
  finalizedFeatures: ApiVersionsResponseFinalizedFeatureKey[];
  /**
   * Set by a KRaft controller if the required configurations for ZK migration are present.
   * (versions 3-4, tag 3 in 3-4, default false)
   */
  zkMigrationReady: boolean;
}

/**
 * ApiVersionsResponse as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded ApiVersionsResponse is a valid
 * ApiVersionsResponseInit.
 */
export interface ApiVersionsResponseInit {
  errorCode: number;
  apiKeys: readonly ApiVersionsResponseApiVersionInit[];
  throttleTimeMs?: number | undefined;
  supportedFeatures?: readonly ApiVersionsResponseSupportedFeatureKeyInit[] | undefined;
  finalizedFeaturesEpoch?: bigint | undefined;
  finalizedFeatures?: readonly ApiVersionsResponseFinalizedFeatureKeyInit[] | undefined;
  zkMigrationReady?: boolean | undefined;
}

/**
 * ApiVersion in ApiVersionsResponse (versions 0-4). Decoders return this complete form: a
 * field missing from the decoded version holds its default.
 */
export interface ApiVersionsResponseApiVersion {
  /** The API index. (versions 0-4) */
  apiKey: number;
  /** The minimum supported version, inclusive. (versions 0-4) */
  minVersion: number;
  /** The maximum supported version, inclusive. (versions 0-4) */
  maxVersion: number;
}

/**
 * ApiVersionsResponseApiVersion as encoders accept it: fields that have a default (or are
 * missing from some versions) may be left out. A decoded ApiVersionsResponseApiVersion is a
 * valid ApiVersionsResponseApiVersionInit.
 */
export interface ApiVersionsResponseApiVersionInit {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

/**
 * SupportedFeatureKey in ApiVersionsResponse (versions 3-4). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ApiVersionsResponseSupportedFeatureKey {
  /** The name of the feature. (versions 3-4) */
  name: string;
  /** The minimum supported version for the feature. (versions 3-4) */
  minVersion: number;
  /** The maximum supported version for the feature. (versions 3-4) */
  maxVersion: number;
}

/**
 * ApiVersionsResponseSupportedFeatureKey as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * ApiVersionsResponseSupportedFeatureKey is a valid
 * ApiVersionsResponseSupportedFeatureKeyInit.
 */
export interface ApiVersionsResponseSupportedFeatureKeyInit {
  name: string;
  minVersion: number;
  maxVersion: number;
}

/**
 * FinalizedFeatureKey in ApiVersionsResponse (versions 3-4). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ApiVersionsResponseFinalizedFeatureKey {
  /** The name of the feature. (versions 3-4) */
  name: string;
  /** The cluster-wide finalized max version level for the feature. (versions 3-4) */
  maxVersionLevel: number;
  /** The cluster-wide finalized min version level for the feature. (versions 3-4) */
  minVersionLevel: number;
}

/**
 * ApiVersionsResponseFinalizedFeatureKey as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * ApiVersionsResponseFinalizedFeatureKey is a valid
 * ApiVersionsResponseFinalizedFeatureKeyInit.
 */
export interface ApiVersionsResponseFinalizedFeatureKeyInit {
  name: string;
  maxVersionLevel: number;
  minVersionLevel: number;
}

/**
 * Decode a ApiVersionsResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeApiVersionsResponse(r: ByteReader, version: number): ApiVersionsResponse {
  if (version < 0 || version > 4) r.fail(`unsupported version ${version}`);
  const errorCode = r.int16();
  const apiKeys: ApiVersionsResponseApiVersion[] = [];
  for (let i = 0, n = (version >= 3 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    apiKeys.push(decodeApiVersionsResponseApiVersion(r, version));
  }
  let throttleTimeMs: number = 0;
  if (version >= 1) {
    throttleTimeMs = r.int32();
  }
  let supportedFeatures: ApiVersionsResponseSupportedFeatureKey[] = [];
  let finalizedFeaturesEpoch: bigint = -1n;
  let finalizedFeatures: ApiVersionsResponseFinalizedFeatureKey[] = [];
  let zkMigrationReady: boolean = false;
  if (version >= 3) {
    for (let tags = r.taggedFieldCount(); tags > 0; tags--) {
      const tag = r.uvarint();
      const size = r.taggedFieldSize();
      const end = r.position + size;
      switch (tag) {
        case 0: {
          {
            const n = r.compactArrayLength();
            {
              const a: ApiVersionsResponseSupportedFeatureKey[] = [];
              for (let i = 0; i < n; i++) a.push(decodeApiVersionsResponseSupportedFeatureKey(r, version));
              supportedFeatures = a;
            }
          }
          break;
        }
        case 1: {
          finalizedFeaturesEpoch = r.int64();
          break;
        }
        case 2: {
          {
            const n = r.compactArrayLength();
            {
              const a: ApiVersionsResponseFinalizedFeatureKey[] = [];
              for (let i = 0; i < n; i++) a.push(decodeApiVersionsResponseFinalizedFeatureKey(r, version));
              finalizedFeatures = a;
            }
          }
          break;
        }
        case 3: {
          zkMigrationReady = r.bool();
          break;
        }
        default:
          r.skip(size);
      }
      r.endTaggedField(tag, end);
    }
  }
  r.check("ApiVersionsResponse", version);
  return { errorCode, apiKeys, throttleTimeMs, supportedFeatures, finalizedFeaturesEpoch, finalizedFeatures, zkMigrationReady };
}

function decodeApiVersionsResponseApiVersion(r: ByteReader, version: number): ApiVersionsResponseApiVersion {
  const apiKey = r.int16();
  const minVersion = r.int16();
  const maxVersion = r.int16();
  if (version >= 3) {
    r.skipTaggedFields();
  }
  return { apiKey, minVersion, maxVersion };
}

function decodeApiVersionsResponseSupportedFeatureKey(r: ByteReader, _version: number): ApiVersionsResponseSupportedFeatureKey {
  const name = r.compactString();
  const minVersion = r.int16();
  const maxVersion = r.int16();
  r.skipTaggedFields();
  return { name, minVersion, maxVersion };
}

function decodeApiVersionsResponseFinalizedFeatureKey(r: ByteReader, _version: number): ApiVersionsResponseFinalizedFeatureKey {
  const name = r.compactString();
  const maxVersionLevel = r.int16();
  const minVersionLevel = r.int16();
  r.skipTaggedFields();
  return { name, maxVersionLevel, minVersionLevel };
}

/**
 * Encode a ApiVersionsResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeApiVersionsResponse(w: ByteWriter, m: ApiVersionsResponseInit, version: number): void {
  if (version < 0 || version > 4) throw unsupportedVersionError("ApiVersionsResponse", version);
  w.int16(m.errorCode);
  {
    const x = m.apiKeys;
    if (version >= 3) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeApiVersionsResponseApiVersion(w, e, version);
    }
  }
  if (version >= 1) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  if (version >= 3) {
    let tags = 0;
    const hasSupportedFeatures = (m.supportedFeatures !== undefined && (m.supportedFeatures === null || m.supportedFeatures.length !== 0));
    if (hasSupportedFeatures) tags++;
    const hasFinalizedFeaturesEpoch = (m.finalizedFeaturesEpoch !== undefined && m.finalizedFeaturesEpoch !== -1n);
    if (hasFinalizedFeaturesEpoch) tags++;
    const hasFinalizedFeatures = (m.finalizedFeatures !== undefined && (m.finalizedFeatures === null || m.finalizedFeatures.length !== 0));
    if (hasFinalizedFeatures) tags++;
    const hasZkMigrationReady = (m.zkMigrationReady !== undefined && m.zkMigrationReady !== false);
    if (hasZkMigrationReady) tags++;
    w.uvarint(tags);
    if (hasSupportedFeatures) {
      w.uvarint(0);
      const mark = w.beginSized();
      {
        const x = m.supportedFeatures === undefined ? [] : m.supportedFeatures;
        w.uvarint(x.length + 1);
        for (const e of x) {
          encodeApiVersionsResponseSupportedFeatureKey(w, e, version);
        }
      }
      w.endSized(mark);
    }
    if (hasFinalizedFeaturesEpoch) {
      w.uvarint(1);
      const mark = w.beginSized();
      w.int64((m.finalizedFeaturesEpoch === undefined ? -1n : m.finalizedFeaturesEpoch));
      w.endSized(mark);
    }
    if (hasFinalizedFeatures) {
      w.uvarint(2);
      const mark = w.beginSized();
      {
        const x = m.finalizedFeatures === undefined ? [] : m.finalizedFeatures;
        w.uvarint(x.length + 1);
        for (const e of x) {
          encodeApiVersionsResponseFinalizedFeatureKey(w, e, version);
        }
      }
      w.endSized(mark);
    }
    if (hasZkMigrationReady) {
      w.uvarint(3);
      const mark = w.beginSized();
      w.bool((m.zkMigrationReady === undefined ? false : m.zkMigrationReady));
      w.endSized(mark);
    }
  }
}

function encodeApiVersionsResponseApiVersion(w: ByteWriter, m: ApiVersionsResponseApiVersionInit, version: number): void {
  w.int16(m.apiKey);
  w.int16(m.minVersion);
  w.int16(m.maxVersion);
  if (version >= 3) {
    w.uvarint(0);
  }
}

function encodeApiVersionsResponseSupportedFeatureKey(w: ByteWriter, m: ApiVersionsResponseSupportedFeatureKeyInit, _version: number): void {
  w.compactString(m.name);
  w.int16(m.minVersion);
  w.int16(m.maxVersion);
  w.uvarint(0);
}

function encodeApiVersionsResponseFinalizedFeatureKey(w: ByteWriter, m: ApiVersionsResponseFinalizedFeatureKeyInit, _version: number): void {
  w.compactString(m.name);
  w.int16(m.maxVersionLevel);
  w.int16(m.minVersionLevel);
  w.uvarint(0);
}
