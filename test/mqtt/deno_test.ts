/** The same MQTT server hosted by Deno (runtime adapter + mqtt-packet + cbor-x under Deno). */
import { describe, expect, test } from "bun:test";
import mqtt from "mqtt";
import { join } from "node:path";
import { waitFor } from "./_harness.ts";

const deno = join(import.meta.dir, "../../node_modules/.bin/deno");

describe("MQTT server on Deno", () => {
  test("QoS 1 and retained round trip with MQTT.js v5 and v3.1.1", async () => {
    const proc = Bun.spawn([deno, "run", "--allow-all", join(import.meta.dir, "_deno_server.ts")], {
      stdin: "pipe",
      stdout: "pipe",
      stderr: "inherit",
    });
    try {
      const reader = proc.stdout.getReader();
      let text = "";
      while (!/PORT (\d+)/.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error("deno server exited: " + text);
        text += new TextDecoder().decode(value);
      }
      const port = Number(/PORT (\d+)/.exec(text)![1]);
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
      proc.stdin.end();
      await Promise.race([proc.exited, new Promise((r) => setTimeout(r, 3000))]);
      proc.kill();
    }
  }, 60_000);
});
