/** Admin APIs over the wire: topics, partitions, records, configs, cluster, leader epochs. */
import { afterEach, expect, test } from "bun:test";
import { ErrorCode } from "../../broker/kafka/errors.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { startTestServer } from "./_server.ts";

let env: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});
const topic = (name: string, numPartitions: number, replicationFactor = 1, configs: Array<{ name: string; value: string | null }> = []) => ({
  name, numPartitions, replicationFactor, assignments: [], configs,
});

test("CreateTopics: per-topic errors, validateOnly, configs in the answer", async () => {
  env = await startTestServer();
  const c = await env.client();
  const res = await c.request(19, 7, {
    topics: [
      topic("a", 2, 1, [{ name: "cleanup.policy", value: "compact" }, { name: "min.insync.replicas", value: "2" }]),
      topic("t", 1),
      topic("rf", 1, 3),
      topic("bad name!", 1),
      topic("cfg", 1, 1, [{ name: "no.such.config", value: "1" }]),
      topic("dup", 1),
      topic("dup", 1),
      topic("dflt", -1, -1),
    ],
    timeoutMs: 1000,
  });
  expect(res.topics.map((t) => [t.name, t.errorCode])).toEqual([
    ["a", 0],
    ["t", ErrorCode.TOPIC_ALREADY_EXISTS],
    ["rf", ErrorCode.INVALID_REPLICATION_FACTOR],
    ["bad name!", ErrorCode.INVALID_TOPIC_EXCEPTION],
    ["cfg", ErrorCode.INVALID_CONFIG],
    ["dup", ErrorCode.INVALID_REQUEST],
    ["dup", ErrorCode.INVALID_REQUEST],
    ["dflt", 0],
  ]);
  expect(res.topics[0]!.configs!.find((x) => x.name === "cleanup.policy")?.value).toBe("compact");
  expect(env.log.getTopic("a")?.partitions).toBe(2);
  expect(env.log.getTopic("dflt")?.partitions).toBe(1);
  const dry = await c.request(19, 4, { topics: [topic("dry", 3)], timeoutMs: 1000, validateOnly: true });
  expect(dry.topics[0]!.errorCode).toBe(0);
  expect(env.log.getTopic("dry")).toBeUndefined();
});

