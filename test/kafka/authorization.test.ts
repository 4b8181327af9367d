/**
 * Per-topic and per-group authorization on the Kafka listener (issue 6): the auth hook's
 * `authorizeTopic` / `authorizeGroup` decide per topic and group; refusals are per-partition
 * TOPIC_AUTHORIZATION_FAILED (29) or GROUP_AUTHORIZATION_FAILED (30), never a failed request,
 * and a refused produce stores nothing.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { Kafka, logLevel } from "kafkajs";
import type { KafkaAuth } from "../../broker/kafka/auth.ts";
import { ErrorCode } from "../../broker/kafka/errors.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { startTestServer } from "./_server.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const batch = (value: string) => buildRecordBatch([{ timestamp: 1000, key: null, value: enc(value) }]);
const plain = (user: string, password: string) => enc(`\0${user}\0${password}`);

/** "gw" may write and read topic "t" and use groups "gw-*"; "other" exists but is off limits. */
const auth: KafkaAuth = {
  mechanisms: ["PLAIN"],
  authenticatePlain: async (user, password) => (password === "pw" ? user : null),
  authorizeTopic: (principal, op, topic) => principal === "gw" && topic === "t" && ["read", "write", "describe", "describeConfigs", "create"].includes(op),
  authorizeGroup: (principal, _op, groupId) => groupId.startsWith(`${principal}-`),
};

let env: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function loggedIn() {
  env = await startTestServer({ auth });
  await env.log.createTopic("other", { partitions: 1 });
  const c = await env.client();
  await c.request(17, 1, { mechanism: "PLAIN" });
  expect((await c.request(36, 2, { authBytes: plain("gw", "pw") })).errorCode).toBe(0);
  return c;
}

