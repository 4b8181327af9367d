/**
 * ApiVersions (key 18), v0-4. Lists every API key this broker handles with the version range
 * its handler registered, starting at 0 for all of them (librdkafka treats an API without v0
 * as absent and would, for instance, disable consumer groups). v3+ (KIP-511) carries the
 * client's software name and version, which we only log at debug level. A request of an
 * unknown version never reaches this handler: `connection.ts` answers it in v0 format with
 * UNSUPPORTED_VERSION and the ranges (KIP-511). No features are advertised (v3+ tagged fields).
 */
import { ErrorCode } from "../errors.ts";
import { type ApiVersionsRequest, decodeApiVersionsRequest } from "../protocol/generated/api_versions_request.ts";
import { type ApiVersionsResponseInit, encodeApiVersionsResponse } from "../protocol/generated/api_versions_response.ts";
import { defineHandler } from "../registry.ts";

/** The ApiVersions handler; see the module comment for versions and behaviour. */
export const apiVersionsHandler = defineHandler<ApiVersionsRequest, ApiVersionsResponseInit>({
  apiKey: 18,
  name: "ApiVersions",
  minVersion: 0,
  maxVersion: 4,
  decode: decodeApiVersionsRequest,
  encode: encodeApiVersionsResponse,
  handle(request, info, context) {
    if (info.apiVersion >= 3) {
      context.logger.debug("client software", { client: request.clientSoftwareName, version: request.clientSoftwareVersion });
    }
    return { errorCode: ErrorCode.NONE, apiKeys: context.registry.versions(), throttleTimeMs: 0 };
  },
});
