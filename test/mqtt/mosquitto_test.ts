/** Real third-party clients: mosquitto_pub / mosquitto_sub (libmosquitto) as child processes. */
import { afterEach, describe, expect, test } from "bun:test";
import { collect, type Harness, sleep, startHarness, waitFor } from "./_harness.ts";
import { run, start, which } from "./_spawn.ts";

const available = which("mosquitto_pub") && which("mosquitto_sub");
let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe.if(available)("mosquitto clients", () => {
  for (const version of ["mqttv31", "mqttv311", "mqttv5"] as const) {
    for (const qos of [0, 1, 2]) {
      test(`${version} QoS ${qos}: mosquitto_sub receives what mosquitto_pub sends`, async () => {
        h = await startHarness();
        const port = String(h.server.port);
        const sub = start("mosquitto_sub", ["-h", "127.0.0.1", "-p", port, "-V", version, "-q", String(qos), "-t", "m/#", "-C", "2", "-v", "-W", "10"]);
        await waitFor(() => h.server.stats().subscriptions === 1, 5000, "mosquitto_sub subscribed");
        for (const msg of ["hello", "world"]) {
          const r = await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", port, "-V", version, "-q", String(qos), "-t", "m/x", "-m", msg]);
          expect(r.code).toBe(0);
        }
        expect(await sub.exited).toBe(0);
        expect(sub.output().trim().split("\n")).toEqual(["m/x hello", "m/x world"]);
      });
    }
  }

  test("mqttv5 user properties from mosquitto_pub reach an MQTT.js subscriber and the log", async () => {
    h = await startHarness();
    const s = await h.connect({ protocolVersion: 5 });
    const got = collect(s);
    await s.subscribeAsync("up", { qos: 1 });
    const r = await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", String(h.server.port), "-V", "mqttv5", "-q", "1", "-t", "up", "-m", "p", "-D", "publish", "user-property", "room", "42"]);
    expect(r.code).toBe(0);
    await waitFor(() => got.length === 1);
    expect(got[0]!.packet.properties?.userProperties).toEqual({ room: "42" });
    const headers = (await h.log.partition("mqtt-messages", 0))!.records()[0]!.headers;
    expect(headers.find((x) => x.key === "room")?.value).toEqual(new TextEncoder().encode("42"));
  });

  test("retained message and will via mosquitto clients (3.1.1)", async () => {
    h = await startHarness();
    const port = String(h.server.port);
    await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", port, "-r", "-q", "1", "-t", "ret/a", "-m", "kept"]);
    const r = await run("mosquitto_sub", ["-h", "127.0.0.1", "-p", port, "-t", "ret/#", "-C", "1", "-v", "-W", "5"]);
    expect(r.out.trim()).toBe("ret/a kept");
    const watcher = await h.connect({ protocolVersion: 4 });
    const got = collect(watcher);
    await watcher.subscribeAsync("will/#", { qos: 1 });
    const victim = start("mosquitto_sub", ["-h", "127.0.0.1", "-p", port, "-t", "never", "--will-topic", "will/x", "--will-payload", "bye", "--will-qos", "1"]);
    await waitFor(() => h.server.stats().connections === 2, 5000, "victim connected");
    victim.child.kill("SIGKILL");
    await waitFor(() => got.length === 1, 5000, "will");
    expect(got[0]!.payload).toBe("bye");
    await sleep(10);
  });
});
