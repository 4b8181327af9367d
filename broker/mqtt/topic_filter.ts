/**
 * Topic names and topic filters: validation ([MQTT-4.7.1-*], [MQTT-4.7.3-*]), shared
 * subscription parsing ([MQTT-4.8.2-*]) and single-filter matching ([MQTT-4.7.2-1]).
 *
 * Strings here are already-decoded JS strings; the codec rejects packets whose UTF-8 is
 * malformed. Lengths are checked in UTF-8 bytes, as on the wire.
 *
 * @module
 */

const encoder = new TextEncoder();
/** Longest UTF-8 string a two-byte length prefix can carry [MQTT-1.5.4-1]. */
const MAX_STRING_BYTES = 65535;

/** Why a topic name or filter was refused; `undefined` means valid. */
export type TopicProblem =
  | "empty"
  | "too-long"
  | "nul"
  | "wildcard-in-name"
  | "bad-multi-level"
  | "bad-single-level"
  | "bad-share";

function commonProblem(s: string): TopicProblem | undefined {
  if (s.length === 0) return "empty"; // [MQTT-4.7.3-1]
  if (s.includes("\u0000")) return "nul"; // [MQTT-4.7.3-2]
  // A UTF-16 length over the limit may still fit in bytes only if it is ASCII-free; measure.
  if (s.length * 3 > MAX_STRING_BYTES && encoder.encode(s).length > MAX_STRING_BYTES) {
    return "too-long"; // [MQTT-4.7.3-3]
  }
  return undefined;
}

/**
 * Check a topic name as used in PUBLISH: non-empty, no NUL, no wildcards [MQTT-3.3.2-2].
 *
 * @example
 * ```ts
 * validateTopicName("sensors/7/temp"); // undefined (valid)
 * validateTopicName("sensors/+/temp"); // "wildcard-in-name"
 * ```
 */
export function validateTopicName(topic: string): TopicProblem | undefined {
  const problem = commonProblem(topic);
  if (problem) return problem;
  if (topic.includes("+") || topic.includes("#")) return "wildcard-in-name";
  return undefined;
}

/**
 * Check a (non-shared) topic filter: `#` only as the whole last level [MQTT-4.7.1-1],
 * `+` only as a whole level [MQTT-4.7.1-2].
 */
export function validateTopicFilter(filter: string): TopicProblem | undefined {
  const problem = commonProblem(filter);
  if (problem) return problem;
  const levels = filter.split("/");
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level.includes("#") && (level !== "#" || i !== levels.length - 1)) {
      return "bad-multi-level";
    }
    if (level.includes("+") && level !== "+") return "bad-single-level";
  }
  return undefined;
}

/** A subscription filter split into its share group (if any) and the filter proper. */
export interface ParsedFilter {
  /** Share name of a `$share/<group>/<filter>` subscription, else `undefined`. */
  share: string | undefined;
  /** The filter that is matched against topic names. */
  filter: string;
}

/**
 * Parse and validate a SUBSCRIBE/UNSUBSCRIBE filter, including shared subscriptions
 * `$share/<ShareName>/<filter>` where ShareName is non-empty and has no `/`, `+` or `#`
 * [MQTT-4.8.2-1] [MQTT-4.8.2-2].
 *
 * @example
 * ```ts
 * parseFilter("$share/g1/sensors/#"); // { share: "g1", filter: "sensors/#" }
 * ```
 */
export function parseFilter(raw: string): ParsedFilter | TopicProblem {
  if (raw.startsWith("$share/")) {
    const slash = raw.indexOf("/", 7);
    if (slash < 0) return "bad-share";
    const share = raw.slice(7, slash);
    const filter = raw.slice(slash + 1);
    if (share.length === 0 || share.includes("+") || share.includes("#")) return "bad-share";
    if (filter.length === 0) return "bad-share";
    const problem = validateTopicFilter(filter);
    return problem ?? { share, filter };
  }
  if (raw === "$share") return "bad-share";
  const problem = validateTopicFilter(raw);
  return problem ?? { share: undefined, filter: raw };
}

/** True when the filter contains `+` or `#`. */
export function hasWildcard(filter: string): boolean {
  return filter.includes("+") || filter.includes("#");
}

/**
 * Does `filter` match `topic`? Filters starting with a wildcard do not match topics
 * starting with `$` [MQTT-4.7.2-1]; `#` also matches the parent level ("a/#" matches "a").
 *
 * @example
 * ```ts
 * topicMatches("sensors/+/temp", "sensors/7/temp"); // true
 * topicMatches("#", "$SYS/uptime"); // false
 * ```
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) return false;
  const f = filter.split("/");
  const t = topic.split("/");
  for (let i = 0; i < f.length; i++) {
    const level = f[i]!;
    if (level === "#") return true;
    if (i >= t.length) return false;
    if (level !== "+" && level !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Topic levels, for tries and key templates. */
export function topicLevels(topic: string): string[] {
  return topic.split("/");
}
