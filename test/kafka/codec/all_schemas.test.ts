/**
 * The generator handles every schema in the directory, not only the 30 APIs we ship:
 * each message (including float64, commonStructs, nullable structs, header and data types)
 * is generated into a temporary directory (outside the project, so the type-checker never
 * sees it), imported and round-tripped at every version.
 */
import { describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ByteReader } from "../../../broker/kafka/protocol/reader.ts";
import { ByteWriter } from "../../../broker/kafka/protocol/writer.ts";
import { snakeCase } from "../../../tools/codegen/apis.ts";
import { emitMessageFile } from "../../../tools/codegen/emit_message.ts";
import { parseSchemas } from "../../../tools/codegen/generate.ts";
import { type Decode, type Encode, loadSchemaTexts, sampleMessage } from "./_samples.ts";

const texts = await loadSchemaTexts();
const PROTOCOL = pathToFileURL(fileURLToPath(new URL("../../../broker/kafka/protocol/", import.meta.url))).href;

describe.if(texts !== null)("generator over every schema", () => {
  test("generates, imports and round-trips all messages", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tributary-codegen-"));
    const specs = [...parseSchemas(texts ?? new Map()).values()];
    let versions = 0;
    for (const spec of specs) {
      const file = pathToFileURL(join(dir, `${snakeCase(spec.name)}.ts`));
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
    await rm(dir, { recursive: true, force: true });
    expect(specs.length).toBeGreaterThan(180);
    expect(versions).toBeGreaterThan(500);
  });
});
