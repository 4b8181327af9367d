/** The same MQTT server hosted by Deno (runtime adapter + mqtt-packet + cbor-x under Deno). */
import { describe, expect, test } from "bun:test";
import mqtt from "mqtt";
import { fileURLToPath } from "node:url";
import { waitFor } from "./_harness.ts";
import { start } from "./_spawn.ts";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const deno = here("../../node_modules/.bin/deno");

describe("MQTT server on Deno", () => {
  test("QoS 1 and retained round trip with MQTT.js v5 and v3.1.1", async () => {
    const proc = start(deno, ["run", "--allow-all", here("_deno_server.ts")]);
    try {
      await waitFor(() => /PORT (\d+)/.test(proc.output()), 30_000, "deno server start");
      const port = Number(/PORT (\d+)/.exec(proc.output())![1]);
      const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 5, reconnectPeriod: 0 });
      const got: string[] = [];
      sub.on("message", (_t, payload) => got.push(payload.toString()));
      await sub.subscribeAsync("d/#", { qos: 1 });
      const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, reconnectPeriod: 0 });
      await pub.publishAsync("d/1", "from-deno-host", { qos: 1, retain: true });
      await waitFor(() => got.length === 1);
      expect(got).toEqual(["from-deno-host"]);
      await sub.endAsync();
      await pub.endAsync();
    } finally {
      proc.child.stdin!.end();
      await Promise.race([proc.exited, new Promise((r) => setTimeout(r, 3000))]);
      proc.child.kill();
    }
  }, 60_000);
});
