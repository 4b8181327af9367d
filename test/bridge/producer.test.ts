/** The idempotent producer against the real Tributary Kafka listener. */
import { afterEach, describe, expect, test } from "bun:test";
import { KafkaCluster } from "../../bridge/client/cluster.ts";
import { systemClock } from "../../bridge/client/clock.ts";
import { IdempotentProducer } from "../../bridge/client/producer.ts";
import { createCompression } from "../../broker/kafka/compression/mod.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { type Central, startCentral } from "./_central.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
let central: Central | undefined;
let cluster: KafkaCluster | undefined;

afterEach(async () => {
  cluster?.close();
  await central?.close();
  central = cluster = undefined;
});

async function setup(partitions = 2) {
  central = await startCentral();
  await central.log.createTopic("up", { partitions });
  cluster = new KafkaCluster(currentRuntime(), { bootstrap: [`127.0.0.1:${central.port}`], clientId: "test" }, systemClock, silentLogger);
  return { central, cluster };
}

describe("IdempotentProducer", () => {
  test("negotiates versions, finds leaders and appends compressed batches in order", async () => {
    const { central, cluster } = await setup();
    const producer = new IdempotentProducer({ cluster, compression: createCompression(), logger: silentLogger });
    producer.start();
    const batches = [];
    for (let i = 0; i < 5; i++) {
      batches.push(producer.enqueue("up", i % 2, [{ timestamp: 1000 + i, key: enc.encode(`k${i}`), value: enc.encode(`v${i}`) }], undefined));
    }
    const acks = await Promise.all(batches.map((b) => b.done));
    expect(acks.map((a) => a.baseOffset)).toEqual([0, 0, 1, 1, 2]);
    const p0 = await central.records("up", 0);
    expect(p0.map((r) => dec.decode(r.value!))).toEqual(["v0", "v2", "v4"]);
    expect(p0.map((r) => r.timestamp)).toEqual([1000, 1002, 1004]);
    const identity = producer.identity;
    expect(identity.producerId).toBeGreaterThanOrEqual(0);
    expect(identity.sequences.get("up/0")).toBe(3);
    expect(identity.sequences.get("up/1")).toBe(2);
    await producer.close();
  });

  test("a batch restored with the same id, epoch and sequence is de-duplicated upstream", async () => {
    const { central, cluster } = await setup(1);
    const first = new IdempotentProducer({ cluster, compression: createCompression(), logger: silentLogger });
    first.start();
    const records = [{ timestamp: 1, key: null, value: enc.encode("once") }];
    await first.enqueue("up", 0, records, undefined).done;
    const identity = first.identity;
    await first.close();
    // As after a crash between send and checkpoint: the same batch again, same sequence 0.
    const second = new IdempotentProducer({ cluster, compression: createCompression(), logger: silentLogger });
    second.restore({ ...identity, sequences: new Map([["up/0", 1]]) });
    const resent = second.enqueue("up", 0, records, undefined, { baseSequence: 0 });
    second.start();
    expect((await resent.done).baseOffset).toBe(0);
    expect((await second.enqueue("up", 0, [{ timestamp: 2, key: null, value: enc.encode("next") }], undefined).done).baseOffset).toBe(1);
    expect((await central.records("up", 0)).map((r) => dec.decode(r.value!))).toEqual(["once", "next"]);
    await second.close();
  });
});
