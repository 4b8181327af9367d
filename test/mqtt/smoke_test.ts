import { afterEach, describe, expect, test } from "bun:test";
import { collect, type Harness, startHarness, waitFor } from "./_harness.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("smoke", () => {
  for (const protocolVersion of [4, 5] as const) {
    test(`v${protocolVersion} QoS 0/1/2 publish and receive`, async () => {
      h = await startHarness();
      const sub = await h.connect({ protocolVersion });
      const got = collect(sub);
      await sub.subscribeAsync("a/#", { qos: 2 });
      const pub = await h.connect({ protocolVersion });
      await pub.publishAsync("a/b", "zero", { qos: 0 });
      await pub.publishAsync("a/b", "one", { qos: 1 });
      await pub.publishAsync("a/c", "two", { qos: 2 });
      await waitFor(() => got.length === 3);
      expect(got.map((m) => m.payload).sort()).toEqual(["one", "two", "zero"]);
      const p = await h.log.partition("mqtt-messages", 0);
      expect(p!.records().map((r) => new TextDecoder().decode(r.value!)).sort()).toEqual(["one", "two", "zero"]);
    });
  }
});

describe("start-up failure", () => {
  test("a port in use rejects startMqttServer and leaves no timers behind", async () => {
    h = await startHarness();
    const { startMqttServer } = await import("../../broker/mqtt/mod.ts");
    const { runtime } = await import("./_harness.ts");
    let failed = false;
    try {
      await startMqttServer({ runtime, log: h.log, hostname: "127.0.0.1", port: h.server.port });
    } catch {
      failed = true;
    }
    expect(failed).toBe(true);
  });
});
