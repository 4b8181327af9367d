/**
 * Mapping rules: which Kafka topic, key and payload codec an MQTT topic maps to, and back.
 *
 * A rule is an MQTT topic filter plus a Kafka topic. Rules are tried in order; the first whose
 * filter matches wins. A message matching no rule is still delivered to MQTT subscribers but
 * not written to the log (counted as `unmapped`).
 *
 * Key templates: `{segment:N}` = the topic level at 0-based index N (normally a `+` level,
 * e.g. the device id in `sensors/+/temp` is `{segment:1}`); `{clientid}` = the publisher's
 * client id; `{topic}` = the whole MQTT topic; absent = no key (sticky round-robin
 * partitioning, like a keyless Kafka producer).
 *
 * @module
 */

import { topicMatches, validateTopicFilter } from "../mqtt/topic_filter.ts";
import type { PayloadCodecName } from "./payload_codec.ts";

/** One MQTT → Kafka mapping (and its reverse). */
export interface MappingRule {
  /** MQTT topic filter, e.g. `sensors/+/temp`. */
  filter: string;
  /** Kafka topic the messages go to. */
  topic: string;
  /** `{segment:N}`, `{clientid}`, `{topic}`, or undefined for keyless. */
  key?: string;
  /** Partitions when the broker auto-creates the topic (default: the log's default). */
  partitions?: number;
  /** Payload handling: "raw" (default), "json", "cbor", "cbor-to-json". */
  codec?: PayloadCodecName;
  /** Deliver records produced by Kafka clients to MQTT subscribers (default true). */
  reverse?: boolean;
  /**
   * MQTT topic for Kafka-produced records without an `mqtt.topic` header. When unset it is
   * derived: the filter itself if it has no wildcard, the key if the key template is `{topic}`,
   * or the filter with its `{segment:N}` level filled with the record key.
   */
  reverseTopic?: string;
}

/**
 * The rule used when none are configured: every MQTT topic goes to the Kafka topic
 * `mqtt-messages`, keyed by the full MQTT topic. One topic (not one per MQTT topic) keeps a
 * hostile or chatty client from creating thousands of partitions on the SD card, and the key
 * keeps per-MQTT-topic ordering and lets consumers filter or compact by topic.
 */
export const defaultRules: readonly MappingRule[] = [
  { filter: "#", topic: "mqtt-messages", key: "{topic}", codec: "raw" },
];

type KeyTemplate =
  | { kind: "none" }
  | { kind: "clientid" }
  | { kind: "topic" }
  | { kind: "segment"; index: number };

/** A validated rule with its key template parsed. */
export interface CompiledRule {
  rule: MappingRule;
  key: KeyTemplate;
  codec: PayloadCodecName;
}

/** Validate rules; throws an Error naming the bad rule. */
export function compileRules(rules: readonly MappingRule[]): CompiledRule[] {
  return rules.map((rule, i) => {
    const where = `mqtt rule ${i} (${rule.filter} -> ${rule.topic})`;
    if (validateTopicFilter(rule.filter)) throw new Error(`${where}: invalid MQTT topic filter`);
    if (!/^[a-zA-Z0-9._-]{1,249}$/.test(rule.topic) || rule.topic === "." || rule.topic === "..") {
      throw new Error(`${where}: invalid Kafka topic name (1-249 of a-z A-Z 0-9 . _ -, not "." or "..")`);
    }
    // Internal topics (MQTT sessions, retained messages, consumer offsets) must never receive
    // MQTT traffic.
    if (rule.topic.startsWith("__")) throw new Error(`${where}: topics starting with "__" are internal`);
    if (rule.partitions !== undefined && (!Number.isInteger(rule.partitions) || rule.partitions < 1)) {
      throw new Error(`${where}: partitions must be a positive integer`);
    }
    return { rule, key: parseKeyTemplate(rule.key, where), codec: rule.codec ?? "raw" };
  });
}

function parseKeyTemplate(template: string | undefined, where: string): KeyTemplate {
  if (template === undefined || template === "") return { kind: "none" };
  if (template === "{clientid}") return { kind: "clientid" };
  if (template === "{topic}") return { kind: "topic" };
  const m = /^\{segment:(\d+)\}$/.exec(template);
  if (m) return { kind: "segment", index: Number(m[1]) };
  throw new Error(`${where}: key must be {segment:N}, {clientid}, {topic} or absent, got ${template}`);
}

/** First rule matching `topic`, or undefined. */
export function findRule(rules: readonly CompiledRule[], topic: string): CompiledRule | undefined {
  for (const r of rules) if (topicMatches(r.rule.filter, topic)) return r;
  return undefined;
}

/**
 * {@link findRule} with a memo: a topic's rule never changes while the rules do not, and
 * devices publish to the same topics again and again. Bounded (it starts over when full).
 */
export class RuleLookup {
  readonly #rules: readonly CompiledRule[];
  readonly #memo = new Map<string, CompiledRule | null>();
  readonly #capacity: number;

  constructor(rules: readonly CompiledRule[], capacity = 4096) {
    this.#rules = rules;
    this.#capacity = capacity;
  }

  /** First rule matching `topic`, or undefined. */
  find(topic: string): CompiledRule | undefined {
    const known = this.#memo.get(topic);
    if (known !== undefined) return known ?? undefined;
    const rule = findRule(this.#rules, topic);
    if (this.#memo.size >= this.#capacity) this.#memo.clear();
    this.#memo.set(topic, rule ?? null);
    return rule;
  }
}

/** The record key for a message, or null (keyless). */
export function recordKey(rule: CompiledRule, topic: string, clientId: string | undefined): string | null {
  switch (rule.key.kind) {
    case "none":
      return null;
    case "clientid":
      return clientId ?? null;
    case "topic":
      return topic;
    case "segment":
      return topic.split("/")[rule.key.index] ?? null;
  }
}

/** MQTT topic for a Kafka-produced record without `mqtt.topic`, or undefined if underivable. */
export function reverseTopic(rule: CompiledRule, key: string | null): string | undefined {
  if (rule.rule.reverseTopic !== undefined) return rule.rule.reverseTopic;
  const filter = rule.rule.filter;
  if (!filter.includes("+") && !filter.includes("#")) return filter;
  if (key === null || key.length === 0 || key.includes("+") || key.includes("#")) return undefined;
  if (rule.key.kind === "topic") return key;
  if (rule.key.kind === "segment" && !key.includes("/")) {
    const levels = filter.split("/");
    if (levels[rule.key.index] !== "+") return undefined;
    levels[rule.key.index] = key;
    const topic = levels.join("/");
    return topic.includes("+") || topic.includes("#") ? undefined : topic;
  }
  return undefined;
}
