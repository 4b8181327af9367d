/**
 * The device registry as a broker extension: opens the registry under the data directory,
 * supplies the MQTT and Kafka auth hooks and the admin API's device routes, publishes
 * registered/online gauges, and saves `lastSeen` periodically and at shutdown. The root
 * `mod.ts` passes it to `startBroker` (STYLE item 10: `broker/` never imports `devices/`).
 *
 * @module
 */
import type { BrokerExtension } from "../broker/broker.ts";
import type { DeviceAdmin } from "../broker/admin/devices_api.ts";
import { defaultRules } from "../broker/routing/rules.ts";
import { deviceKafkaAuth, deviceMqttHooks } from "./hooks.ts";
import { DeviceError, DeviceRegistry } from "./registry.ts";
import { FileDeviceStore } from "./store.ts";
import type { DeviceCodec, NewDevice } from "./types.ts";

/** Where the registry lives under `dataDir`. */
export const REGISTRY_FILE = "devices/registry.json";

/** How often pending `lastSeen` times are saved. */
const FLUSH_INTERVAL_MS = 60_000;

/** The device registry extension for `startBroker({ extensions: [devicesExtension()] })`. */
export function devicesExtension(options: { iterations?: number } = {}): BrokerExtension {
  return {
    name: "devices",
    async start({ config, runtime, metrics, logger }) {
      const registry = await DeviceRegistry.open({
        store: new FileDeviceStore(runtime.fs, `${config.dataDir}/${REGISTRY_FILE}`),
        now: () => runtime.now(),
        ...(options.iterations ? { iterations: options.iterations } : {}),
      });
      const hooks = deviceMqttHooks(registry, { allowAnonymous: config.auth.allowAnonymous });
      let online = () => new Set<string>();
      registry.setOnlineSource(() => online());
      // Counted without building views (cheap at scrape time).
      metrics.collectedGauge("tributary_devices_registered", "Devices in the registry", () => [{ labels: {}, value: registry.size }]);
      metrics.collectedGauge("tributary_devices_online", "Registered devices with an open MQTT connection", () => [{ labels: {}, value: online().size }]);
      let sessions = () => new Set<string>();
      const timer = setInterval(() => {
        // A client id whose session has gone may be reused by anyone: forget its login.
        hooks.retain(sessions());
        registry.flush().catch((error) => logger.warn("saving device last-seen times failed", { error: String(error) }));
      }, FLUSH_INTERVAL_MS);
      logger.info("device registry open", { devices: registry.list().length, anonymous: config.auth.allowAnonymous });
      return {
        mqttHooks: hooks,
        kafkaAuth: deviceKafkaAuth(registry, { mappings: config.mqtt.rules.length > 0 ? config.mqtt.rules : defaultRules }),
        devices: deviceAdmin(registry),
        started({ mqtt }) {
          if (!mqtt) return;
          sessions = () => new Set(mqtt.clients().map((c) => c.clientId));
          online = () => {
            const ids = new Set<string>();
            for (const c of mqtt.clients()) {
              const device = c.connected ? hooks.deviceOf(c.clientId) : undefined;
              if (typeof device === "string") ids.add(device);
            }
            return ids;
          };
        },
        async close() {
          clearInterval(timer);
          await registry.flush();
        },
      };
    },
  };
}

/** Adapt the registry to the admin API's interface, validating request bodies. */
export function deviceAdmin(registry: DeviceRegistry): DeviceAdmin {
  return {
    list: () => registry.list(),
    get: (id) => registry.get(id),
    add: (body) => registry.add(newDeviceFrom(body)),
    setDisabled: (id, disabled) => registry.setDisabled(id, disabled),
    delete: (id) => registry.delete(id),
  };
}

function newDeviceFrom(body: unknown): NewDevice {
  const b = body as Record<string, unknown>;
  const input: NewDevice = { id: b.id as string };
  const acl = b.acl as Record<string, unknown> | undefined;
  if (acl !== undefined) {
    if (typeof acl !== "object" || acl === null) throw new DeviceError("acl: expected {publish?: [...], subscribe?: [...]}", 400);
    input.acl = {};
    for (const key of ["publish", "subscribe"] as const) {
      const v = acl[key];
      if (v === undefined) continue;
      if (!Array.isArray(v) || v.some((p) => typeof p !== "string")) throw new DeviceError(`acl.${key}: expected a list of topic patterns`, 400);
      input.acl[key] = v as string[];
    }
  }
  if (b.codec !== undefined) input.codec = b.codec as DeviceCodec;
  const m = b.metadata as Record<string, unknown> | undefined;
  if (m !== undefined) {
    if (typeof m !== "object" || m === null) throw new DeviceError("metadata: expected {model?, location?}", 400);
    input.metadata = {};
    if (typeof m.model === "string") input.metadata.model = m.model;
    if (typeof m.location === "string") input.metadata.location = m.location;
  }
  return input;
}
