/** Kafka TLS listener configuration: kafka.tls.port and kafka.tls.advertisedPort. */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseConfigText } from "../../broker/config/mod.ts";
import { parseConfig } from "../../broker/config/parse.ts";

describe("kafka.tls", () => {
  test("the TLS listener defaults to port 9093 beside the plaintext 9092, advertising its own port", () => {
    const config = parseConfig({ kafka: { tls: { certFile: "server.pem", keyFile: "server.key" } } });
    expect([config.kafka.port, config.kafka.tls.port, config.kafka.tls.advertisedPort]).toEqual([9092, 9093, 0]);
  });

  test("the production example keeps TLS only on 9093 (kafka.tls.port equal to kafka.port)", () => {
    const path = fileURLToPath(new URL("../../tributary.production.example.jsonc", import.meta.url));
    const config = parseConfig(parseConfigText(readFileSync(path, "utf8"), "tributary.production.example.jsonc"));
    expect(config.kafka.tls.certFile).not.toBe("");
    expect(config.kafka.tls.port).toBe(config.kafka.port);
  });

  test("a bad TLS port is refused with what was expected", () => {
    expect(() => parseConfig({ kafka: { tls: { port: 70000 } } })).toThrow("kafka.tls.port");
  });
});
