/**
 * The hot path of MQTT's most frequent packet, without `mqtt-packet` (which `codec.ts` wraps
 * for everything else): decoding a PUBLISH without v5 properties, copying its payload, and
 * encoding a PUBLISH without properties for delivery. Anything unusual falls back to
 * `mqtt-packet` in `codec.ts`, which also reports what is wrong.
 *
 * Payloads: a decoded payload is a view of the socket's read chunk (the runtime adapters hand
 * out fresh chunks and never reuse them). Most messages only pass through to the log, whose
 * record builder copies the bytes anyway, so copying each payload here as well was a cost per
 * message (~5% of the Deno broker's QoS 1 samples). A message kept for a while (retained,
 * queued for a subscriber) must not pin a whole chunk, so the engine copies its payload with
 * {@link ownedCopy} before keeping it. That copy goes into a shared {@link SLAB_BYTES} slab for
 * payloads up to {@link SLAB_MAX_PAYLOAD} bytes: a fresh Uint8Array per payload is expensive
 * on Deno (~0.5–0.9 µs per allocation of any size, against ~0.07 µs on Bun), and a long-lived
 * message then pins at most one slab. One slab is filled at a time for the whole process
 * (JavaScript runs one turn at a time), so idle connections hold none.
 *
 * @module
 */

import type { ProtocolVersion, PublishPacket, QoS } from "./packets.ts";
import type { TopicMemo } from "./topic_memo.ts";
import { Utf8Cache } from "../log/utf8_cache.ts";

/** Size of a slab. */
export const SLAB_BYTES = 4096;
/** Payloads above this get their own buffer. */
export const SLAB_MAX_PAYLOAD = 512;

let slab = new Uint8Array(0);
let used = 0;

/** A copy of `source[start, end)` that shares nothing with `source` (see the module comment). */
export function copyPayload(source: Uint8Array, start: number, end: number): Uint8Array {
  const length = end - start;
  if (length > SLAB_MAX_PAYLOAD) return source.slice(start, end);
  if (used + length > slab.length) {
    slab = new Uint8Array(SLAB_BYTES);
    used = 0;
  }
  slab.set(source.subarray(start, end), used);
  const copy = slab.subarray(used, used + length);
  used += length;
  return copy;
}

/** A copy of a payload that may be a view of a socket chunk, for a message about to be kept. */
export function ownedCopy(payload: Uint8Array): Uint8Array {
  return copyPayload(payload, 0, payload.length);
}

/**
 * The hot path: a well-formed PUBLISH without v5 properties, decoded without `mqtt-packet`.
 * Anything unusual (QoS 3, bad UTF-8, U+0000, packet id 0, properties, short frame) returns
 * undefined and takes the full parser, which reports it.
 */
export function fastDecodePublish(frame: Uint8Array, start: number, end: number, version: ProtocolVersion, topics: TopicMemo): PublishPacket | undefined {
  const b0 = frame[start]!;
  const qos = (b0 >> 1) & 3;
  if (b0 >> 4 !== 3 || qos === 3) return undefined;
  let at = start + 1;
  while ((frame[at]! & 0x80) !== 0) at++; // the frame reader checked the remaining length
  at++;
  if (at + 2 > end) return undefined;
  const topicEnd = at + 2 + ((frame[at]! << 8) | frame[at + 1]!);
  if (topicEnd > end) return undefined;
  const topic = topics.decode(frame, at + 2, topicEnd);
  if (topic === undefined) return undefined;
  at = topicEnd;
  let messageId = 0;
  if (qos > 0) {
    if (at + 2 > end) return undefined;
    messageId = (frame[at]! << 8) | frame[at + 1]!;
    if (messageId === 0) return undefined;
    at += 2;
  }
  if (version === 5) {
    if (at >= end || frame[at] !== 0) return undefined; // properties (or a missing length): full parser
    at++;
  }
  // A view: the engine copies it if it keeps the message (see the module comment).
  const packet: PublishPacket = { cmd: "publish", topic, payload: frame.subarray(at, end), qos: qos as QoS, dup: (b0 & 8) !== 0, retain: (b0 & 1) !== 0 };
  if (qos > 0) packet.messageId = messageId;
  return packet;
}

/** Topics of outbound PUBLISHes repeat: their UTF-8 bytes are encoded once (bounded memo). */
const topicBytes = new Utf8Cache();

/**
 * The hot path of delivery: a PUBLISH without properties (every v3.1.1 one, and v5 ones whose
 * message has none) written directly as one buffer, byte for byte what `mqtt-packet` writes
 * (§3.3.1–§3.3.3). Anything else, or a field out of range, returns undefined and takes
 * `mqtt-packet`, which also reports what is wrong.
 */
export function fastEncodePublish(packet: PublishPacket, protocolVersion: ProtocolVersion): Uint8Array | undefined {
  const v5 = protocolVersion === 5;
  if (v5 && packet.properties !== undefined) return undefined;
  const qos = packet.qos;
  const id = packet.messageId;
  if (qos > 0 && (id === undefined || id < 1 || id > 0xffff)) return undefined;
  if (packet.topic.length === 0 || !(packet.payload instanceof Uint8Array)) return undefined;
  const topic = topicBytes.bytes(packet.topic);
  const payload = packet.payload;
  if (topic.length > 0xffff) return undefined;
  const remaining = 2 + topic.length + (qos > 0 ? 2 : 0) + (v5 ? 1 : 0) + payload.length;
  if (remaining > 268_435_455) return undefined;
  const lengthBytes = remaining < 0x80 ? 1 : remaining < 0x4000 ? 2 : remaining < 0x200000 ? 3 : 4;
  const out = new Uint8Array(1 + lengthBytes + remaining);
  out[0] = 0x30 | (packet.dup ? 8 : 0) | (qos << 1) | (packet.retain ? 1 : 0);
  let at = 1;
  for (let n = remaining; ; ) {
    const digit = n & 0x7f;
    n >>>= 7;
    out[at++] = n > 0 ? digit | 0x80 : digit;
    if (n === 0) break;
  }
  out[at++] = topic.length >> 8;
  out[at++] = topic.length & 0xff;
  out.set(topic, at);
  at += topic.length;
  if (qos > 0) {
    out[at++] = id! >> 8;
    out[at++] = id! & 0xff;
  }
  if (v5) out[at++] = 0; // property length
  out.set(payload, at);
  return out;
}
