/**
 * Produce answers a storage fault with KAFKA_STORAGE_ERROR from v4 (KIP-112), and with
 * NOT_LEADER_OR_FOLLOWER to v0-3 clients, which predate that code — as Kafka does. Both are
 * retriable; the other partition of the same request is unaffected.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { ErrorCode } from "../../broker/kafka/errors.ts";
import { StorageError } from "../../broker/log/errors.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { startTestServer } from "./_server.ts";

let env: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});
const batch = (v: string) => buildRecordBatch([{ timestamp: 1000, key: null, value: new TextEncoder().encode(v) }]);

describe("Produce and storage faults", () => {
  for (const [version, expected] of [[9, ErrorCode.KAFKA_STORAGE_ERROR], [4, ErrorCode.KAFKA_STORAGE_ERROR], [3, ErrorCode.NOT_LEADER_OR_FOLLOWER]] as const) {
    test(`v${version}: a full disk on one partition is ${expected === 6 ? "NOT_LEADER_OR_FOLLOWER" : "KAFKA_STORAGE_ERROR"}, the other is written`, async () => {
      env = await startTestServer();
      const failing = (await env.log.partition("t", 0))!;
      failing.append = () => Promise.reject(new StorageError("write to t-0 failed: ENOSPC", { kind: "no_space" }));
      const c = await env.client();
      const res = await c.request(0, version, {
        acks: -1,
        timeoutMs: 1000,
        topicData: [{ name: "t", partitionData: [{ index: 0, records: batch("a") }, { index: 1, records: batch("b") }] }],
      });
      const parts = res.responses[0]!.partitionResponses.map((p) => [p.index, p.errorCode]);
      expect(parts).toEqual([[0, expected], [1, ErrorCode.NONE]]);
      expect((await env.log.partition("t", 1))!.logEndOffset).toBe(1);
    });
  }
});
