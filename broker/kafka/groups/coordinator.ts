/**
 * The classic group coordinator as a pure state machine: no sockets, an injected clock, and
 * promises for the JoinGroup/SyncGroup responses that wait on other members.
 *
 * One coordinator serves every group (a single-node cluster is the coordinator of all of them).
 * Offsets live in the {@link OffsetStore}; the offset APIs are in `offset_ops.ts`.
 *
 * @module
 */
import { ErrorCode } from "../errors.ts";
import { Group, joinError, type Member, syncError } from "./group.ts";
import { isFenced, joinGroup } from "./join.ts";
import type { OffsetStore } from "./offset_store.ts";
import { Rebalancer } from "./rebalance.ts";
import {
  defaultGroupConfig,
  type DescribedGroup,
  type GroupClock,
  type GroupConfig,
  type GroupStateName,
  type JoinGroupRequest,
  type JoinGroupResult,
  type ListedGroup,
  type MemberIdentity,
  type SyncGroupRequest,
  type SyncGroupResult,
  systemGroupClock,
} from "./types.ts";

/** Dependencies and settings of the {@link GroupCoordinator}. */
export interface GroupCoordinatorOptions {
  offsets: OffsetStore;
  clock?: GroupClock;
  config?: Partial<GroupConfig>;
  /** Member id generator; default `${clientId}-${uuid}` like Kafka. */
  newMemberId?: (clientId: string) => string;
  /** Called with errors of background writes (group records). */
  onError?: (error: unknown) => void;
}

/** LeaveGroup's group-level error and per-member results. */
export interface LeaveGroupResult {
  errorCode: number;
  members: Array<MemberIdentity & { errorCode: number }>;
}

/** Every classic group of the broker. */
export class GroupCoordinator {
  readonly offsets: OffsetStore;
  readonly clock: GroupClock;
  readonly config: GroupConfig;
  readonly #groups = new Map<string, Group>();
  readonly #rebalancer: Rebalancer;
  readonly #newMemberId: (clientId: string) => string;
  readonly #onError: (error: unknown) => void;

  constructor(options: GroupCoordinatorOptions) {
    this.offsets = options.offsets;
    this.clock = options.clock ?? systemGroupClock;
    this.config = { ...defaultGroupConfig, ...options.config };
    this.#newMemberId = options.newMemberId ?? ((clientId) => `${clientId}-${crypto.randomUUID()}`);
    this.#onError = options.onError ?? (() => {});
    this.#rebalancer = new Rebalancer(this.clock, this.config, (group) => this.#persistGroup(group));
    // Groups known only from the offsets topic exist, Empty, after a restart.
    for (const id of this.offsets.groupIds()) {
      const group = this.#create(id);
      const stored = this.offsets.groupMetadata(id);
      if (stored) {
        group.generationId = stored.generationId;
        group.protocolType = stored.protocolType || null;
      }
    }
  }

  /** The group, if it exists (tests, admin). */
  group(groupId: string): Group | undefined {
    return this.#groups.get(groupId);
  }

  /** Create an Empty group (also used by simple offset commits). */
  getOrCreate(groupId: string): Group {
    return this.#groups.get(groupId) ?? this.#create(groupId);
  }

