/**
 * The one place that touches `mqtt-packet`: decoding and encoding of MQTT control packets,
 * bytes in and bytes out (sans-I/O). `Buffer` and EventEmitter stay inside this file.
 *
 * Framing is our own (`frame_reader.ts`): a packet larger than the maximum packet size is
 * refused before its body is buffered, and `mqtt-packet` only ever parses one complete packet
 * at a time.
 *
 * @module
 */

import * as mqttPacket from "mqtt-packet";
import { FrameReader } from "./frame_reader.ts";
import { MqttCodecError } from "./codec_error.ts";
import { fastDecodePublish, fastEncodePublish } from "./publish_codec.ts";
import { TopicMemo } from "./topic_memo.ts";
import type { Packet, ProtocolVersion, PublishPacket, QoS, UserProperties } from "./packets.ts";

export { type CodecErrorKind, MqttCodecError } from "./codec_error.ts";

/** The largest packet MQTT can express: 1 + 4 + 268,435,455 bytes. */
export const PROTOCOL_MAX_PACKET_SIZE = 268_435_460;

interface RawParser {
  on(event: "packet", callback: (packet: unknown) => void): unknown;
  on(event: "error", callback: (error: unknown) => void): unknown;
  parse(buffer: Uint8Array): number;
}

/**
 * Incremental decoder for one connection: push socket chunks, get whole packets back.
 *
 * @example
 * ```ts
 * const decoder = new PacketDecoder({ maxPacketSize: 1 << 20 });
 * for (const packet of decoder.push(chunk)) handle(packet);
 * ```
 */
export class PacketDecoder {
  #frames: FrameReader;
  #parser: RawParser;
  #out: Packet[] = [];
  #error: unknown = undefined;
  /** Known once CONNECT is decoded (server) or given (client); enables the PUBLISH fast path. */
  #version: ProtocolVersion | undefined;
  #topics = new TopicMemo();

  /**
   * `protocolVersion` is for the client side (a server learns it from CONNECT).
   */
  constructor(options: { maxPacketSize: number; protocolVersion?: ProtocolVersion }) {
    this.#version = options.protocolVersion;
    this.#frames = new FrameReader(Math.min(options.maxPacketSize, PROTOCOL_MAX_PACKET_SIZE));
    const parserOptions = options.protocolVersion ? { protocolVersion: options.protocolVersion } : undefined;
    this.#parser = (mqttPacket.parser as (o?: unknown) => unknown)(parserOptions) as RawParser;
    this.#parser.on("packet", (p) => this.#out.push(fromWire(p)));
    this.#parser.on("error", (e) => (this.#error = e));
  }

  /** The largest packet accepted from now on. */
  set maxPacketSize(bytes: number) {
    this.#frames.maxPacketSize = Math.min(bytes, PROTOCOL_MAX_PACKET_SIZE);
  }

  /** Bytes received but not yet part of a complete packet. */
  get buffered(): number {
    return this.#frames.buffered;
  }

  /** Decode every complete packet now available. Throws {@link MqttCodecError}. */
  push(chunk: Uint8Array): Packet[] {
    this.feed(chunk);
    const packets: Packet[] = [];
    for (let p = this.next(); p; p = this.next()) packets.push(p);
    return packets;
  }

  /** Add received bytes; take packets with {@link next}. */
  feed(chunk: Uint8Array): void {
    this.#frames.push(chunk);
  }

