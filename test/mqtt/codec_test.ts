import { describe, expect, test } from "bun:test";
import { encodePacket, MqttCodecError, PacketDecoder } from "../../broker/mqtt/codec.ts";
import type { Packet, PublishPacket } from "../../broker/mqtt/packets.ts";

const connect5: Packet = {
  cmd: "connect",
  protocolId: "MQTT",
  protocolVersion: 5,
  clientId: "c1",
  clean: true,
  keepalive: 30,
  properties: { sessionExpiryInterval: 60, receiveMaximum: 10 },
};

function decodeAll(bytes: Uint8Array, max = 1 << 20, version?: Packet): Packet[] {
  const d = new PacketDecoder({ maxPacketSize: max });
  if (version) d.push(encodePacket(version, 5));
  return d.push(bytes);
}

describe("codec", () => {
  test("round-trips a v5 PUBLISH with properties, byte by byte", () => {
    const publish: PublishPacket = {
      cmd: "publish",
      topic: "a/b",
      payload: new Uint8Array([1, 2, 3]),
      qos: 1,
      dup: false,
      retain: true,
      messageId: 7,
      properties: {
        userProperties: [["k", "v1"], ["k", "v2"], ["z", "y"]],
        contentType: "application/json",
        correlationData: new Uint8Array([9]),
        messageExpiryInterval: 10,
      },
    };
    const d = new PacketDecoder({ maxPacketSize: 1 << 20 });
    expect(d.push(encodePacket(connect5, 5))).toHaveLength(1);
    const bytes = encodePacket(publish, 5);
    const out: Packet[] = [];
    for (const b of bytes) out.push(...d.push(new Uint8Array([b])));
    expect(out).toHaveLength(1);
    const got = out[0] as PublishPacket;
    expect(got.topic).toBe("a/b");
    expect([...got.payload]).toEqual([1, 2, 3]);
    expect(got.payload.constructor).toBe(Uint8Array);
    expect(got.properties?.userProperties).toEqual([["k", "v1"], ["k", "v2"], ["z", "y"]]);
    expect(got.properties?.contentType).toBe("application/json");
    expect([...(got.properties?.correlationData ?? [])]).toEqual([9]);
    expect(d.buffered).toBe(0);
  });

  test("decodes several packets from one chunk", () => {
    const a = encodePacket({ cmd: "pingreq" }, 4);
    const both = new Uint8Array([...encodePacket(connect5, 5), ...a, ...a]);
    expect(decodeAll(both).map((p) => p.cmd)).toEqual(["connect", "pingreq", "pingreq"]);
  });

  test("the same stream decodes alike in any chunking (headers and bodies split across chunks)", () => {
    const publishes: Packet[] = [
      { cmd: "publish", topic: "a/b", payload: new Uint8Array(200).fill(7), qos: 1, messageId: 1, dup: false, retain: false },
      { cmd: "publish", topic: "a/b", payload: new Uint8Array([1, 2, 3]), qos: 0, dup: false, retain: true },
      { cmd: "pingreq" },
      { cmd: "publish", topic: "x", payload: new Uint8Array(0), qos: 2, messageId: 9, dup: true, retain: false },
    ];
    const stream = new Uint8Array([...encodePacket(connect5, 5), ...publishes.flatMap((p) => [...encodePacket(p, 5)])]);
    const whole = decodeAll(stream);
    expect(whole.map((p) => p.cmd)).toEqual(["connect", "publish", "publish", "pingreq", "publish"]);
    for (const size of [1, 2, 3, 5, 7, 64, 150]) {
      const d = new PacketDecoder({ maxPacketSize: 1 << 20 });
      const got: Packet[] = [];
      for (let at = 0; at < stream.length; at += size) got.push(...d.push(stream.slice(at, at + size)));
      expect(got).toEqual(whole);
      expect(d.buffered).toBe(0);
    }
  });

  test("refuses a packet over the maximum size before its body arrives", () => {
    const d = new PacketDecoder({ maxPacketSize: 100 });
    // PUBLISH header claiming 1000 bytes, with no body yet.
    expect(() => d.push(new Uint8Array([0x30, 0xe8, 0x07]))).toThrow(MqttCodecError);
  });

  test("remaining length over four bytes is malformed", () => {
    const d = new PacketDecoder({ maxPacketSize: 1 << 30 });
    try {
      d.push(new Uint8Array([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]));
      throw new Error("expected failure");
    } catch (e) {
      expect(e).toBeInstanceOf(MqttCodecError);
      expect((e as MqttCodecError).kind).toBe("malformed");
    }
  });

  test("reserved flag bits set is malformed [MQTT-2.1.3-1]", () => {
    const d = new PacketDecoder({ maxPacketSize: 1 << 20 });
    expect(() => d.push(new Uint8Array([0xc1, 0x00]))).toThrow(MqttCodecError); // PINGREQ flags
  });

  test("garbage connect is malformed", () => {
    const d = new PacketDecoder({ maxPacketSize: 1 << 20 });
    expect(() => d.push(new Uint8Array([0x10, 0x03, 0x00, 0x01, 0x41]))).toThrow(MqttCodecError);
  });

  test("v3 CONNACK uses the return code", () => {
    const bytes = encodePacket({ cmd: "connack", sessionPresent: true, reasonCode: 5 }, 4);
    expect([...bytes]).toEqual([0x20, 0x02, 0x01, 0x05]);
  });
});

