/**
 * Where configuration comes from, in rising precedence: defaults, the configuration file,
 * `TRIBUTARY_*` environment variables, command-line flags. Flag and variable names are derived
 * from the key table, so every key can be set each way:
 * `log.flushIntervalMs` ↔ `--log-flush-interval-ms` ↔ `TRIBUTARY_LOG_FLUSH_INTERVAL_MS`.
 *
 * @module
 */
import { coerceString, ConfigError, configKeys, type KeySpec, setPath } from "../config/mod.ts";

/** `kafka.advertisedHost` → `kafka-advertised-host`. */
export function flagName(spec: KeySpec): string {
  return spec.path.split(".").map(kebab).join("-");
}

/** `kafka.advertisedHost` → `TRIBUTARY_KAFKA_ADVERTISED_HOST`. */
export function envName(spec: KeySpec): string {
  return "TRIBUTARY_" + flagName(spec).replaceAll("-", "_").toUpperCase();
}

function kebab(part: string): string {
  return part.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

/** Deep-merge `overrides` into `base` (objects merge, everything else replaces). */
export function mergeConfig(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const prev = out[key];
    out[key] = isObject(prev) && isObject(value) ? mergeConfig(prev, value) : value;
  }
  return out;
}

/** Overrides from `TRIBUTARY_*` variables; unknown `TRIBUTARY_*` names are errors. */
export function configFromEnv(env: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const known = new Map(configKeys.map((k) => [envName(k), k]));
  const problems: string[] = [];
  for (const [name, text] of Object.entries(env)) {
    if (!name.startsWith("TRIBUTARY_") || name === "TRIBUTARY_CONFIG") continue;
    const spec = known.get(name);
    if (!spec) problems.push(`${name}: unknown environment variable (see 'tributary serve --help')`);
    else setPath(out, spec.path, coerceString(spec, text));
  }
  if (problems.length) throw new ConfigError(problems);
  return out;
}

/** Overrides from parsed flag values keyed by flag name, plus `--set path=value` entries. */
export function configFromFlags(values: Record<string, unknown>, sets: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of configKeys) {
    const text = values[flagName(spec)];
    if (typeof text === "string") setPath(out, spec.path, coerceString(spec, text));
  }
  const problems: string[] = [];
  for (const entry of sets) {
    const eq = entry.indexOf("=");
    const spec = configKeys.find((k) => k.path === entry.slice(0, eq));
    if (eq < 0 || !spec) problems.push(`--set ${entry}: expected <key>=<value> with a known key such as log.durability=none`);
    else setPath(out, spec.path, coerceString(spec, entry.slice(eq + 1)));
  }
  if (problems.length) throw new ConfigError(problems);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
