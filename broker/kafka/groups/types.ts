/**
 * Shapes of the classic group coordinator (JoinGroup/SyncGroup protocol, KIP-62, KIP-345,
 * KIP-394): states, members, the injectable clock, and the plain-object requests and results
 * the Kafka handlers translate to and from the wire.
 *
 * @module
 */

/** Kafka's classic group states (`GroupState` in the Java coordinator). */
export type GroupStateName = "Empty" | "PreparingRebalance" | "CompletingRebalance" | "Stable" | "Dead";

/** Time and timers, injected so tests drive expiry with a fake clock. */
export interface GroupClock {
  now(): number;
  /** Run `fn` after `delayMs`; returns a cancel function. */
  schedule(delayMs: number, fn: () => void): () => void;
}

/** The wall clock with `setTimeout` (available on Deno and Bun alike). */
export const systemGroupClock: GroupClock = {
  now: () => Date.now(),
  schedule(delayMs, fn) {
    const t = setTimeout(fn, delayMs);
    return () => clearTimeout(t);
  },
};

/** One protocol a member offers (e.g. "range" with its subscription bytes). */
export interface GroupProtocol {
  name: string;
  metadata: Uint8Array;
}

/** Coordinator limits (Kafka broker config names in comments). */
export interface GroupConfig {
  /** group.min.session.timeout.ms (Kafka 6000). */
  minSessionTimeoutMs: number;
  /** group.max.session.timeout.ms (Kafka 1800000). */
  maxSessionTimeoutMs: number;
  /** group.initial.rebalance.delay.ms (Kafka 3000): wait for more members of a new group. */
  initialRebalanceDelayMs: number;
  /** group.max.size (Kafka unbounded). */
  maxGroupSize: number;
  /** offset.metadata.max.bytes (Kafka 4096). */
  maxOffsetMetadataBytes: number;
}

/** Kafka's defaults. */
export const defaultGroupConfig: GroupConfig = {
  minSessionTimeoutMs: 6_000,
  maxSessionTimeoutMs: 1_800_000,
  initialRebalanceDelayMs: 3_000,
  maxGroupSize: Number.MAX_SAFE_INTEGER,
  maxOffsetMetadataBytes: 4096,
};

/** A JoinGroup as the coordinator sees it (after version mapping). */
export interface JoinGroupRequest {
  groupId: string;
  /** Empty on a member's first join. */
  memberId: string;
  /** group.instance.id for static members (KIP-345), else null. */
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  /** v0 has none: the session timeout is used. */
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
  /** JoinGroup v4+: a first join gets MEMBER_ID_REQUIRED with an id (KIP-394). */
  requireKnownMemberId: boolean;
}

/** One member in the leader's JoinGroup response. */
export interface JoinGroupMemberInfo {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Uint8Array;
}

/** The JoinGroup answer for one member. */
export interface JoinGroupResult {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  /** KIP-814 (v9+): the leader skips assignment when true (static leader rejoin). */
  skipAssignment: boolean;
  memberId: string;
  /** The leader's copy lists every member with its metadata; followers get none. */
  members: JoinGroupMemberInfo[];
}

/** A SyncGroup as the coordinator sees it. */
export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  /** v5+, else null. */
  protocolType: string | null;
  protocolName: string | null;
  assignments: Array<{ memberId: string; assignment: Uint8Array }>;
}

/** The SyncGroup answer for one member. */
export interface SyncGroupResult {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Uint8Array;
}

/** A member by id and, for static members, instance id (KIP-345). */
export interface MemberIdentity {
  memberId: string;
  groupInstanceId: string | null;
}

/** One member in DescribeGroups. */
export interface DescribedMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  metadata: Uint8Array;
  assignment: Uint8Array;
}

/** A group as DescribeGroups reports it. */
export interface DescribedGroup {
  groupId: string;
  state: GroupStateName;
  protocolType: string;
  protocolName: string;
  members: DescribedMember[];
}

/** A group as ListGroups reports it. */
export interface ListedGroup {
  groupId: string;
  protocolType: string;
  state: GroupStateName;
}
