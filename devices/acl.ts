/**
 * ACL patterns: MQTT topic filters with `{id}` standing for the device id. A publish is allowed
 * when its topic matches one publish pattern; a subscription when every topic its filter can
 * match is matched by one subscribe pattern (the filter is a subset of the pattern).
 *
 * @module
 */

/** The default patterns: a device lives under its own prefix. */
export const DEFAULT_PATTERN = "devices/{id}/#";

/** Replace `{id}` in a pattern with the device id. */
export function expandPattern(pattern: string, deviceId: string): string {
  return pattern.replaceAll("{id}", deviceId);
}

/** A message's topic against a filter ([MQTT-4.7.2-1] included): the broker's own matcher. */
export { topicMatches } from "../broker/mqtt/topic_filter.ts";

/**
 * True when every topic matched by `filter` is also matched by `pattern`. `+` in the filter is
 * covered only by `+` or `#` in the pattern; `#` only by `#`.
 */
export function filterCovered(pattern: string, filter: string): boolean {
  const p = pattern.split("/");
  const f = stripShare(filter).split("/");
  for (let i = 0; i < p.length; i++) {
    const level = p[i]!;
    if (level === "#") return true;
    if (i >= f.length) return false;
    const asked = f[i]!;
    if (asked === "#") return false;
    if (level === "+") continue;
    if (asked === "+" || asked !== level) return false;
  }
  return f.length === p.length;
}

/** `$share/<group>/<filter>` → `<filter>` (MQTT 5 shared subscriptions, §4.8.2). */
export function stripShare(filter: string): string {
  if (!filter.startsWith("$share/")) return filter;
  const rest = filter.slice("$share/".length);
  const slash = rest.indexOf("/");
  return slash < 0 ? rest : rest.slice(slash + 1);
}

/** Is a pattern well formed (`#` last, wildcards whole levels)? Returns a message or undefined. */
export function checkPattern(pattern: string): string | undefined {
  if (pattern === "") return "an empty pattern";
  const levels = pattern.split("/");
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level === "#" && i !== levels.length - 1) return `"#" must be the last level in ${JSON.stringify(pattern)}`;
    if (level !== "#" && level !== "+" && /[#+]/.test(level)) return `wildcards must fill a whole level in ${JSON.stringify(pattern)}`;
  }
  return undefined;
}
