import { afterEach, describe, expect, test } from "bun:test";
import { ErrorCode } from "../../broker/kafka/errors.ts";
import { buildRecordBatch, decodeAllRecords } from "../../broker/log/record_codec.ts";
import { startTestServer } from "./_server.ts";

type Env = Awaited<ReturnType<typeof startTestServer>>;
let env: Env | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});
const start = async (options = {}) => (env = await startTestServer(options));
const enc = (s: string) => new TextEncoder().encode(s);
const batch = (values: string[], opts = {}) => buildRecordBatch(values.map((v, i) => ({ timestamp: 1000 + i, key: null, value: enc(v) })), opts);

describe("ApiVersions", () => {
  test("advertises every handled API from version 0", async () => {
    const { client } = await start();
    const res = await (await client()).request(18, 3, { clientSoftwareName: "test", clientSoftwareVersion: "1" });
    expect(res.errorCode).toBe(0);
    const keys = res.apiKeys.map((k) => k.apiKey);
    for (const key of [0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 22, 42, 47]) expect(keys).toContain(key);
    expect(res.apiKeys.every((k) => k.minVersion === 0)).toBe(true);
  });

  test("an unknown ApiVersions version gets a v0 UNSUPPORTED_VERSION answer with the ranges (KIP-511)", async () => {
    const { client } = await start();
    const c = await client();
    // A future client: flexible request header (v2), version 99.
    const frame = c.frame(18, 3, { clientSoftwareName: "future", clientSoftwareVersion: "9" });
    new DataView(frame.buffer).setInt16(6, 99); // request api version
    await c.connection.write(frame);
    const reply = await c.nextFrame();
    const { body } = c.decode(18, 0, reply!);
    expect(body.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(body.apiKeys.find((k) => k.apiKey === 18)?.maxVersion).toBe(4);
  });
});

describe("Metadata", () => {
  test("one unknown topic does not fail the others", async () => {
    const { client, log } = await start();
    log.autoCreate = false;
    const res = await (await client()).request(3, 12, { topics: [{ name: "t" }, { name: "nope" }], allowAutoTopicCreation: false });
    expect(res.brokers).toEqual([{ nodeId: 0, host: "127.0.0.1", port: env!.server.port, rack: null }]);
    expect(res.topics.map((t) => [t.name, t.errorCode, t.partitions.length])).toEqual([["t", 0, 2], ["nope", ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 0]]);
  });

  test("auto-creates requested topics when allowed", async () => {
    const { client, log } = await start();
    const res = await (await client()).request(3, 4, { topics: [{ name: "fresh" }], allowAutoTopicCreation: true });
    expect(res.topics[0]?.errorCode).toBe(0);
    expect(log.getTopic("fresh")).toBeDefined();
  });
});

describe("Produce and Fetch", () => {
  test("stored batches come back untouched; unknown partitions fail alone", async () => {
    const { client } = await start();
    const c = await client();
    const produced = await c.request(0, 9, {
      acks: -1,
      timeoutMs: 1000,
      topicData: [
        { name: "t", partitionData: [{ index: 0, records: batch(["a", "b"]) }, { index: 7, records: batch(["x"]) }] },
        { name: "missing", partitionData: [{ index: 0, records: batch(["y"]) }] },
      ],
    });
    const parts = produced.responses.flatMap((r) => r.partitionResponses.map((p) => [r.name, p.index, p.errorCode, Number(p.baseOffset)]));
    expect(parts).toEqual([["t", 0, 0, 0], ["t", 7, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1], ["missing", 0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1]]);
    const fetched = await c.request(1, 12, {
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: 1 << 20,
      topics: [{ topic: "t", partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }, { partition: 1, fetchOffset: 5n, partitionMaxBytes: 1 << 20 }] }],
    });
    const [p0, p1] = fetched.responses[0]!.partitions;
    expect(Number(p0!.highWatermark)).toBe(2);
    expect(decodeAllRecords(p0!.records!).map((r) => new TextDecoder().decode(r.value!))).toEqual(["a", "b"]);
    expect(p1!.errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
  });

  test("clients cannot write to internal topics", async () => {
    const { client, log } = await start();
    expect(log.getTopic("__consumer_offsets")?.internal).toBe(true); // created by the coordinator
    const res = await (await client()).request(0, 9, { acks: -1, timeoutMs: 1000, topicData: [{ name: "__consumer_offsets", partitionData: [{ index: 0, records: batch(["x"]) }] }] });
    expect(res.responses[0]!.partitionResponses[0]!.errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
  });

  test("acks=0 gets no response; the next request is still answered in order", async () => {
    const { client, log } = await start();
    const c = await client();
    await c.connection.write(c.frame(0, 7, { acks: 0, timeoutMs: 1000, topicData: [{ name: "t", partitionData: [{ index: 0, records: batch(["q"]) }] }] }, 1));
    const res = await c.request(18, 0, {});
    expect(res.errorCode).toBe(0);
    expect((await log.partition("t", 0))!.logEndOffset).toBe(1);
  });

  test("a retried idempotent batch is acknowledged with its first offset and written once", async () => {
    const { client, log } = await start();
    const c = await client();
    const init = await c.request(22, 4, { transactionalId: null, transactionTimeoutMs: 60000 });
    const records = () => batch(["once"], { producerId: Number(init.producerId), producerEpoch: init.producerEpoch, baseSequence: 0 });
    await c.request(0, 9, { acks: -1, timeoutMs: 1000, topicData: [{ name: "t", partitionData: [{ index: 1, records: batch(["other"]) }] }] });
    const send = () => c.request(0, 9, { acks: -1, timeoutMs: 1000, topicData: [{ name: "t", partitionData: [{ index: 1, records: records() }] }] });
    const first = (await send()).responses[0]!.partitionResponses[0]!;
    const again = (await send()).responses[0]!.partitionResponses[0]!;
    expect(first.errorCode).toBe(0);
    expect(again.errorCode).toBe(0);
    expect(again.baseOffset).toBe(first.baseOffset);
    expect((await log.partition("t", 1))!.logEndOffset).toBe(2);
    const gap = batch(["gap"], { producerId: Number(init.producerId), producerEpoch: init.producerEpoch, baseSequence: 5 });
    const res = await c.request(0, 9, { acks: -1, timeoutMs: 1000, topicData: [{ name: "t", partitionData: [{ index: 1, records: gap }] }] });
    expect(res.responses[0]!.partitionResponses[0]!.errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    const described = await c.request(61, 0, { topics: [{ name: "t", partitionIndexes: [1] }] });
    const producers = described.topics[0]!.partitions[0]!.activeProducers;
    expect(producers.map((p) => [p.producerId, p.producerEpoch, p.lastSequence])).toEqual([[init.producerId, 0, 0]]);
  });

  test("a long-polling fetch returns as soon as data arrives", async () => {
    const { client } = await start();
    const consumer = await client();
    const producer = await client();
    const started = Date.now();
    const pending = consumer.request(1, 11, {
      maxWaitMs: 5000,
      minBytes: 1,
      maxBytes: 1 << 20,
      topics: [{ topic: "t", partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }] }],
    });
    await new Promise((r) => setTimeout(r, 100));
    await producer.request(0, 8, { acks: 1, timeoutMs: 1000, topicData: [{ name: "t", partitionData: [{ index: 0, records: batch(["late"]) }] }] });
    const res = await pending;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(decodeAllRecords(res.responses[0]!.partitions[0]!.records!)).toHaveLength(1);
  });

  test("ListOffsets earliest, latest and by timestamp", async () => {
    const { client } = await start();
    const c = await client();
    await c.request(0, 9, { acks: -1, timeoutMs: 1000, topicData: [{ name: "t", partitionData: [{ index: 0, records: batch(["a", "b", "c"]) }] }] });
    const res = await c.request(2, 7, {
      replicaId: -1,
      topics: [{ name: "t", partitions: [{ partitionIndex: 0, timestamp: -2n }, { partitionIndex: 0, timestamp: -1n }, { partitionIndex: 9, timestamp: -1n }] }],
    });
    expect(res.topics[0]!.partitions.map((p) => [p.errorCode, Number(p.offset)])).toEqual([[0, 0], [0, 3], [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1]]);
    const v0 = await c.request(2, 0, { replicaId: -1, topics: [{ name: "t", partitions: [{ partitionIndex: 0, timestamp: -1n, maxNumOffsets: 10 }] }] });
    expect(v0.topics[0]!.partitions[0]!.oldStyleOffsets.map(Number)).toEqual([3, 0]);
  });
});

