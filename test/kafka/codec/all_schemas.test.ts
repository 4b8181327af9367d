/**
 * The generator handles every schema in the directory, not only the 30 APIs we ship:
 * each message (including float64, commonStructs, nullable structs, header and data types)
 * is generated into test/artifacts, imported and round-tripped at every version.
 */
import { describe, expect, test } from "bun:test";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ByteReader } from "../../../broker/kafka/protocol/reader.ts";
import { ByteWriter } from "../../../broker/kafka/protocol/writer.ts";
import { snakeCase } from "../../../tools/codegen/apis.ts";
import { emitMessageFile } from "../../../tools/codegen/emit_message.ts";
import { parseSchemas } from "../../../tools/codegen/generate.ts";
import type { Decode, Encode } from "./_codecs.ts";
import { loadSchemaTexts, sampleMessage } from "./_samples.ts";

const texts = await loadSchemaTexts();
const OUT = new URL("../../artifacts/kafka_codec_all/", import.meta.url);
const PROTOCOL = pathToFileURL(fileURLToPath(new URL("../../../broker/kafka/protocol/", import.meta.url))).href;

describe.skipIf(texts === null)("generator over every schema", () => {
  test("generates, imports and round-trips all messages", async () => {
    await rm(OUT, { recursive: true, force: true });
    await mkdir(OUT, { recursive: true });
    const specs = [...parseSchemas(texts ?? new Map()).values()];
    let versions = 0;
    for (const spec of specs) {
      const file = new URL(`${snakeCase(spec.name)}.ts`, OUT);
      const text = emitMessageFile(spec, `${spec.name}.json`).replaceAll('from "../', `from "${PROTOCOL}`);
      await writeFile(file, text);
      const mod = (await import(file.href)) as Record<string, unknown>;
      const encode = mod[`encode${spec.name}`] as Encode, decode = mod[`decode${spec.name}`] as Decode;
      for (let v = spec.validVersions.lo; v <= spec.validVersions.hi; v++) {
        for (let seed = 1; seed <= 2; seed++) {
          const { init, expected } = sampleMessage(spec, v, seed);
          const w = new ByteWriter();
          encode(w, init, v);
          const bytes = w.finish();
          const r = new ByteReader(bytes);
          expect({ name: spec.name, v, value: decode(r, v) }).toEqual({ name: spec.name, v, value: expected });
          expect(r.remaining).toBe(0);
        }
        versions++;
      }
    }
    expect(specs.length).toBeGreaterThan(180);
    expect(versions).toBeGreaterThan(500);
  });
});
