/**
 * Emits encoders: straight-line writes, version checks folded where the schema allows, the
 * non-ignorable and non-nullable checks Kafka's own generator makes, tagged fields written
 * in tag order with their size prefix.
 *
 * @module
 */

import type { CodeWriter } from "./code_writer.ts";
import { type FieldPlan, nonDefaultCode, planFields } from "./field_model.ts";
import type { FieldType } from "./spec.ts";
import type { StructInfo, StructRegistry } from "./structs.ts";
import { intersect, isEmpty, type VersionRange, versionCondition } from "./versions.ts";

/** `if (cond) a; else b;` with constant conditions folded. */
function pick(c: CodeWriter, cond: string, yes: string, no: string): void {
  if (cond === "true") c.line(yes);
  else if (cond === "false") c.line(no);
  else c.line(`if (${cond}) ${yes} else ${no}`);
}

/** Write a non-null, non-array value `x`. */
function writeValue(
  c: CodeWriter, t: FieldType, x: string, compact: string, nullable: string, reg: StructRegistry,
): void {
  if (t.kind === "struct") {
    if (nullable === "true") c.line("w.int8(1);");
    else if (nullable !== "false") c.line(`if (${nullable}) w.int8(1);`);
    c.line(`encode${reg.get(t.name).tsName}(w, ${x}, version);`);
    return;
  }
  if (t.kind === "array") throw new Error("nested arrays are not supported");
  switch (t.name) {
    case "string":
      pick(c, compact, `w.compactString(${x});`, `w.string(${x});`);
      return;
    case "bytes":
    case "records":
      pick(c, compact, `w.compactBytes(${x});`, `w.bytesField(${x});`);
      return;
    default:
      c.line(`w.${t.name}(${x});`);
  }
}

function nullWrite(t: FieldType): [string, string] {
  if (t.kind === "struct") return ["w.int8(-1);", "w.int8(-1);"];
  if (t.kind === "primitive" && t.name === "string") return ["w.uvarint(0);", "w.int16(-1);"];
  return ["w.uvarint(0);", "w.int32(-1);"];
}

/** Statements writing field `p` from expression `v` in the versions `ctx`. */
function emitWrite(c: CodeWriter, p: FieldPlan, v: string, ctx: VersionRange, s: StructInfo, reg: StructRegistry): void {
  const f = p.spec;
  const compact = versionCondition(f.flexibleVersions ?? reg.message.flexibleVersions, ctx);
  const nullable = versionCondition(f.nullableVersions, ctx);
  const canBeNull = p.tsType.endsWith("| null");
  if (!canBeNull && f.type.kind !== "array") {
    writeValue(c, f.type, v.includes("?") ? `(${v})` : v, compact, nullable, reg);
    return;
  }
  c.open("{");
  c.line(`const x = ${v};`);
  if (canBeNull) {
    c.open("if (x === null) {");
    const [cw, lw] = nullWrite(f.type);
    const thrower = `throw nullFieldError("${s.tsName}", "${p.prop}", version);`;
    if (nullable === "true") pick(c, compact, cw, lw);
    else if (nullable === "false") c.line(thrower);
    else {
      c.open(`if (${nullable}) {`);
      pick(c, compact, cw, lw);
      c.reopen("} else {");
      c.line(thrower);
      c.close();
    }
    c.reopen("} else {");
  }
  if (f.type.kind === "array") {
    pick(c, compact, "w.uvarint(x.length + 1);", "w.int32(x.length);");
    c.open("for (const e of x) {");
    writeValue(c, f.type.element, "e", compact, "false", reg);
    c.close();
  } else {
    writeValue(c, f.type, "x", compact, nullable, reg);
  }
  if (canBeNull) c.close();
  c.close();
}

function valueOf(p: FieldPlan): string {
  // Not `??`: an explicit null must survive for nullable fields.
  return p.required ? `m.${p.prop}` : `m.${p.prop} === undefined ? ${p.defaultCode} : m.${p.prop}`;
}

/** The encoder of one struct (exported when it is the message itself). */
export function emitEncoder(
  c: CodeWriter, s: StructInfo, reg: StructRegistry, topName = s.tsName, exported = true,
): void {
  const m = reg.message;
  const plans = planFields(s, reg);
  let signature = c.size;
  const sig = `(w: ByteWriter, m: ${s.tsName}Init, version: number): void {`;
  if (s.isTop) {
    c.doc(`Encode a ${m.name} body at \`version\`; throws KafkaEncodeError when a value cannot ` +
      `be carried by that version.`);
    c.open(`${exported ? "export " : ""}function encode${topName}${sig}`);
    signature = c.size - 1;
    const lo = m.validVersions.lo, hi = m.validVersions.hi;
    c.line(`if (version < ${lo} || version > ${hi}) throw unsupportedVersionError("${m.name}", version);`);
  } else {
    c.open(`function encode${s.tsName}${sig}`);
  }
  for (const p of plans) {
    const present = intersect(p.spec.versions, s.ctx);
    const presentCond = versionCondition(present, s.ctx);
    if (!p.spec.ignorable && presentCond !== "true") {
      const absent = presentCond === "false" ? "" : `!(${presentCond}) && `;
      c.line(`if (${absent}${nonDefaultCode(p.spec, `m.${p.prop}`, reg)}) {`);
      c.line(`  throw unsupportedFieldError("${s.tsName}", "${p.prop}", version);`);
      c.line("}");
    }
    if (p.regularCond === "false") continue;
    if (p.regularCond === "true") emitWrite(c, p, valueOf(p), p.regular, s, reg);
    else {
      c.open(`if (${p.regularCond}) {`);
      emitWrite(c, p, valueOf(p), p.regular, s, reg);
      c.close();
    }
  }
  const flex = versionCondition(m.flexibleVersions, s.ctx);
  const tagged = plans.filter((p) => !isEmpty(p.tagged)).sort((a, b) => (a.spec.tag ?? 0) - (b.spec.tag ?? 0));
  if (flex !== "false") {
    if (flex !== "true") c.open(`if (${flex}) {`);
    if (tagged.length === 0) {
      c.line("w.uvarint(0);");
    } else {
      c.line("let tags = 0;");
      for (const p of tagged) {
        const cond = versionCondition(p.tagged, intersect(s.ctx, m.flexibleVersions));
        const test = nonDefaultCode(p.spec, `m.${p.prop}`, reg);
        c.line(`const has${p.spec.name} = ${cond === "true" ? "" : `${cond} && `}${test};`);
        c.line(`if (has${p.spec.name}) tags++;`);
      }
      c.line("w.uvarint(tags);");
      for (const p of tagged) {
        c.open(`if (has${p.spec.name}) {`);
        c.line(`w.uvarint(${p.spec.tag});`);
        c.line("const mark = w.beginSized();");
        emitWrite(c, p, valueOf(p), p.tagged, s, reg);
        c.line("w.endSized(mark);");
        c.close();
      }
    }
    if (flex !== "true") c.close();
  }
  c.close();
  c.renameUnused(signature, "version");
  c.line();
}
