/**
 * The struct registry of one message: the top-level struct, every inline struct and every
 * `commonStructs` entry, each with the version range in which it can appear on the wire.
 *
 * @module
 */

import type { FieldSpec, FieldType, MessageSpec } from "./spec.ts";
import { hull, intersect, isEmpty, NO_VERSIONS, type VersionRange } from "./versions.ts";

/** A struct the emitter turns into an interface plus encode/decode functions. */
export interface StructInfo {
  /** Schema name (`TopicProduceData`), or the message name for the top level. */
  readonly name: string;
  /** TypeScript interface name: message name + struct name, so names never collide. */
  readonly tsName: string;
  readonly fields: readonly FieldSpec[];
  /** Versions in which the struct can be on the wire (hull over every referencing field). */
  ctx: VersionRange;
  readonly isTop: boolean;
  /** Used as a plain (non-array) struct field somewhere: needs default/isDefault helpers. */
  usedAsField: boolean;
}

/** All structs of one message, top level first, then in definition order. */
export interface StructRegistry {
  readonly message: MessageSpec;
  readonly structs: readonly StructInfo[];
  get(name: string): StructInfo;
}

/** The struct name a field refers to (directly or as array element), if any. */
export function structRef(type: FieldType): string | null {
  if (type.kind === "struct") return type.name;
  if (type.kind === "array" && type.element.kind === "struct") return type.element.name;
  if (type.kind === "array" && type.element.kind === "array") {
    throw new Error("arrays of arrays are not part of the Kafka schema language");
  }
  return null;
}

/**
 * Build the registry: collect definitions, then propagate version contexts from the top
 * (a struct nested in a `"12+"` field only exists from v12, whatever its own fields say).
 */
export function buildRegistry(message: MessageSpec): StructRegistry {
  const byName = new Map<string, StructInfo>();
  const order: StructInfo[] = [];
  const add = (name: string, fields: readonly FieldSpec[], isTop: boolean): void => {
    if (byName.has(name)) throw new Error(`${message.name}: struct ${name} is defined twice`);
    const info: StructInfo = {
      name,
      tsName: isTop ? message.name : message.name + name,
      fields,
      ctx: NO_VERSIONS,
      isTop,
      usedAsField: false,
    };
    byName.set(name, info);
    order.push(info);
  };
  const collect = (fields: readonly FieldSpec[]): void => {
    for (const f of fields) {
      const ref = structRef(f.type);
      if (ref !== null && f.fields !== null) {
        add(ref, f.fields, false);
        collect(f.fields);
      }
    }
  };
  add(message.name, message.fields, true);
  collect(message.fields);
  for (const c of message.commonStructs) {
    add(c.name, c.fields, false);
    collect(c.fields);
  }
  const get = (name: string): StructInfo => {
    const s = byName.get(name);
    if (s === undefined) throw new Error(`${message.name}: unknown struct type ${name}`);
    return s;
  };
  const visit = (s: StructInfo, ctx: VersionRange, depth: number): void => {
    if (depth > 32) throw new Error(`${message.name}: struct nesting too deep at ${s.name}`);
    s.ctx = hull(s.ctx, ctx);
    for (const f of s.fields) {
      const ref = structRef(f.type);
      if (ref === null) continue;
      const child = get(ref);
      if (f.type.kind === "struct") child.usedAsField = true;
      const inner = intersect(f.versions, ctx);
      if (!isEmpty(inner)) visit(child, inner, depth + 1);
    }
  };
  const top = order[0];
  if (top === undefined) throw new Error("unreachable");
  visit(top, message.validVersions, 0);
  return { message, structs: order.filter((s) => !isEmpty(s.ctx)), get };
}
