import { describe, expect, test } from "bun:test";
import { ErrorCode } from "../../broker/kafka/errors.ts";
import {
  commitOffsets,
  DEFAULT_OFFSETS_RETENTION_MS,
  deleteOffsets,
  expireOffsets,
  fetchOffsets,
  GroupCoordinator,
  groupLag,
  OFFSETS_TOPIC,
  OffsetStore,
} from "../../broker/kafka/groups/mod.ts";
import { decodeKey, decodeOffsetValue, encodeOffsetKey, encodeOffsetValue } from "../../broker/kafka/groups/offsets_codec.ts";
import { buildRecordBatch, decodeAllRecords } from "../../broker/log/record_codec.ts";
import { FakeLogManager } from "./_fake_log.ts";
import { enc, joinRequest, setup, subscription } from "./_groups.ts";

const commit = (groupId: string, generationId: number, memberId: string, offsets: Record<string, number>) => ({
  groupId,
  generationId,
  memberId,
  groupInstanceId: null,
  topics: Object.entries(offsets).map(([key, offset]) => {
    const [name, p] = key.split(":") as [string, string];
    return { name, partitions: [{ partition: Number(p), offset, leaderEpoch: -1, metadata: "m" }] };
  }),
});

async function stableSingleMember(env: Awaited<ReturnType<typeof setup>>) {
  const joined = await env.coordinator.joinGroup(joinRequest({ protocols: [{ name: "range", metadata: subscription("orders") }] }));
  await env.coordinator.syncGroup({ groupId: "g", generationId: joined.generationId, memberId: joined.memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] });
  return joined;
}

