/**
 * OffsetCommit, OffsetFetch and OffsetDelete semantics (Kafka `handleCommitOffsets`,
 * `handleFetchOffsets`, `handleDeleteOffsets`), on top of the coordinator and its store.
 *
 * Commits from group members are checked against member id, instance id and generation;
 * "simple" commits (generation −1, no member id) are accepted when the group is Empty or
 * unknown, which creates it Empty — consumers that assign partitions themselves use that.
 *
 * @module
 */
import { ErrorCode } from "../errors.ts";
import type { GroupCoordinator } from "./coordinator.ts";
import type { Group } from "./group.ts";
import { isFenced } from "./join.ts";

/** One partition of an OffsetCommit. */
export interface OffsetCommitPartition {
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
}

/** An OffsetCommit as the coordinator sees it (after version mapping). */
export interface OffsetCommitRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  topics: Array<{ name: string; partitions: OffsetCommitPartition[] }>;
}

/** A per-partition result code. */
export interface PartitionError {
  topic: string;
  partition: number;
  errorCode: number;
}

/** OffsetCommit: per-partition error codes, in request order. */
export async function commitOffsets(coordinator: GroupCoordinator, request: OffsetCommitRequest): Promise<PartitionError[]> {
  const all = request.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, ...p })));
  const failAll = (errorCode: number) => all.map((p) => ({ topic: p.topic, partition: p.partition, errorCode }));
  const errorCode = checkCommit(coordinator, request);
  if (errorCode !== ErrorCode.NONE) return failAll(errorCode);

  const now = coordinator.clock.now();
  const maxMetadata = coordinator.config.maxOffsetMetadataBytes;
  const encoder = new TextEncoder();
  const results: PartitionError[] = [];
  const accepted = [];
  for (const p of all) {
    const metadata = p.metadata ?? "";
    if (encoder.encode(metadata).length > maxMetadata) {
      results.push({ topic: p.topic, partition: p.partition, errorCode: ErrorCode.OFFSET_METADATA_TOO_LARGE });
      continue;
    }
    results.push({ topic: p.topic, partition: p.partition, errorCode: ErrorCode.NONE });
    accepted.push({ topic: p.topic, partition: p.partition, value: { offset: p.offset, leaderEpoch: p.leaderEpoch, metadata, commitTimestamp: now } });
  }
  try {
    await coordinator.offsets.commit(request.groupId, accepted);
  } catch {
    // Kafka maps storage failures to a retriable coordinator error.
    for (const r of results) if (r.errorCode === ErrorCode.NONE) r.errorCode = ErrorCode.COORDINATOR_NOT_AVAILABLE;
  }
  return results;
}

function checkCommit(coordinator: GroupCoordinator, request: OffsetCommitRequest): number {
  let group = coordinator.group(request.groupId);
  if (!group) {
    if (request.generationId >= 0) return ErrorCode.ILLEGAL_GENERATION;
    group = coordinator.getOrCreate(request.groupId);
  }
  if (group.is("Dead")) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  if (request.generationId < 0 && group.is("Empty")) return ErrorCode.NONE;
  const member = group.members.get(request.memberId);
  if (member && isFenced(group, member, request.groupInstanceId)) return ErrorCode.FENCED_INSTANCE_ID;
  if (group.is("CompletingRebalance")) return ErrorCode.REBALANCE_IN_PROGRESS;
  if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (request.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  coordinator.rebalancer.scheduleSession(group, member);
  return ErrorCode.NONE;
}

/** One partition of an OffsetFetch answer. */
export interface FetchedOffset {
  topic: string;
  partition: number;
  /** −1 when nothing is committed. */
  offset: number;
  leaderEpoch: number;
  metadata: string;
  errorCode: number;
}

/**
 * OffsetFetch for one group. `topics` null means every committed partition (v2+); a partition
 * with no commit answers offset −1 and no error, as Kafka does.
 */
export function fetchOffsets(
  coordinator: GroupCoordinator,
  groupId: string,
  topics: Array<{ name: string; partitions: number[] }> | null,
): FetchedOffset[] {
  const store = coordinator.offsets;
  if (topics === null) {
    return store.offsetsOf(groupId).map((e) => ({
      topic: e.topic,
      partition: e.partition,
      offset: e.value.offset,
      leaderEpoch: e.value.leaderEpoch,
      metadata: e.value.metadata,
      errorCode: ErrorCode.NONE,
    }));
  }
  return topics.flatMap((t) =>
    t.partitions.map((partition) => {
      const v = store.get(groupId, t.name, partition);
      return {
        topic: t.name,
        partition,
        offset: v?.offset ?? -1,
        leaderEpoch: v?.leaderEpoch ?? -1,
        metadata: v?.metadata ?? "",
        errorCode: ErrorCode.NONE,
      };
    })
  );
}

/** OffsetDelete (KIP-496): a group-level error, or per-partition results. */
export async function deleteOffsets(
  coordinator: GroupCoordinator,
  groupId: string,
  topics: Array<{ name: string; partitions: number[] }>,
): Promise<{ errorCode: number; partitions: PartitionError[] }> {
  const group = coordinator.group(groupId);
  if (!group || group.is("Dead")) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, partitions: [] };
  let subscribed = new Set<string>();
  if (!group.is("Empty")) {
    if (group.protocolType !== "consumer") return { errorCode: ErrorCode.NON_EMPTY_GROUP, partitions: [] };
    subscribed = subscribedTopics(group);
  }
  const partitions: PartitionError[] = [];
  const removable: Array<{ topic: string; partition: number }> = [];
  for (const t of topics) {
    for (const partition of t.partitions) {
      const errorCode = subscribed.has(t.name) ? ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC : ErrorCode.NONE;
      partitions.push({ topic: t.name, partition, errorCode });
      if (errorCode === ErrorCode.NONE) removable.push({ topic: t.name, partition });
    }
  }
  try {
    await coordinator.offsets.remove(groupId, removable);
  } catch {
    return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, partitions: [] };
  }
  return { errorCode: ErrorCode.NONE, partitions };
}

/** Topics the members subscribe to, from their "consumer" protocol metadata. */
export function subscribedTopics(group: Group): Set<string> {
  const topics = new Set<string>();
  for (const member of group.members.values()) {
    for (const topic of parseSubscriptionTopics(group.metadataOf(member))) topics.add(topic);
  }
  return topics;
}

/** Topics of a ConsumerProtocolSubscription (int16 version, array of strings, …); [] if malformed. */
export function parseSubscriptionTopics(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  try {
    let pos = 2;
    const count = view.getInt32(pos);
    pos += 4;
    const topics: string[] = [];
    for (let i = 0; i < count; i++) {
      const len = view.getInt16(pos);
      pos += 2;
      if (len < 0 || pos + len > bytes.length) return [];
      topics.push(decoder.decode(bytes.subarray(pos, pos + len)));
      pos += len;
    }
    return topics;
  } catch {
    return [];
  }
}
