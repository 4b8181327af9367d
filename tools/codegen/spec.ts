/**
 * The schema model: Kafka's message JSON (with `//` comments) parsed into typed specs.
 *
 * Only the attributes the generator acts on are kept; `entityType`, `listeners` and `mapKey`
 * are read and ignored (arrays stay arrays, see the README).
 *
 * @module
 */

import { NO_VERSIONS, parseVersions, type VersionRange } from "./versions.ts";

/** Scalar wire types. */
export type PrimitiveName =
  | "bool"
  | "int8"
  | "int16"
  | "uint16"
  | "int32"
  | "uint32"
  | "int64"
  | "float64"
  | "string"
  | "uuid"
  | "bytes"
  | "records";

/** A field's type: a primitive, a struct by name, or an array of either. */
export type FieldType =
  | { readonly kind: "primitive"; readonly name: PrimitiveName }
  | { readonly kind: "struct"; readonly name: string }
  | { readonly kind: "array"; readonly element: FieldType };

/** One field of a struct, versions already parsed. */
export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly versions: VersionRange;
  readonly nullableVersions: VersionRange;
  readonly taggedVersions: VersionRange;
  readonly tag: number | null;
  /** Field-level override of the message's flexible versions (only `ClientId` uses it). */
  readonly flexibleVersions: VersionRange | null;
  /** The raw `default` attribute, or null when the type's natural default applies. */
  readonly defaultValue: string | null;
  readonly ignorable: boolean;
  readonly zeroCopy: boolean;
  readonly about: string;
  /** Inline struct definition for struct and struct-array fields. */
  readonly fields: readonly FieldSpec[] | null;
}

/** A named struct from `commonStructs`. */
export interface CommonStructSpec {
  readonly name: string;
  readonly versions: VersionRange;
  readonly fields: readonly FieldSpec[];
}

/** One schema file. */
export interface MessageSpec {
  readonly name: string;
  readonly kind: "request" | "response" | "header" | "data" | "metadata";
  readonly apiKey: number | null;
  readonly validVersions: VersionRange;
  readonly flexibleVersions: VersionRange;
  readonly deprecatedVersions: VersionRange;
  readonly fields: readonly FieldSpec[];
  readonly commonStructs: readonly CommonStructSpec[];
}

const PRIMITIVES = new Set<string>([
  "bool", "int8", "int16", "uint16", "int32", "uint32", "int64", "float64",
  "string", "uuid", "bytes", "records",
]);

/**
 * Remove `//` comments outside string literals, keeping line structure, so JSON.parse can
 * read the schema. URLs inside `about` strings survive.
 */
export function stripJsonComments(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else {
      out += c;
    }
  }
  return out;
}

/** Parse a field type string such as `int32`, `[]string` or `[]TopicData`. */
export function parseType(text: string): FieldType {
  if (text.startsWith("[]")) return { kind: "array", element: parseType(text.slice(2)) };
  if (PRIMITIVES.has(text)) return { kind: "primitive", name: text as PrimitiveName };
  if (!/^[A-Z][A-Za-z0-9]*$/.test(text)) throw new Error(`unknown field type "${text}"`);
  return { kind: "struct", name: text };
}

type Json = Record<string, unknown>;

function str(o: Json, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== "string") throw new Error(`${where}: "${key}" must be a string`);
  return v;
}

function optVersions(o: Json, key: string): VersionRange | null {
  const v = o[key];
  return typeof v === "string" ? parseVersions(v) : null;
}

function parseField(o: Json, where: string): FieldSpec {
  const name = str(o, "name", where);
  const at = `${where}.${name}`;
  const type = parseType(str(o, "type", at));
  const rawDefault = o["default"];
  const rawTag = o["tag"];
  const tag = typeof rawTag === "string" && /^\d+$/.test(rawTag) ? Number(rawTag) : rawTag;
  const fields = Array.isArray(o["fields"])
    ? (o["fields"] as Json[]).map((f) => parseField(f, at))
    : null;
  if (tag !== undefined && typeof tag !== "number") throw new Error(`${at}: tag must be a number`);
  const spec: FieldSpec = {
    name,
    type,
    versions: parseVersions(str(o, "versions", at)),
    nullableVersions: optVersions(o, "nullableVersions") ?? NO_VERSIONS,
    taggedVersions: optVersions(o, "taggedVersions") ?? NO_VERSIONS,
    tag: typeof tag === "number" ? tag : null,
    flexibleVersions: optVersions(o, "flexibleVersions"),
    defaultValue: rawDefault === undefined ? null : String(rawDefault),
    ignorable: o["ignorable"] === true,
    zeroCopy: o["zeroCopy"] === true,
    about: typeof o["about"] === "string" ? o["about"] : "",
    fields,
  };
  if ((spec.tag === null) !== (spec.taggedVersions.lo > spec.taggedVersions.hi)) {
    throw new Error(`${at}: "tag" and "taggedVersions" must be given together`);
  }
  return spec;
}

/**
 * Parse one schema file's text into a {@link MessageSpec}.
 *
 * @example
 * ```ts
 * const spec = parseMessageSpec(await readFile("ApiVersionsRequest.json", "utf8"));
 * spec.apiKey; // 18
 * ```
 */
export function parseMessageSpec(text: string, file = "schema"): MessageSpec {
  const o = JSON.parse(stripJsonComments(text)) as Json;
  const name = str(o, "name", file);
  const kind = str(o, "type", file);
  if (!["request", "response", "header", "data", "metadata"].includes(kind)) {
    throw new Error(`${file}: unknown message type "${kind}"`);
  }
  const apiKey = o["apiKey"];
  const commons = Array.isArray(o["commonStructs"]) ? (o["commonStructs"] as Json[]) : [];
  return {
    name,
    kind: kind as MessageSpec["kind"],
    apiKey: typeof apiKey === "number" ? apiKey : null,
    validVersions: parseVersions(str(o, "validVersions", name)),
    flexibleVersions: parseVersions(str(o, "flexibleVersions", name)),
    deprecatedVersions: optVersions(o, "deprecatedVersions") ?? NO_VERSIONS,
    fields: ((o["fields"] ?? []) as Json[]).map((f) => parseField(f, name)),
    commonStructs: commons.map((c) => ({
      name: str(c, "name", name),
      versions: parseVersions(str(c, "versions", name)),
      fields: ((c["fields"] ?? []) as Json[]).map((f) => parseField(f, `${name}.${String(c["name"])}`)),
    })),
  };
}
