/**
 * Offset retention (Kafka `offsets.retention.minutes`, 7 days, KIP-211): committed offsets of
 * a group are kept while it has members; once a group with a protocol type has been Empty for
 * the retention period, the group and all its offsets go. Groups that only ever made simple
 * commits (no protocol type) lose each offset the retention period after its commit. Expired
 * offsets become tombstones in `__consumer_offsets`, so the deletion survives a restart.
 *
 * @module
 */
import type { GroupCoordinator } from "./coordinator.ts";

/** Kafka's default offsets.retention.minutes, in milliseconds. */
export const DEFAULT_OFFSETS_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Expire what the retention period allows; returns the number of offsets removed.
 *
 * @example
 * ```ts
 * await expireOffsets(coordinator, DEFAULT_OFFSETS_RETENTION_MS);
 * ```
 */
export async function expireOffsets(coordinator: GroupCoordinator, retentionMs: number): Promise<number> {
  const cutoff = coordinator.clock.now() - retentionMs;
  let removed = 0;
  for (const groupId of coordinator.offsets.groupIds()) {
    const group = coordinator.group(groupId);
    if (group && !group.is("Empty")) continue;
    const offsets = coordinator.offsets.offsetsOf(groupId);
    if (group?.protocolType) {
      if (group.stateTimestamp > cutoff) continue;
      const [result] = await coordinator.deleteGroups([groupId]);
      if (result?.errorCode === 0) removed += offsets.length;
      continue;
    }
    const expired = offsets.filter((o) => o.value.commitTimestamp <= cutoff);
    if (expired.length === 0) continue;
    if (expired.length === offsets.length) {
      await coordinator.deleteGroups([groupId]);
    } else {
      await coordinator.offsets.remove(groupId, expired);
    }
    removed += expired.length;
  }
  return removed;
}
