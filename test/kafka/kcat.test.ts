/**
 * Real-client checks with kcat (librdkafka) against an in-process listener: metadata, produce
 * with every codec, consume, consumer groups, and consuming batches our codecs compressed.
 * Skipped when kcat is not installed (Debian: `apt-get install -y kcat`).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CompressionCodec, createCompression } from "../../broker/kafka/compression/mod.ts";
import { fetchOffsets } from "../../broker/kafka/groups/offset_ops.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { compressBatch } from "./_compressed_batch.ts";
import { hasKcat, kcat } from "./_kcat.ts";
import { startTestServer } from "./_server.ts";

let env: Awaited<ReturnType<typeof startTestServer>>;
const broker = () => `127.0.0.1:${env.server.port}`;

(hasKcat ? describe : describe.skip)("kcat", () => {
  beforeAll(async () => {
    env = await startTestServer();
  });
  afterAll(async () => {
    await env.close();
  });

  test("kcat -L lists the broker and topics", async () => {
    const r = await kcat(["-b", broker(), "-L"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`broker 0 at ${broker()} (controller)`);
    expect(r.stdout).toContain('topic "t" with 2 partitions');
  });

  test("produce with every codec (idempotent), consume everything back", async () => {
    await env.log.createTopic("codecs", { partitions: 1 });
    for (const z of ["none", "gzip", "snappy", "lz4", "zstd"]) {
      const r = await kcat(["-b", broker(), "-P", "-t", "codecs", "-p", "0", "-z", z, "-X", "enable.idempotence=true"], `${z}-1\n${z}-2\n`);
      expect(r.code).toBe(0);
    }
    const r = await kcat(["-b", broker(), "-C", "-t", "codecs", "-p", "0", "-o", "beginning", "-e", "-f", "%o:%s\n"]);
    expect(r.stdout.trim().split("\n")).toEqual(
      ["none", "gzip", "snappy", "lz4", "zstd"].flatMap((z, i) => [`${2 * i}:${z}-1`, `${2 * i + 1}:${z}-2`]),
    );
  });

  test("kcat decodes batches compressed by our codecs (raw and Xerial snappy, lz4, gzip, zstd)", async () => {
    await env.log.createTopic("ours", { partitions: 1 });
    const partition = (await env.log.partition("ours", 0))!;
    const variants = [
      ["gzip", createCompression()],
      ["snappy", createCompression({ snappyFraming: "xerial" })],
      ["snappy", createCompression({ snappyFraming: "raw" })],
      ["lz4", createCompression()],
      ["zstd", createCompression()],
    ] as const;
    const expected: string[] = [];
    for (const [i, [codec, compression]] of variants.entries()) {
      const values = Array.from({ length: 50 }, (_, j) => `${codec}-${i}-${j}-${"x".repeat(j)}`);
      expected.push(...values);
      const batch = buildRecordBatch(values.map((v, j) => ({ timestamp: 1000 + j, key: null, value: new TextEncoder().encode(v) })));
      await partition.append(compressBatch(batch, CompressionCodec[codec], compression));
    }
    const r = await kcat(["-b", broker(), "-C", "-t", "ours", "-p", "0", "-o", "beginning", "-e", "-f", "%s\n"]);
    expect(r.stdout.trim().split("\n")).toEqual(expected);
  });

  test("a kcat consumer group joins, consumes and commits offsets", async () => {
    await env.log.createTopic("grouped", { partitions: 2 });
    await kcat(["-b", broker(), "-P", "-t", "grouped", "-p", "0"], "a\nb\nc\n");
    await kcat(["-b", broker(), "-P", "-t", "grouped", "-p", "1"], "d\n");
    const r = await kcat(
      ["-b", broker(), "-G", "kgroup", "-X", "auto.offset.reset=earliest", "-X", "enable.auto.commit=true", "-X", "auto.commit.interval.ms=100", "-e", "-f", "%p:%s\n", "grouped"],
      "",
      30000,
    );
    expect(r.stdout.trim().split("\n").sort()).toEqual(["0:a", "0:b", "0:c", "1:d"]);
    const committed = fetchOffsets(env.server.context.groups, "kgroup", null).map((o) => [o.partition, o.offset]).sort();
    expect(committed).toEqual([[0, 3], [1, 1]]);
  }, 40000);
});
