/**
 * Every generated message at every valid version: encode a sample built from the schema,
 * decode it back to the expected complete form, and re-encode to the same bytes.
 */
import { describe, expect, test } from "bun:test";
import {
  apiKeyInfo,
  BROKER_CODECS,
  type BrokerApiKey,
  CLIENT_CODECS,
} from "../../../broker/kafka/protocol/generated/mod.ts";
import { ByteReader } from "../../../broker/kafka/protocol/reader.ts";
import { ByteWriter } from "../../../broker/kafka/protocol/writer.ts";
import { GENERATED_API_KEYS } from "../../../tools/codegen/apis.ts";
import { parseSchemas } from "../../../tools/codegen/generate.ts";
import type { MessageSpec } from "../../../tools/codegen/spec.ts";
import { codecFor, loadSchemaTexts, sampleMessage } from "./_samples.ts";

const texts = await loadSchemaTexts();
const specs: MessageSpec[] = texts === null
  ? []
  : [...parseSchemas(texts).values()].filter((s) =>
    (s.kind === "request" || s.kind === "response") && s.apiKey !== null && GENERATED_API_KEYS.includes(s.apiKey)
  ).sort((a, b) => (a.apiKey ?? 0) - (b.apiKey ?? 0) || a.name.localeCompare(b.name));

describe.if(texts !== null)("round trip of every generated message", () => {
  test("covers request and response of every listed API", () => {
    expect(specs.length).toBe(GENERATED_API_KEYS.length * 2);
  });
  for (const spec of specs) {
    test(`${spec.name} v${spec.validVersions.lo}-${spec.validVersions.hi}`, () => {
      const { encode, decode } = codecFor(spec.name);
      for (let v = spec.validVersions.lo; v <= spec.validVersions.hi; v++) {
        for (let seed = 1; seed <= 6; seed++) {
          const { init, expected } = sampleMessage(spec, v, seed);
          const w1 = new ByteWriter({ initialCapacity: 16, zeroCopyThreshold: 8 });
          encode(w1, init, v);
          const bytes = w1.finish();
          const r = new ByteReader(bytes);
          const decoded = decode(r, v);
          expect({ version: v, seed, value: decoded }).toEqual({ version: v, seed, value: expected });
          expect(r.remaining).toBe(0);
          const w2 = new ByteWriter();
          encode(w2, decoded, v);
          expect(w2.finish()).toEqual(bytes);
        }
      }
    });
  }
});

describe("direction tables", () => {
  test("broker and client tables hold every generated API with the schema's versions", () => {
    const keys = GENERATED_API_KEYS.map(String);
    expect(Object.keys(BROKER_CODECS)).toEqual(keys);
    expect(Object.keys(CLIENT_CODECS)).toEqual(keys);
    for (const key of GENERATED_API_KEYS) {
      const info = apiKeyInfo(key)!;
      const b = BROKER_CODECS[key as BrokerApiKey];
      const row: unknown[] = [b.name, b.minVersion, b.maxVersion];
      expect(row).toEqual([info.name, info.minVersion, info.maxVersion]);
      expect(info.hasCodec).toBe(true);
    }
  });

  test("table entries keep their message types", () => {
    const w = new ByteWriter();
    CLIENT_CODECS[18].encodeRequest(w, { clientSoftwareName: "tributary", clientSoftwareVersion: "0.1.0" }, 3);
    const req = BROKER_CODECS[18].decodeRequest(new ByteReader(w.finish()), 3);
    const name: string = req.clientSoftwareName; // typed, no cast
    expect(name).toBe("tributary");
  });
});
