/**
 * A second, independently written pure-JS client — `@platformatic/kafka`, whose protocol code
 * shares nothing with kafkajs or librdkafka and speaks newer (flexible) API versions — against
 * the broker as a separate process, under Deno and under Bun: admin, an idempotent producer
 * with every codec and Java-compatible key placement, a consumer group that commits, and a
 * second member of the group that resumes exactly after the committed offsets.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  Admin,
  compatibilityPartitioner,
  Consumer,
  type Message,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  Producer,
  stringDeserializers,
  stringSerializers,
} from "@platformatic/kafka";
import { partitionForKey } from "../../broker/routing/murmur2.ts";
import { type BrokerProcess, hosts, startBrokerProcess, tempDir } from "../_support/broker_process.ts";

const TOPIC = "plat-e2e";
const GROUP = "plat-e2e-group";
const PARTITIONS = 3;
const PER_CODEC = 2_000;
const codecs = ["none", "gzip", "snappy", "lz4", "zstd"] as const;

type StringMessage = Message<string, string, string, string>;

/** Consume with a fresh group member until `count` records arrived; commit the last of each partition. */
async function consumeGroup(bootstrapBrokers: string[], count: number): Promise<StringMessage[]> {
  const consumer = new Consumer({
    groupId: GROUP, clientId: "plat-consumer", bootstrapBrokers, deserializers: stringDeserializers,
    sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTime: 500,
  });
  const got: StringMessage[] = [];
  try {
    const stream = await consumer.consume({
      topics: [TOPIC], autocommit: false, mode: MessagesStreamModes.COMMITTED, fallbackMode: MessagesStreamFallbackModes.EARLIEST,
    });
    const last = new Map<number, StringMessage>();
    for await (const message of stream as AsyncIterable<StringMessage>) {
      got.push(message);
      last.set(message.partition, message);
      if (got.length >= count) break;
    }
    for (const message of last.values()) await message.commit();
    await stream.close();
  } finally {
    await consumer.close(true);
  }
  return got;
}

for (const host of hosts) {
  describe(`@platformatic/kafka against the broker on ${host}`, () => {
    let broker: BrokerProcess;
    let data: ReturnType<typeof tempDir>;
    const bootstrap = () => [`127.0.0.1:${broker.ports.kafka}`];

    beforeAll(async () => {
      data = tempDir();
      broker = await startBrokerProcess(host, { dataDir: data.path });
    });
    afterAll(async () => {
      const code = await broker.stop();
      data.cleanup();
      expect(code).toBe(0);
    });

    test("admin creates a topic and sees it in metadata", async () => {
      const admin = new Admin({ clientId: "plat-admin", bootstrapBrokers: bootstrap() });
      try {
        const created = await admin.createTopics({ topics: [TOPIC], partitions: PARTITIONS, replicas: 1 });
        expect(created.map((t) => [t.name, t.partitions])).toEqual([[TOPIC, PARTITIONS]]);
        const meta = await admin.metadata({ topics: [TOPIC] });
        expect(meta.topics.get(TOPIC)?.partitionsCount).toBe(PARTITIONS);
        expect(await admin.listTopics()).toContain(TOPIC);
      } finally {
        await admin.close();
      }
    });

    test("an idempotent producer with every codec; a consumer group receives each record once, in murmur2's partition", async () => {
      const producer = new Producer({
        clientId: "plat-producer", bootstrapBrokers: bootstrap(), serializers: stringSerializers,
        idempotent: true, acks: -1, partitioner: compatibilityPartitioner,
      });
      const sent: string[] = [];
      try {
        for (const compression of codecs) {
          for (let i = 0; i < PER_CODEC; i += 500) {
            const messages = Array.from({ length: 500 }, (_, j) => {
              const n = i + j;
              return { topic: TOPIC, key: `sensor-${n % 101}`, value: `${compression}-${n}`, headers: new Map([["codec", compression]]) };
            });
            await producer.send({ messages, compression });
            sent.push(...messages.map((m) => m.value));
          }
        }
      } finally {
        await producer.close();
      }

      const got = await consumeGroup(bootstrap(), sent.length);
      expect(got.map((m) => m.value).sort()).toEqual([...sent].sort());
      const misplaced = got.filter((m) => m.partition !== partitionForKey(new TextEncoder().encode(m.key), PARTITIONS));
      expect(misplaced).toEqual([]);
      expect(got.every((m) => m.headers.get("codec") === m.value.split("-")[0])).toBe(true);
      // Per key, records come back in the order they were sent.
      const rankOf = new Map(sent.map((v, i) => [v, i]));
      const order = new Map<string, number>();
      let outOfOrder = 0;
      for (const m of got) {
        const rank = rankOf.get(m.value)!;
        if (rank < (order.get(m.key) ?? -1)) outOfOrder++;
        order.set(m.key, rank);
      }
      expect(outOfOrder).toBe(0);

      const admin = new Admin({ clientId: "plat-admin", bootstrapBrokers: bootstrap() });
      try {
        const [group] = await admin.listConsumerGroupOffsets({ groups: [GROUP] });
        const committed = group!.topics.find((t) => t.name === TOPIC)!.partitions;
        expect(committed.reduce((n, p) => n + Number(p.committedOffset), 0)).toBe(sent.length);
      } finally {
        await admin.close();
      }
    }, 120_000);

    test("the next member of the group resumes after the committed offsets", async () => {
      const producer = new Producer({ clientId: "plat-producer", bootstrapBrokers: bootstrap(), serializers: stringSerializers, idempotent: true, acks: -1 });
      try {
        await producer.send({ messages: Array.from({ length: 100 }, (_, i) => ({ topic: TOPIC, key: `late-${i}`, value: `late-${i}` })) });
      } finally {
        await producer.close();
      }
      const got = await consumeGroup(bootstrap(), 100);
      expect(got.map((m) => m.value).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `late-${i}`).sort());
    }, 60_000);
  });
}
