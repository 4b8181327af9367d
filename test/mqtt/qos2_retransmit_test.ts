/**
 * A QoS 2 PUBLISH retransmitted on a new connection (session resumed, DUP set) while the first
 * copy's log append is still pending must not be answered PUBREC success before that append
 * is durable — and never when it fails: the client would then PUBREL and drop a message the
 * log does not hold. The append is held open by the test and then failed.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { encodePacket, PacketDecoder } from "../../broker/mqtt/codec.ts";
import { startMqttServer, type MqttServer } from "../../broker/mqtt/mod.ts";
import type { Packet, ProtocolVersion } from "../../broker/mqtt/packets.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { FakeLogManager, newFakeLogData } from "./_fake_log.ts";
import { MemoryNet } from "./_memory_net.ts";

let server: MqttServer | undefined;
afterEach(async () => {
  await server?.close().catch(() => {});
  server = undefined;
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

/** A log whose appends to the messages topic wait until the test fails them (session state is written as usual). */
function heldLog(data = newFakeLogData()): { log: FakeLogManager; fail: (error: Error) => void; pending: () => number } {
  const log = new FakeLogManager(data);
  const held: Array<(error: Error) => void> = [];
  const open = log.partition.bind(log);
  log.partition = async (topic: string, index: number) => {
    const p = await open(topic, index);
    if (p && topic === "mqtt-messages") p.append = () => new Promise((_, reject) => held.push(reject));
    return p;
  };
  return { log, fail: (error) => held.splice(0).forEach((reject) => reject(error)), pending: () => held.length };
}

async function client(net: MemoryNet, version: ProtocolVersion) {
  const end = net.connect();
  const decoder = new PacketDecoder({ maxPacketSize: 1 << 24, protocolVersion: version });
  const received: Packet[] = [];
  let closed = false;
  void (async () => {
    for (;;) {
      const chunk = await end.read();
      if (!chunk) break;
      received.push(...decoder.push(chunk));
    }
    closed = true;
  })();
  const connect = { cmd: "connect", protocolId: "MQTT", protocolVersion: version, clientId: "retransmitter", clean: false, keepalive: 0 } as const;
  await end.write(encodePacket(version === 5 ? { ...connect, properties: { sessionExpiryInterval: 3600 } } : connect, version));
  await until(() => received.some((p) => p.cmd === "connack"), "CONNACK");
  return { end, received, closed: () => closed };
}

function publish(version: ProtocolVersion, dup: boolean): Uint8Array {
  return encodePacket({ cmd: "publish", topic: "q2/t", payload: new TextEncoder().encode("once"), qos: 2, retain: false, dup, messageId: 7 }, version);
}

describe("QoS 2 retransmission while the first copy is not yet durable", () => {
  for (const version of [4, 5] as const) {
    test(`v${version}: no PUBREC success for a message whose append failed`, async () => {
      const net = new MemoryNet();
      const { log, fail, pending } = heldLog();
      server = await startMqttServer({ runtime: net, log, metrics: new MetricsRegistry() });
      const first = await client(net, version);
      await first.end.write(publish(version, false));
      await until(() => pending() === 1, "the append to start");
      first.end.close();
      await until(() => server!.stats().connections === 0, "the first connection to close");

      const second = await client(net, version);
      await second.end.write(publish(version, true));
      // A packet after the retransmission: once its answer is in, the PUBLISH was handled.
      await second.end.write(encodePacket({ cmd: "pingreq" }, version));
      await until(() => second.received.some((p) => p.cmd === "pingresp"), "PINGRESP");
      fail(new Error("disk gone"));
      await until(() => second.closed() || second.received.some((p) => p.cmd === "pubrec"), "an answer to the retransmission");
      const pubrecs = second.received.flatMap((p) => (p.cmd === "pubrec" ? [p] : []));
      if (version === 5) {
        expect(pubrecs.map((p) => p.reasonCode)).toEqual([0x80]);
      } else {
        // v3.1.1 cannot carry a failure: the connection closes so the client retries.
        await until(() => second.closed(), "the v3 connection to close");
        expect(pubrecs).toEqual([]);
      }
      second.end.close();
    });
  }

  test("v5: a failed append's packet id is not restored after a restart (the retransmission is stored, then acknowledged)", async () => {
    const data = newFakeLogData();
    const net = new MemoryNet();
    const { log, fail, pending } = heldLog(data);
    server = await startMqttServer({ runtime: net, log, metrics: new MetricsRegistry() });
    const first = await client(net, 5);
    await first.end.write(publish(5, false));
    await until(() => pending() === 1, "the append to start");
    fail(new Error("disk gone"));
    await until(() => first.received.some((p) => p.cmd === "pubrec"), "PUBREC 0x80");
    first.end.close();
    await server.close();

    // Restart over the same data; the client retransmits the message it saw refused.
    const restarted = new FakeLogManager(data);
    const net2 = new MemoryNet();
    server = await startMqttServer({ runtime: net2, log: restarted, metrics: new MetricsRegistry() });
    const second = await client(net2, 5);
    await second.end.write(publish(5, true));
    await until(() => second.received.some((p) => p.cmd === "pubrec"), "PUBREC for the retransmission");
    const pubrec = second.received.find((p) => p.cmd === "pubrec") as { reasonCode?: number };
    expect(pubrec.reasonCode ?? 0).toBe(0);
    const stored = (await restarted.partition("mqtt-messages", 0))!.records();
    expect(stored.map((r) => new TextDecoder().decode(r.value!))).toEqual(["once"]);
    second.end.close();
  });
});
