/** Helpers for in-process MQTT integration tests: a server on port 0 and MQTT.js clients. */
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { startMqttServer, type MqttServer, type MqttServerOptions } from "../../broker/mqtt/mod.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { FakeLogManager } from "./_fake_log.ts";

/** The host this test runs on (Bun, or Deno through the bun:test shim). */
export const runtime = currentRuntime();

export interface Harness {
  server: MqttServer;
  log: FakeLogManager;
  metrics: MetricsRegistry;
  url: string;
  clients: MqttClient[];
  connect(options?: IClientOptions): Promise<MqttClient>;
  close(): Promise<void>;
}

export async function startHarness(
  options: Partial<MqttServerOptions> & { log?: FakeLogManager } = {},
): Promise<Harness> {
  const log = options.log ?? new FakeLogManager();
  const metrics = options.metrics ?? new MetricsRegistry();
  const server = await startMqttServer({ runtime, hostname: "127.0.0.1", port: 0, ...options, log, metrics });
  const url = `mqtt://127.0.0.1:${server.port}`;
  const clients: MqttClient[] = [];
  return {
    server,
    log,
    metrics,
    url,
    clients,
    connect(clientOptions: IClientOptions = {}) {
      const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 5000, ...clientOptions });
      clients.push(client);
      collect(client); // attach before CONNACK: queued messages may arrive in the same chunk
      return new Promise((resolve, reject) => {
        client.once("connect", (connack) => {
          connacks.set(client, connack);
          resolve(client);
        });
        client.once("error", reject);
      });
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})));
      await server.close();
    },
  };
}

type Received = Array<{ topic: string; payload: string; packet: mqtt.IPublishPacket }>;
const collected = new WeakMap<MqttClient, Received>();
const connacks = new WeakMap<MqttClient, mqtt.IConnackPacket>();

/** Messages a client has received (collection starts when the client is created). */
export function collect(client: MqttClient): Received {
  let out = collected.get(client);
  if (!out) {
    const list: Received = [];
    client.on("message", (topic, payload, packet) => list.push({ topic, payload: payload.toString(), packet }));
    collected.set(client, list);
    out = list;
  }
  return out;
}

/** The CONNACK a harness client received. */
export function connackOf(client: MqttClient): mqtt.IConnackPacket | undefined {
  return connacks.get(client);
}

/** Wait until `check()` is true (polling), or fail after `ms`. */
export async function waitFor(check: () => boolean, ms = 3000, what = "condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
