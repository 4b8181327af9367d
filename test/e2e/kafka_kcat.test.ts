/**
 * kcat (librdkafka) against the broker as a separate process, under Deno and under Bun:
 * metadata, 100,000 keyed records per codec through the real log and back identical and in
 * per-key order, keys placed where Java's default partitioner (murmur2) puts them — checked
 * against our port and against kafkajs's own — and acks=0/1/all, with acks=1 answered only
 * after the group commit's fdatasync.
 *
 * The in-process listener tests (test/kafka/kcat.test.ts) cover the protocol details; this file
 * covers the shipped program, its CLI wiring and its file-backed log.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Partitioners } from "kafkajs";
import { partitionForKey } from "../../broker/routing/murmur2.ts";
import { type BrokerProcess, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { hasKcat } from "../kafka/_kcat.ts";

const RECORDS = 100_000;
/** One topic per codec, each with its own partition count so `% partitions` is exercised. */
const codecs = [
  ["none", 3],
  ["gzip", 4],
  ["snappy", 5],
  ["lz4", 6],
  ["zstd", 7],
] as const;

/** Deterministic records: 1,000 keys, values of varied length and compressibility. */
function makeRecords(): Array<{ key: string; value: string }> {
  let seed = 0x2545f491;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  return Array.from({ length: RECORDS }, (_, i) => {
    const r = next();
    const noise = next().toString(36).repeat(1 + (r % 4));
    return { key: `dev-${r % 1000}`, value: `${i}|${noise}|${"x".repeat(r % 40)}` };
  });
}

const kafkajsPartitioner = Partitioners.JavaCompatiblePartitioner();
function kafkajsPartition(topic: string, key: string, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0] }));
  return kafkajsPartitioner({ topic, partitionMetadata, message: { key, value: null } });
}

async function fsyncCount(broker: BrokerProcess): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${broker.ports.http}/metrics`)).text();
  const m = /^tributary_log_fsyncs_total (\d+)$/m.exec(text);
  if (!m) throw new Error("tributary_log_fsyncs_total missing from /metrics");
  return Number(m[1]);
}

async function createTopic(broker: BrokerProcess, name: string, partitions: number): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${broker.ports.http}/api/topics`, {
    method: "POST",
    body: JSON.stringify({ name, partitions }),
  });
  expect(res.status).toBe(201);
}

async function highWatermarks(broker: BrokerProcess, topic: string): Promise<number[]> {
  const res = await fetch(`http://127.0.0.1:${broker.ports.http}/api/topics/${topic}`);
  const body = await res.json() as { partitions: Array<{ highWatermark: number }> };
  return body.partitions.map((p) => p.highWatermark);
}

const records = makeRecords();
const inputDir = tempDir("tributary-kcat-input-");
const inputFile = join(inputDir.path, "records.txt");
writeFileSync(inputFile, records.map((r) => `${r.key}:${r.value}\n`).join(""));
afterAll(() => inputDir.cleanup());