describe("connection handling", () => {
  test("pipelined requests are answered in order", async () => {
    const { client } = await start();
    const c = await client();
    const frames = [c.frame(3, 1, { topics: null }, 11), c.frame(18, 2, {}, 12), c.frame(16, 4, {}, 13)];
    await c.connection.write(new Uint8Array(frames.flatMap((f) => [...f])));
    const ids = [];
    for (const [key, version] of [[3, 1], [18, 2], [16, 4]] as const) ids.push(c.decode(key, version, (await c.nextFrame())!).correlationId);
    expect(ids).toEqual([11, 12, 13]);
  });

  test("an oversized frame closes the connection and is counted", async () => {
    const { client, server } = await start({ maxRequestBytes: 1000 });
    const c = await client();
    await c.connection.write(new Uint8Array([0, 0, 0x10, 0, 1, 2, 3]));
    expect(await c.nextFrame()).toBeNull();
    await new Promise((r) => setTimeout(r, 10));
    expect(server.context.metrics.render()).toContain("tributary_kafka_connections_closed_on_error_total 1");
  });

  test("requests are counted and timed per API", async () => {
    const { client, server } = await start();
    await (await client()).request(18, 3, { clientSoftwareName: "t", clientSoftwareVersion: "1" });
    const text = server.context.metrics.render();
    expect(text).toContain('tributary_kafka_requests_total{api="ApiVersions"} 1');
    expect(text).toContain('tributary_kafka_request_seconds_count{api="ApiVersions"} 1');
  });

  test("an unknown api key and a malformed body close the connection", async () => {
    const { client } = await start();
    const a = await client();
    await a.connection.write(new Uint8Array([0, 0, 0, 10, 0x7f, 0x00, 0, 0, 0, 0, 0, 1, 0, 0]));
    expect(await a.nextFrame()).toBeNull();
    const b = await client();
    await b.connection.write(new Uint8Array([0, 0, 0, 12, 0, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0x7f, 0xff]));
    expect(await b.nextFrame()).toBeNull();
  });
});

