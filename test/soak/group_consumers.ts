/**
 * N kafkajs consumers in one group reading a topic from the beginning, counting what they
 * receive — the local apps of the soak.
 */
import { type Consumer, Kafka, logLevel } from "kafkajs";

/** Running group consumers. */
export interface GroupConsumers {
  /** Messages delivered so far (all members; a rebalance may redeliver some). */
  consumed(): number;
  stop(): Promise<void>;
}

/** Start `count` consumers of `topic` in `groupId`. */
export async function startGroupConsumers(bootstrap: string, topic: string, groupId: string, count: number): Promise<GroupConsumers> {
  let consumed = 0;
  const members: Consumer[] = [];
  for (let i = 0; i < count; i++) {
    const kafka = new Kafka({ brokers: [bootstrap], clientId: `soak-consumer-${i}`, logLevel: logLevel.NOTHING, retry: { retries: 20 } });
    const consumer = kafka.consumer({ groupId, sessionTimeout: 30_000, heartbeatInterval: 3_000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        consumed += batch.messages.length;
      },
    });
    members.push(consumer);
  }
  return {
    consumed: () => consumed,
    async stop() {
      await Promise.all(members.map((c) => c.disconnect().catch(() => {})));
    },
  };
}
