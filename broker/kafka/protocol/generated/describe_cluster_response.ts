// generated — do not edit. Source: DescribeClusterResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * DescribeClusterResponse (api key 60): versions 0-1, flexible 0+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeClusterResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 0-1)
   */
  throttleTimeMs: number;
  /** The top-level error code, or 0 if there was no error. (versions 0-1) */
  errorCode: number;
  /**
   * The top-level error message, or null if there was no error. (versions 0-1, nullable 0-1,
   * default null)
   */
  errorMessage: string | null;
  /** The endpoint type that was described. 1=brokers, 2=controllers. (versions 1, default 1) */
  endpointType: number;
  /** The cluster ID that responding broker belongs to. (versions 0-1) */
  clusterId: string;
  /** The ID of the controller broker. (versions 0-1, default -1) */
  controllerId: number;
  /** Each broker in the response. (versions 0-1) */
  brokers: DescribeClusterResponseDescribeClusterBroker[];
  /**
   * 32-bit bitfield to represent authorized operations for this cluster. (versions 0-1,
   * default -2147483648)
   */
  clusterAuthorizedOperations: number;
}

/**
 * DescribeClusterResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded DescribeClusterResponse is a valid
 * DescribeClusterResponseInit.
 */
export interface DescribeClusterResponseInit {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage?: string | null | undefined;
  endpointType?: number | undefined;
  clusterId: string;
  controllerId?: number | undefined;
  brokers: readonly DescribeClusterResponseDescribeClusterBrokerInit[];
  clusterAuthorizedOperations?: number | undefined;
}

/**
 * DescribeClusterBroker in DescribeClusterResponse (versions 0-1). Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface DescribeClusterResponseDescribeClusterBroker {
  /** The broker ID. (versions 0-1) */
  brokerId: number;
  /** The broker hostname. (versions 0-1) */
  host: string;
  /** The broker port. (versions 0-1) */
  port: number;
  /**
   * The rack of the broker, or null if it has not been assigned to a rack. (versions 0-1,
   * nullable 0-1, default null)
   */
  rack: string | null;
}

/**
 * DescribeClusterResponseDescribeClusterBroker as encoders accept it: fields that have a
 * default (or are missing from some versions) may be left out. A decoded
 * DescribeClusterResponseDescribeClusterBroker is a valid
 * DescribeClusterResponseDescribeClusterBrokerInit.
 */
export interface DescribeClusterResponseDescribeClusterBrokerInit {
  brokerId: number;
  host: string;
  port: number;
  rack?: string | null | undefined;
}

/**
 * Decode a DescribeClusterResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeDescribeClusterResponse(r: ByteReader, version: number): DescribeClusterResponse {
  if (version < 0 || version > 1) r.fail(`unsupported version ${version}`);
  const throttleTimeMs = r.int32();
  const errorCode = r.int16();
  const errorMessage = r.compactNullableString();
  let endpointType: number = 1;
  if (version === 1) {
    endpointType = r.int8();
  }
  const clusterId = r.compactString();
  const controllerId = r.int32();
  const brokers: DescribeClusterResponseDescribeClusterBroker[] = [];
  for (let i = 0, n = r.compactArrayLength(); i < n; i++) {
    brokers.push(decodeDescribeClusterResponseDescribeClusterBroker(r, version));
  }
  const clusterAuthorizedOperations = r.int32();
  r.skipTaggedFields();
  r.check("DescribeClusterResponse", version);
  return { throttleTimeMs, errorCode, errorMessage, endpointType, clusterId, controllerId, brokers, clusterAuthorizedOperations };
}

function decodeDescribeClusterResponseDescribeClusterBroker(r: ByteReader, _version: number): DescribeClusterResponseDescribeClusterBroker {
  const brokerId = r.int32();
  const host = r.compactString();
  const port = r.int32();
  const rack = r.compactNullableString();
  r.skipTaggedFields();
  return { brokerId, host, port, rack };
}

/**
 * Encode a DescribeClusterResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeDescribeClusterResponse(w: ByteWriter, m: DescribeClusterResponseInit, version: number): void {
  if (version < 0 || version > 1) throw unsupportedVersionError("DescribeClusterResponse", version);
  w.int32(m.throttleTimeMs);
  w.int16(m.errorCode);
  {
    const x = m.errorMessage === undefined ? null : m.errorMessage;
    if (x === null) {
      w.uvarint(0);
    } else {
      w.compactString(x);
    }
  }
  if (!(version === 1) && (m.endpointType !== undefined && m.endpointType !== 1)) {
    throw unsupportedFieldError("DescribeClusterResponse", "endpointType", version);
  }
  if (version === 1) {
    w.int8((m.endpointType === undefined ? 1 : m.endpointType));
  }
  w.compactString(m.clusterId);
  w.int32((m.controllerId === undefined ? -1 : m.controllerId));
  {
    const x = m.brokers;
    w.uvarint(x.length + 1);
    for (const e of x) {
      encodeDescribeClusterResponseDescribeClusterBroker(w, e, version);
    }
  }
  w.int32((m.clusterAuthorizedOperations === undefined ? -2147483648 : m.clusterAuthorizedOperations));
  w.uvarint(0);
}

function encodeDescribeClusterResponseDescribeClusterBroker(w: ByteWriter, m: DescribeClusterResponseDescribeClusterBrokerInit, _version: number): void {
  w.int32(m.brokerId);
  w.compactString(m.host);
  w.int32(m.port);
  {
    const x = m.rack === undefined ? null : m.rack;
    if (x === null) {
      w.uvarint(0);
    } else {
      w.compactString(x);
    }
  }
  w.uvarint(0);
}
