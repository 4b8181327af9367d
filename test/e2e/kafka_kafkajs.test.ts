/**
 * kafkajs against the broker as a separate process, under Deno and under Bun: admin creates a
 * 6-partition topic, an idempotent producer sends 50,000 records, a group of three consumers
 * receives each exactly once, one member leaves and the others resume its partitions at the
 * committed offsets, and after a broker crash and restart the group's offsets are still there.
 *
 * Every delivery is recorded with the group's committed offset of its partition at that moment
 * (as acknowledged by OffsetCommit), so "no loss, no duplicates beyond what was uncommitted" is
 * checked by counting: every offset below the high-water mark is delivered, and a record is
 * delivered again only if its offset had not been committed when it was redelivered.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Consumer, Kafka, logLevel } from "kafkajs";
import { type BrokerProcess, hosts, startBrokerProcess, tempDir } from "../_support/broker_process.ts";

const TOPIC = "kjs-e2e";
const PARTITIONS = 6;
const GROUP = "kjs-e2e-group";
const WAVE1 = 50_000;
const WAVE2 = 10_000;
const WAVE3 = 1_000;

interface Delivery {
  member: string;
  partition: number;
  offset: number;
  value: string;
  /** The group's committed offset of the partition when this record was handed to the app. */
  committedBefore: number;
}

