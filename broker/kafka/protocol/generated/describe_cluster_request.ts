// generated — do not edit. Source: DescribeClusterRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * DescribeClusterRequest (api key 60): versions 0-1, flexible 0+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeClusterRequest {
  /** Whether to include cluster authorized operations. (versions 0-1) */
  includeClusterAuthorizedOperations: boolean;
  /** The endpoint type to describe. 1=brokers, 2=controllers. (versions 1, default 1) */
  endpointType: number;
}

/**
 * DescribeClusterRequest as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded DescribeClusterRequest is a valid
 * DescribeClusterRequestInit.
 */
export interface DescribeClusterRequestInit {
  includeClusterAuthorizedOperations: boolean;
  endpointType?: number | undefined;
}

/**
 * Decode a DescribeClusterRequest body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDescribeClusterRequest(r: ByteReader, version: number): DescribeClusterRequest {
  if (version < 0 || version > 1) r.fail(`unsupported version ${version}`);
  const includeClusterAuthorizedOperations = r.bool();
  let endpointType: number = 1;
  if (version === 1) {
    endpointType = r.int8();
  }
  r.skipTaggedFields();
  r.check("DescribeClusterRequest", version);
  return { includeClusterAuthorizedOperations, endpointType };
}

/**
 * Encode a DescribeClusterRequest body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDescribeClusterRequest(w: ByteWriter, m: DescribeClusterRequestInit, version: number): void {
  if (version < 0 || version > 1) throw unsupportedVersionError("DescribeClusterRequest", version);
  w.bool(m.includeClusterAuthorizedOperations);
  if (!(version === 1) && (m.endpointType !== undefined && m.endpointType !== 1)) {
    throw unsupportedFieldError("DescribeClusterRequest", "endpointType", version);
  }
  if (version === 1) {
    w.int8((m.endpointType === undefined ? 1 : m.endpointType));
  }
  w.uvarint(0);
}