describe("topics", () => {
  test("Produce: the allowed topic is stored, the other gets 29 per partition and stores nothing", async () => {
    const c = await loggedIn();
    const res = await c.request(0, 9, {
      acks: -1,
      timeoutMs: 1000,
      transactionalId: null,
      topicData: [
        { name: "t", partitionData: [{ index: 0, records: batch("ok") }] },
        { name: "other", partitionData: [{ index: 0, records: batch("no") }] },
        { name: "fresh", partitionData: [{ index: 0, records: batch("no") }] },
      ],
    });
    const codes = res.responses.map((t) => [t.name, t.partitionResponses.map((p) => p.errorCode)]);
    expect(codes).toEqual([["t", [0]], ["other", [ErrorCode.TOPIC_AUTHORIZATION_FAILED]], ["fresh", [ErrorCode.TOPIC_AUTHORIZATION_FAILED]]]);
    expect((await env!.log.partition("other", 0))?.highWatermark).toBe(0);
    expect(env!.log.getTopic("fresh")).toBeUndefined();
  });

  test("Fetch and ListOffsets: 29 per partition for the other topic, data for the allowed one", async () => {
    const c = await loggedIn();
    await c.request(0, 9, { acks: -1, timeoutMs: 1000, transactionalId: null, topicData: [{ name: "t", partitionData: [{ index: 0, records: batch("x") }] }] });
    const fetched = await c.request(1, 11, {
      replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, rackId: "", forgottenTopicsData: [],
      topics: [
        { topic: "t", partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, logStartOffset: -1n, partitionMaxBytes: 1 << 20 }] },
        { topic: "other", partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, logStartOffset: -1n, partitionMaxBytes: 1 << 20 }] },
      ],
    });
    expect(fetched.responses.map((t) => t.partitions[0]!.errorCode)).toEqual([0, ErrorCode.TOPIC_AUTHORIZATION_FAILED]);
    expect(fetched.responses[0]!.partitions[0]!.records!.length).toBeGreaterThan(0);
    expect(fetched.responses[1]!.partitions[0]!.records?.length ?? 0).toBe(0);
    const offsets = await c.request(2, 5, {
      replicaId: -1, isolationLevel: 0,
      topics: [{ name: "t", partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1n }] }, { name: "other", partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1n }] }],
    });
    expect(offsets.topics.map((t) => t.partitions[0]!.errorCode)).toEqual([0, ErrorCode.TOPIC_AUTHORIZATION_FAILED]);
    const epochs = await c.request(23, 3, {
      replicaId: -1,
      topics: [{ topic: "t", partitions: [{ partition: 0, currentLeaderEpoch: -1, leaderEpoch: 0 }] }, { topic: "other", partitions: [{ partition: 0, currentLeaderEpoch: -1, leaderEpoch: 0 }] }],
    });
    expect(epochs.topics.map((t) => t.partitions[0]!.errorCode)).toEqual([0, ErrorCode.TOPIC_AUTHORIZATION_FAILED]);
    const producers = await c.request(61, 0, { topics: [{ name: "t", partitionIndexes: [0] }, { name: "other", partitionIndexes: [0] }] });
    expect(producers.topics.map((t) => t.partitions[0]!.errorCode)).toEqual([0, ErrorCode.TOPIC_AUTHORIZATION_FAILED]);
  });

  test("Metadata: all topics lists only describable ones; a named one is 29 and never auto-created", async () => {
    const c = await loggedIn();
    const all = await c.request(3, 12, { topics: null, allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false });
    expect(all.topics.map((t) => t.name)).toEqual(["t"]);
    const named = await c.request(3, 9, { topics: [{ name: "other" }, { name: "nope" }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    expect(named.topics.map((t) => t.errorCode)).toEqual([ErrorCode.TOPIC_AUTHORIZATION_FAILED, ErrorCode.TOPIC_AUTHORIZATION_FAILED]);
    expect(env!.log.getTopic("nope")).toBeUndefined();
  });

  test("CreateTopics, DeleteTopics, CreatePartitions and configs answer 29 per topic", async () => {
    const c = await loggedIn();
    const created = await c.request(19, 5, { topics: [{ name: "x", numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
    expect(created.topics[0]!.errorCode).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    const deleted = await c.request(20, 4, { topicNames: ["t", "other"], timeoutMs: 1000 });
    expect(deleted.responses.map((r) => r.errorCode)).toEqual([ErrorCode.TOPIC_AUTHORIZATION_FAILED, ErrorCode.TOPIC_AUTHORIZATION_FAILED]);
    expect(env!.log.getTopic("t")).toBeDefined();
    const parts = await c.request(37, 1, { topics: [{ name: "t", count: 4, assignments: null }], timeoutMs: 1000, validateOnly: false });
    expect(parts.results[0]!.errorCode).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    const described = await c.request(32, 1, { resources: [{ resourceType: 2, resourceName: "t", configurationKeys: null }, { resourceType: 2, resourceName: "other", configurationKeys: null }], includeSynonyms: false });
    expect(described.results.map((r) => r.errorCode)).toEqual([0, ErrorCode.TOPIC_AUTHORIZATION_FAILED]);
    const dirs = await c.request(35, 4, { topics: null });
    expect(dirs.results[0]!.topics.map((t) => t.name)).toEqual(["t"]);
    const altered = await c.request(33, 1, { resources: [{ resourceType: 2, resourceName: "t", configs: [{ name: "retention.ms", value: "1000" }] }], validateOnly: false });
    expect(altered.responses[0]!.errorCode).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  });
});

describe("groups", () => {
  test("FindCoordinator, JoinGroup, Heartbeat, OffsetCommit, OffsetFetch, DescribeGroups, DeleteGroups refuse other groups with 30", async () => {
    const c = await loggedIn();
    const coord = await c.request(10, 4, { keyType: 0, coordinatorKeys: ["gw-a", "x-b"] });
    expect(coord.coordinators.map((k) => k.errorCode)).toEqual([0, ErrorCode.GROUP_AUTHORIZATION_FAILED]);
    const join = await c.request(11, 5, { groupId: "x-b", sessionTimeoutMs: 10000, rebalanceTimeoutMs: 10000, memberId: "", groupInstanceId: null, protocolType: "consumer", protocols: [{ name: "range", metadata: new Uint8Array() }] });
    expect(join.errorCode).toBe(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    expect((await c.request(12, 3, { groupId: "x-b", generationId: 1, memberId: "m", groupInstanceId: null })).errorCode).toBe(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    const commit = await c.request(8, 2, { groupId: "x-b", generationIdOrMemberEpoch: -1, memberId: "", retentionTimeMs: -1n, topics: [{ name: "t", partitions: [{ partitionIndex: 0, committedOffset: 1n, committedMetadata: null }] }] });
    expect(commit.topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    // An allowed group but a topic it may not read: 29 for that topic only.
    const mixed = await c.request(8, 2, {
      groupId: "gw-a", generationIdOrMemberEpoch: -1, memberId: "", retentionTimeMs: -1n,
      topics: [{ name: "t", partitions: [{ partitionIndex: 0, committedOffset: 0n, committedMetadata: null }] }, { name: "other", partitions: [{ partitionIndex: 0, committedOffset: 0n, committedMetadata: null }] }],
    });
    expect(mixed.topics.map((t) => t.partitions[0]!.errorCode)).toEqual([0, ErrorCode.TOPIC_AUTHORIZATION_FAILED]);
    expect((await c.request(9, 5, { groupId: "x-b", topics: null })).errorCode).toBe(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    const fetched = await c.request(9, 5, { groupId: "gw-a", topics: [{ name: "t", partitionIndexes: [0] }, { name: "other", partitionIndexes: [0] }] });
    expect(fetched.topics.map((t) => [t.name, t.partitions[0]!.errorCode])).toEqual([["t", 0], ["other", ErrorCode.TOPIC_AUTHORIZATION_FAILED]]);
    const described = await c.request(15, 1, { groups: ["gw-a", "x-b"] });
    expect(described.groups.map((g) => g.errorCode)).toEqual([0, ErrorCode.GROUP_AUTHORIZATION_FAILED]);
    const deleted = await c.request(42, 1, { groupsNames: ["x-b"] });
    expect(deleted.results[0]!.errorCode).toBe(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    expect((await c.request(47, 0, { groupId: "x-b", topics: [] })).errorCode).toBe(ErrorCode.GROUP_AUTHORIZATION_FAILED);
  });

  test("kafkajs: a consumer in an allowed group consumes; another group is refused; ListGroups is filtered", async () => {
    env = await startTestServer({ auth });
    const brokers = [`127.0.0.1:${env.server.port}`];
    const sasl = { mechanism: "plain" as const, username: "gw", password: "pw" };
    const kafka = new Kafka({ brokers, sasl, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: "t", messages: [{ value: "hello" }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: "gw-readers" });
    await consumer.connect();
    await consumer.subscribe({ topic: "t", fromBeginning: true });
    const got = new Promise<string>((resolve) => void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) }));
    expect(await got).toBe("hello");
    await consumer.disconnect();
    const stranger = kafka.consumer({ groupId: "someone-else", retry: { retries: 0 } });
    await stranger.connect();
    await stranger.subscribe({ topic: "t" });
    const crashed = new Promise<string>((resolve) => stranger.on(stranger.events.CRASH, (e) => resolve(String(e.payload.error))));
    await stranger.run({ eachMessage: async () => {} });
    // kafkajs reports the FindCoordinator refusal (30) as "Failed to find group coordinator".
    expect(await crashed).toMatch(/not authorized|group coordinator/i);
    await stranger.disconnect().catch(() => {});
    // Another principal sees no group it may not describe.
    const other = new Kafka({ brokers, sasl: { mechanism: "plain", username: "zz", password: "pw" }, logLevel: logLevel.NOTHING }).admin();
    await other.connect();
    expect((await other.listGroups()).groups.map((g) => g.groupId)).toEqual([]);
    await other.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).toEqual(["gw-readers"]);
    await admin.disconnect();
  });
});
