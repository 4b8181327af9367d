/**
 * The decoders alone, bytes in: Kafka framing + request header + every generated request
 * decoder at the version the header names; MQTT framing + packet decoder, fed chunk by chunk
 * as a server connection would. The invariant: a result, or the codec's own error
 * (`FrameSizeError`, `KafkaDecodeError`, `MqttCodecError`) — anything else (a TypeError, a
 * RangeError) is a crash a connection would see.
 */
import { FrameDecoder, FrameSizeError } from "../../broker/kafka/framing.ts";
import { KafkaDecodeError } from "../../broker/kafka/protocol/errors.ts";
import { BROKER_CODECS } from "../../broker/kafka/protocol/generated/broker_codecs.ts";
import { decodeRequestHeader } from "../../broker/kafka/protocol/generated/headers.ts";
import { ByteReader } from "../../broker/kafka/protocol/reader.ts";
import { MqttCodecError, PacketDecoder } from "../../broker/mqtt/codec.ts";
import type { Scenario } from "./scenario.ts";
import { Violation } from "./violation.ts";

const codecs = BROKER_CODECS as unknown as Record<number, { name: string; minVersion: number; maxVersion: number; decodeRequest: (r: ByteReader, v: number) => unknown }>;

function unexpected(where: string, error: unknown): Violation {
  const detail = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ""}` : String(error);
  return new Violation("exception", `${where} threw ${detail}`);
}

/** Returns the frames decoded; throws {@link Violation}. */
export function runKafkaDecoder(s: Scenario): number {
  let decoded = 0;
  for (const chunks of s.connections) {
    const framer = new FrameDecoder({ maxFrameBytes: 1 << 20 });
    for (const chunk of chunks) {
      let frames: Uint8Array[];
      try {
        frames = framer.push(chunk);
      } catch (error) {
        if (error instanceof FrameSizeError) break;
        throw unexpected("FrameDecoder.push", error);
      }
      for (const frame of frames) {
        const r = new ByteReader(frame);
        let header;
        try {
          header = decodeRequestHeader(r);
        } catch (error) {
          if (error instanceof KafkaDecodeError) continue;
          throw unexpected("decodeRequestHeader", error);
        }
        const codec = codecs[header.requestApiKey];
        const version = header.requestApiVersion;
        if (!codec || version < codec.minVersion || version > codec.maxVersion) continue;
        try {
          codec.decodeRequest(r, version);
          decoded++;
        } catch (error) {
          if (!(error instanceof KafkaDecodeError)) throw unexpected(`decode ${codec.name} v${version}`, error);
        }
      }
    }
  }
  return decoded;
}

/** Returns the packets decoded; throws {@link Violation}. */
export function runMqttDecoder(s: Scenario): number {
  let decoded = 0;
  for (const chunks of s.connections) {
    const decoder = new PacketDecoder({ maxPacketSize: 256 * 1024 });
    let connected = false;
    try {
      for (const chunk of chunks) {
        decoder.feed(chunk);
        for (let p = decoder.next(); p; p = decoder.next()) {
          decoded++;
          if (!connected && p.cmd === "connect") {
            connected = true;
            decoder.maxPacketSize = 1 << 20;
          }
        }
      }
    } catch (error) {
      if (!(error instanceof MqttCodecError)) throw unexpected("PacketDecoder.next", error);
    }
  }
  return decoded;
}
