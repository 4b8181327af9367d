/**
 * Size and in-flight limits against the broker as a separate process, under Deno and Bun:
 * - `mqtt.maxPacketBytes`: advertised in CONNACK; a larger PUBLISH gets DISCONNECT 0x95 (v5)
 *   or a closed connection (v3.1.1, mosquitto_pub);
 * - `kafka.maxRequestBytes`: a larger request closes the connection unanswered (Kafka's
 *   socket.request.max.bytes);
 * - `mqtt.receiveMaximum`: advertised in CONNACK; a v5 client with one more QoS 2 publish
 *   unacknowledged gets DISCONNECT 0x93;
 * - `mqtt.maxInflight`: a subscriber that does not acknowledge holds exactly that many QoS 1
 *   messages; the rest wait in its session queue and follow as it acknowledges;
 * - `mqtt.maxQueuedMessages`: an offline persistent session keeps the newest that many QoS 1
 *   messages and gets them on reconnect; the older ones are dropped and counted;
 * - `kafka.maxInflightRequests`: pipelined requests beyond it are not read until answers go
 *   out (backpressure, counted), and all are answered in order.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import mqtt from "mqtt";
import { type BrokerProcess, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import {
  apiVersionsV0,
  correlationOf,
  fetchV4,
  HOST,
  kafkaFrame,
  kafkaResponses,
  metric,
  mqttBytes,
  mqttConnect,
  mqttPackets,
  rawSocket,
  rejections,
  waitFor,
} from "./_limits_support.ts";

setDefaultTimeout(180_000);
const MAX_PACKET = 1024;
const MAX_REQUEST = 4096;
const RECEIVE_MAXIMUM = 5;
const MAX_INFLIGHT = 3;
const MAX_QUEUED = 8;

for (const host of hosts) {
  describe(`size and in-flight limits on ${host}`, () => {
    let broker: BrokerProcess;
    const data = tempDir("tributary-limits-size-");

    beforeAll(async () => {
      broker = await startBrokerProcess(host, {
        dataDir: data.path,
        args: [
          "--mqtt-max-packet-bytes", String(MAX_PACKET),
          "--kafka-max-request-bytes", String(MAX_REQUEST),
          "--mqtt-receive-maximum", String(RECEIVE_MAXIMUM),
          "--mqtt-max-inflight", String(MAX_INFLIGHT),
          "--mqtt-max-queued-messages", String(MAX_QUEUED),
          "--kafka-max-inflight-requests", "2",
        ],
      });
    });
    afterAll(async () => {
      const code = await broker.stop();
      data.cleanup();
      expect(code).toBe(0);
    });

    test("MQTT: a packet over mqtt.maxPacketBytes gets DISCONNECT 0x95 (v5); mosquitto_pub's v3.1.1 connection is closed", async () => {
      const { raw, connack } = await mqttConnect(broker.ports.mqtt!, "big-v5", 5);
      expect((connack?.properties as { maximumPacketSize?: number }).maximumPacketSize).toBe(MAX_PACKET);
      raw.write(mqttBytes({ cmd: "publish", topic: "big", qos: 0, payload: Buffer.alloc(2 * MAX_PACKET, 1), retain: false, dup: false }, 5));
      await raw.waitClosed("oversize v5 publish");
      const disconnect = mqttPackets(raw.received(), 5).find((p) => p.cmd === "disconnect");
      expect(disconnect?.reasonCode).toBe(0x95);

      const pub = await run("mosquitto_pub", ["-h", HOST, "-p", String(broker.ports.mqtt!), "-V", "mqttv311", "-q", "1", "-t", "big", "-m", "x".repeat(2 * MAX_PACKET)], { timeoutMs: 30_000 });
      expect(pub.code).not.toBe(0);
      expect(await rejections(broker, "mqtt", "max-packet-bytes")).toBe(2);
      expect(broker.output()).toMatch(/limit reached: max-packet-bytes \(mqtt\.maxPacketBytes\)/);
    });

    test("Kafka: a request over kafka.maxRequestBytes closes the connection unanswered", async () => {
      const raw = await rawSocket(broker.ports.kafka!);
      raw.write(apiVersionsV0(1));
      await waitFor(() => kafkaResponses(raw.received()).length === 1, "ApiVersions answer");
      raw.write(kafkaFrame(3, 1, 2, new Uint8Array(2 * MAX_REQUEST)));
      await raw.waitClosed("oversize request");
      expect(kafkaResponses(raw.received()).map(correlationOf)).toEqual([1]);
      expect(await rejections(broker, "kafka", "max-request-bytes")).toBe(1);
      expect(broker.output()).toMatch(/limit reached: max-request-bytes \(kafka\.maxRequestBytes\)/);
    });

    test("MQTT v5: one QoS 2 publish beyond mqtt.receiveMaximum unacknowledged gets DISCONNECT 0x93", async () => {
      const { raw, connack } = await mqttConnect(broker.ports.mqtt!, "greedy", 5);
      expect((connack?.properties as { receiveMaximum?: number }).receiveMaximum).toBe(RECEIVE_MAXIMUM);
      // QoS 2 publishes stay unacknowledged until PUBREL/PUBCOMP, which this client never sends.
      const publishes = Array.from({ length: RECEIVE_MAXIMUM + 1 }, (_, i) =>
        mqttBytes({ cmd: "publish", topic: "greedy", qos: 2, messageId: i + 1, payload: Buffer.from(`m${i}`), retain: false, dup: false }, 5));
      for (const p of publishes) raw.write(p);
      await raw.waitClosed("client over Receive Maximum");
      const disconnect = mqttPackets(raw.received(), 5).find((p) => p.cmd === "disconnect");
      expect(disconnect?.reasonCode).toBe(0x93);
      expect(await rejections(broker, "mqtt", "receive-maximum")).toBe(1);
    });

    test("MQTT: a subscriber that does not acknowledge holds mqtt.maxInflight QoS 1 messages; the rest follow as it acknowledges", async () => {
      const { raw: sub } = await mqttConnect(broker.ports.mqtt!, "slow-sub", 5);
      sub.write(mqttBytes({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "window/#", qos: 1 }] }, 5));
      await waitFor(() => mqttPackets(sub.received(), 5).some((p) => p.cmd === "suback"), "SUBACK");
      const publisher = await mqtt.connectAsync({ host: HOST, port: broker.ports.mqtt!, protocolVersion: 5, reconnectPeriod: 0 });
      try {
        for (let i = 0; i < 10; i++) await publisher.publishAsync("window/x", `w${i}`, { qos: 1 });
        type ClientInfo = { clientId: string; inflight: number; queued: number };
        const info = async () =>
          ((await (await fetch(`http://${HOST}:${broker.ports.http}/api/mqtt/clients`)).json()) as ClientInfo[]).find((c) => c.clientId === "slow-sub")!;
        await waitFor(async () => {
          const i = await info();
          return i.inflight + i.queued === 10;
        }, "all ten messages in the subscriber's session");
        expect(await info()).toMatchObject({ inflight: MAX_INFLIGHT, queued: 10 - MAX_INFLIGHT });
        expect(await metric(broker, "tributary_mqtt_sessions_window_full")).toBe(1);
        const publishes = () => mqttPackets(sub.received(), 5).filter((p) => p.cmd === "publish");
        await waitFor(() => publishes().length === MAX_INFLIGHT, "the first window");
        // Acknowledge each message as it comes: the queue drains three at a time.
        const acked = new Set<number>();
        await waitFor(() => {
          for (const p of publishes()) {
            const id = p.messageId as number;
            if (acked.has(id)) continue;
            acked.add(id);
            sub.write(mqttBytes({ cmd: "puback", messageId: id }, 5));
          }
          return publishes().length === 10;
        }, "all ten messages");
        expect(publishes().map((p) => String(p.payload))).toEqual(Array.from({ length: 10 }, (_, i) => `w${i}`));
      } finally {
        await publisher.endAsync();
        sub.socket.destroy();
      }
    });

    test("MQTT: an offline session keeps the newest mqtt.maxQueuedMessages QoS 1 messages; older ones are dropped and counted", async () => {
      const options = { host: HOST, port: broker.ports.mqtt!, protocolVersion: 5 as const, reconnectPeriod: 0, clientId: "away-sub", clean: false, properties: { sessionExpiryInterval: 600 } };
      const away = await mqtt.connectAsync(options);
      await away.subscribeAsync("away/#", { qos: 1 });
      await away.endAsync();
      const dropped = () => metric(broker, "tributary_mqtt_messages_dropped_total", { reason: "queue-full" });
      const droppedBefore = await dropped();
      const publisher = await mqtt.connectAsync({ host: HOST, port: broker.ports.mqtt!, protocolVersion: 5, reconnectPeriod: 0 });
      for (let i = 0; i < MAX_QUEUED + 4; i++) await publisher.publishAsync("away/x", `a${i}`, { qos: 1 });
      await publisher.endAsync();
      expect(await dropped()).toBe(droppedBefore + 4);

      const received: string[] = [];
      const back = mqtt.connect(options);
      back.on("message", (_topic, payload) => received.push(String(payload)));
      try {
        await waitFor(() => received.length >= MAX_QUEUED, "the queued messages after reconnecting");
        await new Promise((r) => setTimeout(r, 300)); // nothing more follows
        expect(received).toEqual(Array.from({ length: MAX_QUEUED }, (_, i) => `a${i + 4}`));
      } finally {
        await back.endAsync();
      }
    });

    test("Kafka: pipelined requests beyond kafka.maxInflightRequests wait (backpressure, counted) and are all answered in order", async () => {
      const produced = await run("kcat", ["-b", `${HOST}:${broker.ports.kafka!}`, "-P", "-t", "inflight", "-c", "1"], { input: "one\n", timeoutMs: 60_000 });
      expect(produced.code).toBe(0);
      const before = await metric(broker, "tributary_limit_backpressure_total", { protocol: "kafka", limit: "max-inflight-requests" });
      const raw = await rawSocket(broker.ports.kafka!);
      // A long-polling Fetch past the end holds the first place; four ApiVersions follow it.
      const requests = [fetchV4(1, "inflight", 1, 1500), ...[2, 3, 4, 5].map(apiVersionsV0)];
      raw.write(Uint8Array.from(requests.flatMap((r) => [...r])));
      await waitFor(() => kafkaResponses(raw.received()).length === 5, "five answers");
      expect(kafkaResponses(raw.received()).map(correlationOf)).toEqual([1, 2, 3, 4, 5]);
      expect(raw.isClosed).toBe(false);
      expect(await metric(broker, "tributary_limit_backpressure_total", { protocol: "kafka", limit: "max-inflight-requests" })).toBeGreaterThan(before);
      raw.socket.destroy();
    });
  });
}
