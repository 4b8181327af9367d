import { describe, expect, test } from "bun:test";
import { ConfigError, parseConfig } from "../broker/config/mod.ts";
import { parseConfigText } from "../broker/config/file.ts";
import { configFromEnv, configFromFlags, mergeConfig } from "../broker/cli/sources.ts";
import { VERSION } from "../broker/version.ts";
import pkg from "../package.json";

describe("parseConfig", () => {
  test("fills the embedded defaults", () => {
    const c = parseConfig({});
    expect(c.mqtt.port).toBe(1883);
    expect(c.kafka.port).toBe(9092);
    expect(c.http.port).toBe(8080);
    expect(c.dataDir).toBe("./data");
    expect(c.log.durability).toBe("group-commit");
  });

  test("rejects unknown keys, naming them and suggesting the right one", () => {
    expect(() => parseConfig({ mqtt: { prot: 1 } })).toThrow("mqtt.prot: unknown key");
    expect(() => parseConfig({ port: 1 })).toThrow("did you mean kafka.port?");
  });

  test("reports every bad value at once", () => {
    try {
      parseConfig({ kafka: { port: -1 }, log: { durability: "x", autoCreateTopics: "yes" } });
      throw new Error("should have thrown");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toHaveLength(3);
    }
  });

  test("validates MQTT rules", () => {
    expect(() => parseConfig({ mqtt: { rules: [{ filter: "a/+", topic: "bad topic!" }] } })).toThrow("mqtt.rules[0].topic");
    expect(() => parseConfig({ mqtt: { rules: [{ filter: "a/+", topic: "t", key: "{segment:x}" }] } })).toThrow(
      "mqtt.rules[0].key",
    );
    const ok = parseConfig({ mqtt: { rules: [{ filter: "sensors/+/temp", topic: "sensor-temp", key: "{segment:1}" }] } });
    expect(ok.mqtt.rules[0]!.topic).toBe("sensor-temp");
  });
});

describe("configuration sources", () => {
  test("flags beat environment, which beats the file", () => {
    const file = parseConfigText('{ // comment\n "mqtt": { "port": 1 }, "kafka": { "port": 2 }, "http": {"port": 3} }', "t.jsonc");
    const env = configFromEnv({ TRIBUTARY_KAFKA_PORT: "20", TRIBUTARY_HTTP_PORT: "30", PATH: "/bin" });
    const flags = configFromFlags({ "http-port": "300" }, ["log.durability=none"]);
    const c = parseConfig(mergeConfig(mergeConfig(file as Record<string, unknown>, env), flags));
    expect([c.mqtt.port, c.kafka.port, c.http.port, c.log.durability]).toEqual([1, 20, 300, "none"]);
  });

  test("comments inside strings are kept", () => {
    expect(parseConfigText('{"dataDir": "/a//b/*c*/"}', "x")).toEqual({ dataDir: "/a//b/*c*/" });
  });

  test("a bad --set is rejected", () => {
    expect(() => configFromFlags({}, ["nope=1"])).toThrow("--set nope=1");
  });
});

test("the embedded version equals package.json's", () => {
  expect(VERSION).toBe(pkg.version);
});
