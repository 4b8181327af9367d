/**
 * MQTT message ⇄ Kafka record headers.
 *
 * Headers written for every ingested message: `mqtt.topic`, `mqtt.qos`, `mqtt.client-id`,
 * `mqtt.retain` (only when set), and when present `mqtt.content-type`, `mqtt.response-topic`,
 * `mqtt.correlation-data` (raw bytes), `mqtt.payload-format` ("1" = UTF-8),
 * `mqtt.message-expiry` (seconds). MQTT 5 user properties follow as plain headers in wire
 * order (repeats kept). On the way back, headers not starting with `mqtt.` become user
 * properties and the `mqtt.*` ones become the matching properties.
 *
 * @module
 */

import type { RecordHeader } from "../log/types.ts";
import type { Message } from "../mqtt/message.ts";
import type { PublishProperties, QoS, UserProperties } from "../mqtt/packets.ts";
import { Utf8Cache } from "../log/utf8_cache.ts";
import { encodeHeaders } from "../log/record_codec.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
const text = (s: string) => enc.encode(s);
/** Topics and client ids repeat on every message of a device: encoded once (shared bytes). */
const repeated = new Utf8Cache();
const QOS_VALUES = [text("0"), text("1"), text("2")] as const;
const ONE = text("1");

/**
 * Headers for a message ingested from MQTT. Header values may be shared between records
 * (cached encodings): the record batch builder copies them.
 */
export function headersFor(message: Message, clientId: string | undefined, now: number): RecordHeader[] {
  const h: RecordHeader[] = [
    { key: "mqtt.topic", value: repeated.bytes(message.topic) },
    { key: "mqtt.qos", value: QOS_VALUES[message.qos] },
  ];
  if (clientId !== undefined) h.push({ key: "mqtt.client-id", value: repeated.bytes(clientId) });
  if (message.retain) h.push({ key: "mqtt.retain", value: ONE });
  const p = message.properties;
  if (p.contentType !== undefined) h.push({ key: "mqtt.content-type", value: text(p.contentType) });
  if (p.responseTopic !== undefined) h.push({ key: "mqtt.response-topic", value: text(p.responseTopic) });
  if (p.correlationData !== undefined) h.push({ key: "mqtt.correlation-data", value: p.correlationData });
  if (p.payloadFormatIndicator !== undefined) {
    h.push({ key: "mqtt.payload-format", value: text(p.payloadFormatIndicator ? "1" : "0") });
  }
  if (message.expiresAt !== undefined) {
    const left = Math.max(1, Math.ceil((message.expiresAt - now) / 1000));
    h.push({ key: "mqtt.message-expiry", value: text(String(left)) });
  }
  for (const [key, value] of p.userProperties ?? []) h.push({ key, value: text(value) });
  return h;
}

/**
 * Encoded headers of messages without properties or expiry, whose headers depend only on topic,
 * QoS, retain flag and client id: a device sends the same combination again and again, so the
 * record builder gets the section encoded once (`RecordInput.encodedHeaders`) instead of
 * encoding three or four headers per record. Keyed by topic, bounded like {@link Utf8Cache}.
 */
export class EncodedHeadersCache {
  #entries = new Map<string, { clientId: string | undefined; qos: QoS; retain: boolean; encoded: Uint8Array }>();
  #capacity: number;

  constructor(capacity = 4096) {
    this.#capacity = capacity;
  }

  /** The encoded headers of `message`, or undefined when it carries properties or an expiry. */
  encoded(message: Message, clientId: string | undefined): Uint8Array | undefined {
    if (message.expiresAt !== undefined || !hasNoProperties(message)) return undefined;
    const entry = this.#entries.get(message.topic);
    if (entry !== undefined && entry.clientId === clientId && entry.qos === message.qos && entry.retain === message.retain) {
      return entry.encoded;
    }
    if (this.#entries.size >= this.#capacity) this.#entries.clear();
    // `now` only matters for an expiry, which these messages do not have.
    const encoded = encodeHeaders(headersFor(message, clientId, 0));
    this.#entries.set(message.topic, { clientId, qos: message.qos, retain: message.retain, encoded });
    return encoded;
  }
}

/** True when no PUBLISH property reaches the record (checked without listing keys). */
function hasNoProperties(message: Message): boolean {
  // deno-lint-ignore no-unreachable-loop
  for (const _ in message.properties) return false;
  return true;
}

/** What a Kafka record's headers say about the MQTT message it should become. */
export interface ReverseHeaders {
  topic: string | undefined;
  qos: QoS | undefined;
  retain: boolean;
  properties: PublishProperties;
  expirySeconds: number | undefined;
}

/** Read `mqtt.*` headers and user properties from a record. */
export function readHeaders(headers: readonly RecordHeader[]): ReverseHeaders {
  const out: ReverseHeaders = { topic: undefined, qos: undefined, retain: false, properties: {}, expirySeconds: undefined };
  const user: UserProperties = [];
  for (const { key, value } of headers) {
    const s = value === null ? "" : dec.decode(value);
    switch (key) {
      case "mqtt.topic":
        out.topic = s;
        break;
      case "mqtt.qos":
        if (s === "0" || s === "1" || s === "2") out.qos = Number(s) as QoS;
        break;
      case "mqtt.retain":
        out.retain = s === "1";
        break;
      case "mqtt.client-id":
        break;
      case "mqtt.content-type":
        out.properties.contentType = s;
        break;
      case "mqtt.response-topic":
        out.properties.responseTopic = s;
        break;
      case "mqtt.correlation-data":
        if (value !== null) out.properties.correlationData = new Uint8Array(value);
        break;
      case "mqtt.payload-format":
        out.properties.payloadFormatIndicator = s === "1";
        break;
      case "mqtt.message-expiry": {
        const n = Number(s);
        if (Number.isInteger(n) && n > 0) out.expirySeconds = n;
        break;
      }
      default:
        user.push([key, s]);
    }
  }
  if (user.length > 0) out.properties.userProperties = user;
  return out;
}
