// generated — do not edit. Source: JoinGroupRequest.json (Apache Kafka message schemas).
// Regenerate with `bun tools/codegen/main.ts` (or `deno task codegen`).

import type { ByteReader } from "../reader.ts";
import type { ByteWriter } from "../writer.ts";
import { unsupportedFieldError, unsupportedVersionError } from "../errors.ts";

/**
 * JoinGroupRequest (api key 11): versions 0-9, flexible 6+. Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface JoinGroupRequest {
  /** The group identifier. (versions 0-9) */
  groupId: string;
  /**
   * The coordinator considers the consumer dead if it receives no heartbeat after this
   * timeout in milliseconds. (versions 0-9)
   */
  sessionTimeoutMs: number;
  /**
   * The maximum time in milliseconds that the coordinator will wait for each member to
   * rejoin when rebalancing the group. (versions 1-9, default -1)
   */
  rebalanceTimeoutMs: number;
  /** The member id assigned by the group coordinator. (versions 0-9) */
  memberId: string;
  /**
   * The unique identifier of the consumer instance provided by end user. (versions 5-9,
   * nullable 5-9, default null)
   */
  groupInstanceId: string | null;
  /**
   * The unique name the for class of protocols implemented by the group we want to join.
   * (versions 0-9)
   */
  protocolType: string;
  /** The list of protocols that the member supports. (versions 0-9) */
  protocols: JoinGroupRequestJoinGroupRequestProtocol[];
  /**
   * The reason why the member (re-)joins the group. (versions 8-9, nullable 8-9, default
   * null)
   */
  reason: string | null;
}

/**
 * JoinGroupRequest as encoders accept it: fields that have a default (or are missing from
 * some versions) may be left out. A decoded JoinGroupRequest is a valid
 * JoinGroupRequestInit.
 */
export interface JoinGroupRequestInit {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs?: number | undefined;
  memberId: string;
  groupInstanceId?: string | null | undefined;
  protocolType: string;
  protocols: readonly JoinGroupRequestJoinGroupRequestProtocolInit[];
  reason?: string | null | undefined;
}

/**
 * JoinGroupRequestProtocol in JoinGroupRequest (versions 0-9). Decoders return this complete
 * form: a field missing from the decoded version holds its default.
 */
export interface JoinGroupRequestJoinGroupRequestProtocol {
  /** The protocol name. (versions 0-9) */
  name: string;
  /** The protocol metadata. (versions 0-9) */
  metadata: Uint8Array;
}

/**
 * JoinGroupRequestJoinGroupRequestProtocol as encoders accept it: fields that have a default
 * (or are missing from some versions) may be left out. A decoded
 * JoinGroupRequestJoinGroupRequestProtocol is a valid
 * JoinGroupRequestJoinGroupRequestProtocolInit.
 */
export interface JoinGroupRequestJoinGroupRequestProtocolInit {
  name: string;
  metadata: Uint8Array;
}

/**
 * Decode a JoinGroupRequest body at `version`; throws KafkaDecodeError (naming the version
 * and byte offset) if the bytes are malformed or truncated.
 */
export function decodeJoinGroupRequest(r: ByteReader, version: number): JoinGroupRequest {
  if (version < 0 || version > 9) r.fail(`unsupported version ${version}`);
  const groupId = (version >= 6 ? r.compactString() : r.string());
  const sessionTimeoutMs = r.int32();
  let rebalanceTimeoutMs: number = -1;
  if (version >= 1) {
    rebalanceTimeoutMs = r.int32();
  }
  const memberId = (version >= 6 ? r.compactString() : r.string());
  let groupInstanceId: string | null = null;
  if (version >= 5) {
    groupInstanceId = (version >= 6 ? r.compactNullableString() : r.nullableString());
  }
  const protocolType = (version >= 6 ? r.compactString() : r.string());
  const protocols: JoinGroupRequestJoinGroupRequestProtocol[] = [];
  for (let i = 0, n = (version >= 6 ? r.compactArrayLength() : r.arrayLength()); i < n; i++) {
    protocols.push(decodeJoinGroupRequestJoinGroupRequestProtocol(r, version));
  }
  let reason: string | null = null;
  if (version >= 8) {
    reason = r.compactNullableString();
  }
  if (version >= 6) {
    r.skipTaggedFields();
  }
  r.check("JoinGroupRequest", version);
  return { groupId, sessionTimeoutMs, rebalanceTimeoutMs, memberId, groupInstanceId, protocolType, protocols, reason };
}

function decodeJoinGroupRequestJoinGroupRequestProtocol(r: ByteReader, version: number): JoinGroupRequestJoinGroupRequestProtocol {
  const name = (version >= 6 ? r.compactString() : r.string());
  const metadata = (version >= 6 ? r.compactBytes(true) : r.bytesField(true));
  if (version >= 6) {
    r.skipTaggedFields();
  }
  return { name, metadata };
}

/**
 * Encode a JoinGroupRequest body at `version`; throws KafkaEncodeError when a value cannot
 * be carried by that version.
 */
export function encodeJoinGroupRequest(w: ByteWriter, m: JoinGroupRequestInit, version: number): void {
  if (version < 0 || version > 9) throw unsupportedVersionError("JoinGroupRequest", version);
  if (version >= 6) w.compactString(m.groupId); else w.string(m.groupId);
  w.int32(m.sessionTimeoutMs);
  if (version >= 1) {
    w.int32((m.rebalanceTimeoutMs === undefined ? -1 : m.rebalanceTimeoutMs));
  }
  if (version >= 6) w.compactString(m.memberId); else w.string(m.memberId);
  if (!(version >= 5) && (m.groupInstanceId !== undefined && m.groupInstanceId !== null)) {
    throw unsupportedFieldError("JoinGroupRequest", "groupInstanceId", version);
  }
  if (version >= 5) {
    {
      const x = m.groupInstanceId === undefined ? null : m.groupInstanceId;
      if (x === null) {
        if (version >= 6) w.uvarint(0); else w.int16(-1);
      } else {
        if (version >= 6) w.compactString(x); else w.string(x);
      }
    }
  }
  if (version >= 6) w.compactString(m.protocolType); else w.string(m.protocolType);
  {
    const x = m.protocols;
    if (version >= 6) w.uvarint(x.length + 1); else w.int32(x.length);
    for (const e of x) {
      encodeJoinGroupRequestJoinGroupRequestProtocol(w, e, version);
    }
  }
  if (version >= 8) {
    {
      const x = m.reason === undefined ? null : m.reason;
      if (x === null) {
        w.uvarint(0);
      } else {
        w.compactString(x);
      }
    }
  }
  if (version >= 6) {
    w.uvarint(0);
  }
}

function encodeJoinGroupRequestJoinGroupRequestProtocol(w: ByteWriter, m: JoinGroupRequestJoinGroupRequestProtocolInit, version: number): void {
  if (version >= 6) w.compactString(m.name); else w.string(m.name);
  if (version >= 6) w.compactBytes(m.metadata); else w.bytesField(m.metadata);
  if (version >= 6) {
    w.uvarint(0);
  }
}
