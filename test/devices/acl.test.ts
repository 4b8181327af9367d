/** ACL patterns: topic matching for publishes, filter coverage for subscriptions. */
import { describe, expect, test } from "bun:test";
import { checkPattern, expandPattern, filterCovered, topicMatches } from "../../devices/mod.ts";

describe("topic patterns", () => {
  test("{id} stands for the device id", () => {
    expect(expandPattern("devices/{id}/#", "th-1")).toBe("devices/th-1/#");
  });

  test("publish topics match with + and # as in MQTT", () => {
    expect(topicMatches("devices/a/#", "devices/a")).toBe(true);
    expect(topicMatches("devices/a/#", "devices/a/x/y")).toBe(true);
    expect(topicMatches("devices/a/#", "devices/ab/x")).toBe(false);
    expect(topicMatches("devices/+/t", "devices/a/t")).toBe(true);
    expect(topicMatches("devices/+/t", "devices/a/b/t")).toBe(false);
    expect(topicMatches("#", "$SYS/x")).toBe(false);
  });

  test("a subscription is allowed only when the pattern covers every topic it can match", () => {
    expect(filterCovered("devices/a/#", "devices/a/#")).toBe(true);
    expect(filterCovered("devices/a/#", "devices/a/+/x")).toBe(true);
    expect(filterCovered("devices/a/#", "devices/+/x")).toBe(false);
    expect(filterCovered("devices/+/x", "devices/a/x")).toBe(true);
    expect(filterCovered("devices/+/x", "devices/#")).toBe(false);
    expect(filterCovered("devices/a/x", "devices/a/x/y")).toBe(false);
    expect(filterCovered("devices/a/#", "$share/grp/devices/a/x")).toBe(true);
  });

  test("malformed patterns are named", () => {
    expect(checkPattern("a/#/b")).toContain("last level");
    expect(checkPattern("a/b+")).toContain("whole level");
    expect(checkPattern("")).toBeDefined();
    expect(checkPattern("devices/{id}/#")).toBeUndefined();
  });
});

describe("MQTT hooks over the registry", () => {
  test("logins are remembered per client id and forgotten two sweeps after the session is gone", async () => {
    const { DeviceRegistry, MemoryDeviceStore, deviceMqttHooks } = await import("../../devices/mod.ts");
    const registry = await DeviceRegistry.open({ store: new MemoryDeviceStore(), iterations: 1000 });
    const { secret } = await registry.add({ id: "d1" });
    const hooks = deviceMqttHooks(registry, { allowAnonymous: false });
    const info = { clientId: "c1", username: "d1", password: new TextEncoder().encode(secret), remoteAddress: "127.0.0.1", protocolVersion: 5 as const };
    expect(await hooks.authenticate(info)).toBe(true);
    expect(await hooks.authenticate({ ...info, clientId: "c2", password: new TextEncoder().encode("bad") })).toBe(0x86);
    expect(await hooks.authenticate({ ...info, clientId: "c3", username: undefined, password: undefined })).toBe(0x87);
    expect(hooks.authorizePublish("c1", "devices/d1/t", 1)).toBe(true);
    expect(hooks.authorizePublish("c1", "devices/d2/t", 1)).toBe(false);
    expect(hooks.authorizePublish("stranger", "devices/d1/t", 1)).toBe(false);
    hooks.retain(new Set(["c1"]));
    expect(hooks.deviceOf("c1")).toBe("d1");
    hooks.retain(new Set());
    expect(hooks.deviceOf("c1")).toBe("d1");
    hooks.retain(new Set());
    expect(hooks.deviceOf("c1")).toBeUndefined();
  });
});
