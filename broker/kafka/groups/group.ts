/**
 * One classic consumer group: members, generation, selected protocol and state, plus the pure
 * rules the coordinator applies to them (protocol compatibility and selection, "all joined").
 *
 * Transitions (Kafka `GroupMetadata.validPreviousStates`):
 * Empty → PreparingRebalance → CompletingRebalance → Stable → PreparingRebalance …, any → Dead.
 *
 * @module
 */
import type { GroupProtocol, GroupStateName, JoinGroupMemberInfo, JoinGroupResult, SyncGroupResult } from "./types.ts";

/** A member as the coordinator tracks it. */
export interface Member {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
  assignment: Uint8Array;
  /** Pending JoinGroup response while the join phase runs. */
  joinWaiter: ((result: JoinGroupResult) => void) | null;
  /** Pending SyncGroup response while the leader's assignment is awaited. */
  syncWaiter: ((result: SyncGroupResult) => void) | null;
  cancelSession: (() => void) | null;
}

const VALID_PREVIOUS: Record<GroupStateName, GroupStateName[]> = {
  Empty: ["PreparingRebalance"],
  PreparingRebalance: ["Empty", "Stable", "CompletingRebalance"],
  CompletingRebalance: ["PreparingRebalance"],
  Stable: ["CompletingRebalance"],
  Dead: ["Empty", "PreparingRebalance", "CompletingRebalance", "Stable", "Dead"],
};

/** A group's state and membership. Mutated only by the coordinator. */
export class Group {
  state: GroupStateName = "Empty";
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  stateTimestamp: number;
  readonly members = new Map<string, Member>();
  /** group.instance.id → member id (KIP-345). */
  readonly staticMembers = new Map<string, string>();
  /** Ids handed out with MEMBER_ID_REQUIRED, awaiting their second join (KIP-394) → cancel. */
  readonly pendingMembers = new Map<string, () => void>();
  /** Rebalance (or initial delay) timer while PreparingRebalance. */
  cancelRebalance: (() => void) | null = null;
  /** True while the initial rebalance delay of a new group runs. */
  initialDelayActive = false;
  newMemberAdded = false;

  constructor(
    readonly groupId: string,
    now: number,
  ) {
    this.stateTimestamp = now;
  }

  /** Move to `next`; an invalid transition is a coordinator bug, so it throws. */
  transition(next: GroupStateName, now: number): void {
    if (!VALID_PREVIOUS[next].includes(this.state)) {
      throw new Error(`group ${this.groupId}: invalid transition ${this.state} → ${next}`);
    }
    this.state = next;
    this.stateTimestamp = now;
  }

  is(...states: GroupStateName[]): boolean {
    return states.includes(this.state);
  }

  /** Kafka `supportsProtocols`: a first member must name a type and protocols; later ones must share one. */
  supportsProtocols(protocolType: string, protocols: GroupProtocol[]): boolean {
    if (this.members.size === 0) return protocolType !== "" && protocols.length > 0;
    if (protocolType !== this.protocolType) return false;
    const candidates = this.candidateProtocols();
    return protocols.some((p) => candidates.has(p.name));
  }

  /** Protocol names every member supports. */
  candidateProtocols(): Set<string> {
    let result: Set<string> | null = null;
    for (const member of this.members.values()) {
      const names = new Set<string>(member.protocols.map((p) => p.name));
      if (result === null) result = names;
      else for (const name of result) if (!names.has(name)) result.delete(name);
    }
    return result ?? new Set<string>();
  }

  /**
   * Kafka `selectProtocol`: among the protocols all members support, each member votes for its
   * most preferred one and the most votes win; ties go to the leader's preference order.
   */
  selectProtocol(): string | null {
    const candidates = this.candidateProtocols();
    if (candidates.size === 0) return null;
    const votes = new Map<string, number>();
    for (const member of this.members.values()) {
      const choice = member.protocols.find((p) => candidates.has(p.name));
      if (choice) votes.set(choice.name, (votes.get(choice.name) ?? 0) + 1);
    }
    const leader = this.leaderId === null ? undefined : this.members.get(this.leaderId);
    const order = (leader ?? [...this.members.values()][0])?.protocols.map((p) => p.name) ?? [];
    let best: string | null = null;
    let bestVotes = -1;
    for (const name of order) {
      const v = votes.get(name) ?? 0;
      if (candidates.has(name) && v > bestVotes) {
        best = name;
        bestVotes = v;
      }
    }
    return best;
  }

  /** Every member has a pending JoinGroup and no KIP-394 id is still outstanding. */
  allMembersJoined(): boolean {
    if (this.pendingMembers.size > 0) return false;
    for (const member of this.members.values()) if (!member.joinWaiter) return false;
    return true;
  }

  /** The largest rebalance timeout among members (Kafka `rebalanceTimeoutMs`). */
  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const member of this.members.values()) max = Math.max(max, member.rebalanceTimeoutMs);
    return max;
  }

  /** The metadata a member offers for the selected protocol. */
  metadataOf(member: Member): Uint8Array {
    return member.protocols.find((p) => p.name === this.protocolName)?.metadata ?? new Uint8Array();
  }

  /** The member list the leader receives in its JoinGroup response. */
  leaderMemberList(): JoinGroupMemberInfo[] {
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: this.metadataOf(m),
    }));
  }

  /** The JoinGroup response of the current generation for `memberId`. */
  joinResult(memberId: string, skipAssignment = false): JoinGroupResult {
    const isLeader = memberId === this.leaderId;
    return {
      errorCode: 0,
      generationId: this.generationId,
      protocolType: this.protocolType,
      protocolName: this.protocolName,
      leader: this.leaderId ?? "",
      skipAssignment,
      memberId,
      members: isLeader ? this.leaderMemberList() : [],
    };
  }
}

/** True when two protocol lists are equal (names, order and metadata bytes). */
export function sameProtocols(a: GroupProtocol[], b: GroupProtocol[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as GroupProtocol;
    const y = b[i] as GroupProtocol;
    if (x.name !== y.name || x.metadata.length !== y.metadata.length) return false;
    for (let j = 0; j < x.metadata.length; j++) if (x.metadata[j] !== y.metadata[j]) return false;
  }
  return true;
}

/** A JoinGroup error response. */
export function joinError(errorCode: number, memberId = ""): JoinGroupResult {
  return {
    errorCode,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leader: "",
    skipAssignment: false,
    memberId,
    members: [],
  };
}

/** A SyncGroup error response. */
export function syncError(errorCode: number): SyncGroupResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: new Uint8Array() };
}
