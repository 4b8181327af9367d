/**
 * Structure-aware Kafka requests from the schemas the codecs are generated from
 * (`tools/codegen` model over `../shared/kafka-protocol/`): any request API key, any version,
 * header included, written field by field — mostly valid, with a per-input "chaos" rate at
 * which a field goes wrong: extreme or negative string/bytes lengths and array counts, null
 * where not nullable, invalid UTF-8, bad tagged-field sections (unknown, duplicate or
 * unordered tags, sizes that lie), and record batches that are valid, corrupt or lie about
 * their length.
 */
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { type FieldPlan, planFields } from "../../tools/codegen/field_model.ts";
import { parseSchemas } from "../../tools/codegen/generate.ts";
import type { FieldType, MessageSpec } from "../../tools/codegen/spec.ts";
import { buildRegistry, type StructInfo, type StructRegistry } from "../../tools/codegen/structs.ts";
import { contains } from "../../tools/codegen/versions.ts";
import { loadSchemaTexts } from "../kafka/codec/_samples.ts";
import type { Rng } from "./rng.ts";

const TOPICS = ["t", "t", "t", "t", "t", "t", "mqtt-messages", "", "__consumer_offsets", "new-topic", "a".repeat(249), "bad/name", ".."];
const WORDS = ["", "grp", "member-1", "consumer", "range", "PLAIN", "retention.ms", "cleanup.policy", "compact", "-1", "x".repeat(300), "grüße"];