for (const host of hosts) {
  (hasKcat ? describe : describe.skip)(`kcat against the broker on ${host}`, () => {
    let broker: BrokerProcess;
    let data: ReturnType<typeof tempDir>;
    const kafka = () => `127.0.0.1:${broker.ports.kafka}`;

    beforeAll(async () => {
      data = tempDir();
      broker = await startBrokerProcess(host, { dataDir: data.path });
      for (const [codec, partitions] of codecs) await createTopic(broker, `kcat-${codec}`, partitions);
    });
    afterAll(async () => {
      const code = await broker.stop();
      data.cleanup();
      expect(code).toBe(0);
    });

    test("kcat -L lists the broker and every topic with its partitions", async () => {
      const r = await run("kcat", ["-b", kafka(), "-L"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`broker 0 at ${kafka()} (controller)`);
      for (const [codec, partitions] of codecs) expect(r.stdout).toContain(`topic "kcat-${codec}" with ${partitions} partitions`);
    });

    for (const [codec, partitions] of codecs) {
      test(`${RECORDS} keyed records with -z ${codec} come back identical, in per-key order, in murmur2's partition`, async () => {
        const topic = `kcat-${codec}`;
        const produced = await run("kcat", [
          "-b", kafka(), "-P", "-t", topic, "-K", ":", "-z", codec, "-l", inputFile,
          "-X", "partitioner=murmur2_random", "-X", "enable.idempotence=true", "-X", "linger.ms=5",
        ]);
        expect(produced.stderr).not.toContain("Delivery failed");
        expect(produced.code).toBe(0);
        expect((await highWatermarks(broker, topic)).reduce((a, b) => a + b, 0)).toBe(RECORDS);

        const consumed = await run("kcat", ["-b", kafka(), "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%p\t%o\t%k\t%s\n"]);
        expect(consumed.code).toBe(0);
        const lines = consumed.stdout.split("\n");
        expect(lines.pop()).toBe("");
        expect(lines).toHaveLength(RECORDS);

        const nextOffset = new Array<number>(partitions).fill(0);
        const byKey = new Map<string, string[]>();
        let misplaced = 0;
        let offsetGaps = 0;
        for (const line of lines) {
          const [p, o, key, value] = line.split("\t") as [string, string, string, string];
          const partition = Number(p);
          if (Number(o) !== nextOffset[partition]) offsetGaps++;
          nextOffset[partition] = Number(o) + 1;
          if (partition !== partitionForKey(new TextEncoder().encode(key), partitions)) misplaced++;
          if (partition !== kafkajsPartition(topic, key, partitions)) misplaced++;
          const values = byKey.get(key) ?? [];
          values.push(value);
          byKey.set(key, values);
        }
        expect(misplaced).toBe(0);
        expect(offsetGaps).toBe(0);
        // Same keys, and for each key the same values in the order they were produced.
        const expected = new Map<string, string[]>();
        for (const r of records) {
          const values = expected.get(r.key) ?? [];
          values.push(r.value);
          expected.set(r.key, values);
        }
        expect(byKey.size).toBe(expected.size);
        let mismatchedKeys = 0;
        for (const [key, values] of expected) {
          const got = byKey.get(key);
          if (!got || got.length !== values.length || got.some((v, i) => v !== values[i])) mismatchedKeys++;
        }
        expect(mismatchedKeys).toBe(0);
      });
    }

    test("records produced with acks=0 and acks=all land in the log", async () => {
      await createTopic(broker, "kcat-acks", 1);
      for (const acks of ["0", "all"]) {
        const input = Array.from({ length: 1000 }, (_, i) => `acks-${acks}-${i}\n`).join("");
        const r = await run("kcat", ["-b", kafka(), "-P", "-t", "kcat-acks", "-p", "0", "-X", `acks=${acks}`], { input });
        expect(r.code).toBe(0);
      }
      // acks=0 gets no answer, so kcat may exit before the broker appended; wait for the log.
      let seen: string[] = [];
      while (seen.length < 2000) {
        await new Promise((r) => setTimeout(r, 50));
        const c = await run("kcat", ["-b", kafka(), "-C", "-t", "kcat-acks", "-p", "0", "-o", "beginning", "-e", "-q", "-f", "%s\n"]);
        seen = c.stdout.trim().split("\n");
      }
      expect(seen).toEqual([
        ...Array.from({ length: 1000 }, (_, i) => `acks-0-${i}`),
        ...Array.from({ length: 1000 }, (_, i) => `acks-all-${i}`),
      ]);
    });

    test("an acks=1 produce is answered only after the group commit's fdatasync", async () => {
      await createTopic(broker, "kcat-acks1", 1);
      for (let i = 0; i < 10; i++) {
        const before = await fsyncCount(broker);
        // kcat exits only after the delivery report, i.e. after the produce response.
        const r = await run("kcat", ["-b", kafka(), "-P", "-t", "kcat-acks1", "-p", "0", "-X", "acks=1"], { input: `one-${i}\n` });
        expect(r.code).toBe(0);
        expect(await fsyncCount(broker)).toBeGreaterThan(before);
      }
      expect(await highWatermarks(broker, "kcat-acks1")).toEqual([10]);
    });
  });
}
