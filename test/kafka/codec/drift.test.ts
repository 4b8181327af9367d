/**
 * The committed generated codecs match what the generator makes from the schemas today.
 * Skipped (with a message) only where ../shared/kafka-protocol is absent.
 */
import { describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GENERATED_API_KEYS, GENERATED_DATA_SCHEMAS, OUTPUT_DIR } from "../../../tools/codegen/apis.ts";
import { generateAll } from "../../../tools/codegen/generate.ts";
import { driftedFiles, PROJECT_ROOT } from "../../../tools/codegen/main.ts";
import { loadSchemaTexts, SCHEMA_DIR } from "./_samples.ts";

const texts = await loadSchemaTexts();
if (texts === null) console.warn(`codegen drift test skipped: ${SCHEMA_DIR} is absent`);

describe.if(texts !== null)("codegen drift", () => {
  test("committed files equal a fresh in-memory generation", async () => {
    const files = generateAll(texts ?? new Map());
    // messages + api_keys, headers, broker_codecs, client_codecs, mod
    expect(files.length).toBe(GENERATED_API_KEYS.length * 2 + GENERATED_DATA_SCHEMAS.length + 5);
    expect(await driftedFiles(files, PROJECT_ROOT)).toEqual([]);
  });

  test("every generated file starts with the do-not-edit banner", () => {
    for (const f of generateAll(texts ?? new Map())) {
      expect(f.content.startsWith("// generated — do not edit.")).toBe(true);
    }
  });
});

describe("drift detection", () => {
  test("reports modified, missing and stale files", async () => {
    const root = await mkdtemp(join(tmpdir(), "tributary-drift-"));
    try {
      const files = [
        { path: `${OUTPUT_DIR}/a.ts`, content: "a\n" },
        { path: `${OUTPUT_DIR}/b.ts`, content: "b\n" },
        { path: `${OUTPUT_DIR}/c.ts`, content: "c\n" },
      ];
      await mkdir(join(root, OUTPUT_DIR), { recursive: true });
      await writeFile(join(root, OUTPUT_DIR, "a.ts"), "a\n");
      await writeFile(join(root, OUTPUT_DIR, "b.ts"), "edited by hand\n");
      await writeFile(join(root, OUTPUT_DIR, "old.ts"), "left over\n");
      expect((await driftedFiles(files, root)).sort()).toEqual([
        `${OUTPUT_DIR}/b.ts`,
        `${OUTPUT_DIR}/c.ts`,
        `${OUTPUT_DIR}/old.ts (stale)`,
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
