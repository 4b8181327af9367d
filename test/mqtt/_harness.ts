/** Helpers for in-process MQTT integration tests: a server on port 0 and MQTT.js clients. */
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { createBunRuntime } from "../../broker/runtime/mod.ts";
import { startMqttServer, type MqttServer, type MqttServerOptions } from "../../broker/mqtt/mod.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { FakeLogManager } from "./_fake_log.ts";

export const runtime = createBunRuntime();

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
      return new Promise((resolve, reject) => {
        client.once("connect", () => resolve(client));
        client.once("error", reject);
      });
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})));
      await server.close();
    },
  };
}

/** Collect messages a client receives. */
export function collect(client: MqttClient): Array<{ topic: string; payload: string; packet: mqtt.IPublishPacket }> {
  const out: Array<{ topic: string; payload: string; packet: mqtt.IPublishPacket }> = [];
  client.on("message", (topic, payload, packet) => out.push({ topic, payload: payload.toString(), packet }));
  return out;
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
