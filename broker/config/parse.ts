/**
 * `parseConfig()`: the one place raw configuration (file, flags, environment, API) becomes a
 * {@link BrokerConfig}. Unknown keys and bad values are rejected with a message that names the
 * key and says what was expected; every problem is reported at once, not just the first.
 *
 * @module
 */
import { configKeys, type KeySpec } from "./schema.ts";
import type { BrokerConfig, MqttRuleConfig } from "./types.ts";

/** Raised for any invalid configuration; `problems` lists each one. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: string[], options?: { cause?: unknown }) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`, options);
  }
}

/** Validate `raw` (a nested object, e.g. a parsed config file) and fill in defaults. */
export function parseConfig(raw: unknown = {}): BrokerConfig {
  const problems: string[] = [];
  if (!isPlainObject(raw)) throw new ConfigError(["the configuration must be an object"]);
  checkUnknownKeys(raw, "", problems);
  const out: Record<string, unknown> = {};
  for (const spec of configKeys) {
    const value = getPath(raw, spec.path);
    const checked = value === undefined ? spec.default : checkValue(spec, value, problems);
    setPath(out, spec.path, structuredClone(checked));
  }
  checkTls(out as unknown as BrokerConfig, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return out as unknown as BrokerConfig;
}

/** Convert a string (from a flag or environment variable) to the key's type. */
export function coerceString(spec: KeySpec, text: string): unknown {
  switch (spec.kind.type) {
    case "integer": {
      const n = Number(text.replaceAll("_", ""));
      return text.trim() === "" ? text : n;
    }
    case "boolean":
      if (/^(true|1|yes|on)$/i.test(text)) return true;
      if (/^(false|0|no|off)$/i.test(text)) return false;
      return text;
    case "list":
    case "section":
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    default:
      return text;
  }
}

function checkValue(spec: KeySpec, value: unknown, problems: string[]): unknown {
  const kind = spec.kind;
  const where = `${spec.path}: `;
  switch (kind.type) {
    case "string":
      if (typeof value !== "string" || (!kind.allowEmpty && value === "")) {
        problems.push(`${where}expected a non-empty string, got ${describe(value)}`);
      }
      break;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value) || value < kind.min || value > kind.max) {
        problems.push(`${where}expected an integer from ${kind.min} to ${kind.max}, got ${describe(value)}`);
      }
      break;
    case "boolean":
      if (typeof value !== "boolean") problems.push(`${where}expected true or false, got ${describe(value)}`);
      break;
    case "enum":
      if (typeof value !== "string" || !kind.values.includes(value)) {
        problems.push(`${where}expected one of ${kind.values.join(", ")}, got ${describe(value)}`);
      }
      break;
    case "section":
      if (value !== null && (typeof value !== "object" || Array.isArray(value))) {
        problems.push(`${where}expected an object or null, got ${describe(value)}`);
      }
      break;
    case "list":
      if (!Array.isArray(value)) problems.push(`${where}expected a list, got ${describe(value)}`);
      else if (spec.path === "mqtt.rules") value.forEach((r, i) => checkRule(r, `${spec.path}[${i}]`, problems));
      break;
  }
  const extra = spec.validate?.(value);
  if (extra) problems.push(where + extra);
  return value;
}

const ruleKeys = ["filter", "topic", "key", "partitions", "codec", "reverse", "reverseTopic"];
const codecs = ["raw", "json", "cbor-to-json", "cbor"];

function checkRule(rule: unknown, where: string, problems: string[]): void {
  if (!isPlainObject(rule)) {
    problems.push(`${where}: expected an object with filter and topic, got ${describe(rule)}`);
    return;
  }
  for (const key of Object.keys(rule)) {
    if (!ruleKeys.includes(key)) problems.push(`${where}.${key}: unknown key (expected one of ${ruleKeys.join(", ")})`);
  }
  const r = rule as Partial<MqttRuleConfig>;
  if (typeof r.filter !== "string" || r.filter === "") problems.push(`${where}.filter: expected an MQTT topic filter such as "sensors/+/temp"`);
  if (typeof r.topic !== "string" || !/^[a-zA-Z0-9._-]{1,249}$/.test(r.topic)) {
    problems.push(`${where}.topic: expected a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -), got ${describe(r.topic)}`);
  }
  if (r.key !== undefined && (typeof r.key !== "string" || !/^(\{segment:\d+\}|\{clientid\}|\{topic\})$/.test(r.key))) {
    problems.push(`${where}.key: expected "{segment:N}", "{clientid}" or "{topic}", got ${describe(r.key)}`);
  }
  if (r.partitions !== undefined && !(Number.isInteger(r.partitions) && r.partitions >= 1 && r.partitions <= 10_000)) {
    problems.push(`${where}.partitions: expected an integer from 1 to 10000, got ${describe(r.partitions)}`);
  }
  if (r.reverse !== undefined && typeof r.reverse !== "boolean") problems.push(`${where}.reverse: expected true or false`);
  if (r.reverseTopic !== undefined && (typeof r.reverseTopic !== "string" || /[+#]/.test(r.reverseTopic))) {
    problems.push(`${where}.reverseTopic: expected an MQTT topic name without wildcards`);
  }
  if (r.codec !== undefined && !codecs.includes(r.codec)) {
    problems.push(`${where}.codec: expected one of ${codecs.join(", ")}, got ${describe(r.codec)}`);
  }
}

/** Keys that only make sense together. */
function checkTls(config: BrokerConfig, problems: string[]): void {
  for (const listener of ["mqtt", "kafka"] as const) {
    const tls = config[listener]?.tls;
    if (!tls) continue;
    if ((tls.certFile === "") !== (tls.keyFile === "")) {
      problems.push(`${listener}.tls: expected both certFile and keyFile, or neither`);
    }
    if (tls.requestClientCert && (tls.certFile === "" || tls.caFile === "")) {
      problems.push(`${listener}.tls.requestClientCert: expected ${listener}.tls.certFile, keyFile and caFile to be set`);
    }
  }
}

function checkUnknownKeys(obj: Record<string, unknown>, prefix: string, problems: string[]): void {
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix + key;
    if (configKeys.some((k) => k.path === path)) continue;
    const isBranch = configKeys.some((k) => k.path.startsWith(path + "."));
    if (isBranch && isPlainObject(value)) checkUnknownKeys(value, path + ".", problems);
    else if (isBranch) problems.push(`${path}: expected an object`);
    else problems.push(`${path}: unknown key${suggest(path)}`);
  }
}

function suggest(path: string): string {
  const last = path.split(".").pop()!.toLowerCase();
  const near = configKeys.find((k) => k.path.split(".").pop()!.toLowerCase() === last);
  return near ? ` (did you mean ${near.path}?)` : "";
}

function getPath(obj: Record<string, unknown>, path: string): unknown {
  let node: unknown = obj;
  for (const part of path.split(".")) {
    if (!isPlainObject(node)) return undefined;
    node = node[part];
  }
  return node;
}

/** Set a dotted path in a nested object, creating branches. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = obj;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "nothing";
  return Array.isArray(value) ? "a list" : JSON.stringify(value) ?? String(value);
}
