/**
 * The benchmark's native MQTT generator (loadgen/mqtt_loadgen.c) against a real broker: it
 * compiles, every message it counts is in the log (the broker's appended-record counter moves by
 * exactly that many), and it fails loudly instead of reporting a figure when the other side is
 * not an MQTT broker. Nothing is timed here; the figures come from `test/bench/run`.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type BrokerProcess, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { nativeLoadgen, runNativeIngest } from "./native_loadgen.ts";

const data = tempDir("native-loadgen-");
let broker: BrokerProcess;
let binary: string | undefined;

async function appendedRecords(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${broker.ports.http}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("tributary_log_appended_records_total"));
  return Number(line?.split(" ")[1]);
}

beforeAll(async () => {
  binary = nativeLoadgen();
  broker = await startBrokerProcess("bun", { dataDir: data.path });
});

afterAll(async () => {
  await broker?.stop();
  data.cleanup();
});

describe("native MQTT load generator", () => {
  test("compiles with the system C compiler", () => {
    expect(binary).toBeString();
  });

  for (const qos of [1, 0] as const) {
    test(`QoS ${qos}: every message it reports is appended to the log`, async () => {
      const before = await appendedRecords();
      const result = await runNativeIngest(binary!, { host: "127.0.0.1", port: broker.ports.mqtt!, publishers: 3, msgsPerPublisher: 2500, payloadBytes: 100, qos, window: 100, tag: `t${qos}` });
      expect(result.msgs).toBe(7500);
      expect(result.wallMs).toBeGreaterThan(0);
      expect(result.cpuMs).toBeGreaterThanOrEqual(0);
      // QoS 0 ends with one QoS 1 fence per publisher, whose PUBACK covers the stream before it.
      expect(await appendedRecords()).toBe(before + 7500 + (qos === 0 ? 3 : 0));
    });
  }

  test("a peer that is not an MQTT broker fails the run", async () => {
    const run = runNativeIngest(binary!, { host: "127.0.0.1", port: broker.ports.http!, publishers: 1, msgsPerPublisher: 10, payloadBytes: 100, qos: 1, window: 10, tag: "http" });
    await expect(run).rejects.toThrow(/mqtt_loadgen exited/);
  });
});
