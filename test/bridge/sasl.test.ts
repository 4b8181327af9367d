/** SASL PLAIN and SCRAM-SHA-256/512 against the scripted broker's server side. */
import { afterEach, describe, expect, test } from "bun:test";
import { systemClock } from "../../bridge/client/clock.ts";
import { BrokerConnection } from "../../bridge/client/connection.ts";
import { SaslAuthenticationError } from "../../bridge/client/errors.ts";
import type { SaslSettings } from "../../bridge/client/sasl/authenticate.ts";
import { ApiKey } from "../../broker/kafka/protocol/generated/api_keys.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { FakeKafka } from "./_fake_kafka.ts";
import { appendRecords, startTestBridge, waitFor } from "./_bridge_setup.ts";
import { openLog } from "./_central.ts";

let fake: FakeKafka | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function open(port: number, sasl: SaslSettings) {
  return BrokerConnection.open({
    runtime: currentRuntime(),
    host: "127.0.0.1",
    port,
    clientId: "sasl-test",
    clock: systemClock,
    connectTimeoutMs: 2000,
    requestTimeoutMs: 5000,
    sasl,
  });
}

describe("SASL", () => {
  for (const mechanism of ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] as const) {
    test(`${mechanism}: authenticates, then requests are served`, async () => {
      fake = await FakeKafka.start(currentRuntime(), { topics: { t: 1 }, sasl: { mechanism, username: "gw", password: "s3cret" } });
      const conn = await open(fake.port, { mechanism, username: "gw", password: "s3cret" });
      const md = await conn.send(ApiKey.Metadata, { topics: [{ name: "t" }] });
      expect(md.topics[0]!.partitions.length).toBe(1);
      conn.close();
    });

    test(`${mechanism}: a wrong password is a SaslAuthenticationError with the broker's message`, async () => {
      fake = await FakeKafka.start(currentRuntime(), { sasl: { mechanism, username: "gw", password: "s3cret" } });
      const error = await open(fake.port, { mechanism, username: "gw", password: "wrong" }).catch((e) => e);
      expect(error).toBeInstanceOf(SaslAuthenticationError);
      expect(String(error.message)).toContain("gw");
    });
  }

  test("a mechanism the broker does not offer is refused, naming what it offers", async () => {
    fake = await FakeKafka.start(currentRuntime(), { sasl: { mechanism: "SCRAM-SHA-512", username: "gw", password: "p" } });
    const error = await open(fake.port, { mechanism: "PLAIN", username: "gw", password: "p" }).catch((e) => e);
    expect(error).toBeInstanceOf(SaslAuthenticationError);
    expect(error.message).toContain("SCRAM-SHA-512");
  });

  test("the bridge mirrors through a SCRAM-SHA-512 connection and reports bad credentials in its status", async () => {
    fake = await FakeKafka.start(currentRuntime(), { topics: { "gw1.sensors": 1 }, sasl: { mechanism: "SCRAM-SHA-512", username: "gw1", password: "pw" } });
    const edge = await openLog();
    await edge.createTopic("sensors", { partitions: 1 });
    const bad = await startTestBridge(edge, fake.port, { upstream: { bootstrap: [`127.0.0.1:${fake.port}`], sasl: { mechanism: "SCRAM-SHA-512", username: "gw1", password: "nope" } } });
    await waitFor(() => bad.bridge.status().lastError?.message.includes("SaslAuthenticationError") ?? false, 5000, "auth error in status");
    await bad.bridge.close();
    const good = await startTestBridge(edge, fake.port, { upstream: { bootstrap: [`127.0.0.1:${fake.port}`], sasl: { mechanism: "SCRAM-SHA-512", username: "gw1", password: "pw" } } });
    await appendRecords(edge, "sensors", 0, 0, 5);
    await waitFor(() => fake!.records("gw1.sensors", 0).length === 5, 5000, "records through SCRAM");
    await good.bridge.close();
    await edge.close();
  });
});
