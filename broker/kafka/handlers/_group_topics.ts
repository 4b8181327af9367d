/**
 * Topic authorization for the classic group protocol. Kafka checks READ on a topic only when a
 * member fetches or commits; we also refuse a JoinGroup whose "consumer" subscription names a
 * topic the member may not READ, and a SyncGroup whose assignment hands it one (a misbehaving
 * leader), with TOPIC_AUTHORIZATION_FAILED — so a device learns neither the partitions nor the
 * data of a topic it may not read, and fails early with a clear error.
 *
 * Other protocol types (e.g. "connect") carry metadata we do not interpret: not checked here;
 * Fetch and OffsetCommit still check READ per topic.
 *
 * @module
 */
import { type ConnectionSession, type KafkaAuth, mayTopic } from "../auth.ts";
import { parseSubscriptionTopics } from "../groups/offset_ops.ts";
import { decodeConsumerProtocolAssignment } from "../protocol/generated/consumer_protocol_assignment.ts";
import { ByteReader } from "../protocol/reader.ts";

/** The "consumer" protocol's newest ConsumerProtocolAssignment version we decode. */
const ASSIGNMENT_MAX_VERSION = 3;

/** Topics a JoinGroup's "consumer" protocols subscribe to that the session may not READ. */
export function unreadableSubscriptions(
  auth: KafkaAuth | undefined,
  session: ConnectionSession,
  protocolType: string,
  protocols: ReadonlyArray<{ metadata: Uint8Array }>,
): string[] {
  if (protocolType !== "consumer" || !auth?.authorizeTopic) return [];
  const topics = new Set(protocols.flatMap((p) => parseSubscriptionTopics(p.metadata)));
  return [...topics].filter((topic) => !mayTopic(auth, session, "read", topic));
}

/**
 * Topics of a "consumer" assignment the session may not READ. An assignment we cannot decode
 * is treated as naming an unreadable topic when authorization is on: fail closed.
 */
export function unreadableAssignment(
  auth: KafkaAuth | undefined,
  session: ConnectionSession,
  protocolType: string | null,
  assignment: Uint8Array,
): string[] {
  if (protocolType !== "consumer" || !auth?.authorizeTopic || assignment.length === 0) return [];
  let topics: string[];
  try {
    const reader = new ByteReader(assignment);
    // Newer versions only append fields: read them as the newest we know (KIP-429 rule).
    const version = Math.min(reader.int16(), ASSIGNMENT_MAX_VERSION);
    topics = decodeConsumerProtocolAssignment(reader, Math.max(version, 0)).assignedPartitions.map((t) => t.topic);
  } catch {
    return ["<undecodable assignment>"];
  }
  return [...new Set(topics)].filter((topic) => !mayTopic(auth, session, "read", topic));
}