/** Poll `condition` (no timing is asserted; the deadline only turns a hang into a message). */
async function until(what: string, condition: () => boolean | Promise<boolean>, deadlineMs = 100_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const client = (broker: BrokerProcess, clientId: string) =>
  new Kafka({ brokers: [`127.0.0.1:${broker.ports.kafka}`], clientId, logLevel: logLevel.NOTHING, retry: { retries: 8 } });

const sum = (xs: Iterable<number>) => [...xs].reduce((a, b) => a + b, 0);

for (const host of hosts) {
  describe(`kafkajs against the broker on ${host}`, () => {
    let broker: BrokerProcess;
    let data: ReturnType<typeof tempDir>;
    const deliveries: Delivery[] = [];
    /** Offsets acknowledged by OffsetCommit, per partition. */
    const committed = new Map<number, number>();
    const assignments = new Map<string, number[]>();
    const members = new Map<string, { consumer: Consumer; commits: boolean }>();

    async function produce(kafka: Kafka, from: number, count: number): Promise<void> {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      try {
        for (let i = from; i < from + count; i += 1000) {
          const messages = Array.from({ length: Math.min(1000, from + count - i) }, (_, j) => ({ key: `k${(i + j) % 997}`, value: `v${i + j}` }));
          const acks = await producer.send({ topic: TOPIC, acks: -1, messages });
          expect(acks.every((a) => a.errorCode === 0)).toBe(true);
        }
      } finally {
        await producer.disconnect();
      }
    }

    async function startMember(kafka: Kafka, name: string): Promise<void> {
      const consumer = kafka.consumer({ groupId: GROUP, sessionTimeout: 10_000, heartbeatInterval: 500, rebalanceTimeout: 20_000, maxWaitTimeInMs: 500 });
      const member = { consumer, commits: true };
      members.set(name, member);
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        assignments.set(name, [...(e.payload.memberAssignment[TOPIC] ?? [])].sort());
      });
      await consumer.connect();
      await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch, commitOffsetsIfNecessary }) => {
          if (batch.messages.length === 0) return;
          for (const m of batch.messages) {
            deliveries.push({
              member: name,
              partition: batch.partition,
              offset: Number(m.offset),
              value: m.value!.toString(),
              committedBefore: committed.get(batch.partition) ?? 0,
            });
          }
          if (!member.commits) return;
          const next = Number(batch.messages[batch.messages.length - 1]!.offset) + 1;
          await commitOffsetsIfNecessary({ topics: [{ topic: TOPIC, partitions: [{ partition: batch.partition, offset: String(next) }] }] });
          committed.set(batch.partition, Math.max(committed.get(batch.partition) ?? 0, next));
        },
      });
    }

    async function stopMember(name: string): Promise<void> {
      await members.get(name)?.consumer.disconnect();
      members.delete(name);
      assignments.delete(name);
    }

    /** Partition → high-water mark, through kafkajs admin. */
    async function highWatermarks(kafka: Kafka): Promise<Map<number, number>> {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchTopicOffsets(TOPIC);
        return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
      } finally {
        await admin.disconnect();
      }
    }

    async function groupOffsets(kafka: Kafka): Promise<Map<number, number>> {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const [topic] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
        return new Map(topic!.partitions.map((p) => [p.partition, Number(p.offset)]));
      } finally {
        await admin.disconnect();
      }
    }

    /** Every offset below the high-water mark delivered; repeats only of then-uncommitted offsets. */
    function checkDeliveries(hw: Map<number, number>): { duplicates: number } {
      const seen = new Set<string>();
      let duplicates = 0;
      let duplicatesOfCommitted = 0;
      for (const d of deliveries) {
        const id = `${d.partition}:${d.offset}`;
        if (seen.has(id)) {
          duplicates++;
          if (d.offset < d.committedBefore) duplicatesOfCommitted++;
        }
        seen.add(id);
      }
      expect(duplicatesOfCommitted).toBe(0);
      let missing = 0;
      for (const [p, end] of hw) for (let o = 0; o < end; o++) if (!seen.has(`${p}:${o}`)) missing++;
      expect(missing).toBe(0);
      expect(seen.size).toBe(sum(hw.values()));
      return { duplicates };
    }

    beforeAll(async () => {
      data = tempDir();
      broker = await startBrokerProcess(host, { dataDir: data.path });
    });
    afterAll(async () => {
      for (const name of [...members.keys()]) await stopMember(name).catch(() => {});
      const code = await broker.stop();
      data.cleanup();
      expect(code).toBe(0);
    });

    test("admin creates a 6-partition topic", async () => {
      const admin = client(broker, "kjs-admin").admin();
      await admin.connect();
      try {
        expect(await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }], waitForLeaders: true })).toBe(true);
        const meta = await admin.fetchTopicMetadata({ topics: [TOPIC] });
        expect(meta.topics[0]!.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3, 4, 5]);
      } finally {
        await admin.disconnect();
      }
    });

    test("a group of 3 consumers gets each of 50,000 idempotently produced records exactly once", async () => {
      const kafka = client(broker, "kjs-group");
      await Promise.all(["a", "b", "c"].map((name) => startMember(kafka, name)));
      // Wait for the generation with all three members (2 partitions each) before producing.
      await until("three members with two partitions each", () => {
        const all = [...assignments.values()];
        return all.length === 3 && all.every((a) => a.length === 2) && new Set(all.flat()).size === PARTITIONS;
      });
      await produce(client(broker, "kjs-producer"), 0, WAVE1);
      const hw = await highWatermarks(kafka);
      expect(sum(hw.values())).toBe(WAVE1); // the idempotent producer wrote nothing twice

      await until("all committed", () => deliveries.length >= WAVE1 && sum(committed.values()) === WAVE1);
      const { duplicates } = checkDeliveries(hw);
      expect(duplicates).toBe(0);
      expect(deliveries).toHaveLength(WAVE1);
      expect(new Set(deliveries.map((d) => d.value)).size).toBe(WAVE1);
      for (const d of deliveries) if (!assignments.get(d.member)!.includes(d.partition)) throw new Error(`${d.member} got partition ${d.partition}`);
      expect(await groupOffsets(kafka)).toEqual(hw);
    }, 120_000);

    test("when a member leaves, the others take its partitions from the committed offsets", async () => {
      const kafka = client(broker, "kjs-group");
      const leaver = "c";
      const leaverPartitions = assignments.get(leaver)!;
      // c keeps consuming but stops committing: whatever it receives from now on is uncommitted.
      members.get(leaver)!.commits = false;
      const mark = deliveries.length;
      await produce(client(broker, "kjs-producer"), WAVE1, WAVE2);
      await until("c received part of the new wave", () => deliveries.slice(mark).some((d) => d.member === leaver));
      const committedAtLeave = new Map(leaverPartitions.map((p) => [p, committed.get(p) ?? 0]));
      await stopMember(leaver);
      const leftAt = deliveries.length;

      await until("a and b share all six partitions", () => {
        const all = [...assignments.values()];
        return all.length === 2 && new Set(all.flat()).size === PARTITIONS;
      });
      await until("everything committed", () => sum(committed.values()) === WAVE1 + WAVE2);
      const hw = await highWatermarks(kafka);
      expect(sum(hw.values())).toBe(WAVE1 + WAVE2);
      const { duplicates } = checkDeliveries(hw);
      // c's uncommitted records were delivered again, and nothing else was.
      const uncommittedByLeaver = deliveries.slice(mark, leftAt).filter((d) => d.member === leaver).length;
      expect(uncommittedByLeaver).toBeGreaterThan(0);
      expect(duplicates).toBeGreaterThanOrEqual(uncommittedByLeaver);
      // The new owner of each of c's partitions started exactly at c's committed offset.
      for (const p of leaverPartitions) {
        const first = deliveries.slice(leftAt).find((d) => d.partition === p);
        expect(first?.member).not.toBe(leaver);
        expect(first?.offset).toBe(committedAtLeave.get(p)!);
      }
      expect(await groupOffsets(kafka)).toEqual(hw);
    }, 120_000);

    test("after a broker crash and restart the committed offsets remain and the group resumes after them", async () => {
      await Promise.all([...members.keys()].map(stopMember));
      const before = await groupOffsets(client(broker, "kjs-admin"));
      expect(sum(before.values())).toBe(WAVE1 + WAVE2);

      await broker.kill(); // SIGKILL: acknowledged commits must already be on disk
      broker = await startBrokerProcess(host, { dataDir: data.path });
      const kafka = client(broker, "kjs-restarted");
      expect(await groupOffsets(kafka)).toEqual(before);

      const mark = deliveries.length;
      await produce(client(broker, "kjs-producer"), WAVE1 + WAVE2, WAVE3);
      await startMember(kafka, "d");
      await until("d received the new records", () => deliveries.length - mark >= WAVE3);
      await stopMember("d");
      const resumed = deliveries.slice(mark);
      // Per partition, records arrive in offset order, so anything older would have come first.
      expect(resumed.filter((d) => d.offset < before.get(d.partition)!)).toEqual([]);
      expect(resumed.map((d) => d.value).sort()).toEqual(Array.from({ length: WAVE3 }, (_, i) => `v${WAVE1 + WAVE2 + i}`).sort());
    }, 120_000);
  });
}
