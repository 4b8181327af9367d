import { describe, expect, test } from "bun:test";
import { ErrorCode } from "../../broker/kafka/errors.ts";
import type { JoinGroupResult } from "../../broker/kafka/groups/mod.ts";
import { enc, joinRequest, setup, tick } from "./_groups.ts";

async function stableGroupOfThree() {
  const env = await setup();
  const { coordinator } = env;
  // KIP-394: first joins (v4+) get MEMBER_ID_REQUIRED with an id.
  const ids: string[] = [];
  for (const clientId of ["a", "b", "c"]) {
    const first = await coordinator.joinGroup(joinRequest({ clientId, requireKnownMemberId: true }));
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    ids.push(first.memberId);
  }
  const joins = ids.map((memberId) => coordinator.joinGroup(joinRequest({ memberId, requireKnownMemberId: true })));
  const results = await Promise.all(joins);
  const leader = results.find((r) => r.members.length > 0) as JoinGroupResult;
  const syncs = results.map((r) =>
    env.coordinator.syncGroup({
      groupId: "g",
      generationId: r.generationId,
      memberId: r.memberId,
      groupInstanceId: null,
      protocolType: "consumer",
      protocolName: "range",
      assignments: r === leader ? r.members.map((m) => ({ memberId: m.memberId, assignment: enc(`for ${m.memberId}`) })) : [],
    })
  );
  const synced = await Promise.all(syncs);
  return { ...env, ids, results, leader, synced };
}