  /**
   * The next complete packet, or undefined when more bytes are needed. One at a time, so a
   * limit changed after a packet (CONNECT accepted) applies to the very next one.
   * Throws {@link MqttCodecError}.
   */
  next(): Packet | undefined {
    const frames = this.#frames;
    if (!frames.nextFrame()) return undefined;
    if (this.#version !== undefined) {
      // Read in place: no view of the frame for the common PUBLISH.
      const fast = fastDecodePublish(frames.frame, frames.frameStart, frames.frameEnd, this.#version, this.#topics);
      if (fast) return fast;
    }
    const frame = frames.frame.subarray(frames.frameStart, frames.frameEnd);
    this.#out = [];
    this.#error = undefined;
    this.#parser.parse(frame);
    if (this.#error !== undefined) {
      const message = this.#error instanceof Error ? this.#error.message : String(this.#error);
      const protocolLevel = message === "Invalid protocol version" ? connectLevel(frame) : undefined;
      if (protocolLevel !== undefined) throw new MqttCodecError("unsupported-protocol", message, { cause: this.#error, protocolLevel });
      throw new MqttCodecError("malformed", message, { cause: this.#error });
    }
    if (this.#out.length !== 1) throw new MqttCodecError("malformed", "incomplete packet body");
    const packet = this.#out[0]!;
    checkStrings(packet, frame);
    if (packet.cmd === "connect") this.#version = packet.protocolVersion;
    return packet;
  }
}

/** First byte of PUBACK, PUBREC, PUBREL (flags 0b0010 [MQTT-3.6.1-1]) and PUBCOMP. */
const ackFirstByte: Partial<Record<Packet["cmd"], number>> = { puback: 0x40, pubrec: 0x50, pubrel: 0x62, pubcomp: 0x70 };

/** The Protocol Level byte of a CONNECT frame (after the fixed header and protocol name). */
function connectLevel(frame: Uint8Array): number | undefined {
  if (frame[0] !== 0x10) return undefined;
  let at = 1;
  while (at < 5 && (frame[at]! & 0x80) !== 0) at++;
  at++;
  const nameLength = ((frame[at] ?? 0) << 8) | (frame[at + 1] ?? 0);
  return frame[at + 2 + nameLength];
}

/** PUBACK's first byte, for {@link encodeSuccessAck}. */
export const PUBACK_FIRST_BYTE = 0x40;
/** PUBREC's first byte, for {@link encodeSuccessAck}. */
export const PUBREC_FIRST_BYTE = 0x50;

/**
 * A success PUBACK/PUBREC/PUBREL/PUBCOMP without properties: 4 bytes, which v5 allows as well
 * (§3.4.2.1). `firstByte` is the packet type and flags; `packetId` is 1..65535.
 */
export function encodeSuccessAck(firstByte: number, packetId: number): Uint8Array {
  const bytes = new Uint8Array(4); // not Uint8Array.of: several times slower on V8
  writeSuccessAck(bytes, 0, firstByte, packetId);
  return bytes;
}

/** {@link encodeSuccessAck} into `out` at `at` (the connection's output writes acks in place). */
export function writeSuccessAck(out: Uint8Array, at: number, firstByte: number, packetId: number): void {
  out[at] = firstByte;
  out[at + 1] = 2;
  out[at + 2] = packetId >> 8;
  out[at + 3] = packetId & 0xff;
}

/**
 * Encode a packet for a peer speaking `protocolVersion`. Throws {@link MqttCodecError}
 * ("unencodable") when `mqtt-packet` refuses the fields.
 */
export function encodePacket(packet: Packet, protocolVersion: ProtocolVersion): Uint8Array {
  const ack = ackFirstByte[packet.cmd];
  if (ack !== undefined) {
    // The hot path (one per QoS 1/2 publish): a success ack without properties is 4 bytes; v5
    // may omit Reason Code and Property Length then (§3.4.2.1, §3.5.2.1, §3.6.2.1, §3.7.2.1).
    const p = packet as { messageId?: number; reasonCode?: number; properties?: unknown };
    const id = p.messageId;
    if (typeof id === "number" && id > 0 && id <= 0xffff && !p.reasonCode && p.properties === undefined) {
      return encodeSuccessAck(ack, id);
    }
  }
  if (packet.cmd === "publish") {
    const fast = fastEncodePublish(packet, protocolVersion);
    if (fast) return fast;
  }
  return encodeWithMqttPacket(packet, protocolVersion);
}

function encodeWithMqttPacket(packet: Packet, protocolVersion: ProtocolVersion): Uint8Array {
  const parts: Uint8Array[] = [];
  let failure: unknown;
  const encoder = new TextEncoder();
  const sink = {
    write(chunk: unknown): boolean {
      if (typeof chunk === "string") parts.push(encoder.encode(chunk));
      else if (chunk instanceof Uint8Array) parts.push(chunk);
      else failure ??= new Error(`invalid field while encoding ${packet.cmd}`);
      return true;
    },
    destroy(error: unknown) {
      failure = error;
    },
    cork() {},
    uncork() {},
  };
  const write = mqttPacket.writeToStream as unknown as (p: unknown, s: unknown, o: unknown) => boolean;
  write(toWire(packet), sink, { protocolVersion });
  if (failure !== undefined) {
    const message = failure instanceof Error ? failure.message : String(failure);
    throw new MqttCodecError("unencodable", message, { cause: failure });
  }
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const REPLACEMENT = "\uFFFD";

/**
 * UTF-8 string fields must be well-formed and free of U+0000 [MQTT-1.5.4-1] [MQTT-1.5.4-2].
 * `mqtt-packet` decodes leniently (bad sequences become U+FFFD), so a U+FFFD in a decoded
 * string while the frame holds no encoded U+FFFD (EF BF BD) means the bytes were malformed.
 */
function checkStrings(packet: Packet, frame: Uint8Array): void {
  let replaced = false;
  const visit = (value: unknown, key: string): void => {
    if (typeof value === "string") {
      if (value.includes("\u0000")) throw new MqttCodecError("malformed", `U+0000 in ${key}`);
      if (value.includes(REPLACEMENT)) replaced = true;
    } else if (Array.isArray(value)) for (const v of value) visit(v, key);
    else if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
      for (const [k, v] of Object.entries(value)) if (k !== "payload") visit(v, k);
    }
  };
  visit(packet, "packet");
  if (replaced && !containsReplacement(frame)) throw new MqttCodecError("malformed", "invalid UTF-8 string");
}

function containsReplacement(b: Uint8Array): boolean {
  for (let i = 0; i + 2 < b.length; i++) if (b[i] === 0xef && b[i + 1] === 0xbf && b[i + 2] === 0xbd) return true;
  return false;
}

/** Deep-convert a parsed `mqtt-packet` object: copy Buffers to plain Uint8Arrays, pair lists. */
function fromWire(raw: unknown): Packet {
  const packet = convertIn(raw) as Record<string, unknown>;
  switch (packet.cmd) {
    case "connect": {
      packet.protocolVersion ??= 4;
      const will = packet.will as Record<string, unknown> | undefined;
      if (will) {
        will.qos ??= 0;
        will.retain ??= false;
        will.payload ??= new Uint8Array(0);
      }
      break;
    }
    case "publish": {
      packet.payload ??= new Uint8Array(0);
      const props = packet.properties as Record<string, unknown> | undefined;
      const ids = props?.subscriptionIdentifier;
      if (props && typeof ids === "number") props.subscriptionIdentifier = [ids];
      break;
    }
    case "connack":
      // mqtt-packet names the v3 field `returnCode`; one name for both versions here.
      packet.reasonCode ??= packet.returnCode;
      delete packet.returnCode;
      break;
    case "subscribe":
      for (const s of packet.subscriptions as Array<Record<string, unknown>>) {
        s.nl = s.nl === true;
        s.rap = s.rap === true;
        s.rh ??= 0;
      }
      break;
  }
  delete packet.length;
  if (needsPacketId(packet) && !(typeof packet.messageId === "number" && packet.messageId > 0)) {
    throw new MqttCodecError("malformed", `${String(packet.cmd)} without a packet identifier`); // [MQTT-2.2.1-3]
  }
  return packet as unknown as Packet;
}

function needsPacketId(p: Record<string, unknown>): boolean {
  switch (p.cmd) {
    case "publish":
      return (p.qos as number) > 0;
    case "puback":
    case "pubrec":
    case "pubrel":
    case "pubcomp":
    case "subscribe":
    case "suback":
    case "unsubscribe":
    case "unsuback":
      return true;
    default:
      return false;
  }
}

function convertIn(value: unknown): unknown {
  if (value instanceof Uint8Array) return new Uint8Array(value); // copy: detach from socket chunk
  if (Array.isArray(value)) return value.map(convertIn);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner === undefined || inner === null) continue;
    out[key] = key === "userProperties" ? pairsFromObject(inner) : convertIn(inner);
  }
  return out;
}

function pairsFromObject(value: unknown): UserProperties {
  const pairs: UserProperties = [];
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (Array.isArray(inner)) for (const v of inner) pairs.push([key, String(v)]);
    else pairs.push([key, String(inner)]);
  }
  return pairs;
}

function toWire(packet: Packet): unknown {
  const out = convertOut(packet) as Record<string, unknown>;
  // mqtt-packet reads CONNACK's code from `returnCode` for v3 and `reasonCode` for v5.
  if (packet.cmd === "connack") out.returnCode = packet.reasonCode;
  return out;
}

function convertOut(value: unknown): unknown {
  if (value instanceof Uint8Array || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(convertOut);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner === undefined) continue;
    if (key === "userProperties") {
      const grouped: Record<string, string[]> = Object.create(null);
      for (const [k, v] of inner as UserProperties) (grouped[k] ??= []).push(v);
      out[key] = grouped;
    } else if (key === "subscriptionIdentifier" && Array.isArray(inner)) {
      out[key] = inner.length === 1 ? inner[0] : inner;
    } else out[key] = convertOut(inner);
  }
  return out;
}
