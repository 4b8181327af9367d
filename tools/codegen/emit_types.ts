/**
 * Emits the interfaces of a message (decoded form and the `Init` form encoders accept) and
 * the default / is-default helpers of structs used as plain struct fields.
 *
 * @module
 */

import type { CodeWriter } from "./code_writer.ts";
import { defaultsToNull, type FieldPlan, nonDefaultCode, planFields } from "./field_model.ts";
import type { StructInfo, StructRegistry } from "./structs.ts";
import { formatVersions, isEmpty, intersect } from "./versions.ts";

function fieldDoc(p: FieldPlan, s: StructInfo): string {
  const f = p.spec;
  const notes = [`versions ${formatVersions(intersect(f.versions, s.ctx))}`];
  const nullable = intersect(f.nullableVersions, intersect(f.versions, s.ctx));
  if (!isEmpty(nullable)) notes.push(`nullable ${formatVersions(nullable)}`);
  if (f.tag !== null) notes.push(`tag ${f.tag} in ${formatVersions(p.tagged)}`);
  if (!p.required) notes.push(`default ${p.defaultCode.replace(/^default\w+\(\)$/, "all defaults")}`);
  if (f.zeroCopy) notes.push("view into the input");
  if (f.type.kind === "primitive" && f.type.name === "records") notes.push("raw bytes, a view into the input");
  const about = f.about === "" ? "" : f.about.endsWith(".") ? `${f.about} ` : `${f.about}. `;
  return `${about}(${notes.join(", ")})`;
}

function structDoc(s: StructInfo, reg: StructRegistry): string {
  const m = reg.message;
  if (!s.isTop) return `${s.name} in ${m.name} (versions ${formatVersions(s.ctx)}).`;
  const key = m.apiKey === null ? "" : ` (api key ${m.apiKey})`;
  return `${m.name}${key}: versions ${formatVersions(m.validVersions)}, flexible ` +
    `${formatVersions(m.flexibleVersions)}.`;
}

/** Interfaces for one struct. */
export function emitInterfaces(c: CodeWriter, s: StructInfo, reg: StructRegistry): void {
  const plans = planFields(s, reg);
  c.doc(`${structDoc(s, reg)} Decoders return this complete form: a field missing from the ` +
    `decoded version holds its default.`);
  c.open(`export interface ${s.tsName} {`);
  for (const p of plans) {
    c.doc(fieldDoc(p, s));
    c.line(`${p.prop}: ${p.tsType};`);
  }
  c.close();
  c.line();
  c.doc(`${s.tsName} as encoders accept it: fields that have a default (or are missing from ` +
    `some versions) may be left out. A decoded ${s.tsName} is a valid ${s.tsName}Init.`);
  c.open(`export interface ${s.tsName}Init {`);
  for (const p of plans) {
    c.line(p.required ? `${p.prop}: ${p.initType};` : `${p.prop}?: ${p.initType} | undefined;`);
  }
  c.close();
  c.line();
}

/** Which helpers a struct needs: a default value and/or an is-default test. */
export function helperNeeds(s: StructInfo, reg: StructRegistry): { make: boolean; test: boolean } {
  let make = false;
  let test = false;
  for (const owner of reg.structs) {
    for (const f of owner.fields) {
      if (f.type.kind === "struct" && f.type.name === s.name && !defaultsToNull(f)) {
        make = true;
        test = true;
      }
    }
  }
  return { make, test };
}

/** `defaultX()` and `isDefaultX()` for a struct used as a plain field. */
export function emitStructHelpers(c: CodeWriter, s: StructInfo, reg: StructRegistry): void {
  const needs = helperNeeds(s, reg);
  const plans = planFields(s, reg);
  if (needs.make) {
    c.open(`function default${s.tsName}(): ${s.tsName} {`);
    c.line(`return { ${plans.map((p) => `${p.prop}: ${p.defaultCode}`).join(", ")} };`);
    c.close();
    c.line();
  }
  if (needs.test) {
    c.open(`function isDefault${s.tsName}(s: ${s.tsName}Init): boolean {`);
    const tests = plans.map((p) => nonDefaultCode(p.spec, `s.${p.prop}`, reg));
    if (tests.length === 0) c.line("return true;");
    else {
      c.open("return !(");
      tests.forEach((t, i) => c.line(i < tests.length - 1 ? `${t} ||` : t));
      c.close(");");
    }
    c.close();
    c.line();
  }
}
