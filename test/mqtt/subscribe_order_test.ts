/**
 * A SUBSCRIBE takes effect in the turn it is read: a PUBLISH from another client that the
 * server reads right after it must reach the new subscription. Found by the Eclipse Paho
 * interoperability test client_test5.py test_request_response, which subscribes client B and
 * publishes from client A back to back; the handler awaited the (synchronous) authorization
 * hook, yielding to A's PUBLISH first, so B missed it. In-memory sockets make the interleaving
 * exact: both packets are handed to the server before either is processed.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { encodePacket, PacketDecoder } from "../../broker/mqtt/codec.ts";
import { startMqttServer, type MqttServer } from "../../broker/mqtt/mod.ts";
import type { Packet, ProtocolVersion } from "../../broker/mqtt/packets.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { FakeLogManager } from "./_fake_log.ts";
import { MemoryNet } from "./_memory_net.ts";

let server: MqttServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

async function client(net: MemoryNet, clientId: string, version: ProtocolVersion) {
  const end = net.connect();
  const decoder = new PacketDecoder({ maxPacketSize: 1 << 24, protocolVersion: version });
  const received: Packet[] = [];
  void (async () => {
    for (;;) {
      const chunk = await end.read();
      if (!chunk) break;
      received.push(...decoder.push(chunk));
    }
  })();
  await end.write(encodePacket({ cmd: "connect", protocolId: "MQTT", protocolVersion: version, clientId, clean: true, keepalive: 0 }, version));
  await until(() => received.some((p) => p.cmd === "connack"), `${clientId} CONNACK`);
  return { end, received };
}

describe("SUBSCRIBE ordering across connections", () => {
  for (const version of [4, 5] as const) {
    test(`v${version}: a PUBLISH read right after another client's SUBSCRIBE reaches it (Paho client_test5 test_request_response)`, async () => {
      const net = new MemoryNet();
      server = await startMqttServer({ runtime: net, log: new FakeLogManager(), metrics: new MetricsRegistry() });
      const subscriber = await client(net, "subscriber", version);
      const publisher = await client(net, "publisher", version);
      // Both writes land before the server runs either packet: SUBSCRIBE first, then PUBLISH.
      const subscribe = encodePacket({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "order/t", qos: 1, nl: false, rap: false, rh: 0 }] }, version);
      const publish = encodePacket({ cmd: "publish", topic: "order/t", payload: new TextEncoder().encode("right after"), qos: 0, retain: false, dup: false }, version);
      const written = [subscriber.end.write(subscribe), publisher.end.write(publish)];
      await Promise.all(written);
      await until(() => subscriber.received.some((p) => p.cmd === "suback"), "SUBACK");
      // A later publish is the marker that everything before it has been routed.
      await publisher.end.write(encodePacket({ cmd: "publish", topic: "order/t", payload: new TextEncoder().encode("marker"), qos: 0, retain: false, dup: false }, version));
      const payloads = () => subscriber.received.flatMap((p) => (p.cmd === "publish" ? [new TextDecoder().decode(p.payload)] : []));
      await until(() => payloads().includes("marker"), "marker");
      expect(payloads()).toEqual(["right after", "marker"]);
    });
  }

  test("a promise-like authorization answer is awaited and only `true` allows (never fails open)", async () => {
    const net = new MemoryNet();
    // A thenable that is not a native Promise (another realm or library) resolving to false.
    const refuse = { then: (resolve: (v: boolean) => void) => resolve(false) } as unknown as Promise<boolean>;
    server = await startMqttServer({ runtime: net, log: new FakeLogManager(), metrics: new MetricsRegistry(), hooks: { authorizeSubscribe: () => refuse } });
    const subscriber = await client(net, "thenable", 5);
    await subscriber.end.write(encodePacket({ cmd: "subscribe", messageId: 7, subscriptions: [{ topic: "secret/t", qos: 1, nl: false, rap: false, rh: 0 }] }, 5));
    await until(() => subscriber.received.some((p) => p.cmd === "suback"), "SUBACK");
    const suback = subscriber.received.find((p) => p.cmd === "suback") as { granted: number[] };
    expect(suback.granted).toEqual([0x87]); // Not authorized
  });
});
