/**
 * mqtt.maxKeepAliveSeconds with MQTT.js against the broker process on Deno and Bun: an MQTT 5
 * client asking for a longer keep-alive is given the cap as Server Keep Alive [MQTT-3.2.2-21]
 * (what the Paho interoperability suite's test_server_keep_alive checks against a broker
 * configured with a 60 s maximum); one asking for less keeps its own and gets no property.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import mqtt from "mqtt";
import { type BrokerProcess, hosts, startBrokerProcess, tempDir } from "../_support/broker_process.ts";

/** Connect with MQTT 5 and the given keep-alive; resolve with the CONNACK's properties. */
async function connackProperties(port: number, clientId: string, keepalive: number): Promise<Record<string, unknown>> {
  const client = mqtt.connect({ host: "127.0.0.1", port, protocolVersion: 5, clientId, keepalive, reconnectPeriod: 0 });
  try {
    const connack = await new Promise<{ properties?: Record<string, unknown> }>((resolve, reject) => {
      client.once("connect", resolve);
      client.once("error", reject);
    });
    return connack.properties ?? {};
  } finally {
    await client.endAsync();
  }
}

for (const host of hosts) {
  describe(`mqtt.maxKeepAliveSeconds on ${host}`, () => {
    let broker: BrokerProcess;
    const data = tempDir("tributary-keepalive-cap-");

    beforeAll(async () => {
      broker = await startBrokerProcess(host, { dataDir: data.path, args: ["--mqtt-max-keep-alive-seconds", "60"] });
    });
    afterAll(async () => {
      const code = await broker.stop();
      data.cleanup();
      expect(code).toBe(0);
    });

    test("a v5 client asking for 120 s is told Server Keep Alive 60", async () => {
      const props = await connackProperties(broker.ports.mqtt!, "keepalive-long", 120);
      expect(props.serverKeepAlive).toBe(60);
    });

    test("a v5 client asking for 30 s keeps it: no Server Keep Alive in the CONNACK", async () => {
      const props = await connackProperties(broker.ports.mqtt!, "keepalive-short", 30);
      expect(props.serverKeepAlive).toBeUndefined();
    });
  });
}
