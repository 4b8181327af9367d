/** The captured corpus is small, deduplicated and made of frames the decoders accept. */
import { describe, expect, test } from "bun:test";
import { BROKER_CODECS } from "../../broker/kafka/protocol/generated/broker_codecs.ts";
import { decodeRequestHeader } from "../../broker/kafka/protocol/generated/headers.ts";
import { ByteReader } from "../../broker/kafka/protocol/reader.ts";
import { PacketDecoder } from "../../broker/mqtt/codec.ts";
import { loadCorpus } from "./corpus.ts";
import { hex } from "./log_snapshot.ts";

const corpus = loadCorpus();
const mqtt = [...corpus.mqtt.values()].flatMap((e) => [...e.connects, ...e.packets]);
const codecs = BROKER_CODECS as unknown as Record<number, { decodeRequest: (r: ByteReader, v: number) => unknown }>;

describe("fuzz corpus", () => {
  test("holds a few hundred distinct frames from both protocols", () => {
    expect(corpus.kafka.length).toBeGreaterThan(40);
    expect(mqtt.length).toBeGreaterThan(40);
    expect(corpus.kafka.length + mqtt.length).toBeLessThan(600);
    const all = [...corpus.kafka, ...mqtt].map((f) => hex(f.bytes));
    expect(new Set(all).size).toBe(all.length);
  });

  test("every Kafka frame is a whole request the generated codecs decode", () => {
    for (const f of corpus.kafka) {
      const size = new DataView(f.bytes.buffer, f.bytes.byteOffset).getInt32(0);
      expect({ name: f.name, size }).toEqual({ name: f.name, size: f.bytes.length - 4 });
      const r = new ByteReader(f.bytes, 4);
      const h = decodeRequestHeader(r);
      expect(h.requestApiVersion).toBe(f.version);
      codecs[h.requestApiKey]!.decodeRequest(r, h.requestApiVersion);
    }
  });

  test("every MQTT packet decodes after a CONNECT of its protocol level", () => {
    for (const [level, entry] of corpus.mqtt) {
      expect(entry.connects.length).toBeGreaterThan(0);
      for (const f of entry.packets) {
        const decoder = new PacketDecoder({ maxPacketSize: 1 << 20 });
        const packets = decoder.push(new Uint8Array([...entry.connects[0]!.bytes, ...f.bytes]));
        expect({ name: f.name, level, packets: packets.length }).toEqual({ name: f.name, level, packets: 2 });
      }
    }
  });
});
