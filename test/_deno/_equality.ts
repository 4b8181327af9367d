/**
 * Deep equality for the bun:test shim, following bun's `toEqual` / `toStrictEqual`: `toEqual`
 * ignores properties that are `undefined` and does not compare classes; strict mode does both.
 *
 * @module
 */

/** Whether `a` and `b` are deeply equal; `strict` also compares prototypes and undefined keys. */
export function deepEqual(a: unknown, b: unknown, strict: boolean): boolean {
  return equal(a, b, strict, new Map());
}

function equal(a: unknown, b: unknown, strict: boolean, seen: Map<object, object>): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (seen.get(a) === b) return true; // cycles: assume equal on the way back
  seen.set(a, b);
  if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b);
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) return bytesEqual(a, b);
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
    for (const [key, value] of a) {
      if (!b.has(key) || !equal(value, b.get(key), strict, seen)) return false;
    }
    return true;
  }
  if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set && b instanceof Set) || a.size !== b.size) return false;
    for (const value of a) {
      if (!b.has(value) && ![...b].some((other) => equal(value, other, strict, seen))) return false;
    }
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return false;
  if (a instanceof Error && b instanceof Error && a.message !== b.message) return false;
  const keysA = keys(a, strict);
  const keysB = keys(b, strict);
  if (keysA.length !== keysB.length) return false;
  for (const key of keysA) {
    if (!Object.hasOwn(b, key) && (strict || (b as Record<string, unknown>)[key] !== undefined)) {
      return false;
    }
    const valueA = (a as Record<string, unknown>)[key];
    const valueB = (b as Record<string, unknown>)[key];
    if (!equal(valueA, valueB, strict, seen)) return false;
  }
  return true;
}

function keys(value: object, strict: boolean): string[] {
  const own = Object.keys(value);
  return strict ? own : own.filter((key) => (value as Record<string, unknown>)[key] !== undefined);
}

function bytesEqual(a: unknown, b: unknown): boolean {
  if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b)) return false;
  if (a.constructor !== b.constructor && !(a instanceof Uint8Array && b instanceof Uint8Array)) {
    return false;
  }
  const x = a as unknown as ArrayLike<unknown>;
  const y = b as unknown as ArrayLike<unknown>;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

/** A short, readable rendering of a value for failure messages. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (ArrayBuffer.isView(value)) {
    const items = Array.from(value as unknown as ArrayLike<number>).slice(0, 32);
    const more = (value as unknown as ArrayLike<number>).length > 32 ? ", …" : "";
    return `${value.constructor.name}[${items.join(", ")}${more}]`;
  }
  try {
    const text = JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? `${v}n` : v));
    if (text !== undefined) return text.length > 400 ? `${text.slice(0, 400)}…` : text;
  } catch {
    // cyclic: fall through
  }
  return String(value);
}