  #create(groupId: string): Group {
    const group = new Group(groupId, this.clock.now());
    this.#groups.set(groupId, group);
    return group;
  }

  #persistGroup(group: Group): void {
    this.offsets
      .storeGroup(group.groupId, {
        protocolType: group.protocolType ?? "",
        generationId: group.generationId,
        protocolName: group.protocolName,
        leaderId: group.leaderId,
        stateTimestamp: group.stateTimestamp,
      })
      .catch(this.#onError);
  }

  /** JoinGroup. Settles when the join phase completes for this member. */
  joinGroup(request: JoinGroupRequest): Promise<JoinGroupResult> {
    if (request.groupId === "") return Promise.resolve(joinError(ErrorCode.INVALID_GROUP_ID, request.memberId));
    const { minSessionTimeoutMs, maxSessionTimeoutMs } = this.config;
    if (request.sessionTimeoutMs < minSessionTimeoutMs || request.sessionTimeoutMs > maxSessionTimeoutMs) {
      return Promise.resolve(joinError(ErrorCode.INVALID_SESSION_TIMEOUT, request.memberId));
    }
    let group = this.#groups.get(request.groupId);
    if (!group) {
      if (request.memberId !== "") return Promise.resolve(joinError(ErrorCode.UNKNOWN_MEMBER_ID, request.memberId));
      group = this.#create(request.groupId);
    }
    if (group.is("Dead")) return Promise.resolve(joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, request.memberId));
    if (!group.supportsProtocols(request.protocolType, request.protocols)) {
      return Promise.resolve(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, request.memberId));
    }
    return joinGroup(this.#rebalancer, group, request, () => this.#newMemberId(request.clientId));
  }

  /** SyncGroup. The leader's call distributes assignments; followers wait for it. */
  syncGroup(request: SyncGroupRequest): Promise<SyncGroupResult> {
    const group = this.#groups.get(request.groupId);
    if (!group) return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    if (group.is("Dead")) return Promise.resolve(syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
    const member = group.members.get(request.memberId);
    if (!member) return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    if (isFenced(group, member, request.groupInstanceId)) return Promise.resolve(syncError(ErrorCode.FENCED_INSTANCE_ID));
    if (request.generationId !== group.generationId) return Promise.resolve(syncError(ErrorCode.ILLEGAL_GENERATION));
    if (
      (request.protocolType !== null && request.protocolType !== group.protocolType) ||
      (request.protocolName !== null && request.protocolName !== group.protocolName)
    ) {
      return Promise.resolve(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    switch (group.state) {
      case "PreparingRebalance":
        return Promise.resolve(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      case "Stable":
        this.#rebalancer.scheduleSession(group, member);
        return Promise.resolve(this.#syncResult(group, member));
      case "CompletingRebalance": {
        member.syncWaiter?.(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
        const result = new Promise<SyncGroupResult>((resolve) => {
          member.syncWaiter = resolve;
        });
        this.#rebalancer.scheduleSession(group, member);
        if (member.memberId === group.leaderId) this.#completeSync(group, request);
        return result;
      }
      default:
        return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  #completeSync(group: Group, request: SyncGroupRequest): void {
    const assignments = new Map(request.assignments.map((a) => [a.memberId, a.assignment]));
    for (const member of group.members.values()) member.assignment = assignments.get(member.memberId) ?? new Uint8Array();
    group.transition("Stable", this.clock.now());
    for (const member of group.members.values()) {
      const waiter = member.syncWaiter;
      member.syncWaiter = null;
      waiter?.(this.#syncResult(group, member));
    }
    this.#persistGroup(group);
  }

  #syncResult(group: Group, member: Member): SyncGroupResult {
    return { errorCode: 0, protocolType: group.protocolType, protocolName: group.protocolName, assignment: member.assignment };
  }

  /** Heartbeat: keeps the session alive and tells members when to rejoin. */
  heartbeat(request: { groupId: string; generationId: number; memberId: string; groupInstanceId: string | null }): number {
    const group = this.#groups.get(request.groupId);
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (group.is("Dead")) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const member = group.members.get(request.memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (isFenced(group, member, request.groupInstanceId)) return ErrorCode.FENCED_INSTANCE_ID;
    if (request.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    switch (group.state) {
      case "PreparingRebalance":
        this.#rebalancer.scheduleSession(group, member);
        return ErrorCode.REBALANCE_IN_PROGRESS;
      case "CompletingRebalance":
      case "Stable":
        this.#rebalancer.scheduleSession(group, member);
        return ErrorCode.NONE;
      default:
        return ErrorCode.UNKNOWN_MEMBER_ID;
    }
  }

  /** LeaveGroup for one member (v0-v2) or a batch (v3+, KIP-345). */
  leaveGroup(groupId: string, leaving: MemberIdentity[]): LeaveGroupResult {
    const group = this.#groups.get(groupId);
    if (!group) return { errorCode: ErrorCode.NONE, members: leaving.map((m) => ({ ...m, errorCode: ErrorCode.UNKNOWN_MEMBER_ID })) };
    if (group.is("Dead")) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    const members = leaving.map((m) => ({ ...m, errorCode: this.#leaveOne(group, m) }));
    return { errorCode: ErrorCode.NONE, members };
  }

  #leaveOne(group: Group, leaving: MemberIdentity): number {
    let memberId = leaving.memberId;
    if (leaving.groupInstanceId !== null) {
      const current = group.staticMembers.get(leaving.groupInstanceId);
      if (current === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (memberId !== "" && memberId !== current) return ErrorCode.FENCED_INSTANCE_ID;
      memberId = current;
    }
    const pending = group.pendingMembers.get(memberId);
    if (pending) {
      pending();
      group.pendingMembers.delete(memberId);
      this.#rebalancer.tryCompleteJoin(group);
      return ErrorCode.NONE;
    }
    const member = group.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.#rebalancer.removeMember(group, member);
    return ErrorCode.NONE;
  }

  /** ListGroups, optionally filtered by state (v4+, KIP-518) and type (v5+, KIP-848). */
  listGroups(filter: { states?: string[]; types?: string[] } = {}): ListedGroup[] {
    const states = filter.states?.map((s) => s.toLowerCase());
    const types = filter.types?.map((t) => t.toLowerCase());
    const out: ListedGroup[] = [];
    for (const group of this.#groups.values()) {
      if (group.is("Dead")) continue;
      if (states?.length && !states.includes(group.state.toLowerCase())) continue;
      if (types?.length && !types.includes("classic")) continue;
      out.push({ groupId: group.groupId, protocolType: group.protocolType ?? "", state: group.state });
    }
    return out;
  }

  /** DescribeGroups for one group; an unknown group is reported as Dead (Kafka < v6 semantics). */
  describeGroup(groupId: string): DescribedGroup {
    const group = this.#groups.get(groupId);
    if (!group) return { groupId, state: "Dead", protocolType: "", protocolName: "", members: [] };
    const stable = group.is("Stable");
    return {
      groupId,
      state: group.state,
      protocolType: group.protocolType ?? "",
      protocolName: stable ? (group.protocolName ?? "") : "",
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? group.metadataOf(m) : new Uint8Array(),
        assignment: stable ? m.assignment : new Uint8Array(),
      })),
    };
  }

  /** DeleteGroups: only Empty groups go (NON_EMPTY_GROUP otherwise); their offsets go too. */
  async deleteGroups(groupIds: string[]): Promise<Array<{ groupId: string; errorCode: number }>> {
    const out: Array<{ groupId: string; errorCode: number }> = [];
    for (const groupId of groupIds) {
      const group = this.#groups.get(groupId);
      if (!group || group.is("Dead")) {
        out.push({ groupId, errorCode: ErrorCode.GROUP_ID_NOT_FOUND });
      } else if (!group.is("Empty")) {
        out.push({ groupId, errorCode: ErrorCode.NON_EMPTY_GROUP });
      } else {
        group.transition("Dead", this.clock.now());
        this.#groups.delete(groupId);
        try {
          await this.offsets.removeGroup(groupId);
          out.push({ groupId, errorCode: ErrorCode.NONE });
        } catch (error) {
          this.#onError(error);
          out.push({ groupId, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE });
        }
      }
    }
    return out;
  }

  /** Stop all timers and answer pending calls (broker shutdown). */
  close(): void {
    for (const group of this.#groups.values()) this.#rebalancer.shutdownGroup(group, ErrorCode.COORDINATOR_NOT_AVAILABLE);
  }

  /** Internal: the rebalancer, for the offset APIs (session refresh on commit). */
  get rebalancer(): Rebalancer {
    return this.#rebalancer;
  }

  /** Internal: the state of a group, for the offset APIs. */
  stateOf(groupId: string): GroupStateName | undefined {
    return this.#groups.get(groupId)?.state;
  }
}
