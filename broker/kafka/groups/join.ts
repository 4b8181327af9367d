/**
 * JoinGroup (Kafka `handleJoinGroup`): first joins, KIP-394 member ids, static membership
 * (KIP-345), rejoins in every state. Returns a promise that settles when the join phase ends
 * (or at once for errors and for rejoins that need no rebalance).
 *
 * @module
 */
import { ErrorCode } from "../errors.ts";
import { type Group, joinError, type Member, sameProtocols } from "./group.ts";
import type { Rebalancer } from "./rebalance.ts";
import type { JoinGroupRequest, JoinGroupResult } from "./types.ts";

/** Join `group` (already validated for group id, session timeout and protocols). */
export function joinGroup(
  rebalancer: Rebalancer,
  group: Group,
  request: JoinGroupRequest,
  newMemberId: () => string,
): Promise<JoinGroupResult> {
  if (request.memberId === "") return joinUnknownMember(rebalancer, group, request, newMemberId());
  return joinKnownMember(rebalancer, group, request);
}

function joinUnknownMember(
  rebalancer: Rebalancer,
  group: Group,
  request: JoinGroupRequest,
  memberId: string,
): Promise<JoinGroupResult> {
  if (group.members.size >= rebalancer.config.maxGroupSize) {
    return Promise.resolve(joinError(ErrorCode.GROUP_MAX_SIZE_REACHED));
  }
  const instanceId = request.groupInstanceId;
  if (instanceId !== null) {
    const oldMemberId = group.staticMembers.get(instanceId);
    if (oldMemberId !== undefined) return replaceStaticMember(rebalancer, group, request, oldMemberId, memberId);
    return addMemberAndRebalance(rebalancer, group, request, memberId);
  }
  if (request.requireKnownMemberId) {
    // KIP-394: hand out the id and expect the client back with it; an id that never comes
    // back expires after the session timeout instead of holding the join phase forever.
    const cancel = rebalancer.clock.schedule(request.sessionTimeoutMs, () => {
      group.pendingMembers.delete(memberId);
      rebalancer.tryCompleteJoin(group);
    });
    group.pendingMembers.set(memberId, cancel);
    return Promise.resolve(joinError(ErrorCode.MEMBER_ID_REQUIRED, memberId));
  }
  return addMemberAndRebalance(rebalancer, group, request, memberId);
}

function joinKnownMember(rebalancer: Rebalancer, group: Group, request: JoinGroupRequest): Promise<JoinGroupResult> {
  const { memberId } = request;
  const pendingCancel = group.pendingMembers.get(memberId);
  if (pendingCancel) {
    pendingCancel();
    group.pendingMembers.delete(memberId);
    return addMemberAndRebalance(rebalancer, group, request, memberId);
  }
  const member = group.members.get(memberId);
  if (!member) return Promise.resolve(joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId));
  if (isFenced(group, member, request.groupInstanceId)) {
    return Promise.resolve(joinError(ErrorCode.FENCED_INSTANCE_ID, memberId));
  }
  switch (group.state) {
    case "PreparingRebalance":
      return updateMemberAndRebalance(rebalancer, group, member, request);
    case "CompletingRebalance":
      // The member missed its response (e.g. a retry): same metadata → same answer.
      if (sameProtocols(member.protocols, request.protocols)) {
        return Promise.resolve(group.joinResult(memberId));
      }
      return updateMemberAndRebalance(rebalancer, group, member, request);
    case "Stable":
      if (memberId === group.leaderId || !sameProtocols(member.protocols, request.protocols)) {
        return updateMemberAndRebalance(rebalancer, group, member, request);
      }
      rebalancer.scheduleSession(group, member);
      return Promise.resolve(group.joinResult(memberId));
    default:
      return Promise.resolve(joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId));
  }
}

