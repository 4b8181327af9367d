/**
 * DescribeLogDirs (key 35) against the broker process under Deno and Bun, through
 * `@platformatic/kafka`'s admin client (kafkajs has no such call): the data directory is the
 * one log dir and each partition's size is the bytes of its segment files on disk (the
 * authorization filter is tested in `test/kafka/authorization.test.ts`).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Admin } from "@platformatic/kafka";
import { type BrokerProcess, hosts, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { hasKcat, kcat } from "../kafka/_kcat.ts";

const T = 60_000;

/** Bytes of a partition's segment data files, as the broker's data dir holds them. */
function segmentBytes(dataDir: string, topic: string, partition: number): number {
  const dir = join(dataDir, `${topic}-${partition}`);
  return readdirSync(dir).filter((f) => f.endsWith(".log")).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

for (const host of hosts) {
  describe(`DescribeLogDirs on ${host}`, () => {
    const dir = tempDir();
    let broker: BrokerProcess;

    beforeAll(async () => {
      broker = await startBrokerProcess(host, { dataDir: dir.path });
    }, T);
    afterAll(async () => {
      await broker?.stop();
      dir.cleanup();
    });

    test("the data dir is the log dir; partition sizes are the segment files' bytes", async () => {
      if (!hasKcat) return;
      const lines = Array.from({ length: 200 }, (_, i) => `reading-${i}-${"x".repeat(100)}`).join("\n") + "\n";
      const produced = await kcat(["-b", `127.0.0.1:${broker.ports.kafka}`, "-P", "-t", "sized"], lines);
      expect(produced.code).toBe(0);
      const admin = new Admin({ clientId: "log-dirs", bootstrapBrokers: [`127.0.0.1:${broker.ports.kafka}`] });
      try {
        const [described] = await admin.describeLogDirs({ topics: [{ name: "sized", partitions: [0] }, { name: "missing", partitions: [0] }] });
        const result = described!.results[0]!;
        expect(result.logDir).toBe(dir.path);
        expect(result.topics.map((t) => t.name)).toEqual(["sized"]);
        const size = Number(result.topics[0]!.partitions[0]!.partitionSize);
        expect(size).toBeGreaterThan(200 * 100);
        expect(size).toBe(segmentBytes(dir.path, "sized", 0));
        expect(Number(result.totalBytes)).toBeGreaterThanOrEqual(Number(result.usableBytes));
      } finally {
        await admin.close();
      }
    }, T);
  });
}