describe("groups over the wire", () => {
  test("join (KIP-394), sync, commit and fetch offsets", async () => {
    const { client } = await start();
    const c = await client();
    const protocols = [{ name: "range", metadata: new Uint8Array([0, 0, 0, 0, 0, 1, 0, 1, 0x74, 0xff, 0xff, 0xff, 0xff]) }];
    const join = (memberId: string) => c.request(11, 9, { groupId: "g", sessionTimeoutMs: 10000, rebalanceTimeoutMs: 10000, memberId, protocolType: "consumer", protocols });
    const first = await join("");
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    const joined = await join(first.memberId);
    expect(joined.errorCode).toBe(0);
    expect(joined.leader).toBe(first.memberId);
    const sync = await c.request(14, 5, {
      groupId: "g", generationId: joined.generationId, memberId: joined.memberId, protocolType: "consumer", protocolName: "range",
      assignments: [{ memberId: joined.memberId, assignment: new Uint8Array([1, 2]) }],
    });
    expect([...sync.assignment]).toEqual([1, 2]);
    expect((await c.request(12, 4, { groupId: "g", generationId: joined.generationId, memberId: joined.memberId })).errorCode).toBe(0);
    const commit = await c.request(8, 8, {
      groupId: "g", generationIdOrMemberEpoch: joined.generationId, memberId: joined.memberId,
      topics: [{ name: "t", partitions: [{ partitionIndex: 0, committedOffset: 5n, committedMetadata: null }, { partitionIndex: 9, committedOffset: 1n, committedMetadata: null }] }],
    });
    expect(commit.topics[0]!.partitions.map((p) => p.errorCode)).toEqual([0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    const fetched = await c.request(9, 8, { groups: [{ groupId: "g", topics: null }] });
    expect(fetched.groups[0]!.topics[0]!.partitions.map((p) => Number(p.committedOffset))).toEqual([5]);
    const described = await c.request(15, 5, { groups: ["g"] });
    expect(described.groups[0]!.groupState).toBe("Stable");
    const listed = await c.request(16, 4, {});
    expect(listed.groups.map((g) => [g.groupId, g.groupState])).toEqual([["g", "Stable"]]);
    const left = await c.request(13, 5, { groupId: "g", members: [{ memberId: joined.memberId }] });
    expect(left.members[0]!.errorCode).toBe(0);
    expect((await c.request(42, 2, { groupsNames: ["g"] })).results[0]!.errorCode).toBe(0);
  });
});
