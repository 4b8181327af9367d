/**
 * Slowloris bounds against the broker as a separate process, under Deno and Bun, with raw
 * sockets that send one byte at a time: an MQTT connection without a complete CONNECT within
 * `mqtt.connectTimeoutMs` is closed; a Kafka connection without a complete request within
 * `kafka.firstRequestTimeoutMs` is closed, and so is one whose later request trickles in for
 * longer than `kafka.requestTimeoutMs`. The trickle is slower than the bound, so the broker
 * closes the socket before the last byte is sent; nothing is answered; each close is counted.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { type BrokerProcess, hosts, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { apiVersionsV0, connectBytes, correlationOf, kafkaFrame, kafkaResponses, mqttConnect, rawSocket, rejections, waitFor } from "./_limits_support.ts";

setDefaultTimeout(180_000);
const TIMEOUT_MS = 1000;
/** One byte per interval: a 20-byte CONNECT would take 6 s, six times the bound. */
const BYTE_INTERVAL_MS = 300;

for (const host of hosts) {
  describe(`slowloris bounds on ${host}`, () => {
    let broker: BrokerProcess;
    const data = tempDir("tributary-limits-slow-");

    beforeAll(async () => {
      broker = await startBrokerProcess(host, {
        dataDir: data.path,
        args: [
          "--mqtt-connect-timeout-ms", String(TIMEOUT_MS),
          "--kafka-first-request-timeout-ms", String(TIMEOUT_MS),
          "--kafka-request-timeout-ms", String(TIMEOUT_MS),
        ],
      });
    });
    afterAll(async () => {
      const code = await broker.stop();
      data.cleanup();
      expect(code).toBe(0);
    });

    test("MQTT: a CONNECT sent one byte at a time, and a silent connection, are closed without a CONNACK", async () => {
      const connect = connectBytes("slow-connect", 5);
      const slow = await rawSocket(broker.ports.mqtt!);
      const silent = await rawSocket(broker.ports.mqtt!);
      const sent = await slow.trickle(connect, BYTE_INTERVAL_MS);
      await slow.waitClosed("trickling CONNECT");
      await silent.waitClosed("silent MQTT connection");
      expect(sent).toBeLessThan(connect.length);
      expect(slow.received()).toHaveLength(0);
      expect(silent.received()).toHaveLength(0);
      expect(await rejections(broker, "mqtt", "connect-timeout")).toBe(2);
      expect(broker.output()).toMatch(/limit reached: connect-timeout \(mqtt\.connectTimeoutMs\)/);
      // A normal client is not affected.
      const ok = await mqttConnect(broker.ports.mqtt!, "prompt", 5);
      expect(ok.connack?.reasonCode).toBe(0);
      ok.raw.socket.destroy();
    });

    test("Kafka: a first request sent one byte at a time is closed unanswered (kafka.firstRequestTimeoutMs)", async () => {
      const request = apiVersionsV0(7);
      const slow = await rawSocket(broker.ports.kafka!);
      const sent = await slow.trickle(request, BYTE_INTERVAL_MS);
      await slow.waitClosed("trickling first request");
      expect(sent).toBeLessThan(request.length);
      expect(slow.received()).toHaveLength(0);
      expect(await rejections(broker, "kafka", "first-request-timeout")).toBe(1);
    });

    test("Kafka: after a prompt request, a second one trickling in is closed (kafka.requestTimeoutMs); the first was answered", async () => {
      const raw = await rawSocket(broker.ports.kafka!);
      raw.write(apiVersionsV0(1));
      await waitFor(() => kafkaResponses(raw.received()).length === 1, "first answer");
      // Metadata v1 for all topics, one byte at a time.
      const second = kafkaFrame(3, 1, 2, new Uint8Array([0xff, 0xff, 0xff, 0xff]));
      const sent = await raw.trickle(second, BYTE_INTERVAL_MS);
      await raw.waitClosed("trickling second request");
      expect(sent).toBeLessThan(second.length);
      const answers = kafkaResponses(raw.received());
      expect(answers.map(correlationOf)).toEqual([1]);
      expect(await rejections(broker, "kafka", "request-timeout")).toBe(1);
      expect(broker.output()).toMatch(/limit reached: request-timeout \(kafka\.requestTimeoutMs\)/);
      expect(broker.child.exitCode).toBeNull();
    });
  });
}