/** Little byte builder that writes whatever it is told, valid or not. */
class Out {
  #parts: number[] = [];
  byte(n: number): void {
    this.#parts.push(n & 0xff);
  }
  int16(n: number): void {
    this.byte(n >> 8);
    this.byte(n);
  }
  int32(n: number): void {
    this.int16(n >> 16);
    this.int16(n);
  }
  int64(n: bigint): void {
    this.int32(Number(BigInt.asIntN(32, n >> 32n)));
    this.int32(Number(BigInt.asIntN(32, n)));
  }
  uvarint(n: number): void {
    let v = n >>> 0;
    while (v >= 0x80) {
      this.byte((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.byte(v);
  }
  raw(b: Uint8Array): void {
    for (const x of b) this.#parts.push(x);
  }
  get length(): number {
    return this.#parts.length;
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.#parts);
  }
}

interface Ctx {
  rng: Rng;
  reg: StructRegistry;
  version: number;
  /** Probability that one field is written wrong. */
  chaos: number;
  depth: number;
}

const bad = (c: Ctx) => c.rng.chance(c.chaos);

function isCompact(p: FieldPlan | undefined, c: Ctx): boolean {
  const flexible = p?.spec.flexibleVersions ?? c.reg.message.flexibleVersions;
  return contains(flexible, c.version);
}

function writeLength(out: Out, n: number, compact: boolean, wide: boolean): void {
  if (compact) out.uvarint(n + 1);
  else if (wide) out.int32(n);
  else out.int16(n);
}

function writeString(out: Out, c: Ctx, nullable: boolean, compact: boolean, text: string | null): void {
  if (text === null || (bad(c) && c.rng.chance(0.3))) return writeLength(out, -1, compact, false);
  let bytes: Uint8Array = new TextEncoder().encode(text);
  if (bad(c)) bytes = c.rng.pick([Uint8Array.of(0xff, 0xfe), Uint8Array.of(0xc3), c.rng.bytes(c.rng.int(0, 8))]);
  let declared = bytes.length;
  if (bad(c)) declared = c.rng.pick([-2, 0x7fff, declared + 1, declared + 1000, Math.max(0, declared - 1), 0x7fffffff]);
  writeLength(out, declared, compact, false);
  out.raw(bytes);
  void nullable;
}

function recordsValue(c: Ctx): Uint8Array {
  const n = c.rng.int(0, 3);
  const records = Array.from({ length: n }, (_, i) => ({
    timestamp: c.rng.chance(0.8) ? 1_700_000_000_000 + i : c.rng.interesting(32),
    key: c.rng.chance(0.5) ? c.rng.bytes(c.rng.int(0, 6)) : null,
    value: c.rng.chance(0.9) ? c.rng.bytes(c.rng.int(0, 24)) : null,
    headers: c.rng.chance(0.3) ? [{ key: "h", value: c.rng.bytes(2) }] : [],
  }));
  let batch: Uint8Array = buildRecordBatch(records);
  if (bad(c)) {
    batch = batch.slice();
    const at = c.rng.int(0, batch.length - 1);
    batch[at] = batch[at]! ^ (1 << c.rng.int(0, 7)); // CRC mismatch or a lying header field
  }
  if (c.rng.chance(0.1)) batch = c.rng.bytes(c.rng.int(0, 80)); // not a batch at all
  return batch;
}

function writePrimitive(out: Out, name: string, c: Ctx, p: FieldPlan | undefined, nullable: boolean): void {
  const r = c.rng;
  switch (name) {
    case "bool":
      return out.byte(bad(c) ? r.int(2, 255) : r.int(0, 1));
    case "int8":
      return out.byte(r.interesting(8));
    case "int16":
    case "uint16":
      if (p?.spec.name === "Acks" && !bad(c)) return out.int16(r.pick([-1, 0, 1]));
      return out.int16(r.interesting(16));
    case "int32":
    case "uint32":
      return out.int32(/Partition|Index/.test(p?.spec.name ?? "") && !bad(c) ? (r.chance(0.85) ? r.int(0, 1) : r.int(-1, 3)) : /TimeoutMs|MaxWaitMs/.test(p?.spec.name ?? "") && !bad(c) ? r.int(0, 5000) : r.interesting(32));
    case "int64":
      return out.int64(r.chance(0.5) ? BigInt(r.interesting(32)) : BigInt.asIntN(64, (BigInt(r.int(0, 0xffffffff)) << 32n) | BigInt(r.int(0, 0xffffffff))));
    case "float64":
      return out.raw(r.bytes(8));
    case "uuid":
      return out.raw(r.chance(0.5) ? new Uint8Array(16) : r.bytes(16));
    case "string": {
      const fieldName = p?.spec.name ?? "";
      const text = nullable && r.chance(fieldName === "TransactionalId" ? 0.9 : 0.15) ? null : /Topic|^Name$/.test(fieldName) ? r.pick(TOPICS) : r.pick(WORDS);
      return writeString(out, c, nullable, isCompact(p, c), text);
    }
    case "bytes":
    case "records": {
      const compact = isCompact(p, c);
      if (nullable && r.chance(0.1)) return writeLength(out, -1, compact, true);
      const value = name === "records" ? recordsValue(c) : r.bytes(r.int(0, 16));
      let declared = value.length;
      if (bad(c)) declared = r.pick([-2, -1, 0x7fffffff, declared + 1, declared * 4 + 100]);
      writeLength(out, declared, compact, true);
      return out.raw(value);
    }
  }
  throw new Error(`no writer for ${name}`);
}

function writeValue(out: Out, t: FieldType, c: Ctx, p: FieldPlan | undefined, nullable: boolean): void {
  if (t.kind === "primitive") return writePrimitive(out, t.name, c, p, nullable);
  if (t.kind === "struct") {
    if (nullable) out.byte(bad(c) ? c.rng.pick([-1, 2, 0]) : 1);
    return writeStruct(out, c.reg.get(t.name), { ...c, depth: c.depth + 1 });
  }
  const compact = isCompact(p, c);
  if (nullable && c.rng.chance(0.1)) return writeLength(out, -1, compact, true);
  const n = c.depth > 3 || c.rng.chance(0.15) ? 0 : c.rng.int(1, 3);
  let declared = n;
  if (bad(c)) declared = c.rng.pick([-1, -2, 0x7fffffff, 0x10000000, n + 1, n + 50]);
  writeLength(out, declared, compact, true);
  for (let i = 0; i < n; i++) writeValue(out, t.element, { ...c, depth: c.depth + 1 }, p, false);
}

function writeStruct(out: Out, s: StructInfo, c: Ctx): void {
  const plans = planFields(s, c.reg);
  for (const p of plans) {
    if (!contains(p.regular, c.version)) continue;
    writeValue(out, p.spec.type, c, p, contains(p.spec.nullableVersions, c.version));
  }
  if (contains(c.reg.message.flexibleVersions, c.version)) writeTags(out, plans.filter((p) => contains(p.tagged, c.version)), c);
}

/** The tagged-field section: known tags sometimes, and under chaos unknown, repeated or unordered ones and lying sizes. */
function writeTags(out: Out, tagged: FieldPlan[], c: Ctx): void {
  const fields: Array<{ tag: number; body: Uint8Array }> = [];
  for (const p of tagged) {
    if (!c.rng.chance(0.4)) continue;
    const body = new Out();
    writeValue(body, p.spec.type, c, p, contains(p.spec.nullableVersions, c.version));
    fields.push({ tag: p.spec.tag ?? 0, body: body.finish() });
  }
  if (bad(c)) fields.push({ tag: c.rng.int(0, 1000), body: c.rng.bytes(c.rng.int(0, 6)) });
  if (bad(c) && fields.length > 0) fields.push(fields[0]!);
  if (bad(c)) fields.reverse();
  let count = fields.length;
  if (bad(c)) count = c.rng.pick([count + 1, 0x7fffffff >>> 0, 0xffffffff]);
  out.uvarint(count);
  for (const f of fields) {
    out.uvarint(f.tag);
    out.uvarint(bad(c) ? c.rng.pick([f.body.length + 1, 0xfffffff, Math.max(0, f.body.length - 1)]) : f.body.length);
    out.raw(f.body);
  }
}

export interface KafkaGenerator {
  /** Request specs by API key. */
  readonly requests: Map<number, MessageSpec>;
  /**
   * A framed request (size prefix included) of a random or given API key and version; `chaos`
   * (the rate of wrong fields) is random per request unless given.
   */
  generate(rng: Rng, correlationId: number, apiKey?: number, options?: { version?: number; chaos?: number }): Uint8Array;
}

/** The generator, or null where the schemas are not present (`../shared` absent). */
export async function createKafkaGenerator(): Promise<KafkaGenerator | null> {
  const texts = await loadSchemaTexts();
  if (texts === null) return null;
  const requests = new Map<number, MessageSpec>();
  let header: MessageSpec | undefined;
  for (const spec of parseSchemas(texts).values()) {
    if (spec.kind === "request" && spec.apiKey !== null) requests.set(spec.apiKey, spec);
    if (spec.name === "RequestHeader") header = spec;
  }
  if (!header) throw new Error("RequestHeader.json missing from the schemas");
  const registries = new Map<MessageSpec, StructRegistry>();
  const registry = (spec: MessageSpec) => registries.get(spec) ?? registries.set(spec, buildRegistry(spec)).get(spec)!;
  const keys = [...requests.keys()];
  return {
    requests,
    generate(rng, correlationId, apiKey, options = {}) {
      const spec = requests.get(apiKey ?? rng.pick(keys)) ?? requests.get(18)!;
      const version = options.version ?? (rng.chance(0.05) ? rng.interesting(16) : rng.int(spec.validVersions.lo, spec.validVersions.hi));
      const chaos = options.chaos ?? rng.pick([0, 0, 0, 0.01, 0.03, 0.1, 0.3]);
      const out = new Out();
      // Header v1 (v2 in flexible versions: a tag section after the client id, KIP-482).
      out.int16(spec.apiKey!);
      out.int16(version);
      out.int32(correlationId);
      const headerCtx: Ctx = { rng, reg: registry(header!), version: 2, chaos, depth: 0 };
      writeString(out, headerCtx, true, false, rng.chance(0.1) ? null : rng.pick(["fuzz", "", "rdkafka", "x".repeat(200)]));
      const ctx: Ctx = { rng, reg: registry(spec), version, chaos, depth: 0 };
      if (contains(spec.flexibleVersions, version)) writeTags(out, [], ctx);
      const top = ctx.reg.structs[0]!;
      if (contains(spec.validVersions, version)) writeStruct(out, top, ctx);
      else out.raw(rng.bytes(rng.int(0, 40)));
      const body = out.finish();
      const framed = new Uint8Array(4 + body.length);
      new DataView(framed.buffer).setInt32(0, body.length);
      framed.set(body, 4);
      return framed;
    },
  };
}