describe("OffsetCommit and OffsetFetch", () => {
  test("a member commits with its generation and reads the offsets back", async () => {
    const env = await setup();
    const m = await stableSingleMember(env);
    const result = await commitOffsets(env.coordinator, commit("g", 1, m.memberId, { "orders:0": 42, "orders:1": 7 }));
    expect(result.map((r) => r.errorCode)).toEqual([0, 0]);
    const fetched = fetchOffsets(env.coordinator, "g", [{ name: "orders", partitions: [0, 1, 2] }]);
    expect(fetched.map((f) => f.offset)).toEqual([42, 7, -1]);
    expect(fetched[0]?.metadata).toBe("m");
    expect(fetchOffsets(env.coordinator, "g", null)).toHaveLength(2);
  });

  test("generation and membership are checked", async () => {
    const env = await setup();
    const m = await stableSingleMember(env);
    const codes = async (req: ReturnType<typeof commit>) => (await commitOffsets(env.coordinator, req)).map((r) => r.errorCode);
    expect(await codes(commit("g", 5, m.memberId, { "orders:0": 1 }))).toEqual([ErrorCode.ILLEGAL_GENERATION]);
    expect(await codes(commit("g", 1, "stranger", { "orders:0": 1 }))).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
    // Simple commit (generation -1) into a group with members is refused.
    expect(await codes(commit("g", -1, "", { "orders:0": 1 }))).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
    // Unknown group with a generation: the commit comes from an old generation.
    expect(await codes(commit("nope", 3, "x", { "orders:0": 1 }))).toEqual([ErrorCode.ILLEGAL_GENERATION]);
  });

  test("simple commits without membership create an Empty group", async () => {
    const env = await setup();
    const r = await commitOffsets(env.coordinator, commit("standalone", -1, "", { "orders:0": 9 }));
    expect(r[0]?.errorCode).toBe(0);
    expect(env.coordinator.listGroups()).toEqual([{ groupId: "standalone", protocolType: "", state: "Empty" }]);
    expect(fetchOffsets(env.coordinator, "standalone", [{ name: "orders", partitions: [0] }])[0]?.offset).toBe(9);
  });

  test("commits during CompletingRebalance get REBALANCE_IN_PROGRESS", async () => {
    const env = await setup();
    const m = await env.coordinator.joinGroup(joinRequest());
    const r = await commitOffsets(env.coordinator, commit("g", 1, m.memberId, { "t:0": 1 }));
    expect(r[0]?.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  test("oversized metadata fails only that partition", async () => {
    const env = await setup();
    const req = commit("s", -1, "", { "t:0": 1, "t:1": 2 });
    (req.topics[1]?.partitions[0] as { metadata: string }).metadata = "x".repeat(5000);
    const r = await commitOffsets(env.coordinator, req);
    expect(r.map((x) => x.errorCode)).toEqual([0, ErrorCode.OFFSET_METADATA_TOO_LARGE]);
  });
});

describe("durability in __consumer_offsets", () => {
  test("commits are appended as keyed records in Kafka's layout", async () => {
    const log = new FakeLogManager();
    const env = await setup({ log });
    await commitOffsets(env.coordinator, commit("s", -1, "", { "orders:3": 100 }));
    expect(log.getTopic(OFFSETS_TOPIC)?.internal).toBe(true);
    expect(log.getTopic(OFFSETS_TOPIC)?.config["cleanup.policy"]).toBe("compact");
    const { bytes } = await (await log.partition(OFFSETS_TOPIC, 0))!.read(0, 1 << 20);
    const [record] = decodeAllRecords(bytes);
    expect(decodeKey(record!.key!)).toEqual({ kind: "offset", group: "s", topic: "orders", partition: 3 });
    expect(decodeOffsetValue(record!.value!).offset).toBe(100);
  });

  test("a restart restores offsets, deletions and groups from the log", async () => {
    const log = new FakeLogManager();
    const first = await setup({ log });
    const m = await stableSingleMember(first);
    await commitOffsets(first.coordinator, commit("g", 1, m.memberId, { "orders:0": 10, "orders:1": 20 }));
    await commitOffsets(first.coordinator, commit("g", 1, m.memberId, { "orders:0": 11 }));
    await commitOffsets(first.coordinator, commit("gone", -1, "", { "orders:0": 5 }));
    await first.coordinator.deleteGroups(["gone"]);
    first.coordinator.close();

    const offsets = await OffsetStore.open({ log });
    const coordinator = new GroupCoordinator({ offsets });
    expect(fetchOffsets(coordinator, "g", [{ name: "orders", partitions: [0, 1] }]).map((f) => f.offset)).toEqual([11, 20]);
    expect(fetchOffsets(coordinator, "gone", null)).toEqual([]);
    expect(coordinator.listGroups()).toEqual([{ groupId: "g", protocolType: "consumer", state: "Empty" }]);
    expect(coordinator.group("g")?.generationId).toBe(1);
  });

  test("restore reads records written by other tools in Kafka's format (value v1)", async () => {
    const log = new FakeLogManager();
    await log.createTopic(OFFSETS_TOPIC, { partitions: 1, internal: true });
    const v1 = Uint8Array.from([0, 1, 0, 0, 0, 0, 0, 0, 0, 77, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2]);
    const batch = buildRecordBatch([
      { timestamp: 1, key: encodeOffsetKey("legacy", "t", 0), value: v1 },
      { timestamp: 1, key: encodeOffsetKey("legacy", "t", 1), value: encodeOffsetValue({ offset: 5, leaderEpoch: 3, metadata: "", commitTimestamp: 1 }) },
      { timestamp: 1, key: encodeOffsetKey("legacy", "t", 1), value: null },
    ]);
    await (await log.partition(OFFSETS_TOPIC, 0))!.append(batch);
    const offsets = await OffsetStore.open({ log });
    expect(offsets.get("legacy", "t", 0)?.offset).toBe(77);
    expect(offsets.get("legacy", "t", 1)).toBeUndefined();
  });

  test("a failing append fails the commit and leaves nothing visible", async () => {
    const log = new FakeLogManager();
    const env = await setup({ log });
    const partition = (await log.partition(OFFSETS_TOPIC, 0))!;
    partition.append = () => Promise.reject(new Error("EIO"));
    const r = await commitOffsets(env.coordinator, commit("s", -1, "", { "t:0": 1 }));
    expect(r[0]?.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(env.offsets.get("s", "t", 0)).toBeUndefined();
  });
});

describe("OffsetDelete and lag", () => {
  test("offsets of subscribed topics cannot be deleted while the group is active", async () => {
    const env = await setup();
    const m = await stableSingleMember(env);
    await commitOffsets(env.coordinator, commit("g", 1, m.memberId, { "orders:0": 1, "other:0": 2 }));
    const r = await deleteOffsets(env.coordinator, "g", [{ name: "orders", partitions: [0] }, { name: "other", partitions: [0] }]);
    expect(r.errorCode).toBe(0);
    expect(r.partitions.map((p) => p.errorCode)).toEqual([ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC, 0]);
    expect(fetchOffsets(env.coordinator, "g", null).map((f) => f.topic)).toEqual(["orders"]);
    expect((await deleteOffsets(env.coordinator, "nope", [])).errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
  });

  test("lag is the high watermark minus the committed offset", async () => {
    const log = new FakeLogManager();
    const env = await setup({ log });
    await log.createTopic("orders", { partitions: 2 });
    const p0 = (await log.partition("orders", 0))!;
    await p0.append(buildRecordBatch(Array.from({ length: 10 }, (_, i) => ({ timestamp: i, key: null, value: enc(`v${i}`) }))));
    await commitOffsets(env.coordinator, commit("s", -1, "", { "orders:0": 4, "orders:1": 0, "missing:0": 3 }));
    const rows = await groupLag(env.offsets, log, "s");
    expect(rows.map((r) => [r.topic, r.partition, r.lag])).toEqual([["missing", 0, 0], ["orders", 0, 6], ["orders", 1, 0]]);
  });
});

test("unreadable records in __consumer_offsets are skipped, the rest restores", async () => {
  const log = new FakeLogManager();
  await log.createTopic(OFFSETS_TOPIC, { partitions: 1, internal: true });
  const skipped: string[] = [];
  await (await log.partition(OFFSETS_TOPIC, 0))!.append(buildRecordBatch([
    { timestamp: 1, key: Uint8Array.from([0, 1, 0, 9]), value: Uint8Array.from([0, 3]) }, // truncated key
    { timestamp: 1, key: encodeOffsetKey("ok", "t", 0), value: encodeOffsetValue({ offset: 3, leaderEpoch: -1, metadata: "", commitTimestamp: 1 }) },
  ]));
  const offsets = await OffsetStore.open({ log, onSkip: (where) => skipped.push(where) });
  expect(offsets.get("ok", "t", 0)?.offset).toBe(3);
  expect(skipped).toEqual([`${OFFSETS_TOPIC}-0@0`]);
});

describe("offset retention", () => {
  test("empty groups expire after the retention period; standalone offsets one by one", async () => {
    const env = await setup();
    const m = await stableSingleMember(env);
    await commitOffsets(env.coordinator, commit("g", 1, m.memberId, { "orders:0": 5 }));
    env.coordinator.leaveGroup("g", [{ memberId: m.memberId, groupInstanceId: null }]);
    await commitOffsets(env.coordinator, commit("s", -1, "", { "t:0": 1 }));
    env.clock.advance(86_400_000);
    await commitOffsets(env.coordinator, commit("s", -1, "", { "t:1": 2 }));
    env.clock.advance(5.5 * 86_400_000);
    expect(await expireOffsets(env.coordinator, DEFAULT_OFFSETS_RETENTION_MS)).toBe(0);
    env.clock.advance(86_400_000); // 7.5 days after g emptied and s committed t:0
    expect(await expireOffsets(env.coordinator, DEFAULT_OFFSETS_RETENTION_MS)).toBe(2);
    expect(fetchOffsets(env.coordinator, "g", null)).toEqual([]);
    expect(fetchOffsets(env.coordinator, "s", null).map((o) => o.partition)).toEqual([1]);
    env.clock.advance(86_400_000);
    expect(await expireOffsets(env.coordinator, DEFAULT_OFFSETS_RETENTION_MS)).toBe(1);
    expect(env.coordinator.listGroups()).toEqual([]);
  });
});
