/**
 * Encoding of persistent MQTT state as compacted-topic records (CBOR values, standard
 * encoding without cbor-x records so any CBOR reader can inspect them).
 *
 * Keys (NUL-separated; client ids cannot contain U+0000 [MQTT-1.5.4-2]):
 * - `s\0<clientId>` — session: expiry, protocol version, disconnect time, subscriptions
 * - `m\0<clientId>\0<seq>` — one QoS 1/2 message queued or in flight to the client
 * - `q\0<clientId>\0<packetId>` — an inbound QoS 2 packet id awaiting PUBREL
 * - retained topic: key = MQTT topic, value = the retained message
 *
 * Format migration: values are CBOR maps with short keys; add keys, never change meanings.
 *
 * @module
 */

// cbor-x's subpaths are its pure-JS build; the package root also loads the optional native
// addon cbor-extract (~3-4 MB of RSS per broker, and the single binary leaves it out anyway).
import { Decoder } from "cbor-x/decode";
import { Encoder } from "cbor-x/encode";
import type { Message } from "./message.ts";
import type { PublishProperties, QoS } from "./packets.ts";
import type { Outbound } from "./session.ts";
import type { Subscription } from "./subscription_tree.ts";

const encoder = new Encoder({ useRecords: false, tagUint8Array: false });
const decoder = new Decoder({ useRecords: false, mapsAsObjects: true });

function bytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  return new Uint8Array(0);
}

function encode(value: unknown): Uint8Array {
  const b = encoder.encode(value);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Key of a session record. */
export const sessionKey = (clientId: string) => `s\u0000${clientId}`;
/** Key of one queued or in-flight QoS 1/2 message of a session. */
export const messageKey = (clientId: string, seq: number) => `m\u0000${clientId}\u0000${seq}`;
/** Key of an inbound QoS 2 packet id awaiting PUBREL. */
export const qos2Key = (clientId: string, packetId: number) => `q\u0000${clientId}\u0000${packetId}`;

/** Split a session-store key into its kind and parts. */
export function parseKey(key: string): { kind: string; clientId: string; n: number } | undefined {
  const parts = key.split("\u0000");
  if (parts.length < 2) return undefined;
  return { kind: parts[0]!, clientId: parts[1]!, n: Number(parts[2] ?? 0) };
}

/** What a session record holds. */
export interface SessionRecord {
  expiryInterval: number;
  protocolVersion: 3 | 4 | 5;
  disconnectedAt: number | undefined;
  subscriptions: Subscription[];
}

/** CBOR value of a session record. */
export function encodeSession(s: SessionRecord): Uint8Array {
  return encode({
    e: s.expiryInterval,
    v: s.protocolVersion,
    d: s.disconnectedAt ?? null,
    s: s.subscriptions.map((x) => [x.rawFilter, x.filter, x.share ?? null, x.qos, x.noLocal, x.retainAsPublished, x.retainHandling, x.identifier ?? null]),
  });
}

/** Read a session record back. */
export function decodeSession(clientId: string, value: Uint8Array): SessionRecord {
  const o = decoder.decode(value) as { e: number; v: 3 | 4 | 5; d: number | null; s: unknown[][] };
  return {
    expiryInterval: o.e,
    protocolVersion: o.v,
    disconnectedAt: o.d ?? undefined,
    subscriptions: o.s.map((x) => ({
      clientId,
      rawFilter: x[0] as string,
      filter: x[1] as string,
      share: (x[2] as string | null) ?? undefined,
      qos: x[3] as QoS,
      noLocal: x[4] as boolean,
      retainAsPublished: x[5] as boolean,
      retainHandling: x[6] as 0 | 1 | 2,
      identifier: (x[7] as number | null) ?? undefined,
    })),
  };
}

function messageFields(m: Message): Record<string, unknown> {
  const p = m.properties;
  return {
    t: m.topic,
    p: m.payload,
    q: m.qos,
    r: m.retain,
    x: m.expiresAt ?? null,
    o: m.origin ?? null,
    ct: p.contentType ?? null,
    rt: p.responseTopic ?? null,
    cd: p.correlationData ?? null,
    pf: p.payloadFormatIndicator ?? null,
    up: p.userProperties ?? null,
  };
}

function messageFrom(o: Record<string, unknown>): Message {
  const properties: PublishProperties = {};
  if (o.ct != null) properties.contentType = o.ct as string;
  if (o.rt != null) properties.responseTopic = o.rt as string;
  if (o.cd != null) properties.correlationData = bytes(o.cd);
  if (o.pf != null) properties.payloadFormatIndicator = o.pf as boolean;
  if (o.up != null) properties.userProperties = o.up as Array<[string, string]>;
  return {
    topic: o.t as string,
    payload: bytes(o.p),
    qos: o.q as QoS,
    retain: o.r as boolean,
    properties,
    expiresAt: (o.x as number | null) ?? undefined,
    origin: (o.o as string | null) ?? undefined,
  };
}

/** CBOR value of a queued or in-flight message. */
export function encodeOutbound(out: Outbound): Uint8Array {
  return encode({
    ...messageFields(out.message),
    dq: out.qos,
    dr: out.retain,
    si: out.subscriptionIds,
    id: out.packetId ?? null,
    st: out.state,
  });
}

/** Read a queued or in-flight message back. */
export function decodeOutbound(seq: number, value: Uint8Array): Outbound {
  const o = decoder.decode(value) as Record<string, unknown>;
  return {
    seq,
    message: messageFrom(o),
    qos: o.dq as QoS,
    retain: o.dr as boolean,
    subscriptionIds: (o.si as number[]) ?? [],
    packetId: (o.id as number | null) ?? undefined,
    state: o.st as Outbound["state"],
  };
}

/** CBOR value of a retained message. */
export function encodeRetained(m: Message): Uint8Array {
  return encode(messageFields(m));
}

/** Read a retained message back. */
export function decodeRetained(value: Uint8Array): Message {
  return messageFrom(decoder.decode(value) as Record<string, unknown>);
}
