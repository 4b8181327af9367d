/**
 * Interoperability checks against the broker as a separate process (Deno and Bun), from
 * running the Eclipse Paho interoperability tests (paho.mqtt.testing client_test.py and
 * client_test5.py) and the behaviours conformance suites commonly probe. Raw sockets where a
 * client library will not send the packet (an empty topic), MQTT.js otherwise.
 *
 * Found by these runs and fixed: a v5 PUBLISH with a zero-length Topic Name and no Topic
 * Alias was closed with 0x90 (Topic Name invalid) instead of 0x82 (Protocol Error, §3.3.2.1).
 * The SUBSCRIBE ordering fix (Paho test_request_response) is pinned deterministically in
 * test/mqtt/subscribe_order_test.ts.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { connect as tcpConnect, type Socket } from "node:net";
import mqtt from "mqtt";
import { type BrokerProcess, hosts, startBrokerProcess, tempDir } from "../_support/broker_process.ts";

setDefaultTimeout(120_000);
const HOST = "127.0.0.1";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A raw connection that keeps every byte the server sends and notes when it closes. */
interface Raw {
  socket: Socket;
  bytes: () => number[];
  closed: Promise<void>;
}
function rawSocket(port: number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: HOST, port });
    const got: number[] = [];
    socket.on("data", (d: Uint8Array) => got.push(...d));
    socket.on("error", () => {}); // a reset after the server closes is expected
    const closed = new Promise<void>((r) => socket.once("close", () => r()));
    socket.once("connect", () => resolve({ socket, bytes: () => got, closed }));
    socket.once("error", reject);
  });
}

