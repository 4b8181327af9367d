/** Flow control with in-memory sockets: stalled readers, QoS 0 drops, bounded QoS 1 queues. */
import { afterEach, describe, expect, test } from "bun:test";
import { encodePacket, PacketDecoder } from "../../broker/mqtt/codec.ts";
import { startMqttServer, type MqttServer } from "../../broker/mqtt/mod.ts";
import type { Packet, QoS } from "../../broker/mqtt/packets.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { FakeLogManager } from "./_fake_log.ts";
import { MemoryNet } from "./_memory_net.ts";

let server: MqttServer | undefined;
afterEach(async () => {
  await server?.close();
});
const tick = () => new Promise((r) => setTimeout(r, 5));

async function client(net: MemoryNet, clientId: string, subscribe?: { topic: string; qos: QoS }) {
  const end = net.connect();
  const decoder = new PacketDecoder({ maxPacketSize: 1 << 24, protocolVersion: 4 });
  const received: Packet[] = [];
  void (async () => {
    for (;;) {
      const chunk = await end.read();
      if (!chunk) break;
      received.push(...decoder.push(chunk));
    }
  })();
  await end.write(encodePacket({ cmd: "connect", protocolId: "MQTT", protocolVersion: 4, clientId, clean: true, keepalive: 0 }, 4));
  if (subscribe) {
    await end.write(encodePacket({ cmd: "subscribe", messageId: 1, subscriptions: [{ ...subscribe, nl: false, rap: false, rh: 0 }] }, 4));
  }
  await tick();
  return { end, received, publishes: () => received.filter((p) => p.cmd === "publish").length };
}

describe("flow control", () => {
  test("QoS 0 to a stalled reader is dropped beyond maxPendingBytes; others get everything", async () => {
    const net = new MemoryNet();
    const metrics = new MetricsRegistry();
    server = await startMqttServer({ runtime: net, log: new FakeLogManager(), metrics, limits: { maxPendingBytes: 10_000 } });
    const stuck = await client(net, "stuck", { topic: "t", qos: 0 });
    const healthy = await client(net, "healthy", { topic: "t", qos: 0 });
    const pub = await client(net, "pub");
    net.serverEnds[0]!.peer.stalled = true; // the "stuck" client stops reading
    const payload = new Uint8Array(1000);
    for (let i = 0; i < 100; i++) {
      await pub.end.write(encodePacket({ cmd: "publish", topic: "t", payload, qos: 0, dup: false, retain: false }, 4));
      await tick();
    }
    expect(healthy.publishes()).toBe(100);
    const dropped = metrics.value("tributary_mqtt_messages_dropped_total", { reason: "qos0-backlog" })!;
    expect(dropped).toBeGreaterThan(80);
    // Memory held for the stalled socket stays near the limit.
    expect(net.serverEnds[0]!.bufferedAmount).toBeLessThan(10_000 + 2 * 1100);
    net.serverEnds[0]!.peer.stalled = false;
    net.serverEnds[0]!.release();
    await tick();
    expect(stuck.publishes()).toBe(100 - dropped);
  });

  test("QoS 1 to a reader that never acks: window then bounded queue, oldest dropped", async () => {
    const net = new MemoryNet();
    const metrics = new MetricsRegistry();
    server = await startMqttServer({ runtime: net, log: new FakeLogManager(), metrics, limits: { maxInflight: 5, maxQueuedMessages: 10 } });
    const lazy = await client(net, "lazy", { topic: "t", qos: 1 });
    const pub = await client(net, "pub");
    for (let i = 1; i <= 30; i++) {
      await pub.end.write(encodePacket({ cmd: "publish", topic: "t", payload: new Uint8Array([i]), qos: 1, dup: false, retain: false, messageId: i }, 4));
    }
    await tick();
    await tick();
    expect(lazy.publishes()).toBe(5);
    expect(pub.received.filter((p) => p.cmd === "puback")).toHaveLength(30);
    expect(metrics.value("tributary_mqtt_messages_dropped_total", { reason: "queue-full" })).toBe(15);
    // Acking releases the queue in order: the 10 newest of 6..30 were kept (21..30).
    for (const p of lazy.received.filter((x) => x.cmd === "publish")) {
      await lazy.end.write(encodePacket({ cmd: "puback", messageId: (p as { messageId: number }).messageId }, 4));
    }
    await tick();
    const payloads = lazy.received.flatMap((p) => (p.cmd === "publish" ? [p.payload[0]] : []));
    expect(payloads.slice(0, 10)).toEqual([1, 2, 3, 4, 5, 21, 22, 23, 24, 25]);
  });

  test("a client that does not read its replies stops being read from (no unbounded reply queue)", async () => {
    const net = new MemoryNet();
    server = await startMqttServer({ runtime: net, log: new FakeLogManager(), limits: { maxPendingBytes: 1000, maxSubscriptionsPerSession: 10_000 } });
    const deaf = await client(net, "deaf");
    net.serverEnds[0]!.peer.stalled = true; // it stops reading
    const bytes: number[] = [];
    for (let i = 1; i <= 3000; i++) {
      const sub = { topic: `s/${i}`, qos: 0 as const, nl: false, rap: false, rh: 0 as const };
      bytes.push(...encodePacket({ cmd: "subscribe", messageId: i, subscriptions: [sub] }, 4));
    }
    await deaf.end.write(new Uint8Array(bytes));
    for (let i = 0; i < 10; i++) await tick();
    // SUBACKs are 5 bytes: about 1000 bytes of them queue up, then reading pauses.
    expect(server.stats().subscriptions).toBeLessThan(600);
    net.serverEnds[0]!.peer.stalled = false;
    net.serverEnds[0]!.release();
    for (let i = 0; i < 100 && server.stats().subscriptions < 3000; i++) await tick();
    expect(server.stats().subscriptions).toBe(3000);
  });
});