/** A static member's instance id maps to a different member id (KIP-345 fencing). */
export function isFenced(group: Group, member: Member, groupInstanceId: string | null): boolean {
  if (groupInstanceId === null) return false;
  return group.staticMembers.get(groupInstanceId) !== member.memberId;
}

function addMemberAndRebalance(
  rebalancer: Rebalancer,
  group: Group,
  request: JoinGroupRequest,
  memberId: string,
): Promise<JoinGroupResult> {
  const member: Member = {
    memberId,
    groupInstanceId: request.groupInstanceId,
    clientId: request.clientId,
    clientHost: request.clientHost,
    sessionTimeoutMs: request.sessionTimeoutMs,
    rebalanceTimeoutMs: request.rebalanceTimeoutMs,
    protocolType: request.protocolType,
    protocols: request.protocols,
    assignment: new Uint8Array(),
    joinWaiter: null,
    syncWaiter: null,
    cancelSession: null,
  };
  if (group.members.size === 0) group.protocolType = request.protocolType;
  group.members.set(memberId, member);
  if (request.groupInstanceId !== null) group.staticMembers.set(request.groupInstanceId, memberId);
  if (group.leaderId === null) group.leaderId = memberId;
  if (group.initialDelayActive) group.newMemberAdded = true;
  const result = waitForJoin(member);
  rebalancer.maybePrepareRebalance(group);
  rebalancer.tryCompleteJoin(group);
  return result;
}

function updateMemberAndRebalance(
  rebalancer: Rebalancer,
  group: Group,
  member: Member,
  request: JoinGroupRequest,
): Promise<JoinGroupResult> {
  member.protocols = request.protocols;
  member.sessionTimeoutMs = request.sessionTimeoutMs;
  member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
  member.clientId = request.clientId;
  member.clientHost = request.clientHost;
  const result = waitForJoin(member);
  rebalancer.maybePrepareRebalance(group);
  rebalancer.tryCompleteJoin(group);
  return result;
}

function waitForJoin(member: Member): Promise<JoinGroupResult> {
  // A duplicate JoinGroup supersedes the earlier one, which must still get an answer.
  member.joinWaiter?.(joinError(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId));
  return new Promise((resolve) => {
    member.joinWaiter = resolve;
  });
}

/**
 * KIP-345: a known static member rejoined with no member id (e.g. after a restart). It gets
 * a new member id, the old one is fenced; a Stable group keeps its assignment (no rebalance)
 * unless the selected protocol would change.
 */
function replaceStaticMember(
  rebalancer: Rebalancer,
  group: Group,
  request: JoinGroupRequest,
  oldMemberId: string,
  newMemberId: string,
): Promise<JoinGroupResult> {
  const member = group.members.get(oldMemberId) as Member;
  const oldJoin = member.joinWaiter;
  const oldSync = member.syncWaiter;
  member.joinWaiter = null;
  member.syncWaiter = null;
  oldJoin?.(joinError(ErrorCode.FENCED_INSTANCE_ID, oldMemberId));
  oldSync?.({ errorCode: ErrorCode.FENCED_INSTANCE_ID, protocolType: null, protocolName: null, assignment: new Uint8Array() });
  group.members.delete(oldMemberId);
  member.memberId = newMemberId;
  group.members.set(newMemberId, member);
  group.staticMembers.set(request.groupInstanceId as string, newMemberId);
  if (group.leaderId === oldMemberId) group.leaderId = newMemberId;

  if (group.is("Stable")) {
    const previous = member.protocols;
    member.protocols = request.protocols;
    if (group.selectProtocol() === group.protocolName) {
      member.sessionTimeoutMs = request.sessionTimeoutMs;
      member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
      rebalancer.scheduleSession(group, member);
      // KIP-814: a returning static leader gets the member list but must not reassign.
      return Promise.resolve(group.joinResult(newMemberId, newMemberId === group.leaderId));
    }
    member.protocols = previous;
  }
  return updateMemberAndRebalance(rebalancer, group, member, request);
}
