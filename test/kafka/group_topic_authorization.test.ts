/**
 * Topic authorization in the classic group protocol, and anonymous access beside SASL:
 * - JoinGroup whose "consumer" subscription names a topic the principal may not READ gets
 *   TOPIC_AUTHORIZATION_FAILED and no membership;
 * - SyncGroup withholds an assignment naming such a topic (a misbehaving leader);
 * - with `allowAnonymous`, a connection without SASL may do everything, and one that logs in
 *   is held to its principal's ACL.
 */
import { afterEach, describe, expect, test } from "bun:test";
import type { KafkaAuth } from "../../broker/kafka/auth.ts";
import { ErrorCode } from "../../broker/kafka/errors.ts";
import { encodeConsumerProtocolAssignment } from "../../broker/kafka/protocol/generated/consumer_protocol_assignment.ts";
import { encodeConsumerProtocolSubscription } from "../../broker/kafka/protocol/generated/consumer_protocol_subscription.ts";
import { ByteWriter } from "../../broker/kafka/protocol/writer.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import type { TestClient } from "./_client.ts";
import { startTestServer } from "./_server.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const plain = (user: string, password: string) => enc(`\0${user}\0${password}`);

/** "gw" may read and write topic "t" and use groups "gw-*"; topic "other" is off limits. */
const auth: KafkaAuth = {
  mechanisms: ["PLAIN"],
  authenticatePlain: async (user, password) => (password === "pw" ? user : null),
  authorizeTopic: (principal, op, topic) => principal === "gw" && topic === "t" && ["read", "write", "describe", "create"].includes(op),
  authorizeGroup: (principal, _op, groupId) => groupId.startsWith(`${principal}-`),
};

/** A ConsumerProtocolSubscription v1 (version prefix + body) for `topics`. */
function subscription(topics: string[]): Uint8Array {
  const w = new ByteWriter();
  w.int16(1);
  encodeConsumerProtocolSubscription(w, { topics, userData: null, ownedPartitions: [] }, 1);
  return w.finish();
}

/** A ConsumerProtocolAssignment v1 giving partition 0 of each of `topics`. */
function assignment(topics: string[]): Uint8Array {
  const w = new ByteWriter();
  w.int16(1);
  encodeConsumerProtocolAssignment(w, { assignedPartitions: topics.map((topic) => ({ topic, partitions: [0] })), userData: null }, 1);
  return w.finish();
}

let env: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function login(c: TestClient, user: string, password: string): Promise<number> {
  await c.request(17, 1, { mechanism: "PLAIN" });
  return (await c.request(36, 2, { authBytes: plain(user, password) })).errorCode;
}

/** JoinGroup v5, coming back with the assigned member id after MEMBER_ID_REQUIRED (KIP-394). */
async function join(c: TestClient, groupId: string, topics: string[]) {
  const request = (memberId: string) =>
    c.request(11, 5, {
      groupId, sessionTimeoutMs: 10000, rebalanceTimeoutMs: 10000, memberId, groupInstanceId: null,
      protocolType: "consumer", protocols: [{ name: "range", metadata: subscription(topics) }],
    });
  const first = await request("");
  return first.errorCode === ErrorCode.MEMBER_ID_REQUIRED ? await request(first.memberId) : first;
}

describe("group protocol and topic READ", () => {
  test("JoinGroup subscribing to a topic without READ is TOPIC_AUTHORIZATION_FAILED and joins nothing", async () => {
    env = await startTestServer({ auth });
    await env.log.createTopic("other", { partitions: 1 });
    const c = await env.client();
    expect(await login(c, "gw", "pw")).toBe(0);
    const refused = await join(c, "gw-spy", ["t", "other"]);
    expect(refused.errorCode).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    expect(refused.memberId).toBe("");
    const described = await c.request(15, 1, { groups: ["gw-spy"] });
    expect(described.groups[0]!.members).toEqual([]);
    // The same principal subscribing only to what it may read joins.
    const ok = await join(c, "gw-readers", ["t"]);
    expect(ok.errorCode).toBe(0);
    expect(ok.leader).toBe(ok.memberId);
  });

  test("SyncGroup withholds an assignment that names a topic the member may not READ", async () => {
    env = await startTestServer({ auth });
    await env.log.createTopic("other", { partitions: 1 });
    const c = await env.client();
    expect(await login(c, "gw", "pw")).toBe(0);
    const joined = await join(c, "gw-leader", ["t"]);
    expect(joined.errorCode).toBe(0);
    const sync = (topics: string[]) =>
      c.request(14, 3, {
        groupId: "gw-leader", generationId: joined.generationId, memberId: joined.memberId, groupInstanceId: null,
        assignments: [{ memberId: joined.memberId, assignment: assignment(topics) }],
      });
    const withheld = await sync(["t", "other"]);
    expect(withheld.errorCode).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    expect(withheld.assignment.length).toBe(0);
  });

  test("a readable assignment is handed out unchanged", async () => {
    env = await startTestServer({ auth });
    const c = await env.client();
    expect(await login(c, "gw", "pw")).toBe(0);
    const joined = await join(c, "gw-ok", ["t"]);
    const given = assignment(["t"]);
    const synced = await c.request(14, 3, {
      groupId: "gw-ok", generationId: joined.generationId, memberId: joined.memberId, groupInstanceId: null,
      assignments: [{ memberId: joined.memberId, assignment: given }],
    });
    expect(synced.errorCode).toBe(0);
    expect([...synced.assignment]).toEqual([...given]);
  });
});

describe("anonymous access beside SASL", () => {
  const produce = (c: TestClient, topic: string) =>
    c.request(0, 9, {
      acks: -1, timeoutMs: 1000, transactionalId: null,
      topicData: [{ name: topic, partitionData: [{ index: 0, records: buildRecordBatch([{ timestamp: 1000, key: null, value: enc("v") }]) }] }],
    }).then((r) => r.responses[0]!.partitionResponses[0]!.errorCode);

  test("without SASL everything is allowed; after SASL the principal's ACL applies", async () => {
    env = await startTestServer({ auth: { ...auth, allowAnonymous: true } });
    await env.log.createTopic("other", { partitions: 1 });
    const anonymous = await env.client();
    expect(await produce(anonymous, "other")).toBe(0);
    const device = await env.client();
    expect(await produce(device, "other")).toBe(0); // anonymous until it logs in
    expect(await login(device, "gw", "pw")).toBe(0);
    expect(await produce(device, "other")).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    expect(await produce(device, "t")).toBe(0);
    // A second handshake after logging in is refused, so the principal cannot be dropped.
    expect((await device.request(17, 1, { mechanism: "PLAIN" })).errorCode).toBe(ErrorCode.ILLEGAL_SASL_STATE);
    expect((await env.log.partition("other", 0))?.highWatermark).toBe(2);
  });

  test("a wrong password is refused and closes the connection rather than falling back to anonymous", async () => {
    env = await startTestServer({ auth: { ...auth, allowAnonymous: true } });
    const c = await env.client();
    expect(await login(c, "gw", "nope")).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect(await c.nextFrame()).toBeNull();
  });

  test("without allowAnonymous a connection that skips SASL is closed at its first request", async () => {
    env = await startTestServer({ auth });
    const c = await env.client();
    await expect(produce(c, "t")).rejects.toThrow("connection closed");
  });
});
