/**
 * The broker process and its CLI, under Deno and under Bun: start-up lines, topic
 * administration through the admin API, configuration errors, --version, the example file.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type BrokerProcess, hostCommand, hosts, projectRoot, run, startBrokerProcess } from "../_support/broker_process.ts";

const packageVersion = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")).version;

for (const host of hosts) {
  describe(`tributary CLI on ${host}`, () => {
    let broker: BrokerProcess;
    beforeAll(async () => {
      broker = await startBrokerProcess(host);
    });
    afterAll(async () => {
      expect(await broker.stop()).toBe(0);
    });

    test("prints its listeners and data dir", () => {
      expect(broker.ports.http).toBeGreaterThan(0);
      expect(broker.output()).toContain(`data dir ${broker.dataDir}`);
      expect(broker.output()).toContain("durability group-commit");
    });

    test("topics create, list, describe and delete through the admin API", async () => {
      const url = `http://127.0.0.1:${broker.ports.http}`;
      const cli = (...args: string[]) => run(...hostCommand(host, ["topics", ...args, "--admin-url", url]));
      const created = await cli("create", "readings", "--partitions", "3", "--config", "retention.ms=3600000");
      expect(created.stdout + created.stderr).toContain("created readings");
      const listed = await cli("list");
      expect(listed.stdout).toContain("readings\t3");
      const described = JSON.parse((await cli("describe", "readings")).stdout);
      expect(described.partitions).toHaveLength(3);
      expect(described.config["retention.ms"]).toBe(3600000);
      const dup = await cli("create", "readings");
      expect(dup.code).toBe(1);
      expect(dup.stderr).toContain("409");
      expect((await cli("delete", "readings")).code).toBe(0);
      expect((await cli("list")).stdout).not.toContain("readings");
    });
  });

  describe(`tributary configuration on ${host}`, () => {
    test("--version prints the package version", async () => {
      const res = await run(...hostCommand(host, ["--version"]));
      expect(res.stdout.trim()).toBe(packageVersion);
    });

    test("a bad value is rejected with what was expected, exit code 2", async () => {
      const res = await run(...hostCommand(host, ["serve", "--mqtt-port", "99999", "--log-durability", "sometimes"]));
      expect(res.code).toBe(2);
      expect(res.stderr).toContain("mqtt.port: expected an integer from 0 to 65535, got 99999");
      expect(res.stderr).toContain('log.durability: expected one of group-commit, interval, none, got "sometimes"');
    });

    test("an unknown environment variable is rejected", async () => {
      const res = await run(...hostCommand(host, ["serve"]), { env: { TRIBUTARY_MQTT_PROT: "1883" } });
      expect(res.code).toBe(2);
      expect(res.stderr).toContain("TRIBUTARY_MQTT_PROT: unknown environment variable");
    });
  });
}

test("tributary.example.jsonc is exactly what `config example` prints", async () => {
  const res = await run(...hostCommand("bun", ["config", "example"]));
  expect(res.stdout).toBe(readFileSync(join(projectRoot, "tributary.example.jsonc"), "utf8"));
});