describe("join and sync", () => {
  test("three members join: one leader sees all, one generation, sync hands out assignments", async () => {
    const { coordinator, ids, results, leader, synced } = await stableGroupOfThree();
    expect(results.every((r) => r.errorCode === 0 && r.generationId === 1)).toBe(true);
    expect(results.filter((r) => r.members.length > 0)).toHaveLength(1);
    expect(leader.members.map((m) => m.memberId).sort()).toEqual([...ids].sort());
    expect(results.every((r) => r.leader === leader.memberId && r.protocolName === "range")).toBe(true);
    expect(synced.map((s) => new TextDecoder().decode(s.assignment))).toEqual(ids.map((id) => `for ${id}`));
    expect(coordinator.describeGroup("g").state).toBe("Stable");
    expect(coordinator.describeGroup("g").members).toHaveLength(3);
  });

  test("a follower's sync resolves only after the leader's", async () => {
    const { coordinator } = await setup();
    const p1 = coordinator.joinGroup(joinRequest({ clientId: "a" }));
    const r1 = await p1; // alone: generation 1, leader
    const p2 = coordinator.joinGroup(joinRequest({ clientId: "b" })); // triggers rebalance
    const p1b = coordinator.joinGroup(joinRequest({ memberId: r1.memberId }));
    const [r2, r1b] = await Promise.all([p2, p1b]);
    expect(r2.generationId).toBe(2);
    let followerDone = false;
    const follower = r2.members.length > 0 ? r1b : r2;
    const leader = r2.members.length > 0 ? r2 : r1b;
    const fs = coordinator.syncGroup({ groupId: "g", generationId: 2, memberId: follower.memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] });
    fs.then(() => (followerDone = true));
    await tick();
    expect(followerDone).toBe(false);
    await coordinator.syncGroup({
      groupId: "g", generationId: 2, memberId: leader.memberId, groupInstanceId: null, protocolType: null, protocolName: null,
      assignments: [{ memberId: follower.memberId, assignment: enc("x") }],
    });
    expect(new TextDecoder().decode((await fs).assignment)).toBe("x");
  });

  test("protocol selection: the one all members support, most preferred", async () => {
    const { coordinator } = await setup();
    const a = await coordinator.joinGroup(joinRequest({ clientId: "a", protocols: [{ name: "range", metadata: enc("") }, { name: "roundrobin", metadata: enc("") }] }));
    // b's arrival starts a rebalance; a's rejoin completes it.
    const pb = coordinator.joinGroup(joinRequest({ clientId: "b", protocols: [{ name: "roundrobin", metadata: enc("") }, { name: "sticky", metadata: enc("") }] }));
    const pa = coordinator.joinGroup(joinRequest({ memberId: a.memberId, protocols: [{ name: "range", metadata: enc("") }, { name: "roundrobin", metadata: enc("") }] }));
    const [ra, rb] = await Promise.all([pa, pb]);
    expect(ra.protocolName).toBe("roundrobin");
    expect(rb.protocolName).toBe("roundrobin");
  });

  test("incompatible protocols and types are rejected", async () => {
    const { coordinator } = await setup();
    await coordinator.joinGroup(joinRequest({ clientId: "a" }));
    const other = await coordinator.joinGroup(joinRequest({ clientId: "b", protocols: [{ name: "sticky", metadata: enc("") }] }));
    expect(other.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const type = await coordinator.joinGroup(joinRequest({ clientId: "b", protocolType: "connect" }));
    expect(type.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const empty = await coordinator.joinGroup(joinRequest({ groupId: "h", protocols: [] }));
    expect(empty.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  test("bad group id, session timeout and unknown member ids", async () => {
    const { coordinator } = await setup();
    expect((await coordinator.joinGroup(joinRequest({ groupId: "" }))).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((await coordinator.joinGroup(joinRequest({ sessionTimeoutMs: 10 }))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await coordinator.joinGroup(joinRequest({ memberId: "ghost" }))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test("sync with a wrong generation or during a rebalance", async () => {
    const { coordinator, results } = await stableGroupOfThree();
    const r = results[0] as JoinGroupResult;
    const base = { groupId: "g", memberId: r.memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] };
    expect((await coordinator.syncGroup({ ...base, generationId: 7 })).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await coordinator.syncGroup({ ...base, generationId: 1, protocolName: "other" })).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    void coordinator.joinGroup(joinRequest({ clientId: "d" }));
    expect((await coordinator.syncGroup({ ...base, generationId: 1 })).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });
});

describe("rebalances and timeouts", () => {
  test("a member leaves: the others are told to rejoin and form generation 2", async () => {
    const { coordinator, results } = await stableGroupOfThree();
    const [a, b, c] = results as [JoinGroupResult, JoinGroupResult, JoinGroupResult];
    const left = coordinator.leaveGroup("g", [{ memberId: a.memberId, groupInstanceId: null }]);
    expect(left.members[0]?.errorCode).toBe(0);
    expect(coordinator.heartbeat({ groupId: "g", generationId: 1, memberId: b.memberId, groupInstanceId: null })).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const [rb, rc] = await Promise.all([
      coordinator.joinGroup(joinRequest({ memberId: b.memberId })),
      coordinator.joinGroup(joinRequest({ memberId: c.memberId })),
    ]);
    expect(rb.generationId).toBe(2);
    expect(rc.generationId).toBe(2);
    expect([rb, rc].flatMap((r) => r.members.map((m) => m.memberId)).sort()).toEqual([b.memberId, c.memberId].sort());
    expect(coordinator.heartbeat({ groupId: "g", generationId: 1, memberId: b.memberId, groupInstanceId: null })).toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  test("a silent member expires after its session timeout", async () => {
    const { coordinator, clock, results } = await stableGroupOfThree();
    const [a, b, c] = results as [JoinGroupResult, JoinGroupResult, JoinGroupResult];
    for (let t = 0; t < 4; t++) {
      clock.advance(4_000);
      // c stays silent; at 10 s it expires and the survivors are told to rejoin.
      const expected = t < 2 ? 0 : ErrorCode.REBALANCE_IN_PROGRESS;
      expect(coordinator.heartbeat({ groupId: "g", generationId: 1, memberId: a.memberId, groupInstanceId: null })).toBe(expected);
      expect(coordinator.heartbeat({ groupId: "g", generationId: 1, memberId: b.memberId, groupInstanceId: null })).toBe(expected);
    }
    expect(coordinator.group("g")?.members.has(c.memberId)).toBe(false);
    expect(coordinator.heartbeat({ groupId: "g", generationId: 1, memberId: c.memberId, groupInstanceId: null })).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test("members that do not rejoin are dropped when the rebalance timeout passes", async () => {
    const { coordinator, clock, results } = await stableGroupOfThree();
    const [a, b, c] = results as [JoinGroupResult, JoinGroupResult, JoinGroupResult];
    const rejoin = coordinator.joinGroup(joinRequest({ memberId: a.memberId, protocols: [{ name: "range", metadata: enc("changed") }] }));
    let done = false;
    rejoin.then(() => (done = true));
    // b and c stay alive (heartbeats) but never rejoin.
    for (let t = 0; t < 5; t++) {
      clock.advance(5_000);
      for (const m of [b, c]) {
        expect(coordinator.heartbeat({ groupId: "g", generationId: 1, memberId: m.memberId, groupInstanceId: null })).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      }
    }
    clock.advance(4_000);
    await tick();
    expect(done).toBe(false);
    clock.advance(1_000);
    const r = await rejoin;
    expect(r.generationId).toBe(2);
    expect(r.members.map((m) => m.memberId)).toEqual([a.memberId]);
  });

  test("an unclaimed KIP-394 member id expires and stops holding the join phase", async () => {
    const { coordinator, clock } = await setup();
    const a = await coordinator.joinGroup(joinRequest({ clientId: "a" }));
    const pending = await coordinator.joinGroup(joinRequest({ clientId: "b", requireKnownMemberId: true }));
    expect(pending.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    const rejoin = coordinator.joinGroup(joinRequest({ memberId: a.memberId, protocols: [{ name: "range", metadata: enc("v2") }] }));
    clock.advance(10_000);
    expect((await rejoin).generationId).toBe(2);
  });

  test("the initial rebalance delay gathers members into the first generation", async () => {
    const { coordinator, clock } = await setup({ initialDelayMs: 3_000 });
    const pa = coordinator.joinGroup(joinRequest({ clientId: "a" }));
    clock.advance(1_000);
    const pb = coordinator.joinGroup(joinRequest({ clientId: "b" }));
    clock.advance(2_000); // the delay ends at 3 s, but b arrived: wait another 3 s
    await tick();
    expect(coordinator.describeGroup("g").state).toBe("PreparingRebalance");
    clock.advance(3_000);
    const [ra, rb] = await Promise.all([pa, pb]);
    expect(ra.generationId).toBe(1);
    expect(rb.generationId).toBe(1);
  });
});

describe("static membership (KIP-345)", () => {
  test("a static member restarting rejoins without a rebalance and fences its old id", async () => {
    const { coordinator } = await setup();
    const a = await coordinator.joinGroup(joinRequest({ clientId: "a", groupInstanceId: "i-a" }));
    const pb = coordinator.joinGroup(joinRequest({ clientId: "b", groupInstanceId: "i-b" }));
    const pa = coordinator.joinGroup(joinRequest({ memberId: a.memberId, groupInstanceId: "i-a" }));
    const [rb, ra] = await Promise.all([pb, pa]);
    const leader = ra.members.length ? ra : rb;
    await Promise.all([ra, rb].map((r) => coordinator.syncGroup({
      groupId: "g", generationId: 2, memberId: r.memberId, groupInstanceId: r === ra ? "i-a" : "i-b", protocolType: null, protocolName: null,
      assignments: r === leader ? [{ memberId: rb.memberId, assignment: enc("B") }, { memberId: ra.memberId, assignment: enc("A") }] : [],
    })));
    expect(coordinator.describeGroup("g").state).toBe("Stable");
    // b restarts: new JoinGroup with no member id but the same instance id.
    const back = await coordinator.joinGroup(joinRequest({ clientId: "b", groupInstanceId: "i-b" }));
    expect(back.errorCode).toBe(0);
    expect(back.generationId).toBe(2);
    expect(back.memberId).not.toBe(rb.memberId);
    expect(coordinator.describeGroup("g").state).toBe("Stable");
    expect(coordinator.heartbeat({ groupId: "g", generationId: 2, memberId: ra.memberId, groupInstanceId: "i-a" })).toBe(0);
    const sync = await coordinator.syncGroup({ groupId: "g", generationId: 2, memberId: back.memberId, groupInstanceId: "i-b", protocolType: null, protocolName: null, assignments: [] });
    expect(new TextDecoder().decode(sync.assignment)).toBe("B");
    expect(coordinator.heartbeat({ groupId: "g", generationId: 2, memberId: rb.memberId, groupInstanceId: "i-b" })).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test("a stale member id with a live instance id is fenced", async () => {
    const { coordinator } = await setup();
    const a = await coordinator.joinGroup(joinRequest({ clientId: "a", groupInstanceId: "i-a" }));
    void coordinator.joinGroup(joinRequest({ clientId: "b", groupInstanceId: "i-b" }));
    expect(coordinator.leaveGroup("g", [{ memberId: "wrong", groupInstanceId: "i-a" }]).members[0]?.errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(coordinator.leaveGroup("g", [{ memberId: "", groupInstanceId: "i-a" }]).members[0]?.errorCode).toBe(0);
    expect(coordinator.group("g")?.members.has(a.memberId)).toBe(false);
  });
});

describe("listing, describing, deleting", () => {
  test("list and describe", async () => {
    const { coordinator } = await stableGroupOfThree();
    expect(coordinator.listGroups()).toEqual([{ groupId: "g", protocolType: "consumer", state: "Stable" }]);
    expect(coordinator.listGroups({ states: ["Empty"] })).toEqual([]);
    expect(coordinator.describeGroup("nope").state).toBe("Dead");
    const d = coordinator.describeGroup("g");
    expect(d.protocolName).toBe("range");
    expect(d.members.every((m) => m.assignment.length > 0 && m.metadata.length > 0)).toBe(true);
  });

  test("DeleteGroups: NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND, then success once empty", async () => {
    const { coordinator, results } = await stableGroupOfThree();
    expect(await coordinator.deleteGroups(["g", "x"])).toEqual([
      { groupId: "g", errorCode: ErrorCode.NON_EMPTY_GROUP },
      { groupId: "x", errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
    ]);
    coordinator.leaveGroup("g", results.map((r) => ({ memberId: r.memberId, groupInstanceId: null })));
    expect(coordinator.describeGroup("g").state).toBe("Empty");
    expect(await coordinator.deleteGroups(["g"])).toEqual([{ groupId: "g", errorCode: 0 }]);
    expect(coordinator.listGroups()).toEqual([]);
  });

  test("close answers pending joins", async () => {
    const { coordinator, clock } = await setup({ initialDelayMs: 3_000 });
    const p = coordinator.joinGroup(joinRequest());
    coordinator.close();
    expect((await p).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(clock.pending).toBe(0);
  });
});
