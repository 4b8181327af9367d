// generated — do not edit. Source: RequestHeader.json, ResponseHeader.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { KafkaDecodeError, unsupportedVersionError } from "../errors.ts";
import { isFlexibleVersion } from "./api_keys.ts";
import { type ApiVersionsResponse, decodeApiVersionsResponse } from "./api_versions_response.ts";

/**
 * Request header version for an API version: v2 (tagged fields, KIP-482) when the API version
 * is flexible, v0 for ControlledShutdown v0 (the only user of header v0), else v1. Unknown API
 * keys get v1: the broker cannot serve them and closes the connection after the header.
 */
export function requestHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === 7 && apiVersion === 0) return 0;
  return isFlexibleVersion(apiKey, apiVersion) ? 2 : 1;
}

/**
 * Response header version for an API version: v1 (tagged fields) when the API version is
 * flexible, else v0 — except ApiVersions, whose response header is always v0 (KIP-511): a
 * client that does not yet know the broker's versions must be able to read the answer,
 * including the v0-shaped UNSUPPORTED_VERSION error response.
 */
export function responseHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === 18) return 0;
  return isFlexibleVersion(apiKey, apiVersion) ? 1 : 0;
}

/**
 * Decode a request header; its version follows from the API key and version it starts with
 * (see requestHeaderVersion). Throws KafkaDecodeError on malformed input.
 */
export function decodeRequestHeader(r: ByteReader): RequestHeader {
  const b = r.bytes, p = r.position;
  const apiKey = r.remaining >= 2 ? ((b[p]! << 24) >> 16) | b[p + 1]! : -1;
  const apiVersion = r.remaining >= 4 ? ((b[p + 2]! << 24) >> 16) | b[p + 3]! : 0;
  return decodeRequestHeaderAt(r, requestHeaderVersion(apiKey, apiVersion));
}

/** Encode a request header at the version its API key and version call for. */
export function encodeRequestHeader(w: ByteWriter, h: RequestHeaderInit): void {
  encodeRequestHeaderAt(w, h, requestHeaderVersion(h.requestApiKey, h.requestApiVersion));
}

/** Encode the response header for a request's API key and version (KIP-511 for ApiVersions). */
export function encodeResponseHeader(
  w: ByteWriter,
  correlationId: number,
  apiKey: number,
  apiVersion: number,
): void {
  encodeResponseHeaderAt(w, { correlationId }, responseHeaderVersion(apiKey, apiVersion));
}

/** Decode the response header of a request we sent with `apiKey` at `apiVersion`. */
export function decodeResponseHeader(
  r: ByteReader,
  apiKey: number,
  apiVersion: number,
): ResponseHeader {
  return decodeResponseHeaderAt(r, responseHeaderVersion(apiKey, apiVersion));
}

/**
 * Decode an ApiVersions response body read at the version we sent, falling back to v0 when
 * it does not parse (KIP-511: brokers answer unknown ApiVersions versions with a v0-shaped
 * UNSUPPORTED_VERSION response). Throws KafkaDecodeError if neither parses.
 */
export function decodeApiVersionsResponseWithFallback(
  r: ByteReader,
  version: number,
): ApiVersionsResponse {
  const start = r.position, end = r.position + r.remaining;
  try {
    return decodeApiVersionsResponse(r, version);
  } catch (e) {
    if (version === 0 || !(e instanceof KafkaDecodeError)) throw e;
    return decodeApiVersionsResponse(new ByteReader(r.bytes, start, end), 0);
  }
}

/**
 * RequestHeader: versions 0-2, flexible 2+. Decoders return this complete form: a field
 * missing from the decoded version holds its default.
 */
export interface RequestHeader {
  /** The API key of this request. (versions 0-2) */
  requestApiKey: number;
  /** The API version of this request. (versions 0-2) */
  requestApiVersion: number;
  /** The correlation ID of this request. (versions 0-2) */
  correlationId: number;
  /** The client ID string. (versions 1-2, nullable 1-2, default "") */
  clientId: string | null;
}

/**
 * RequestHeader as encoders accept it: fields that have a default (or are missing from some
 * versions) may be left out. A decoded RequestHeader is a valid RequestHeaderInit.
 */
export interface RequestHeaderInit {
  requestApiKey: number;
  requestApiVersion: number;
  correlationId: number;
  clientId?: string | null | undefined;
}

/**
 * Decode a RequestHeader body at `version`; throws KafkaDecodeError (naming the version and
 * byte offset) if the bytes are malformed or truncated.
 */
function decodeRequestHeaderAt(r: ByteReader, version: number): RequestHeader {
  if (version < 0 || version > 2) r.fail(`unsupported version ${version}`);
  const requestApiKey = r.int16();
  const requestApiVersion = r.int16();
  const correlationId = r.int32();
  let clientId: string | null = "";
  if (version >= 1) {
    clientId = r.nullableString();
  }
  if (version === 2) {
    r.skipTaggedFields();
  }
  r.check("RequestHeader", version);
  return { requestApiKey, requestApiVersion, correlationId, clientId };
}

/**
 * Encode a RequestHeader body at `version`; throws KafkaEncodeError when a value cannot be
 * carried by that version.
 */
function encodeRequestHeaderAt(w: ByteWriter, m: RequestHeaderInit, version: number): void {
  if (version < 0 || version > 2) throw unsupportedVersionError("RequestHeader", version);
  w.int16(m.requestApiKey);
  w.int16(m.requestApiVersion);
  w.int32(m.correlationId);
  if (version >= 1) {
    {
      const x = m.clientId === undefined ? "" : m.clientId;
      if (x === null) {
        w.int16(-1);
      } else {
        w.string(x);
      }
    }
  }
  if (version === 2) {
    w.uvarint(0);
  }
}


/**
 * ResponseHeader: versions 0-1, flexible 1+. Decoders return this complete form: a field
 * missing from the decoded version holds its default.
 */
export interface ResponseHeader {
  /** The correlation ID of this response. (versions 0-1) */
  correlationId: number;
}

/**
 * ResponseHeader as encoders accept it: fields that have a default (or are missing from some
 * versions) may be left out. A decoded ResponseHeader is a valid ResponseHeaderInit.
 */
export interface ResponseHeaderInit {
  correlationId: number;
}

/**
 * Decode a ResponseHeader body at `version`; throws KafkaDecodeError (naming the version and
 * byte offset) if the bytes are malformed or truncated.
 */
function decodeResponseHeaderAt(r: ByteReader, version: number): ResponseHeader {
  if (version < 0 || version > 1) r.fail(`unsupported version ${version}`);
  const correlationId = r.int32();
  if (version === 1) {
    r.skipTaggedFields();
  }
  r.check("ResponseHeader", version);
  return { correlationId };
}

/**
 * Encode a ResponseHeader body at `version`; throws KafkaEncodeError when a value cannot be
 * carried by that version.
 */
function encodeResponseHeaderAt(w: ByteWriter, m: ResponseHeaderInit, version: number): void {
  if (version < 0 || version > 1) throw unsupportedVersionError("ResponseHeader", version);
  w.int32(m.correlationId);
  if (version === 1) {
    w.uvarint(0);
  }
}
