/** broker/mqtt and broker/routing stay runtime-neutral and keep Buffer inside codec.ts. */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const root = fileURLToPath(new URL("../../broker", import.meta.url));
const sources = [...files(join(root, "mqtt")), ...files(join(root, "routing"))];

describe("MQTT and routing sources", () => {
  test("use no Deno, Bun or node: APIs", () => {
    for (const path of sources) {
      const code = readFileSync(path, "utf8").replace(/^\s*(\/\/|\*|\/\*\*).*$/gm, "");
      expect({ path, hit: /\bDeno\.|\bBun\.|["']node:/.exec(code)?.[0] }).toEqual({ path, hit: undefined });
    }
  });
  test("only codec.ts imports mqtt-packet, nothing mentions Buffer or EventEmitter", () => {
    for (const path of sources) {
      const code = readFileSync(path, "utf8");
      if (!path.endsWith("codec.ts") || path.includes("payload")) {
        expect({ path, mqttPacket: code.includes('from "mqtt-packet"') }).toEqual({ path, mqttPacket: false });
      }
      expect({ path, buffer: /\bBuffer\b|EventEmitter/.test(code.replace(/^\s*(\*|\/\/).*$/gm, "")) }).toEqual({ path, buffer: false });
    }
  });
  test("files stay within 50–400 lines", () => {
    for (const path of sources) {
      const lines = readFileSync(path, "utf8").split("\n").length;
      expect({ path, ok: lines <= 400 }).toEqual({ path, ok: true });
    }
  });
});
