/**
 * Per-field facts the emitters share: property and local names, TypeScript types, where the
 * field is regular or tagged, nullable or compact, and its default as code.
 *
 * @module
 */

import type { FieldSpec, FieldType } from "./spec.ts";
import type { StructInfo, StructRegistry } from "./structs.ts";
import { intersect, isEmpty, NO_VERSIONS, type VersionRange, versionCondition } from "./versions.ts";

const RESERVED = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
  "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
  "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try",
  "typeof", "var", "void", "while", "with", "let", "static", "yield", "await", "implements",
  "interface", "package", "private", "protected", "public",
  // names the generated functions use themselves
  "r", "w", "m", "v", "e", "i", "n", "version", "flex", "tags", "tag", "size", "end",
]);

/** `ThrottleTimeMs` → `throttleTimeMs`. */
export function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Everything the emitters need to know about one field inside one struct. */
export interface FieldPlan {
  readonly spec: FieldSpec;
  /** Property name in the interfaces. */
  readonly prop: string;
  /** Local variable name in decoders. */
  readonly local: string;
  /** Decoded type (complete). */
  readonly tsType: string;
  /** Type accepted by encoders. */
  readonly initType: string;
  /** Required in the Init interface: on the wire in every version, no schema default. */
  readonly required: boolean;
  /** Versions where the field is a regular (positional) field, within the struct's context. */
  readonly regular: VersionRange;
  /** Versions where the field travels in the tagged-field section. */
  readonly tagged: VersionRange;
  /** Condition on `version` for the regular range ("true"/"false" when constant). */
  readonly regularCond: string;
  readonly taggedCond: string;
  /** Condition for nullable encoding. */
  readonly nullableCond: string;
  /** Condition for compact (flexible) encoding of strings, bytes and arrays. */
  readonly compactCond: string;
  /** Default value as a TypeScript expression. */
  readonly defaultCode: string;
}

function primitiveTs(name: string): string {
  switch (name) {
    case "bool":
      return "boolean";
    case "int64":
      return "bigint";
    case "string":
    case "uuid":
      return "string";
    case "bytes":
    case "records":
      return "Uint8Array";
    default:
      return "number";
  }
}

function baseType(t: FieldType, reg: StructRegistry, init: boolean): string {
  if (t.kind === "primitive") return primitiveTs(t.name);
  if (t.kind === "struct") return reg.get(t.name).tsName + (init ? "Init" : "");
  const el = baseType(t.element, reg, init);
  return init ? `readonly ${el}[]` : `${el}[]`;
}

/** True when the field's natural or explicit default is `null`. */
export function defaultsToNull(f: FieldSpec): boolean {
  if (f.type.kind === "primitive" && f.type.name === "records") return true;
  return f.defaultValue === "null";
}

/** The default of a field as a TypeScript expression. */
export function defaultCode(f: FieldSpec, reg: StructRegistry): string {
  const t = f.type;
  if (defaultsToNull(f)) return "null";
  if (t.kind === "array") return "[]";
  if (t.kind === "struct") return `default${reg.get(t.name).tsName}()`;
  const d = f.defaultValue;
  switch (t.name) {
    case "bool":
      return d === null ? "false" : String(d === "true");
    case "int64":
      return `${d === null ? "0" : BigInt(d).toString()}n`;
    case "float64":
    case "int8":
    case "int16":
    case "uint16":
    case "int32":
    case "uint32": {
      const n = d === null ? 0 : Number(d);
      if (!Number.isFinite(n)) throw new Error(`${f.name}: bad default "${d}"`);
      return String(n);
    }
    case "string":
      return JSON.stringify(d ?? "");
    case "uuid":
      return "ZERO_UUID";
    case "bytes":
      return "new Uint8Array(0)";
    default:
      throw new Error(`${f.name}: no default for ${t.name}`);
  }
}

/**
 * Expression that is true when `v` (an Init value, possibly `undefined`) differs from the
 * field's default — the test Kafka uses to decide whether a tagged field is written and
 * whether dropping a field in an old version loses information.
 */
export function nonDefaultCode(f: FieldSpec, v: string, reg: StructRegistry): string {
  const t = f.type;
  if (t.kind === "array" || (t.kind === "primitive" && (t.name === "bytes" || t.name === "records"))) {
    return defaultsToNull(f)
      ? `(${v} !== undefined && ${v} !== null)`
      : `(${v} !== undefined && (${v} === null || ${v}.length !== 0))`;
  }
  if (t.kind === "struct") {
    if (defaultsToNull(f)) return `(${v} !== undefined && ${v} !== null)`;
    return `(${v} !== undefined && (${v} === null || !isDefault${reg.get(t.name).tsName}(${v})))`;
  }
  return `(${v} !== undefined && ${v} !== ${defaultCode(f, reg)})`;
}

/** Plan every field of a struct. */
export function planFields(s: StructInfo, reg: StructRegistry): FieldPlan[] {
  const flexible = reg.message.flexibleVersions;
  const used = new Set<string>();
  return s.fields.map((f) => {
    const prop = camelCase(f.name);
    if (used.has(prop)) throw new Error(`${s.tsName}: duplicate field ${prop}`);
    used.add(prop);
    const present = intersect(f.versions, s.ctx);
    const tagged = intersect(f.taggedVersions, present);
    const regular = isEmpty(tagged)
      ? present
      : intersect(present, tagged.lo > 0 ? { lo: 0, hi: tagged.lo - 1 } : NO_VERSIONS);
    if (!isEmpty(tagged) && tagged.hi < present.hi) {
      throw new Error(`${s.tsName}.${f.name}: taggedVersions must be open-ended`);
    }
    const nullableSomewhere = !isEmpty(intersect(f.nullableVersions, present)) || defaultsToNull(f);
    const nul = nullableSomewhere ? " | null" : "";
    const base = baseType(f.type, reg, false);
    const required = isEmpty(tagged) && present.lo === s.ctx.lo && present.hi === s.ctx.hi &&
      f.defaultValue === null && !defaultsToNull(f);
    return {
      spec: f,
      prop,
      local: RESERVED.has(prop) ? `${prop}_` : prop,
      tsType: base + nul,
      initType: baseType(f.type, reg, true) + nul,
      required,
      regular,
      tagged,
      regularCond: versionCondition(regular, s.ctx),
      taggedCond: versionCondition(tagged, s.ctx),
      nullableCond: versionCondition(f.nullableVersions, s.ctx),
      compactCond: versionCondition(f.flexibleVersions ?? flexible, s.ctx),
      defaultCode: defaultCode(f, reg),
    };
  });
}

/** Pick between two expressions by a version condition, folding constant conditions. */
export function choose(cond: string, yes: string, no: string): string {
  if (cond === "true") return yes;
  if (cond === "false") return no;
  return `(${cond} ? ${yes} : ${no})`;
}