async function waitFor(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Resolves when the server closes `r`; the deadline only turns a hang into a failure. */
async function closedBy(r: Raw, what: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not closed`)), 20_000)));
  try {
    await Promise.race([r.closed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const str = (s: string) => [s.length >> 8, s.length & 0xff, ...new TextEncoder().encode(s)];
const packet = (first: number, body: number[]) => Uint8Array.from([first, body.length, ...body]); // bodies < 128 bytes

function connectBytes(level: 4 | 5, clientId: string, clean = true): Uint8Array {
  return packet(0x10, [...str("MQTT"), level, clean ? 0x02 : 0x00, 0, 60, ...(level === 5 ? [0] : []), ...str(clientId)]);
}

/** Open, CONNECT and wait for the 4-byte CONNACK head; returns the socket with the CONNACK consumed from view. */
async function connected(port: number, level: 4 | 5, clientId: string): Promise<{ raw: Raw; after: () => number[] }> {
  const raw = await rawSocket(port);
  raw.socket.write(connectBytes(level, clientId));
  await waitFor(() => raw.bytes().length >= 2 && raw.bytes().length >= 2 + raw.bytes()[1]!, `CONNACK for ${clientId}`);
  const connack = raw.bytes().slice(0, 2 + raw.bytes()[1]!);
  expect(connack[0]).toBe(0x20);
  expect(connack[3]).toBe(0);
  return { raw, after: () => raw.bytes().slice(connack.length) };
}

for (const host of hosts) {
  describe(`MQTT interoperability of the broker on ${host}`, () => {
    let broker: BrokerProcess;
    const data = tempDir("tributary-mqtt-interop-");
    const port = () => broker.ports.mqtt!;

    beforeAll(async () => {
      broker = await startBrokerProcess(host, { dataDir: data.path });
    });
    afterAll(async () => {
      const code = await broker.stop();
      data.cleanup();
      expect(code).toBe(0);
    });

    test("v5 PUBLISH with a zero-length Topic Name and no Topic Alias: DISCONNECT 0x82 Protocol Error (§3.3.2.1)", async () => {
      const { raw, after } = await connected(port(), 5, "interop-empty-topic-v5");
      raw.socket.write(packet(0x30, [...str(""), 0, 0x78])); // QoS 0, topic "", no properties, payload "x"
      await closedBy(raw, "empty topic");
      expect(after().slice(0, 3)).toEqual([0xe0, after()[1]!, 0x82]); // DISCONNECT, reason code
      expect(after().length).toBe(2 + after()[1]!);
    });

    test("v5 PUBLISH to a topic with a wildcard: DISCONNECT 0x90 Topic Name invalid [MQTT-3.3.2-2]", async () => {
      const { raw, after } = await connected(port(), 5, "interop-wildcard-v5");
      raw.socket.write(packet(0x30, [...str("a/+/b"), 0, 0x78]));
      await closedBy(raw, "wildcard topic");
      expect(after().slice(0, 3)).toEqual([0xe0, after()[1]!, 0x90]);
      expect(after().length).toBe(2 + after()[1]!);
    });

    test("v3.1.1 PUBLISH with a zero-length topic closes the connection [MQTT-4.7.3-1]", async () => {
      const { raw, after } = await connected(port(), 4, "interop-empty-topic-v4");
      raw.socket.write(packet(0x30, [...str(""), 0x78]));
      await closedBy(raw, "empty topic");
      expect(after()).toEqual([]); // v3.1.1 has no DISCONNECT from the server
    });

    test("v3.1.1 zero-length client id with CleanSession 0: CONNACK 0x02 and close [MQTT-3.1.3-8]", async () => {
      const raw = await rawSocket(port());
      raw.socket.write(connectBytes(4, "", false));
      await closedBy(raw, "refused CONNECT");
      expect(raw.bytes()).toEqual([0x20, 0x02, 0x00, 0x02]);
    });

    test("v5 UNSUBSCRIBE of a filter never subscribed: UNSUBACK 0x11 No subscription existed [MQTT-3.11.3-1]", async () => {
      const { raw, after } = await connected(port(), 5, "interop-unsubscribe-v5");
      raw.socket.write(packet(0xa2, [0, 9, 0, ...str("interop/never/subscribed")])); // packet id 9, no properties
      await waitFor(() => after().length >= 2 && after().length >= 2 + after()[1]!, "UNSUBACK");
      expect(after()).toEqual([0xb0, 0x04, 0x00, 0x09, 0x00, 0x11]); // id 9, empty properties, 0x11
      raw.socket.destroy();
    });

    test("v3.1.1 UNSUBSCRIBE of a filter never subscribed still gets its UNSUBACK [MQTT-3.10.4-5]", async () => {
      const { raw, after } = await connected(port(), 4, "interop-unsubscribe-v4");
      raw.socket.write(packet(0xa2, [0, 9, ...str("interop/never/subscribed")]));
      await waitFor(() => after().length >= 4, "UNSUBACK");
      expect(after()).toEqual([0xb0, 0x02, 0x00, 0x09]);
      raw.socket.destroy();
    });

    test("QoS is min(publish, subscription): a retained QoS 1 message reaches QoS 0 and QoS 2 subscribers at 0 and 1 [MQTT-3.8.4-8]", async () => {
      const pub = await mqtt.connectAsync({ host: HOST, port: port(), protocolVersion: 4, reconnectPeriod: 0 });
      await pub.publishAsync("interop/retained/qos", "kept", { qos: 1, retain: true });
      await pub.endAsync();
      const seen: Array<{ qos: number; retain: boolean }> = [];
      for (const qos of [0, 2] as const) {
        const sub = await mqtt.connectAsync({ host: HOST, port: port(), protocolVersion: 5, reconnectPeriod: 0 });
        sub.on("message", (_t, _p, packet) => seen.push({ qos: packet.qos, retain: packet.retain }));
        await sub.subscribeAsync("interop/retained/qos", { qos });
        await waitFor(() => seen.length === (qos === 0 ? 1 : 2), `retained message at subscription QoS ${qos}`);
        await sub.endAsync();
      }
      expect(seen).toEqual([{ qos: 0, retain: true }, { qos: 1, retain: true }]);
    });
  });
}
