/**
 * Version ranges as the schemas write them: `"0+"`, `"3-7"`, `"5"`, `"none"`.
 *
 * Open-ended ranges stop at {@link MAX_VERSION} (Kafka's `Short.MAX_VALUE`), so every range is
 * a closed interval and the set operations stay simple.
 *
 * @module
 */

/** Highest version an open-ended range (`"3+"`) reaches: Kafka's `Short.MAX_VALUE`. */
export const MAX_VERSION = 0x7fff;

/** A closed interval of message versions; empty when `lo > hi`. */
export interface VersionRange {
  readonly lo: number;
  readonly hi: number;
}

/** The empty range (`"none"`). */
export const NO_VERSIONS: VersionRange = { lo: 1, hi: 0 };

/** Every version (`"0+"`). */
export const ALL_VERSIONS: VersionRange = { lo: 0, hi: MAX_VERSION };

/**
 * Parse a schema version string.
 *
 * @example
 * ```ts
 * parseVersions("3+"); // { lo: 3, hi: 32767 }
 * parseVersions("0-2"); // { lo: 0, hi: 2 }
 * ```
 */
export function parseVersions(text: string): VersionRange {
  const s = text.trim();
  if (s === "none") return NO_VERSIONS;
  let m = /^(\d+)\+$/.exec(s);
  if (m) return { lo: Number(m[1]), hi: MAX_VERSION };
  m = /^(\d+)-(\d+)$/.exec(s);
  if (m) {
    const r = { lo: Number(m[1]), hi: Number(m[2]) };
    if (r.lo > r.hi) throw new Error(`invalid version range "${text}"`);
    return r;
  }
  m = /^(\d+)$/.exec(s);
  if (m) return { lo: Number(m[1]), hi: Number(m[1]) };
  throw new Error(`invalid version range "${text}"`);
}

/** True when the range holds no version. */
export function isEmpty(r: VersionRange): boolean {
  return r.lo > r.hi;
}

/** True when `v` is inside `r`. */
export function contains(r: VersionRange, v: number): boolean {
  return v >= r.lo && v <= r.hi;
}

/** The versions in both ranges. */
export function intersect(a: VersionRange, b: VersionRange): VersionRange {
  const r = { lo: Math.max(a.lo, b.lo), hi: Math.min(a.hi, b.hi) };
  return isEmpty(r) ? NO_VERSIONS : r;
}

/** The smallest range holding both (used for structs referenced from several fields). */
export function hull(a: VersionRange, b: VersionRange): VersionRange {
  if (isEmpty(a)) return b;
  if (isEmpty(b)) return a;
  return { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
}

/** True when every version of `inner` is in `outer`. */
export function covers(outer: VersionRange, inner: VersionRange): boolean {
  return isEmpty(inner) || (outer.lo <= inner.lo && outer.hi >= inner.hi);
}

/** Schema-style text of a range: `"none"`, `"3+"`, `"0-2"`, `"5"`. */
export function formatVersions(r: VersionRange): string {
  if (isEmpty(r)) return "none";
  if (r.hi === MAX_VERSION) return `${r.lo}+`;
  return r.lo === r.hi ? `${r.lo}` : `${r.lo}-${r.hi}`;
}

/**
 * A TypeScript condition on `version` that is true exactly for `r`, assuming the version is
 * already known to lie in `ctx` (the versions where the enclosing struct exists). Returns the
 * literals `"true"` / `"false"` when the answer does not depend on the version, so emitters can
 * drop the branch.
 */
export function versionCondition(r: VersionRange, ctx: VersionRange, name = "version"): string {
  const within = intersect(r, ctx);
  if (isEmpty(within)) return "false";
  if (covers(r, ctx)) return "true";
  const parts: string[] = [];
  if (within.lo === within.hi) return `${name} === ${within.lo}`;
  if (within.lo > ctx.lo) parts.push(`${name} >= ${within.lo}`);
  if (within.hi < ctx.hi) parts.push(`${name} <= ${within.hi}`);
  return parts.join(" && ");
}
