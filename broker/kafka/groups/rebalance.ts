/**
 * The rebalance machinery shared by every group API: entering PreparingRebalance, completing
 * the join phase (all known members rejoined, or the rebalance timeout passed), session expiry
 * and member removal. Timers come from the injected {@link GroupClock}.
 *
 * Mirrors Kafka's classic `GroupCoordinator`: `prepareRebalance`, `onCompleteJoin`,
 * `InitialDelayedJoin` (group.initial.rebalance.delay.ms) and heartbeat expiration (KIP-62:
 * the session timer is paused while a member awaits a JoinGroup or SyncGroup response).
 *
 * @module
 */
import { ErrorCode } from "../errors.ts";
import { type Group, joinError, type Member, syncError } from "./group.ts";
import type { GroupClock, GroupConfig } from "./types.ts";

/** Called when a generation completes or a group empties (for persistence and metrics). */
export type GroupChangeListener = (group: Group) => void;

/** Drives state transitions that depend on time. One per coordinator. */
export class Rebalancer {
  constructor(
    readonly clock: GroupClock,
    readonly config: GroupConfig,
    private readonly onChange: GroupChangeListener,
  ) {}

  /** Start a rebalance unless one is already under way (Kafka `maybePrepareRebalance`). */
  maybePrepareRebalance(group: Group): void {
    if (group.is("Stable", "CompletingRebalance", "Empty")) this.prepareRebalance(group);
  }

  prepareRebalance(group: Group): void {
    if (group.is("CompletingRebalance")) this.failPendingSyncs(group, ErrorCode.REBALANCE_IN_PROGRESS);
    const wasEmpty = group.is("Empty");
    group.transition("PreparingRebalance", this.clock.now());
    group.cancelRebalance?.();
    if (wasEmpty && this.config.initialRebalanceDelayMs > 0) {
      // A new group waits a little for more members so the first generation is not wasted.
      group.initialDelayActive = true;
      group.newMemberAdded = false;
      this.scheduleInitialDelay(group, this.config.initialRebalanceDelayMs, group.rebalanceTimeoutMs());
    } else {
      group.cancelRebalance = this.clock.schedule(group.rebalanceTimeoutMs(), () => this.completeJoin(group));
    }
    this.tryCompleteJoin(group);
  }

  private scheduleInitialDelay(group: Group, delayMs: number, remainingMs: number): void {
    group.cancelRebalance = this.clock.schedule(delayMs, () => {
      const left = remainingMs - delayMs;
      if (group.newMemberAdded && left > 0) {
        group.newMemberAdded = false;
        this.scheduleInitialDelay(group, Math.min(this.config.initialRebalanceDelayMs, left), left);
        return;
      }
      group.initialDelayActive = false;
      this.completeJoin(group);
    });
  }

  /** Complete the join phase now if every known member has rejoined. */
  tryCompleteJoin(group: Group): void {
    if (group.is("PreparingRebalance") && !group.initialDelayActive && group.allMembersJoined()) {
      this.completeJoin(group);
    }
  }

  /** Kafka `onCompleteJoin`: drop members that did not rejoin, start the next generation. */
  completeJoin(group: Group): void {
    if (!group.is("PreparingRebalance")) return;
    group.cancelRebalance?.();
    group.cancelRebalance = null;
    group.initialDelayActive = false;
    for (const member of [...group.members.values()]) {
      if (!member.joinWaiter) this.dropMember(group, member);
    }
    group.generationId++;
    if (group.members.size === 0) {
      group.protocolName = null;
      group.leaderId = null;
      group.transition("Empty", this.clock.now());
      this.onChange(group);
      return;
    }
    if (group.leaderId === null || !group.members.has(group.leaderId)) {
      group.leaderId = group.members.keys().next().value as string;
    }
    group.protocolName = group.selectProtocol();
    group.transition("CompletingRebalance", this.clock.now());
    for (const member of group.members.values()) {
      const waiter = member.joinWaiter;
      member.joinWaiter = null;
      waiter?.(group.joinResult(member.memberId));
      this.scheduleSession(group, member);
    }
    this.onChange(group);
  }

  /** (Re)arm a member's session timer (Kafka `completeAndScheduleNextHeartbeatExpiration`). */
  scheduleSession(group: Group, member: Member): void {
    member.cancelSession?.();
    member.cancelSession = this.clock.schedule(member.sessionTimeoutMs, () => {
      member.cancelSession = null;
      if (group.members.get(member.memberId) !== member) return;
      // A member blocked in JoinGroup or SyncGroup is alive by definition.
      if (member.joinWaiter || member.syncWaiter) {
        this.scheduleSession(group, member);
        return;
      }
      this.removeMember(group, member);
    });
  }

  /** Remove a member (leave, expiry) and move the group on (Kafka `removeMemberAndUpdateGroup`). */
  removeMember(group: Group, member: Member): void {
    this.dropMember(group, member);
    if (group.is("Stable", "CompletingRebalance")) this.prepareRebalance(group);
    else if (group.is("PreparingRebalance")) this.tryCompleteJoin(group);
  }

  /** Forget a member without changing the group state; answers its pending calls. */
  dropMember(group: Group, member: Member): void {
    member.cancelSession?.();
    member.cancelSession = null;
    const join = member.joinWaiter;
    const sync = member.syncWaiter;
    member.joinWaiter = null;
    member.syncWaiter = null;
    join?.(joinError(ErrorCode.UNKNOWN_MEMBER_ID, member.memberId));
    sync?.(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    group.members.delete(member.memberId);
    if (member.groupInstanceId !== null && group.staticMembers.get(member.groupInstanceId) === member.memberId) {
      group.staticMembers.delete(member.groupInstanceId);
    }
    if (group.leaderId === member.memberId) {
      group.leaderId = group.members.size > 0 ? (group.members.keys().next().value as string) : null;
    }
  }

  /** Answer every pending SyncGroup with `errorCode` and clear assignments. */
  failPendingSyncs(group: Group, errorCode: number): void {
    for (const member of group.members.values()) {
      member.assignment = new Uint8Array();
      const waiter = member.syncWaiter;
      member.syncWaiter = null;
      waiter?.(syncError(errorCode));
    }
  }

  /** Stop every timer of a group and answer everything pending (shutdown, deletion). */
  shutdownGroup(group: Group, errorCode: number): void {
    group.cancelRebalance?.();
    group.cancelRebalance = null;
    for (const cancel of group.pendingMembers.values()) cancel();
    group.pendingMembers.clear();
    for (const member of group.members.values()) {
      member.cancelSession?.();
      member.cancelSession = null;
      const join = member.joinWaiter;
      const sync = member.syncWaiter;
      member.joinWaiter = null;
      member.syncWaiter = null;
      join?.(joinError(errorCode, member.memberId));
      sync?.(syncError(errorCode));
    }
  }
}
