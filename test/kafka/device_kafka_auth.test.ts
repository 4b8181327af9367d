/**
 * The device registry as the Kafka listener's users: SCRAM keys derived at creation (never the
 * secret), devices without them refused with a reason, and the Kafka reading of device ACLs
 * (`kafka:` entries, MQTT patterns through the mapping rules, groups under the device id).
 */
import { describe, expect, test } from "bun:test";
import { ScramClient } from "../../bridge/client/sasl/scram.ts";
import { ScramServer } from "../../broker/kafka/sasl/scram_server.ts";
import { deviceKafkaAuth } from "../../devices/hooks.ts";
import { deviceMayUseGroup, deviceMayUseTopic, filtersOverlap } from "../../devices/kafka_acl.ts";
import { DeviceError, DeviceRegistry } from "../../devices/registry.ts";
import { MemoryDeviceStore } from "../../devices/store.ts";
import type { Device } from "../../devices/types.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const rules = [{ filter: "sensors/+/temp", topic: "sensor-temp" }, { filter: "#", topic: "mqtt-messages" }];

describe("SCRAM credentials of devices", () => {
  test("a new device gets SHA-256 and SHA-512 keys (≥ 4096 iterations) that verify its secret, and no secret is stored", async () => {
    const store = new MemoryDeviceStore();
    const registry = await DeviceRegistry.open({ store, iterations: 1000 });
    const { secret } = await registry.add({ id: "d1" });
    const [saved] = await store.load();
    expect(JSON.stringify(saved)).not.toContain(secret);
    expect(saved!.credential.scram?.["SCRAM-SHA-256"]?.iterations).toBeGreaterThanOrEqual(4096);
    const auth = deviceKafkaAuth(registry);
    for (const mechanism of ["SCRAM-SHA-256", "SCRAM-SHA-512"] as const) {
      const server = new ScramServer(mechanism, async (user, m) => {
        const found = await auth.scramCredential!(user, m);
        return found && !("credential" in found) ? found : null;
      });
      const client = new ScramClient(mechanism, "d1", secret);
      const serverFinal = await server.step(enc(await client.final(dec(await server.step(enc(client.first()))))));
      await client.verify(dec(serverFinal));
      expect(server.username).toBe("d1");
    }
  });

  test("a device stored before SCRAM support has no keys: refused with a reason; PLAIN still works", async () => {
    const store = new MemoryDeviceStore();
    const registry = await DeviceRegistry.open({ store, iterations: 1000 });
    const { secret } = await registry.add({ id: "old" });
    const [saved] = await store.load();
    delete (saved as Device).credential.scram;
    await store.save([saved!]);
    const reopened = await DeviceRegistry.open({ store });
    const missing = reopened.scramCredential("old", "SCRAM-SHA-256") as { credential: null; reason: string };
    expect(missing.credential).toBeNull();
    expect(missing.reason).toContain("no SCRAM-SHA-256 keys");
    expect(reopened.scramCredential("ghost", "SCRAM-SHA-256")).toEqual({ credential: null, reason: "unknown device" });
    expect(await reopened.authenticate("old", secret)).toBe(true);
  });
});

describe("Kafka reading of device ACLs", () => {
  const acl = { publish: ["sensors/{id}/temp", "kafka:{id}.out", "kafka:shared-*"], subscribe: ["devices/{id}/#", "kafka:{id}.in", "kafka-group:dash-*"] };

  test("kafka: entries name topics (with {id} and a trailing *); MQTT patterns grant their rule's topic", () => {
    expect(deviceMayUseTopic(acl, "d1", "write", "d1.out", rules)).toBe(true);
    expect(deviceMayUseTopic(acl, "d1", "write", "shared-x", rules)).toBe(true);
    expect(deviceMayUseTopic(acl, "d1", "write", "d2.out", rules)).toBe(false);
    expect(deviceMayUseTopic(acl, "d1", "write", "sensor-temp", rules)).toBe(true);
    expect(deviceMayUseTopic(acl, "d1", "write", "mqtt-messages", rules)).toBe(true);
    expect(deviceMayUseTopic(acl, "d1", "read", "sensor-temp", rules)).toBe(false);
    expect(deviceMayUseTopic(acl, "d1", "read", "d1.in", rules)).toBe(true);
    expect(deviceMayUseTopic(acl, "d1", "describe", "d1.in", rules)).toBe(true);
    expect(deviceMayUseTopic(acl, "d1", "create", "d1.out", rules)).toBe(true);
    expect(deviceMayUseTopic(acl, "d1", "delete", "d1.out", rules)).toBe(false);
    expect(deviceMayUseTopic(acl, "d1", "alterConfigs", "d1.out", rules)).toBe(false);
  });

  test("groups: under the device id by default, plus kafka-group: entries", () => {
    expect(deviceMayUseGroup(acl, "d1", "read", "d1-consumers")).toBe(true);
    expect(deviceMayUseGroup(acl, "d1", "read", "dash-1")).toBe(true);
    expect(deviceMayUseGroup(acl, "d1", "read", "d2-consumers")).toBe(false);
  });

  test("MQTT filters overlap when some topic matches both", () => {
    expect(filtersOverlap("devices/d1/#", "#")).toBe(true);
    expect(filtersOverlap("sensors/d1/temp", "sensors/+/temp")).toBe(true);
    expect(filtersOverlap("sensors/d1/hum", "sensors/+/temp")).toBe(false);
    expect(filtersOverlap("a/b", "a/b/c")).toBe(false);
    expect(filtersOverlap("a/+", "+/b")).toBe(true);
  });

  test("kafka: entries are validated at creation and ignored by MQTT checks", async () => {
    const registry = await DeviceRegistry.open({ store: new MemoryDeviceStore(), iterations: 1000 });
    await expect(registry.add({ id: "bad", acl: { publish: ["kafka:a/b"] } })).rejects.toBeInstanceOf(DeviceError);
    await registry.add({ id: "k1", acl: { publish: ["kafka:k1.out"], subscribe: [] } });
    expect(registry.mayPublish("k1", "kafka:k1.out")).toBe(false);
    const auth = deviceKafkaAuth(registry, { mappings: rules });
    expect(auth.authorizeTopic!("k1", "write", "k1.out")).toBe(true);
    expect(auth.authorizeTopic!("k1", "write", "mqtt-messages")).toBe(false);
    expect(auth.authorizeTopic!("ghost", "write", "k1.out")).toBe(false);
  });
});
