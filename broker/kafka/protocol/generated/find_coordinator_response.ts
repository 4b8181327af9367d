// generated — do not edit. Source: FindCoordinatorResponse.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * FindCoordinatorResponse (api key 10): versions 0-6, flexible 3+. Decoders return this
 * complete form: a field missing from the decoded version holds its default.
 */
export interface FindCoordinatorResponse {
  /**
   * The duration in milliseconds for which the request was throttled due to a quota
   * violation, or zero if the request did not violate any quota. (versions 1-6, default 0)
   */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (versions 0-3, default 0) */
  errorCode: number;
  /**
   * The error message, or null if there was no error. (versions 1-3, nullable 1-3, default
   * "")
   */
  errorMessage: string | null;
  /** The node id. (versions 0-3, default 0) */
  nodeId: number;
  /** The host name. (versions 0-3, default "") */
  host: string;
  /** The port. (versions 0-3, default 0) */
  port: number;
  /** Each coordinator result in the response. (versions 4-6, default []) */
  coordinators: FindCoordinatorResponseCoordinator[];
}

/**
 * FindCoordinatorResponse as encoders accept it: fields that have a default (or are missing
 * from some versions) may be left out. A decoded FindCoordinatorResponse is a valid
 * FindCoordinatorResponseInit.
 */
export interface FindCoordinatorResponseInit {
  throttleTimeMs?: number | undefined;
  errorCode?: number | undefined;
  errorMessage?: string | null | undefined;
  nodeId?: number | undefined;
  host?: string | undefined;
  port?: number | undefined;
  coordinators?: readonly FindCoordinatorResponseCoordinatorInit[] | undefined;
}

/**
 * Coordinator in FindCoordinatorResponse (versions 4-6). Decoders return this complete form:
 * a field missing from the decoded version holds its default.
 */
export interface FindCoordinatorResponseCoordinator {
  /** The coordinator key. (versions 4-6) */
  key: string;
  /** The node id. (versions 4-6) */
  nodeId: number;
  /** The host name. (versions 4-6) */
  host: string;
  /** The port. (versions 4-6) */
  port: number;
  /** The error code, or 0 if there was no error. (versions 4-6) */
  errorCode: number;
  /** The error message, or null if there was no error. (versions 4-6, nullable 4-6) */
  errorMessage: string | null;
}

/**
 * FindCoordinatorResponseCoordinator as encoders accept it: fields that have a default (or
 * are missing from some versions) may be left out. A decoded
 * FindCoordinatorResponseCoordinator is a valid FindCoordinatorResponseCoordinatorInit.
 */
export interface FindCoordinatorResponseCoordinatorInit {
  key: string;
  nodeId: number;
  host: string;
  port: number;
  errorCode: number;
  errorMessage: string | null;
}

/**
 * Decode a FindCoordinatorResponse body at `version`; throws KafkaDecodeError (naming the
 * version and byte offset) if the bytes are malformed or truncated.
 */
export function decodeFindCoordinatorResponse(r: ByteReader, version: number): FindCoordinatorResponse {
  if (version < 0 || version > 6) r.fail(`unsupported version ${version}`);
  let throttleTimeMs: number = 0;
  if (version >= 1) {
    throttleTimeMs = r.int32();
  }
  let errorCode: number = 0;
  if (version <= 3) {
    errorCode = r.int16();
  }
  let errorMessage: string | null = "";
  if (version >= 1 && version <= 3) {
    errorMessage = (version === 3 ? r.compactNullableString() : r.nullableString());
  }
  let nodeId: number = 0;
  if (version <= 3) {
    nodeId = r.int32();
  }
  let host: string = "";
  if (version <= 3) {
    host = (version === 3 ? r.compactString() : r.string());
  }
  let port: number = 0;
  if (version <= 3) {
    port = r.int32();
  }
  let coordinators: FindCoordinatorResponseCoordinator[] = [];
  if (version >= 4) {
    {
      const n = r.compactArrayLength();
      {
        const a: FindCoordinatorResponseCoordinator[] = [];
        for (let i = 0; i < n; i++) a.push(decodeFindCoordinatorResponseCoordinator(r, version));
        coordinators = a;
      }
    }
  }
  if (version >= 3) {
    r.skipTaggedFields();
  }
  r.check("FindCoordinatorResponse", version);
  return { throttleTimeMs, errorCode, errorMessage, nodeId, host, port, coordinators };
}

