/**
 * Every generated message at every valid version: encode a sample built from the schema,
 * decode it back to the expected complete form, and re-encode to the same bytes.
 */
import { describe, expect, test } from "bun:test";
import { ByteReader } from "../../../broker/kafka/protocol/reader.ts";
import { ByteWriter } from "../../../broker/kafka/protocol/writer.ts";
import { GENERATED_API_KEYS } from "../../../tools/codegen/apis.ts";
import { parseSchemas } from "../../../tools/codegen/generate.ts";
import type { MessageSpec } from "../../../tools/codegen/spec.ts";
import { codecFor } from "./_codecs.ts";
import { loadSchemaTexts, sampleMessage } from "./_samples.ts";

const texts = await loadSchemaTexts();
const specs: MessageSpec[] = texts === null
  ? []
  : [...parseSchemas(texts).values()].filter((s) =>
    (s.kind === "request" || s.kind === "response") && s.apiKey !== null && GENERATED_API_KEYS.includes(s.apiKey)
  ).sort((a, b) => (a.apiKey ?? 0) - (b.apiKey ?? 0) || a.name.localeCompare(b.name));

describe.skipIf(texts === null)("round trip of every generated message", () => {
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
