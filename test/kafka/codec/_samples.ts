/**
 * Sample messages built from the schema model: for a message and version, a random message
 * (what an encoder accepts) and the message a decoder must return for it (fields missing from
 * the version, and tagged fields left out, hold their defaults).
 *
 * @module
 */

import { readFile, readdir } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultCode, type FieldPlan, planFields } from "../../../tools/codegen/field_model.ts";
import type { FieldSpec, FieldType, MessageSpec } from "../../../tools/codegen/spec.ts";
import { buildRegistry, type StructInfo, type StructRegistry } from "../../../tools/codegen/structs.ts";
import { contains } from "../../../tools/codegen/versions.ts";
import { uuidToString, ZERO_UUID } from "../../../broker/kafka/protocol/uuid.ts";
import * as codecs from "../../../broker/kafka/protocol/generated/mod.ts";
import type { ByteReader } from "../../../broker/kafka/protocol/reader.ts";
import type { ByteWriter } from "../../../broker/kafka/protocol/writer.ts";

/** The schema directory next to the project, as the generator defaults to. */
export const SCHEMA_DIR = resolve(fileURLToPath(new URL("../../../", import.meta.url)), "../shared/kafka-protocol");

/** Schema texts by file name, or null when the directory is absent. */
export async function loadSchemaTexts(): Promise<Map<string, string> | null> {
  const names = await readdir(SCHEMA_DIR).catch(() => null);
  if (names === null) return null;
  const out = new Map<string, string>();
  for (const n of names.sort()) if (n.endsWith(".json")) out.set(n, await readFile(resolve(SCHEMA_DIR, n), "utf8"));
  return out;
}

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
type Obj = Record<string, unknown>;

const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const WORDS = ["", "a", "topic-1", "grüße", "日本", "x".repeat(40), "sensor/temp", "🙂ok"];

function randomBytes(rand: Rand, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = int(rand, 0, 255);
  return b;
}

function randomPrimitive(name: string, rand: Rand): unknown {
  switch (name) {
    case "bool": return rand() < 0.5;
    case "int8": return int(rand, -128, 127);
    case "int16": return int(rand, -32768, 32767);
    case "uint16": return int(rand, 0, 65535);
    case "int32": return int(rand, -2147483648, 2147483647);
    case "uint32": return int(rand, 0, 4294967295);
    case "int64": return BigInt.asIntN(64, (BigInt(int(rand, 0, 2 ** 32 - 1)) << 32n) | BigInt(int(rand, 0, 2 ** 32 - 1)));
    case "float64": return (rand() - 0.5) * 1e6;
    case "string": return WORDS[int(rand, 0, WORDS.length - 1)]!;
    case "uuid": return uuidToString(randomBytes(rand, 16), 0);
    case "bytes": case "records": return randomBytes(rand, int(rand, 0, 12));
  }
  throw new Error(`no sample for ${name}`);
}

/** The runtime value of a field's default (mirrors the generator's defaultCode). */
export function defaultValue(f: FieldSpec, reg: StructRegistry): unknown {
  const code = defaultCode(f, reg);
  if (code === "null") return null;
  if (code === "[]") return [];
  if (code === "new Uint8Array(0)") return new Uint8Array(0);
  if (code === "ZERO_UUID") return ZERO_UUID;
  if (code === "true" || code === "false") return code === "true";
  if (/^-?\d+n$/.test(code)) return BigInt(code.slice(0, -1));
  if (code.startsWith('"')) return JSON.parse(code);
  if (f.type.kind === "struct") return defaultStruct(reg.get(f.type.name), reg);
  return Number(code);
}

function defaultStruct(s: StructInfo, reg: StructRegistry): Obj {
  const o: Obj = {};
  for (const p of planFields(s, reg)) o[p.prop] = defaultValue(p.spec, reg);
  return o;
}

function sampleValue(t: FieldType, f: FieldSpec, version: number, reg: StructRegistry, rand: Rand, depth: number): [unknown, unknown] {
  if (t.kind === "primitive") {
    const v = randomPrimitive(t.name, rand);
    return [v, v];
  }
  if (t.kind === "struct") {
    const s = sampleStruct(reg.get(t.name), version, reg, rand, depth + 1);
    return [s.init, s.expected];
  }
  const n = depth > 3 ? 0 : int(rand, 0, 3);
  const init: unknown[] = [], expected: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const [a, b] = sampleValue(t.element, f, version, reg, rand, depth);
    init.push(a);
    expected.push(b);
  }
  return [init, expected];
}

function sampleField(p: FieldPlan, version: number, reg: StructRegistry, rand: Rand, depth: number): [unknown, unknown] | null {
  const f = p.spec;
  const regular = contains(p.regular, version);
  const tagged = contains(p.tagged, version);
  if (!regular && !tagged) return null;
  if (tagged && rand() < 0.3) return null;
  if (contains(f.nullableVersions, version) && rand() < 0.2) return [null, null];
  return sampleValue(f.type, f, version, reg, rand, depth);
}

function sampleStruct(s: StructInfo, version: number, reg: StructRegistry, rand: Rand, depth: number): { init: Obj; expected: Obj } {
  const init: Obj = {}, expected: Obj = {};
  for (const p of planFields(s, reg)) {
    const v = sampleField(p, version, reg, rand, depth);
    if (v === null) {
      expected[p.prop] = defaultValue(p.spec, reg);
    } else {
      init[p.prop] = v[0];
      expected[p.prop] = v[1];
    }
  }
  return { init, expected };
}

/** A random message of `spec` at `version` and what decoding its encoding must return. */
export function sampleMessage(spec: MessageSpec, version: number, seed: number): { init: Obj; expected: Obj } {
  const reg = buildRegistry(spec);
  const top = reg.structs[0]!;
  return sampleStruct(top, version, reg, rng(seed * 7919 + version), 0);
}

// Name-based access to the generated codecs for tests that walk every message (dynamic on
// purpose; production code calls the functions directly).

/** A generated encoder with its message type erased. */
export type Encode = (w: ByteWriter, m: unknown, version: number) => void;
/** A generated decoder with its message type erased. */
export type Decode = (r: ByteReader, version: number) => unknown;

/** The generated encode/decode pair of a message, e.g. `codecFor("ProduceRequest")`. */
export function codecFor(name: string): { encode: Encode; decode: Decode } {
  const table = codecs as unknown as Record<string, unknown>;
  const encode = table[`encode${name}`], decode = table[`decode${name}`];
  if (typeof encode !== "function" || typeof decode !== "function") throw new Error(`no codec for ${name}`);
  return { encode: encode as Encode, decode: decode as Decode };
}
