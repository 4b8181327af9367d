/**
 * Shutdown of the Kafka listener: a Produce whose append is still waiting for durability when
 * `close()` begins is answered before its connection closes, and nothing new is read after.
 */
import { expect, test } from "bun:test";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import type { AppendResult } from "../../broker/log/types.ts";
import { startTestServer } from "./_server.ts";

const batch = (value: string) => buildRecordBatch([{ timestamp: 1, key: null, value: new TextEncoder().encode(value) }]);

test("close() answers a Produce that is waiting for its fsync", async () => {
  const t = await startTestServer();
  const partition = (await t.log.partition("t", 0))!;
  // Hold the append like a slow fdatasync would, until close() has begun.
  let release = () => {};
  let reached = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const parked = new Promise<void>((resolve) => (reached = resolve));
  const append = partition.append.bind(partition);
  partition.append = async (bytes: Uint8Array): Promise<AppendResult> => {
    reached();
    await held;
    return append(bytes);
  };
  const c = await t.client();
  const response = c.request(0, 9, { acks: -1, timeoutMs: 5000, topicData: [{ name: "t", partitionData: [{ index: 0, records: batch("late") }] }] });
  await parked;
  const closing = t.server.close();
  release();
  const res = await response;
  await closing;
  expect(res.responses[0]!.partitionResponses[0]!.errorCode).toBe(0);
  expect(res.responses[0]!.partitionResponses[0]!.baseOffset).toBe(0n);
  expect(partition.logEndOffset).toBe(1);
  // The connection is closed after the answer.
  expect(await c.nextFrame()).toBeNull();
});