function decodeFindCoordinatorResponseCoordinator(r: ByteReader, _version: number): FindCoordinatorResponseCoordinator {
  const key = r.compactString();
  const nodeId = r.int32();
  const host = r.compactString();
  const port = r.int32();
  const errorCode = r.int16();
  const errorMessage = r.compactNullableString();
  r.skipTaggedFields();
  return { key, nodeId, host, port, errorCode, errorMessage };
}

/**
 * Encode a FindCoordinatorResponse body at `version`; throws KafkaEncodeError when a value
 * cannot be carried by that version.
 */
export function encodeFindCoordinatorResponse(w: ByteWriter, m: FindCoordinatorResponseInit, version: number): void {
  if (version < 0 || version > 6) throw unsupportedVersionError("FindCoordinatorResponse", version);
  if (version >= 1) {
    w.int32((m.throttleTimeMs === undefined ? 0 : m.throttleTimeMs));
  }
  if (!(version <= 3) && (m.errorCode !== undefined && m.errorCode !== 0)) {
    throw unsupportedFieldError("FindCoordinatorResponse", "errorCode", version);
  }
  if (version <= 3) {
    w.int16((m.errorCode === undefined ? 0 : m.errorCode));
  }
  if (version >= 1 && version <= 3) {
    {
      const x = m.errorMessage === undefined ? "" : m.errorMessage;
      if (x === null) {
        if (version === 3) w.uvarint(0); else w.int16(-1);
      } else {
        if (version === 3) w.compactString(x); else w.string(x);
      }
    }
  }
  if (!(version <= 3) && (m.nodeId !== undefined && m.nodeId !== 0)) {
    throw unsupportedFieldError("FindCoordinatorResponse", "nodeId", version);
  }
  if (version <= 3) {
    w.int32((m.nodeId === undefined ? 0 : m.nodeId));
  }
  if (!(version <= 3) && (m.host !== undefined && m.host !== "")) {
    throw unsupportedFieldError("FindCoordinatorResponse", "host", version);
  }
  if (version <= 3) {
    if (version === 3) w.compactString((m.host === undefined ? "" : m.host)); else w.string((m.host === undefined ? "" : m.host));
  }
  if (!(version <= 3) && (m.port !== undefined && m.port !== 0)) {
    throw unsupportedFieldError("FindCoordinatorResponse", "port", version);
  }
  if (version <= 3) {
    w.int32((m.port === undefined ? 0 : m.port));
  }
  if (!(version >= 4) && (m.coordinators !== undefined && (m.coordinators === null || m.coordinators.length !== 0))) {
    throw unsupportedFieldError("FindCoordinatorResponse", "coordinators", version);
  }
  if (version >= 4) {
    {
      const x = m.coordinators === undefined ? [] : m.coordinators;
      w.uvarint(x.length + 1);
      for (const e of x) {
        encodeFindCoordinatorResponseCoordinator(w, e, version);
      }
    }
  }
  if (version >= 3) {
    w.uvarint(0);
  }
}

function encodeFindCoordinatorResponseCoordinator(w: ByteWriter, m: FindCoordinatorResponseCoordinatorInit, _version: number): void {
  w.compactString(m.key);
  w.int32(m.nodeId);
  w.compactString(m.host);
  w.int32(m.port);
  w.int16(m.errorCode);
  {
    const x = m.errorMessage;
    if (x === null) {
      w.uvarint(0);
    } else {
      w.compactString(x);
    }
  }
  w.uvarint(0);
}
