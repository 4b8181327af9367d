/**
 * kafkajs (a pure-JS client with older API versions than librdkafka) against an in-process
 * listener: admin (topics, partitions, configs, offsets, groups), an idempotent producer with
 * gzip, and a consumer group that commits.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { CompressionTypes, Kafka, logLevel } from "kafkajs";
import { startTestServer } from "./_server.ts";

let env: Awaited<ReturnType<typeof startTestServer>>;
let kafka: Kafka;
beforeAll(async () => {
  env = await startTestServer();
  kafka = new Kafka({ brokers: [`127.0.0.1:${env.server.port}`], clientId: "kjs", logLevel: logLevel.NOTHING, retry: { retries: 2 } });
});
afterAll(async () => {
  await env.close();
});

test("admin: create, describe, alter and delete topics", async () => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    expect(await admin.createTopics({ topics: [{ topic: "kjs-admin", numPartitions: 2, configEntries: [{ name: "retention.ms", value: "60000" }] }] })).toBe(true);
    expect(await admin.listTopics()).toContain("kjs-admin");
    await admin.createPartitions({ topicPartitions: [{ topic: "kjs-admin", count: 3 }] });
    const meta = await admin.fetchTopicMetadata({ topics: ["kjs-admin"] });
    expect(meta.topics[0]?.partitions).toHaveLength(3);
    const configs = await admin.describeConfigs({ resources: [{ type: 2, name: "kjs-admin", configNames: ["retention.ms"] }], includeSynonyms: false });
    expect(configs.resources[0]?.configEntries[0]?.configValue).toBe("60000");
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: "kjs-admin", configEntries: [{ name: "cleanup.policy", value: "compact" }] }] });
    expect(env.log.getTopic("kjs-admin")?.config["cleanup.policy"]).toBe("compact");
    await expect(admin.createTopics({ topics: [{ topic: "bad", replicationFactor: 3 }] })).rejects.toThrow();
    await admin.deleteTopics({ topics: ["kjs-admin"] });
    expect(env.log.getTopic("kjs-admin")).toBeUndefined();
  } finally {
    await admin.disconnect();
  }
});

test("an idempotent gzip producer and a committing consumer group", async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: "kjs-data", numPartitions: 2 }] });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const sent = await producer.send({
    topic: "kjs-data",
    compression: CompressionTypes.GZIP,
    messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i % 4}`, value: `v${i}` })),
  });
  expect(sent.every((r) => r.errorCode === 0)).toBe(true);

  const consumer = kafka.consumer({ groupId: "kjs-group", sessionTimeout: 10000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic: "kjs-data", fromBeginning: true });
  const seen: string[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: true,
      eachMessage: async ({ message }) => {
        seen.push(message.value!.toString());
        if (seen.length === 20) resolve();
      },
    });
  });
  expect(seen.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`).sort());
  await consumer.stop();
  await consumer.disconnect();
  const offsets = await admin.fetchOffsets({ groupId: "kjs-group", topics: ["kjs-data"] });
  const total = offsets[0]!.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
  expect(total).toBe(20);
  const groups = await admin.listGroups();
  expect(groups.groups.map((g) => g.groupId)).toContain("kjs-group");
  await admin.deleteGroups(["kjs-group"]);
  await producer.disconnect();
  await admin.disconnect();
}, 30000);
