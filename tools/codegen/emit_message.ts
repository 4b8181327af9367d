/**
 * Assembles one generated file: banner, imports (only those used), interfaces, helpers,
 * decoders and encoders of a message.
 *
 * @module
 */

import { CodeWriter } from "./code_writer.ts";
import { emitDecoder } from "./emit_decode.ts";
import { emitEncoder } from "./emit_encode.ts";
import { emitInterfaces, emitStructHelpers } from "./emit_types.ts";
import type { MessageSpec } from "./spec.ts";
import { buildRegistry } from "./structs.ts";

/** First lines of every generated file. */
export function banner(source: string): string {
  return `// generated — do not edit. Source: ${source} (Apache Kafka message schemas).\n` +
    `// Regenerate with \`bun tools/codegen/main.ts\` (or \`deno task codegen\`).\n`;
}

/** Import lines for the runtime helpers the body mentions. */
export function importsFor(body: string, from: string): string {
  const lines: string[] = [];
  if (/new ByteReader\(/.test(body)) lines.push(`import { ByteReader } from "${from}reader.ts";`);
  else if (/\bByteReader\b/.test(body)) lines.push(`import type { ByteReader } from "${from}reader.ts";`);
  if (/\bByteWriter\b/.test(body)) lines.push(`import type { ByteWriter } from "${from}writer.ts";`);
  const errs = ["nullFieldError", "unsupportedFieldError", "unsupportedVersionError"].filter((n) =>
    new RegExp(`\\b${n}\\(`).test(body)
  );
  if (/instanceof KafkaDecodeError/.test(body)) errs.unshift("KafkaDecodeError");
  if (errs.length > 0) lines.push(`import { ${errs.join(", ")} } from "${from}errors.ts";`);
  if (/\bZERO_UUID\b/.test(body)) lines.push(`import { ZERO_UUID } from "${from}uuid.ts";`);
  return lines.join("\n") + "\n";
}

/** Body of a message file (everything after the imports). */
export function emitMessageBody(spec: MessageSpec, topName?: string, exported = true): string {
  const reg = buildRegistry(spec);
  const c = new CodeWriter();
  for (const s of reg.structs) emitInterfaces(c, s, reg);
  for (const s of reg.structs) if (!s.isTop) emitStructHelpers(c, s, reg);
  for (const s of reg.structs) emitDecoder(c, s, reg, topName ?? s.tsName, exported);
  for (const s of reg.structs) emitEncoder(c, s, reg, topName ?? s.tsName, exported);
  return c.toString();
}

/** The whole generated file for one request or response schema. */
export function emitMessageFile(spec: MessageSpec, sourceFile: string): string {
  const body = emitMessageBody(spec);
  return `${banner(sourceFile)}\n${importsFor(body, "../")}\n${body}`.replace(/\n+$/, "\n");
}
