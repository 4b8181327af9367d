/**
 * The committed generated codecs match what the generator makes from the schemas today.
 * Skipped (with a message) only where ../shared/kafka-protocol is absent.
 */
import { describe, expect, test } from "bun:test";
import { generateAll } from "../../../tools/codegen/generate.ts";
import { driftedFiles, PROJECT_ROOT } from "../../../tools/codegen/main.ts";
import { loadSchemaTexts, SCHEMA_DIR } from "./_samples.ts";

const texts = await loadSchemaTexts();
if (texts === null) console.warn(`codegen drift test skipped: ${SCHEMA_DIR} is absent`);

describe.skipIf(texts === null)("codegen drift", () => {
  test("committed files equal a fresh in-memory generation", async () => {
    const files = generateAll(texts ?? new Map());
    expect(files.length).toBe(63);
    expect(await driftedFiles(files, PROJECT_ROOT)).toEqual([]);
  });

  test("every generated file starts with the do-not-edit banner", () => {
    for (const f of generateAll(texts ?? new Map())) {
      expect(f.content.startsWith("// generated — do not edit.")).toBe(true);
    }
  });
});
