/**
 * A decoded PUBLISH payload is a view of the socket chunk (no copy for messages that only go
 * to the log); a message the engine keeps, retained or queued for a subscriber, gets its own
 * copy so it cannot pin the chunk (`publish_codec.ts`, `Engine.publish`).
 */
import { describe, expect, test } from "bun:test";
import { encodePacket, PacketDecoder } from "../../broker/mqtt/codec.ts";
import { Engine } from "../../broker/mqtt/engine.ts";
import { allowAllHooks } from "../../broker/mqtt/hooks.ts";
import { defaultMqttLimits } from "../../broker/mqtt/limits.ts";
import { messageFromPublish } from "../../broker/mqtt/message.ts";
import { createMqttMetrics } from "../../broker/mqtt/metrics.ts";
import { systemClock } from "../../broker/mqtt/clock.ts";
import type { PublishPacket } from "../../broker/mqtt/packets.ts";
import { compileRules } from "../../broker/routing/rules.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";

function engine(): Engine {
  return new Engine({
    log: undefined,
    rules: compileRules([{ filter: "#", topic: "t" }]),
    limits: defaultMqttLimits,
    hooks: allowAllHooks,
    logger: silentLogger,
    metrics: createMqttMetrics(new MetricsRegistry()),
    clock: systemClock,
    sessionStore: undefined,
    retainedStore: undefined,
    trackOwn: () => false,
  });
}

/** One socket chunk holding `count` QoS 1 PUBLISHes to `topic`, decoded after a CONNECT. */
function decodeChunk(topic: string, retain: boolean, count = 3): { chunk: Uint8Array; packets: PublishPacket[] } {
  const decoder = new PacketDecoder({ maxPacketSize: 1 << 20 });
  decoder.push(encodePacket({ cmd: "connect", protocolId: "MQTT", protocolVersion: 4, clean: true, clientId: "pub", keepalive: 0 }, 4));
  const frames = Array.from({ length: count }, (_, i) =>
    encodePacket({ cmd: "publish", topic, payload: new Uint8Array(100).fill(i + 1), qos: 1, messageId: i + 1, retain, dup: false }, 4));
  const chunk = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  frames.reduce((at, f) => (chunk.set(f, at), at + f.length), 0);
  return { chunk, packets: decoder.push(chunk) as PublishPacket[] };
}

describe("payload ownership", () => {
  test("a message that only passes through keeps its view of the chunk", () => {
    const e = engine();
    const { chunk, packets } = decodeChunk("a/b", false);
    expect(packets.map((p) => p.payload.buffer === chunk.buffer)).toEqual([true, true, true]);
    const message = messageFromPublish(packets[0]!, "a/b", "pub", 0);
    e.publish(message, "pub", 0);
    expect(message.payload.buffer).toBe(chunk.buffer);
  });

  test("a retained message gets its own copy of the payload", () => {
    const e = engine();
    const { chunk, packets } = decodeChunk("r/1", true);
    e.publish(messageFromPublish(packets[1]!, "r/1", "pub", 0), "pub", 0);
    const [kept] = e.retained.match("r/#", 0);
    expect(kept!.payload.buffer).not.toBe(chunk.buffer);
    chunk.fill(0); // what the chunk holds afterwards does not matter to the retained copy
    expect([...kept!.payload]).toEqual(new Array(100).fill(2));
  });

  test("a message queued for a subscriber gets its own copy of the payload", () => {
    const e = engine();
    const session = e.newSession("sub", 3600);
    e.sessions.set("sub", session);
    e.tree.add({ clientId: "sub", rawFilter: "q/+", filter: "q/+", share: undefined, qos: 1, noLocal: false, retainAsPublished: false, retainHandling: 0, identifier: undefined });
    const { chunk, packets } = decodeChunk("q/1", false);
    e.publish(messageFromPublish(packets[2]!, "q/1", "pub", 0), "pub", 0);
    expect(session.queue.length).toBe(1);
    const queued = session.queue.at(0)!.message;
    expect(queued.payload.buffer).not.toBe(chunk.buffer);
    chunk.fill(0);
    expect([...queued.payload]).toEqual(new Array(100).fill(3));
  });
});
