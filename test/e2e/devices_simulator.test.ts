/**
 * The `tributary devices` commands against the broker process, under Deno and Bun: add, list,
 * show, disable, enable and delete through the admin API, and `devices simulate` publishing
 * through the runtime's TCP — anonymously with CBOR, and logged in as registered devices with
 * JSON — where every acknowledged reading is in the log, decodable, under the device's prefix.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { decode } from "cbor-x";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BrokerProcess, hostCommand, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { hasKcat, kcat } from "../kafka/_kcat.ts";

const TOKEN = "sim-token";
const T = 120_000;

interface Summary {
  connected: number;
  failedConnects: number;
  sent: number;
  acked: number;
  behind: number;
}

for (const host of hosts) {
  describe(`devices CLI and simulator on ${host}`, () => {
    const dir = tempDir();
    let broker: BrokerProcess;
    const cli = (args: string[]) => {
      const [cmd, argv] = hostCommand(host, ["devices", ...args, "--admin-url", `http://127.0.0.1:${broker.ports.http}`, "--token", TOKEN]);
      return run(cmd, argv, { timeoutMs: 60_000 });
    };
    const simulate = (args: string[]) => {
      const [cmd, argv] = hostCommand(host, ["devices", "simulate", "--mqtt-port", String(broker.ports.mqtt), ...args]);
      return run(cmd, argv, { timeoutMs: 60_000 });
    };
    const highWatermark = async (topic: string) => {
      const res = await fetch(`http://127.0.0.1:${broker.ports.http}/api/topics/${topic}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      if (res.status === 404) return 0; // not created yet
      const body = await res.json() as { partitions: Array<{ highWatermark: number }> };
      return body.partitions.reduce((sum, p) => sum + p.highWatermark, 0);
    };

    beforeAll(async () => {
      broker = await startBrokerProcess(host, {
        dataDir: dir.path,
        args: ["--http-admin-token", TOKEN, "--set", `mqtt.rules=${JSON.stringify([{ filter: "devices/+/telemetry", topic: "telemetry", key: "{segment:1}", partitions: 2 }])}`],
      });
    }, T);
    afterAll(async () => {
      await broker?.stop();
      dir.cleanup();
    });

    test("devices add prints the secret once; list, show, disable, enable and delete work", async () => {
      const added = await cli(["add", "cli-1", "--model", "TH-2", "--location", "shed", "--codec", "cbor", "--publish", "devices/{id}/#", "--publish", "fleet/{id}"]);
      expect(added.code).toBe(0);
      expect(added.stdout).toMatch(/^secret: [A-Za-z0-9_-]{43}$/m);
      const list = await cli(["list"]);
      expect(list.stdout.split("\n")[1]).toBe("cli-1\toffline\tnever\tTH-2\tshed");
      const shown = JSON.parse((await cli(["show", "cli-1"])).stdout);
      expect(shown.acl.publish).toEqual(["devices/{id}/#", "fleet/{id}"]);
      expect(shown.codec).toBe("cbor");
      expect((await cli(["disable", "cli-1"])).stdout.trim()).toBe("disabled cli-1");
      expect((await cli(["list"])).stdout).toContain("cli-1\tdisabled");
      expect((await cli(["enable", "cli-1"])).code).toBe(0);
      expect((await cli(["delete", "cli-1"])).stdout.trim()).toBe("deleted cli-1");
      const missing = await cli(["show", "cli-1"]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("404 unknown device");
      const noToken = await run(...hostCommand(host, ["devices", "list", "--admin-url", `http://127.0.0.1:${broker.ports.http}`]));
      expect(noToken.code).toBe(1);
      expect(noToken.stderr).toContain("401");
    }, T);

    test("anonymous CBOR sensors: every acknowledged reading is stored and decodes", async () => {
      const before = await highWatermark("telemetry");
      const r = await simulate(["--count", "5", "--rate", "20", "--codec", "cbor", "--duration", "2", "--id-prefix", "anon-"]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("simulating 5 sensors × 20/s (cbor, QoS 1)");
      const summary = JSON.parse(r.stdout) as Summary;
      expect(summary.failedConnects).toBe(0);
      expect(summary.acked).toBeGreaterThan(0);
      const stored = (await highWatermark("telemetry")) - before;
      // Acked ones are durable; ones in flight at the stop may be stored without their PUBACK.
      expect(stored).toBeGreaterThanOrEqual(summary.acked);
      expect(stored).toBeLessThanOrEqual(summary.sent);
      if (!hasKcat) return;
      const out = await kcat(["-b", `127.0.0.1:${broker.ports.kafka}`, "-C", "-t", "telemetry", "-p", "0", "-o", "beginning", "-c", "1", "-e", "-q", "-f", "%k|%S\\n"]);
      const [key] = out.stdout.split("|");
      expect(key).toMatch(/^anon-0000[1-5]$/);
      // Binary value: read kcat's stdout as bytes, not text.
      const raw = spawnSync("kcat", ["-b", `127.0.0.1:${broker.ports.kafka}`, "-C", "-t", "telemetry", "-p", "0", "-o", "beginning", "-c", "1", "-e", "-q", "-f", "%s"], { timeout: 20_000 });
      const reading = decode(raw.stdout) as Record<string, unknown>;
      expect(reading).toMatchObject({ id: key });
      expect(Object.keys(reading).sort()).toEqual(["battery", "humidity", "id", "seq", "temperature", "ts"]);
    }, T);

    test("registered JSON sensors log in with their secrets and show as seen", async () => {
      const creds: Record<string, string> = {};
      for (const id of ["reg-1", "reg-2", "reg-3"]) {
        const res = await fetch(`http://127.0.0.1:${broker.ports.http}/api/devices`, {
          method: "POST",
          headers: { authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({ id, codec: "json" }),
        });
        creds[id] = ((await res.json()) as { secret: string }).secret;
      }
      const file = join(dir.path, "fleet-credentials.json");
      writeFileSync(file, JSON.stringify(creds));
      const before = await highWatermark("telemetry");
      const r = await simulate(["--count", "3", "--rate", "10", "--codec", "json", "--duration", "2", "--credentials", file]);
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.stdout) as Summary;
      expect(summary, r.stderr).toMatchObject({ failedConnects: 0 });
      expect(summary.acked).toBeGreaterThan(0);
      const stored = (await highWatermark("telemetry")) - before;
      expect(stored).toBeGreaterThanOrEqual(summary.acked);
      const list = await cli(["list"]);
      // The broker may not have seen the disconnects yet: online or offline, but seen.
      for (const id of Object.keys(creds)) expect(list.stdout).toMatch(new RegExp(`^${id}\\t(online|offline)\\t\\d{4}-`, "m"));

      // A wrong secret: every connect fails and nothing is published.
      writeFileSync(file, JSON.stringify({ "reg-1": "wrong" }));
      const refused = await simulate(["--count", "1", "--duration", "1", "--credentials", file]);
      expect(JSON.parse(refused.stdout)).toMatchObject({ failedConnects: 1, acked: 0 });
      expect(refused.code).toBe(1);
    }, T);
  });
}
