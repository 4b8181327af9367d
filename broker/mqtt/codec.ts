/**
 * The one place that touches `mqtt-packet`: framing, decoding and encoding of MQTT control
 * packets, bytes in and bytes out (sans-I/O). `Buffer` and EventEmitter stay inside this file.
 *
 * Framing is our own: the fixed header and Remaining Length are read here first, so a packet
 * larger than the maximum packet size is refused before its body is buffered
 * ([MQTT-3.1.2-24]-style protection for the server's own limit), and `mqtt-packet` only ever
 * parses one complete packet at a time.
 *
 * @module
 */

import * as mqttPacket from "mqtt-packet";
import type { Packet, ProtocolVersion, UserProperties } from "./packets.ts";

/** Why a byte stream was rejected; every kind closes the connection [MQTT-4.13.1-1]. */
export type CodecErrorKind = "malformed" | "too-large" | "unencodable";

/** A packet could not be framed, parsed or generated. */
export class MqttCodecError extends Error {
  override readonly name = "MqttCodecError";
  readonly kind: CodecErrorKind;
  constructor(kind: CodecErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

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
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  #maxPacketSize: number;
  #parser: RawParser;
  #out: Packet[] = [];
  #error: unknown = undefined;

  /**
   * `protocolVersion` is for the client side (a server learns it from CONNECT).
   */
  constructor(options: { maxPacketSize: number; protocolVersion?: ProtocolVersion }) {
    this.#maxPacketSize = Math.min(options.maxPacketSize, PROTOCOL_MAX_PACKET_SIZE);
    const parserOptions = options.protocolVersion ? { protocolVersion: options.protocolVersion } : undefined;
    this.#parser = (mqttPacket.parser as (o?: unknown) => unknown)(parserOptions) as RawParser;
    this.#parser.on("packet", (p) => this.#out.push(fromWire(p)));
    this.#parser.on("error", (e) => (this.#error = e));
  }

  /** Bytes received but not yet part of a complete packet. */
  get buffered(): number {
    return this.#buffered;
  }

  /** Decode every complete packet now available. Throws {@link MqttCodecError}. */
  push(chunk: Uint8Array): Packet[] {
    if (chunk.length > 0) {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
    }
    const packets: Packet[] = [];
    for (;;) {
      const frame = this.#nextFrame();
      if (!frame) break;
      this.#out = [];
      this.#error = undefined;
      this.#parser.parse(frame);
      if (this.#error !== undefined) {
        const message = this.#error instanceof Error ? this.#error.message : String(this.#error);
        throw new MqttCodecError("malformed", message, { cause: this.#error });
      }
      if (this.#out.length !== 1) throw new MqttCodecError("malformed", "incomplete packet body");
      const packet = this.#out[0]!;
      checkStrings(packet, frame);
      packets.push(packet);
    }
    return packets;
  }

  /** One complete packet's bytes, or `undefined` when more input is needed. */
  #nextFrame(): Uint8Array | undefined {
    if (this.#buffered < 2) return undefined;
    const head = this.#peek(Math.min(5, this.#buffered));
    let remaining = 0;
    let multiplier = 1;
    let i = 1;
    for (;; i++) {
      if (i >= head.length) {
        if (i >= 5) throw new MqttCodecError("malformed", "remaining length over 4 bytes");
        return undefined;
      }
      const byte = head[i]!;
      remaining += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) break;
      multiplier *= 128;
      if (i === 4) throw new MqttCodecError("malformed", "remaining length over 4 bytes");
    }
    const total = i + 1 + remaining;
    if (total > this.#maxPacketSize) {
      throw new MqttCodecError("too-large", `packet of ${total} bytes over limit ${this.#maxPacketSize}`);
    }
    if (this.#buffered < total) return undefined;
    return this.#take(total);
  }

  #peek(n: number): Uint8Array {
    const first = this.#chunks[0]!;
    if (first.length >= n) return first.subarray(0, n);
    return this.#copy(n, false);
  }

  #take(n: number): Uint8Array {
    const first = this.#chunks[0]!;
    if (first.length >= n) {
      const frame = first.subarray(0, n);
      if (first.length === n) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(n);
      this.#buffered -= n;
      return frame;
    }
    return this.#copy(n, true);
  }

  #copy(n: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let index = 0;
    while (filled < n) {
      const chunk = this.#chunks[index]!;
      const part = Math.min(chunk.length, n - filled);
      out.set(chunk.subarray(0, part), filled);
      filled += part;
      if (consume) {
        if (part === chunk.length) this.#chunks.shift();
        else this.#chunks[0] = chunk.subarray(part);
      } else index++;
    }
    if (consume) this.#buffered -= n;
    return out;
  }
}

/**
 * Encode a packet for a peer speaking `protocolVersion`. Throws {@link MqttCodecError}
 * ("unencodable") when `mqtt-packet` refuses the fields.
 */
export function encodePacket(packet: Packet, protocolVersion: ProtocolVersion): Uint8Array {
  const parts: Uint8Array[] = [];
  let failure: unknown;
  const encoder = new TextEncoder();
  const sink = {
    write(chunk: Uint8Array | string): boolean {
      parts.push(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
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
  return packet as unknown as Packet;
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
