// generated — do not edit. Source: ApiVersionsRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedVersionError } from "../errors.ts";

/**
 * ApiVersionsRequest (api key 18): versions 0-4, flexible 3+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface ApiVersionsRequest {
  /** The name of the client. (versions 3-4, default "") */
  clientSoftwareName: string;
  /** The version of the client. (versions 3-4, default "") */
  clientSoftwareVersion: string;
}

/**
 * ApiVersionsRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded ApiVersionsRequest is a valid
 * ApiVersionsRequestInit.
 */
export interface ApiVersionsRequestInit {
  clientSoftwareName?: string | undefined;
  clientSoftwareVersion?: string | undefined;
}

/**
 * Decode a ApiVersionsRequest body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeApiVersionsRequest(r: ByteReader, version: number): ApiVersionsRequest {
  if (version < 0 || version > 4) r.fail(`unsupported version ${version}`);
  let clientSoftwareName: string = "";
  if (version >= 3) {
    clientSoftwareName = r.compactString();
  }
  let clientSoftwareVersion: string = "";
  if (version >= 3) {
    clientSoftwareVersion = r.compactString();
  }
  if (version >= 3) {
    r.skipTaggedFields();
  }
  r.check("ApiVersionsRequest", version);
  return { clientSoftwareName, clientSoftwareVersion };
}

/**
 * Encode a ApiVersionsRequest body at `version`; throws KafkaEncodeError when a value cannot
 * be carried by that version.
 */
export function encodeApiVersionsRequest(w: ByteWriter, m: ApiVersionsRequestInit, version: number): void {
  if (version < 0 || version > 4) throw unsupportedVersionError("ApiVersionsRequest", version);
  if (version >= 3) {
    w.compactString((m.clientSoftwareName === undefined ? "" : m.clientSoftwareName));
  }
  if (version >= 3) {
    w.compactString((m.clientSoftwareVersion === undefined ? "" : m.clientSoftwareVersion));
  }
  if (version >= 3) {
    w.uvarint(0);
  }
}
