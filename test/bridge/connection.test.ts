/** Broker connections: version negotiation (KIP-511), TLS with a private CA, pipelining, timeouts. */
import { afterEach, describe, expect, test } from "bun:test";
import { systemClock } from "../../bridge/client/clock.ts";
import { BrokerConnection, type ConnectionOptions } from "../../bridge/client/connection.ts";
import { BrokerConnectionError, RequestTimeoutError, UnsupportedApiError } from "../../bridge/client/errors.ts";
import { ApiKey } from "../../broker/kafka/protocol/generated/api_keys.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { makeCerts } from "../runtime/_certs.ts";
import { FaultProxy } from "../_support/fault_proxy.ts";
import { FakeKafka, type FakeKafkaOptions } from "./_fake_kafka.ts";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fake(options: FakeKafkaOptions = {}) {
  const f = await FakeKafka.start(currentRuntime(), { topics: { t: 3 }, ...options });
  cleanups.push(() => f.close());
  return f;
}

async function open(port: number, extra: Partial<ConnectionOptions> = {}) {
  const c = await BrokerConnection.open({
    runtime: currentRuntime(),
    host: "127.0.0.1",
    port,
    clientId: "conn-test",
    clock: systemClock,
    connectTimeoutMs: 2000,
    requestTimeoutMs: 2000,
    ...extra,
  });
  cleanups.push(() => c.close());
  return c;
}

describe("BrokerConnection", () => {
  test("picks the highest version both sides speak", async () => {
    const f = await fake({ versions: { 3: [0, 7], 0: [0, 8] } });
    const c = await open(f.port);
    expect(c.versions.version(ApiKey.Metadata)).toBe(7);
    expect(c.versions.version(ApiKey.Produce)).toBe(8);
    expect(c.versions.version(ApiKey.InitProducerId)).toBe(5);
  });

  test("an API outside the client's range is an UnsupportedApiError", async () => {
    const f = await fake({ versions: { 0: [0, 2] } });
    const c = await open(f.port);
    expect(() => c.versions.version(ApiKey.Produce)).toThrow(UnsupportedApiError);
  });

  test("a broker that does not know our ApiVersions version answers v0-shaped and we retry at its version (KIP-511)", async () => {
    const f = await fake({ apiVersionsMax: 2 });
    const c = await open(f.port);
    expect(f.versionsSeen.filter(([k]) => k === 18).map(([, v]) => v)).toEqual([4, 2]);
    expect(c.versions.has(ApiKey.Metadata)).toBe(true);
  });

  test("TLS with a private CA: verified against it, refused against another", async () => {
    const runtime = currentRuntime();
    const certs = await makeCerts(runtime);
    const f = await fake({ tls: { cert: certs.cert, key: certs.key } });
    const c = await open(f.port, { tls: { ca: certs.ca, serverName: "localhost" } });
    expect((await c.send(ApiKey.Metadata, { topics: [{ name: "t" }] })).topics[0]!.partitions.length).toBe(3);
    const error = await open(f.port, { tls: { ca: certs.otherCa, serverName: "localhost" } }).catch((e) => e);
    expect(error).toBeInstanceOf(BrokerConnectionError);
  });

  test("pipelined requests are matched to their responses", async () => {
    const f = await fake();
    const c = await open(f.port);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => c.send(ApiKey.Metadata, { topics: [{ name: i % 2 ? "t" : "missing" }] })));
    answers.forEach((a, i) => expect(a.topics[0]!.name).toBe(i % 2 ? "t" : "missing"));
  });

  test("a request without an answer times out, closes the connection and fails the others as maybe delivered", async () => {
    const f = await fake();
    const proxy = await FaultProxy.start(currentRuntime(), { host: "127.0.0.1", port: f.port });
    cleanups.push(() => proxy.close());
    const c = await open(proxy.port, { requestTimeoutMs: 200 });
    proxy.blackhole("down");
    const first = c.send(ApiKey.Metadata, { topics: null }).catch((e) => e);
    const second = c.send(ApiKey.Metadata, { topics: null }, { timeoutMs: 5000 }).catch((e) => e);
    expect(await first).toBeInstanceOf(RequestTimeoutError);
    const other = await second;
    expect(other).toBeInstanceOf(BrokerConnectionError);
    expect(other.maybeDelivered).toBe(true);
    expect(c.usable).toBe(false);
  });

  test("connecting to a closed port fails as not delivered", async () => {
    const f = await fake();
    const port = f.port;
    await f.close();
    const error = await open(port).catch((e) => e);
    expect(error).toBeInstanceOf(BrokerConnectionError);
    expect(error.maybeDelivered).toBe(false);
  });
});
