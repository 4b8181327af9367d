/**
 * Protocol rules the schemas do not (fully) express, each with the KIP that introduced it.
 * Everything else comes from the JSON.
 *
 * @module
 */

import type { FieldSpec, MessageSpec } from "./spec.ts";
import { NO_VERSIONS } from "./versions.ts";

/**
 * KIP-482 (tagged fields, request header v2): `ClientId` keeps the old int16 length prefix in
 * every header version, so an old broker can still read the header of any ApiVersionsRequest
 * (it must answer before the client knows which versions it speaks). Current schemas say so
 * with a field-level `"flexibleVersions": "none"`; this pins it even if a schema copy does not.
 */
export function pinClientIdNotFlexible(spec: MessageSpec): MessageSpec {
  if (spec.name !== "RequestHeader") return spec;
  const fields = spec.fields.map((f): FieldSpec =>
    f.name === "ClientId" ? { ...f, flexibleVersions: NO_VERSIONS } : f
  );
  if (!spec.fields.some((f) => f.name === "ClientId")) {
    throw new Error("RequestHeader: ClientId field not found");
  }
  return { ...spec, fields };
}

/** API key of ApiVersions, whose response header is always v0 (KIP-511). */
export const API_VERSIONS_KEY = 18;

/** API key of ControlledShutdown, whose v0 uses request header v0 (RequestHeader.json). */
export const CONTROLLED_SHUTDOWN_KEY = 7;

/**
 * Source of the header-version rules emitted into `headers.ts`. Kept here, as text, so the
 * rules and their KIPs sit in one place in the generator.
 */
export const HEADER_VERSION_RULES = `/**
 * Request header version for an API version: v2 (tagged fields, KIP-482) when the API version
 * is flexible, v0 for ControlledShutdown v0 (the only user of header v0), else v1. Unknown API
 * keys get v1: the broker cannot serve them and closes the connection after the header.
 */
export function requestHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === ${CONTROLLED_SHUTDOWN_KEY} && apiVersion === 0) return 0;
  return isFlexibleVersion(apiKey, apiVersion) ? 2 : 1;
}

/**
 * Response header version for an API version: v1 (tagged fields) when the API version is
 * flexible, else v0 — except ApiVersions, whose response header is always v0 (KIP-511): a
 * client that does not yet know the broker's versions must be able to read the answer,
 * including the v0-shaped UNSUPPORTED_VERSION error response.
 */
export function responseHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === ${API_VERSIONS_KEY}) return 0;
  return isFlexibleVersion(apiKey, apiVersion) ? 1 : 0;
}
`;

/**
 * Source of the client-side ApiVersions fallback emitted into `headers.ts` (KIP-511): a
 * broker that does not know the requested ApiVersions version answers in the v0 shape with
 * UNSUPPORTED_VERSION, so a response that fails to parse at the sent version is re-read at v0
 * (as Kafka's own `ApiVersionsResponse.parse` does).
 */
export const API_VERSIONS_FALLBACK = `/**
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
`;
