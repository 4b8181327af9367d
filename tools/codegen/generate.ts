/**
 * The generator as a pure function: schema texts in, generated files out. `main.ts` does
 * the file I/O; the drift test calls this in memory.
 *
 * @module
 */

import { GENERATED_API_KEYS, GENERATED_DATA_SCHEMAS, OUTPUT_DIR, snakeCase } from "./apis.ts";
import { apiRows, emitApiKeys } from "./emit_api_keys.ts";
import { emitCodecTable } from "./emit_codec_tables.ts";
import { emitHeaders } from "./emit_headers.ts";
import { banner, emitMessageFile } from "./emit_message.ts";
import { type MessageSpec, parseMessageSpec } from "./spec.ts";

/** One output file, path relative to the project root. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** Parse every `*.json` schema text (file name → text). */
export function parseSchemas(schemas: ReadonlyMap<string, string>): Map<string, MessageSpec> {
  const out = new Map<string, MessageSpec>();
  for (const [file, text] of schemas) {
    if (file.endsWith(".json")) out.set(file, parseMessageSpec(text, file));
  }
  return out;
}

/**
 * Generate every file of `broker/kafka/protocol/generated/`.
 *
 * @example
 * ```ts
 * const files = generateAll(new Map([["ProduceRequest.json", text], ...]));
 * ```
 */
export function generateAll(schemas: ReadonlyMap<string, string>): GeneratedFile[] {
  const parsed = parseSchemas(schemas);
  const specs = [...parsed.values()];
  const byName = (name: string): MessageSpec => {
    const s = specs.find((x) => x.name === name);
    if (s === undefined) throw new Error(`schema ${name}.json not found`);
    return s;
  };
  const files: GeneratedFile[] = [];
  const rows = apiRows(specs, new Set(GENERATED_API_KEYS));
  const mod: string[] = [];
  for (const key of GENERATED_API_KEYS) {
    const row = rows.find((r) => r.request.apiKey === key);
    if (row === undefined) throw new Error(`no schema for api key ${key}`);
    for (const spec of [row.request, row.response]) {
      const file = snakeCase(spec.name);
      files.push({ path: `${OUTPUT_DIR}/${file}.ts`, content: emitMessageFile(spec, `${spec.name}.json`) });
      mod.push(`export * from "./${file}.ts";`);
    }
  }
  for (const name of GENERATED_DATA_SCHEMAS) {
    const file = snakeCase(name);
    files.push({ path: `${OUTPUT_DIR}/${file}.ts`, content: emitMessageFile(byName(name), `${name}.json`) });
    mod.push(`export * from "./${file}.ts";`);
  }
  files.push({ path: `${OUTPUT_DIR}/api_keys.ts`, content: emitApiKeys(rows) });
  files.push({ path: `${OUTPUT_DIR}/broker_codecs.ts`, content: emitCodecTable(rows, "broker") });
  files.push({ path: `${OUTPUT_DIR}/client_codecs.ts`, content: emitCodecTable(rows, "client") });
  files.push({
    path: `${OUTPUT_DIR}/headers.ts`,
    content: emitHeaders(byName("RequestHeader"), byName("ResponseHeader")),
  });
  const modText = `${banner("the generator's API list")}\n/** Every generated codec. @module */\n\n` +
    `export * from "./api_keys.ts";\nexport * from "./headers.ts";\n` +
    `export * from "./broker_codecs.ts";\nexport * from "./client_codecs.ts";\n${mod.join("\n")}\n`;
  files.push({ path: `${OUTPUT_DIR}/mod.ts`, content: modText });
  return files;
}
