/**
 * Emits `api_keys.ts`: every API in the schema directory with its valid, flexible and
 * deprecated versions, and whether Tributary generates its codecs.
 *
 * @module
 */

import { CodeWriter } from "./code_writer.ts";
import { banner } from "./emit_message.ts";
import type { MessageSpec } from "./spec.ts";
import { formatVersions, isEmpty } from "./versions.ts";

/** One API as the table describes it, taken from its request schema. */
export interface ApiRow {
  readonly request: MessageSpec;
  readonly response: MessageSpec;
  readonly generated: boolean;
}

/** Pair request and response schemas by api key; they must agree on versions. */
export function apiRows(specs: readonly MessageSpec[], generated: ReadonlySet<number>): ApiRow[] {
  const rows: ApiRow[] = [];
  for (const req of specs) {
    if (req.kind !== "request" || req.apiKey === null) continue;
    const res = specs.find((s) => s.kind === "response" && s.apiKey === req.apiKey);
    if (res === undefined) throw new Error(`${req.name}: no response schema`);
    const a = req.validVersions, b = res.validVersions;
    if (a.lo !== b.lo || a.hi !== b.hi) throw new Error(`${req.name}: request/response versions differ`);
    rows.push({ request: req, response: res, generated: generated.has(req.apiKey) });
  }
  return rows.sort((x, y) => (x.request.apiKey ?? 0) - (y.request.apiKey ?? 0));
}

/** The text of `api_keys.ts`. */
export function emitApiKeys(rows: readonly ApiRow[]): string {
  const c = new CodeWriter();
  c.doc("One Kafka API as its schemas describe it.");
  c.open("export interface ApiKeyInfo {");
  c.line("readonly apiKey: number;");
  c.doc("Name without the Request/Response suffix, e.g. `Produce`.");
  c.line("readonly name: string;");
  c.line("readonly minVersion: number;");
  c.line("readonly maxVersion: number;");
  c.doc("First flexible version (tagged fields, compact encodings), or -1 if none.");
  c.line("readonly firstFlexibleVersion: number;");
  c.doc("Deprecated versions as the schema writes them (`\"none\"` if none).");
  c.line("readonly deprecatedVersions: string;");
  c.doc("True when `generated/` holds request and response codecs for this API.");
  c.line("readonly hasCodec: boolean;");
  c.close();
  c.line();
  c.doc("Every API in the schema directory, ascending by key.");
  c.open("export const API_KEYS: readonly ApiKeyInfo[] = [");
  for (const { request: r, generated } of rows) {
    const name = r.name.replace(/Request$/, "");
    const flex = isEmpty(r.flexibleVersions) ? -1 : r.flexibleVersions.lo;
    c.line(`{ apiKey: ${r.apiKey}, name: "${name}", minVersion: ${r.validVersions.lo}, ` +
      `maxVersion: ${r.validVersions.hi}, firstFlexibleVersion: ${flex}, ` +
      `deprecatedVersions: "${formatVersions(r.deprecatedVersions)}", hasCodec: ${generated} },`);
  }
  c.close("];");
  c.line();
  c.doc("API keys by name, e.g. `ApiKey.Produce === 0`.");
  c.open("export const ApiKey = {");
  for (const { request: r } of rows) c.line(`${r.name.replace(/Request$/, "")}: ${r.apiKey},`);
  c.close("} as const;");
  c.line();
  c.line("const BY_KEY: (ApiKeyInfo | undefined)[] = [];");
  c.line("for (const info of API_KEYS) BY_KEY[info.apiKey] = info;");
  c.line();
  c.doc("The table row for an API key, or undefined for a key no schema defines.");
  c.open("export function apiKeyInfo(apiKey: number): ApiKeyInfo | undefined {");
  c.line("return BY_KEY[apiKey];");
  c.close();
  c.line();
  c.doc("True when `apiVersion` of `apiKey` uses the flexible encoding (false for unknown keys). " +
    "Flexible ranges are open-ended, so versions above the table's maximum count as flexible.");
  c.open("export function isFlexibleVersion(apiKey: number, apiVersion: number): boolean {");
  c.line("const info = BY_KEY[apiKey];");
  c.line("return info !== undefined && info.firstFlexibleVersion >= 0 && apiVersion >= info.firstFlexibleVersion;");
  c.close();
  return `${banner("*Request.json")}\n${c.toString()}`;
}
