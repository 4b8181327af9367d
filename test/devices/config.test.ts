/** Configuration of authentication and TLS listeners. */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig, startBroker } from "../../mod.ts";
import { parseConfigText } from "../../broker/config/mod.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { projectRoot } from "../_support/broker_process.ts";

describe("auth and TLS configuration", () => {
  test("anonymous access is on by default and TLS off", () => {
    const config = parseConfig({});
    expect(config.auth.allowAnonymous).toBe(true);
    expect(config.mqtt.tls.certFile).toBe("");
    expect(config.kafka.tls.certFile).toBe("");
  });

  test("the production example parses: anonymous off, MQTT on 8883 and Kafka on 9093 over TLS", () => {
    const text = readFileSync(join(projectRoot, "tributary.production.example.jsonc"), "utf8");
    const config = parseConfig(parseConfigText(text, "tributary.production.example.jsonc"));
    expect(config.auth.allowAnonymous).toBe(false);
    expect([config.mqtt.port, config.kafka.port]).toEqual([8883, 9093]);
    expect(config.mqtt.tls.certFile).not.toBe("");
    expect(config.http.adminToken).not.toBe("");
  });

  test("a certificate without its key, or client certificates without a CA, are refused", () => {
    expect(() => parseConfig({ mqtt: { tls: { certFile: "a.pem" } } })).toThrow("mqtt.tls: expected both certFile and keyFile");
    expect(() => parseConfig({ kafka: { tls: { keyFile: "a.key" } } })).toThrow("kafka.tls: expected both certFile and keyFile");
    expect(() => parseConfig({ mqtt: { tls: { certFile: "a", keyFile: "b", requestClientCert: true } } })).toThrow("mqtt.tls.requestClientCert");
  });

  test("anonymous access off without a device registry refuses to start", async () => {
    const config = parseConfig({ dataDir: "/nonexistent-never-created", auth: { allowAnonymous: false }, kafka: { enabled: false }, mqtt: { enabled: false }, http: { enabled: false } });
    const runtime = { ...currentRuntime(), fs: new (await import("../../broker/runtime/mod.ts")).MemoryFileSystem() };
    await expect(startBroker(config, { runtime })).rejects.toThrow("auth.allowAnonymous is false");
  });
});