describe("codec string checks [MQTT-1.5.4-1] [MQTT-1.5.4-2]", () => {
  const v4Connect: Packet = { cmd: "connect", protocolId: "MQTT", protocolVersion: 4, clientId: "c", clean: true, keepalive: 0 };
  function publishWithTopicBytes(topic: number[]): Uint8Array {
    const body = [0x00, topic.length, ...topic, 0x78];
    return new Uint8Array([0x30, body.length, ...body]);
  }
  test("invalid UTF-8 in a topic is malformed", () => {
    const d = new PacketDecoder({ maxPacketSize: 1024 });
    d.push(encodePacket(v4Connect, 4));
    expect(() => d.push(publishWithTopicBytes([0x61, 0xc3, 0x28]))).toThrow(MqttCodecError);
  });
  test("U+0000 in a topic is malformed", () => {
    const d = new PacketDecoder({ maxPacketSize: 1024 });
    d.push(encodePacket(v4Connect, 4));
    expect(() => d.push(publishWithTopicBytes([0x61, 0x00, 0x62]))).toThrow(MqttCodecError);
  });
  test("a genuine U+FFFD in a topic is accepted", () => {
    const d = new PacketDecoder({ maxPacketSize: 1024 });
    d.push(encodePacket(v4Connect, 4));
    const [p] = d.push(publishWithTopicBytes([0x61, 0xef, 0xbf, 0xbd]));
    expect((p as PublishPacket).topic).toBe("a\uFFFD");
  });
  test("a topic remembered from the previous PUBLISH is reused only for the same bytes", () => {
    const d = new PacketDecoder({ maxPacketSize: 1024 });
    d.push(encodePacket(v4Connect, 4));
    const [first] = d.push(publishWithTopicBytes([0x61, 0x2f, 0x62]));
    expect((first as PublishPacket).topic).toBe("a/b");
    const [again] = d.push(publishWithTopicBytes([0x61, 0x2f, 0x62]));
    expect((again as PublishPacket).topic).toBe("a/b");
    // Same length, other bytes: decoded afresh, and still checked.
    const [other] = d.push(publishWithTopicBytes([0x61, 0x2f, 0x63]));
    expect((other as PublishPacket).topic).toBe("a/c");
    expect(() => d.push(publishWithTopicBytes([0x61, 0xc3, 0x28]))).toThrow(MqttCodecError);
    const next = new PacketDecoder({ maxPacketSize: 1024 });
    next.push(encodePacket(v4Connect, 4));
    next.push(publishWithTopicBytes([0x61, 0x2f, 0x62]));
    expect(() => next.push(publishWithTopicBytes([0x61, 0x00, 0x62]))).toThrow(MqttCodecError);
  });
  test("binary payloads are not checked", () => {
    const d = new PacketDecoder({ maxPacketSize: 1024 });
    d.push(encodePacket(v4Connect, 4));
    const bytes = encodePacket({ cmd: "publish", topic: "t", payload: new Uint8Array([0, 0xc3, 0x28]), qos: 0, dup: false, retain: false }, 4);
    expect(d.push(bytes)).toHaveLength(1);
  });
});

describe("outbound PUBLISH fast path", () => {
  test("writes exactly the bytes mqtt-packet generates, v3.1.1 and v5, every QoS and length class", async () => {
    const mqttPacket = await import("mqtt-packet");
    const payloads = [0, 1, 100, 127 - 12, 200, 16_383, 20_000, 2_097_200].map((n) => new Uint8Array(n).map((_, i) => i * 7));
    let compared = 0;
    for (const version of [4, 5] as const) {
      for (const qos of [0, 1, 2] as const) {
        for (const topic of ["a", "sensors/t/ü€/😀", "x".repeat(300)]) {
          for (const payload of payloads) {
            for (const flags of [{ dup: false, retain: false }, { dup: true, retain: true }]) {
              const packet: PublishPacket = { cmd: "publish", topic, payload, qos, ...flags, ...(qos > 0 ? { messageId: 0xfffe } : {}) };
              const ours = encodePacket(packet, version);
              const theirs = mqttPacket.generate({ ...packet, payload: Buffer.from(payload) } as never, { protocolVersion: version });
              expect(Buffer.from(ours).equals(theirs)).toBe(true);
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBe(2 * 3 * 3 * payloads.length * 2);
  });

  test("a v5 PUBLISH with properties still carries them", () => {
    const packet: PublishPacket = { cmd: "publish", topic: "t", payload: Uint8Array.of(1), qos: 1, dup: false, retain: false, messageId: 5, properties: { contentType: "text/plain" } };
    const [decoded] = decodeAll(encodePacket(packet, 5), 1 << 20, connect5) as PublishPacket[];
    expect(decoded!.properties?.contentType).toBe("text/plain");
  });
});
