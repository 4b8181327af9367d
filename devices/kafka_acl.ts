/**
 * Kafka-side ACLs of devices (issue 6): which Kafka topics and consumer groups a device that
 * logged in over SASL (PLAIN or SCRAM) may use. The device's ACL has one list of publish and
 * one of subscribe patterns; for Kafka they are read two ways:
 *
 * - `kafka:<topic>` entries name Kafka topics directly (`{id}` = the device id, a trailing `*`
 *   matches any suffix, Kafka's PREFIXED pattern). MQTT ignores them.
 * - MQTT patterns grant the Kafka topics the broker's MQTT mapping rules store them in: a
 *   pattern that can match some topic of a rule's filter grants that rule's Kafka topic
 *   (with the default rule `#` → `mqtt-messages`, every device may use `mqtt-messages`).
 *
 * publish → Kafka WRITE (Produce; also CREATE, so a produce may auto-create), subscribe → READ
 * (Fetch, ListOffsets, OffsetCommit/Fetch); either grants DESCRIBE (Metadata) and
 * DESCRIBE_CONFIGS. DELETE, ALTER and ALTER_CONFIGS are never granted to devices.
 * Groups: a device may use the consumer groups whose id starts with its id (`<id>*`), plus
 * `kafka-group:<pattern>` entries of its subscribe list.
 *
 * @module
 */
import type { GroupOperation, TopicOperation } from "../broker/kafka/auth.ts";
import { expandPattern, stripShare } from "./acl.ts";
import type { DeviceAcl } from "./types.ts";

/** Prefix of ACL entries naming Kafka topics. */
export const KAFKA_TOPIC_PREFIX = "kafka:";
/** Prefix of ACL entries naming Kafka consumer groups. */
export const KAFKA_GROUP_PREFIX = "kafka-group:";

/** A mapping rule as far as authorization cares: MQTT filter → Kafka topic. */
export interface TopicMapping {
  filter: string;
  topic: string;
}

/** True for entries that are Kafka names, not MQTT patterns. */
export function isKafkaEntry(pattern: string): boolean {
  return pattern.startsWith(KAFKA_TOPIC_PREFIX) || pattern.startsWith(KAFKA_GROUP_PREFIX);
}

/** Is a `kafka:`/`kafka-group:` entry well formed? A message, or undefined. */
export function checkKafkaEntry(pattern: string): string | undefined {
  const name = pattern.slice(pattern.indexOf(":") + 1);
  if (!/^([a-zA-Z0-9._-]|\{id\})*\*?$/.test(name) || name === "") {
    return `${JSON.stringify(pattern)}: expected a Kafka name of a-z A-Z 0-9 . _ - and {id}, optionally ending in *`;
  }
  return undefined;
}

function nameMatches(pattern: string, id: string, name: string): boolean {
  const p = expandPattern(pattern, id);
  return p.endsWith("*") ? name.startsWith(p.slice(0, -1)) : name === p;
}

/** Can some MQTT topic match both filters? */
export function filtersOverlap(a: string, b: string): boolean {
  const x = stripShare(a).split("/");
  const y = stripShare(b).split("/");
  for (let i = 0; ; i++) {
    const p = x[i], q = y[i];
    if (p === "#" || q === "#") return true;
    if (p === undefined || q === undefined) return p === q;
    if (p !== "+" && q !== "+" && p !== q) return false;
  }
}

function grants(patterns: readonly string[], id: string, topic: string, mappings: readonly TopicMapping[]): boolean {
  for (const pattern of patterns) {
    if (pattern.startsWith(KAFKA_TOPIC_PREFIX)) {
      if (nameMatches(pattern.slice(KAFKA_TOPIC_PREFIX.length), id, topic)) return true;
    } else if (!pattern.startsWith(KAFKA_GROUP_PREFIX)) {
      const filter = expandPattern(pattern, id);
      if (mappings.some((m) => m.topic === topic && filtersOverlap(filter, m.filter))) return true;
    }
  }
  return false;
}

/** May device `id` with `acl` do `op` on Kafka topic `topic`? */
export function deviceMayUseTopic(acl: DeviceAcl, id: string, op: TopicOperation, topic: string, mappings: readonly TopicMapping[]): boolean {
  switch (op) {
    case "write":
    case "create":
      return grants(acl.publish, id, topic, mappings);
    case "read":
      return grants(acl.subscribe, id, topic, mappings);
    case "describe":
    case "describeConfigs":
      return grants(acl.publish, id, topic, mappings) || grants(acl.subscribe, id, topic, mappings);
    default:
      return false;
  }
}

/** May device `id` with `acl` do `op` on consumer group `groupId`? */
export function deviceMayUseGroup(acl: DeviceAcl, id: string, _op: GroupOperation, groupId: string): boolean {
  if (groupId.startsWith(id)) return true;
  return acl.subscribe.some((p) => p.startsWith(KAFKA_GROUP_PREFIX) && nameMatches(p.slice(KAFKA_GROUP_PREFIX.length), id, groupId));
}
