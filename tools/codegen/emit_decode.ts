/**
 * Emits decoders: straight-line reads on the sticky-error reader, one function per struct,
 * the tagged-field section as a switch, one `check` at the end of the top-level decoder.
 *
 * @module
 */

import type { CodeWriter } from "./code_writer.ts";
import { choose, type FieldPlan, planFields } from "./field_model.ts";
import type { FieldSpec, FieldType } from "./spec.ts";
import type { StructInfo, StructRegistry } from "./structs.ts";
import { intersect, isEmpty, type VersionRange, versionCondition } from "./versions.ts";

/** Conditions for one place a field is read: compact and nullable, folded for `ctx`. */
interface Where {
  readonly compact: string;
  readonly nullable: string;
}

function whereIn(f: FieldSpec, ctx: VersionRange, reg: StructRegistry): Where {
  return {
    compact: versionCondition(f.flexibleVersions ?? reg.message.flexibleVersions, ctx),
    nullable: versionCondition(f.nullableVersions, ctx),
  };
}

/** Expression reading one non-array value. */
function readScalar(t: FieldType, f: FieldSpec, at: Where, reg: StructRegistry): string {
  if (t.kind === "struct") {
    const call = `decode${reg.get(t.name).tsName}(r, version)`;
    return choose(at.nullable, `(r.int8() < 0 ? null : ${call})`, call);
  }
  if (t.kind === "array") throw new Error("nested arrays are not supported");
  switch (t.name) {
    case "string":
      return choose(
        at.compact,
        choose(at.nullable, "r.compactNullableString()", "r.compactString()"),
        choose(at.nullable, "r.nullableString()", "r.string()"),
      );
    case "bytes":
    case "records": {
      const copy = t.name === "bytes" && !f.zeroCopy ? "true" : "false";
      return choose(
        at.compact,
        choose(at.nullable, `r.compactNullableBytes(${copy})`, `r.compactBytes(${copy})`),
        choose(at.nullable, `r.nullableBytes(${copy})`, `r.bytesField(${copy})`),
      );
    }
    default:
      return `r.${t.name}()`;
  }
}

function elementType(t: FieldType, reg: StructRegistry): string {
  if (t.kind === "struct") return reg.get(t.name).tsName;
  if (t.kind === "primitive") {
    if (t.name === "int64") return "bigint";
    if (t.name === "bool") return "boolean";
    return t.name === "string" || t.name === "uuid" ? "string" : "number";
  }
  throw new Error("nested arrays are not supported");
}

/** Statements assigning the field's value to `target` (declared by the caller). */
function emitRead(c: CodeWriter, p: FieldPlan, target: string, ctx: VersionRange, reg: StructRegistry): void {
  const f = p.spec;
  const at = whereIn(f, ctx, reg);
  if (f.type.kind !== "array") {
    c.line(`${target} = ${readScalar(f.type, f, at, reg)};`);
    return;
  }
  const el = f.type.element;
  const len = choose(
    at.compact,
    choose(at.nullable, "r.compactNullableArrayLength()", "r.compactArrayLength()"),
    choose(at.nullable, "r.nullableArrayLength()", "r.arrayLength()"),
  );
  const item = readScalar(el, f, { compact: at.compact, nullable: "false" }, reg);
  c.open("{");
  c.line(`const n = ${len};`);
  if (at.nullable !== "false") c.line(`if (n < 0) ${target} = null;`);
  c.open(at.nullable !== "false" ? "else {" : "{");
  c.line(`const a: ${elementType(el, reg)}[] = [];`);
  c.line(`for (let i = 0; i < n; i++) a.push(${item});`);
  c.line(`${target} = a;`);
  c.close();
  c.close();
}

/** The decoder of one struct (exported and checked when it is the message itself). */
export function emitDecoder(
  c: CodeWriter, s: StructInfo, reg: StructRegistry, topName = s.tsName, exported = true,
): void {
  const m = reg.message;
  const plans = planFields(s, reg);
  let signature = c.size;
  if (s.isTop) {
    c.doc(`Decode a ${m.name} body at \`version\`; throws KafkaDecodeError (naming the version ` +
      `and byte offset) if the bytes are malformed or truncated.`);
    c.open(`${exported ? "export " : ""}function decode${topName}(r: ByteReader, version: number): ${s.tsName} {`);
    signature = c.size - 1;
    const lo = m.validVersions.lo, hi = m.validVersions.hi;
    c.line(`if (version < ${lo} || version > ${hi}) r.fail(\`unsupported version \${version}\`);`);
  } else {
    c.open(`function decode${s.tsName}(r: ByteReader, version: number): ${s.tsName} {`);
  }
  for (const p of plans) {
    const simple = p.regularCond === "true" && p.spec.type.kind !== "array";
    if (p.regularCond === "true" && p.spec.type.kind === "array" && !p.tsType.endsWith("| null")) {
      const at = whereIn(p.spec, p.regular, reg);
      const el = p.spec.type.element;
      const len = choose(at.compact, "r.compactArrayLength()", "r.arrayLength()");
      c.line(`const ${p.local}: ${elementType(el, reg)}[] = [];`);
      c.line(`for (let i = 0, n = ${len}; i < n; i++) {`);
      c.line(`  ${p.local}.push(${readScalar(el, p.spec, { compact: at.compact, nullable: "false" }, reg)});`);
      c.line("}");
      continue;
    }
    if (simple) {
      c.line(`const ${p.local} = ${readScalar(p.spec.type, p.spec, whereIn(p.spec, p.regular, reg), reg)};`);
      continue;
    }
    c.line(`let ${p.local}: ${p.tsType} = ${p.defaultCode};`);
    if (p.regularCond === "false") continue;
    if (p.regularCond === "true") {
      emitRead(c, p, p.local, p.regular, reg);
    } else {
      c.open(`if (${p.regularCond}) {`);
      emitRead(c, p, p.local, p.regular, reg);
      c.close();
    }
  }
  const flex = versionCondition(m.flexibleVersions, s.ctx);
  const tagged = plans.filter((p) => !isEmpty(p.tagged)).sort((a, b) => (a.spec.tag ?? 0) - (b.spec.tag ?? 0));
  if (flex !== "false") {
    if (flex !== "true") c.open(`if (${flex}) {`);
    if (tagged.length === 0) {
      c.line("r.skipTaggedFields();");
    } else {
      c.open("for (let tags = r.taggedFieldCount(); tags > 0; tags--) {");
      c.line("const tag = r.uvarint();");
      c.line("const size = r.taggedFieldSize();");
      c.line("const end = r.position + size;");
      c.open("switch (tag) {");
      for (const p of tagged) {
        c.open(`case ${p.spec.tag}: {`);
        const cond = versionCondition(p.tagged, intersect(s.ctx, m.flexibleVersions));
        if (cond === "true") {
          emitRead(c, p, p.local, p.tagged, reg);
        } else {
          c.open(`if (${cond}) {`);
          emitRead(c, p, p.local, p.tagged, reg);
          c.reopen("} else {");
          c.line("r.skip(size);");
          c.close();
        }
        c.line("break;");
        c.close();
      }
      c.line("default:");
      c.line("  r.skip(size);");
      c.close();
      c.line("r.endTaggedField(tag, end);");
      c.close();
    }
    if (flex !== "true") c.close();
  }
  if (s.isTop) c.line(`r.check("${m.name}", version);`);
  const props = plans.map((p) => (p.local === p.prop ? p.prop : `${p.prop}: ${p.local}`));
  c.line(`return { ${props.join(", ")} };`);
  c.close();
  c.renameUnused(signature, "version");
  c.line();
}