test("DeleteTopics by name and by id; internal topics are protected", async () => {
  env = await startTestServer();
  const c = await env.client();
  await c.request(19, 5, { topics: [topic("x", 1), topic("y", 1)], timeoutMs: 1000 });
  const meta = await c.request(3, 12, { topics: [{ name: "y" }] });
  const res = await c.request(20, 6, {
    topics: [{ name: "x", topicId: "AAAAAAAAAAAAAAAAAAAAAA" }, { name: null, topicId: meta.topics[0]!.topicId }, { name: "__consumer_offsets", topicId: "AAAAAAAAAAAAAAAAAAAAAA" }, { name: "zz", topicId: "AAAAAAAAAAAAAAAAAAAAAA" }],
    timeoutMs: 1000,
  });
  expect(res.responses.map((r) => [r.name, r.errorCode])).toEqual([["x", 0], ["y", 0], ["__consumer_offsets", ErrorCode.INVALID_REQUEST], ["zz", ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]);
  const old = await c.request(20, 1, { topicNames: ["nope"], timeoutMs: 1000 });
  expect(old.responses[0]!.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
});

test("CreatePartitions grows but never shrinks", async () => {
  env = await startTestServer();
  const c = await env.client();
  const res = await c.request(37, 3, { topics: [{ name: "t", count: 4, assignments: null }, { name: "t2", count: 2, assignments: null }], timeoutMs: 1000, validateOnly: false });
  expect(res.results.map((r) => r.errorCode)).toEqual([0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
  expect(env.log.getTopic("t")?.partitions).toBe(4);
  const shrink = await c.request(37, 1, { topics: [{ name: "t", count: 2, assignments: null }], timeoutMs: 1000, validateOnly: false });
  expect(shrink.results[0]!.errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
});

test("DeleteRecords moves the low watermark; beyond the high watermark is out of range", async () => {
  env = await startTestServer();
  const c = await env.client();
  const batch = buildRecordBatch([0, 1, 2, 3].map((i) => ({ timestamp: i, key: null, value: new Uint8Array([i]) })));
  await c.request(0, 9, { acks: -1, timeoutMs: 1000, topicData: [{ name: "t", partitionData: [{ index: 0, records: batch }] }] });
  const res = await c.request(21, 2, { topics: [{ name: "t", partitions: [{ partitionIndex: 0, offset: 2n }, { partitionIndex: 1, offset: 5n }, { partitionIndex: 9, offset: 0n }] }], timeoutMs: 1000 });
  expect(res.topics[0]!.partitions.map((p) => [p.errorCode, Number(p.lowWatermark)])).toEqual([[0, 2], [ErrorCode.OFFSET_OUT_OF_RANGE, 0], [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1]]);
});

test("DescribeConfigs, IncrementalAlterConfigs and AlterConfigs on topics", async () => {
  env = await startTestServer();
  const c = await env.client();
  const inc = await c.request(44, 1, {
    resources: [
      { resourceType: 2, resourceName: "t", configs: [{ name: "retention.ms", configOperation: 0, value: "1000" }, { name: "cleanup.policy", configOperation: 2, value: "compact" }] },
      { resourceType: 2, resourceName: "none", configs: [] },
      { resourceType: 2, resourceName: "t", configs: [{ name: "segment.bytes", configOperation: 0, value: "abc" }] },
    ],
    validateOnly: false,
  });
  expect(inc.responses.map((r) => r.errorCode)).toEqual([0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.INVALID_CONFIG]);
  expect(env.log.getTopic("t")?.config["cleanup.policy"]).toBe("compact,delete");
  const described = await c.request(32, 4, { resources: [{ resourceType: 2, resourceName: "t", configurationKeys: ["retention.ms"] }, { resourceType: 4, resourceName: "0", configurationKeys: null }] });
  expect(described.results[0]!.configs.map((x) => [x.name, x.value])).toEqual([["retention.ms", "1000"]]);
  expect(described.results[1]!.errorCode).toBe(0);
  const v0 = await c.request(32, 0, { resources: [{ resourceType: 2, resourceName: "t", configurationKeys: null }] });
  expect(v0.results[0]!.configs.length).toBeGreaterThan(5);
  const legacy = await c.request(33, 1, { resources: [{ resourceType: 2, resourceName: "t", configs: [{ name: "retention.ms", value: "5000" }] }], validateOnly: false });
  expect(legacy.responses[0]!.errorCode).toBe(0);
  expect(env.log.getTopic("t")?.config["retention.ms"]).toBe(5000);
  const broker = await c.request(33, 1, { resources: [{ resourceType: 4, resourceName: "0", configs: [] }], validateOnly: false });
  expect(broker.responses[0]!.errorCode).toBe(ErrorCode.INVALID_REQUEST);
});

test("DescribeCluster and OffsetForLeaderEpoch describe a one-node cluster at epoch 0", async () => {
  env = await startTestServer();
  const c = await env.client();
  const cluster = await c.request(60, 1, { includeClusterAuthorizedOperations: false, endpointType: 1 });
  expect(cluster.brokers.map((b) => [b.brokerId, b.port])).toEqual([[0, env.server.port]]);
  expect(cluster.controllerId).toBe(0);
  const epochs = await c.request(23, 4, { topics: [{ topic: "t", partitions: [{ partition: 0, currentLeaderEpoch: 0, leaderEpoch: 0 }, { partition: 0, currentLeaderEpoch: 3, leaderEpoch: 0 }, { partition: 5, leaderEpoch: 0 }] }] });
  expect(epochs.topics[0]!.partitions.map((p) => [p.errorCode, Number(p.endOffset)])).toEqual([[0, 0], [ErrorCode.UNKNOWN_LEADER_EPOCH, -1], [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1]]);
});
