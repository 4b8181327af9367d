/**
 * The bridge over SASL_SSL with real processes: the central `tributary serve` has a TLS Kafka
 * listener (private CA), refuses anonymous clients and knows the gateway as a registered device
 * (PLAIN and SCRAM-SHA-256/512 credentials derived at creation, ACL `kafka:{id}.*`). The edge
 * mirrors MQTT readings through the fault proxy (TLS end to end; the proxy only sees ciphertext)
 * with each SASL mechanism, the uplink is cut once (a new TLS handshake and SASL exchange), and
 * kcat over sasl_ssl finds every edge record upstream exactly once. A wrong password is
 * reported in the bridge status and nothing is mirrored.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { type BrokerProcess, type Host, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { FaultProxy } from "../_support/fault_proxy.ts";
import { makeCerts } from "../runtime/_certs.ts";
import { checkExactlyOnce, kcatReadAll, SensorFleet, sleep, waitForMirror } from "../bench/bridge_harness.ts";

setDefaultTimeout(180_000);
const TOKEN = "bridge-e2e-token";
const READINGS = 6000;
const rules = [{ filter: "sensors/+/temp", topic: "sensor-temp", key: "{segment:1}", partitions: 3 }];

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) {
    try {
      await c();
    } catch {
      // keep cleaning
    }
  }
});

const certs = tempDir("tributary-bridge-certs-");
const file = (name: string) => join(certs.path, name);
let caPem = "";
beforeAll(async () => {
  cleanups.push(certs.cleanup);
  const pem = await makeCerts(currentRuntime());
  caPem = pem.ca;
  writeFileSync(file("ca.pem"), pem.ca);
  writeFileSync(file("server.pem"), pem.cert);
  writeFileSync(file("server.key"), pem.key);
});

interface Central {
  broker: BrokerProcess;
  proxy: FaultProxy;
  secret: string;
}

/** A central with only a TLS Kafka listener (reached through the proxy) and device `gateway` registered. */
async function startCentral(host: Host, gateway: string): Promise<Central> {
  const dir = tempDir("tributary-bridge-central-");
  cleanups.push(dir.cleanup);
  const proxy = await FaultProxy.start(currentRuntime(), { host: "127.0.0.1", port: 1 });
  cleanups.push(() => proxy.close());
  const broker = await startBrokerProcess(host, {
    dataDir: dir.path,
    args: [
      "--auth-allow-anonymous", "false", "--http-admin-token", TOKEN,
      // kafka.tls.port equal to kafka.port: that port speaks TLS only.
      "--kafka-port", "0", "--kafka-tls-port", "0",
      "--kafka-tls-cert-file", file("server.pem"), "--kafka-tls-key-file", file("server.key"),
      "--kafka-advertised-host", "127.0.0.1", "--kafka-advertised-port", String(proxy.port), "--kafka-tls-advertised-port", String(proxy.port),
    ],
  });
  cleanups.push(() => broker.kill());
  const tls = /kafka-tls\s+listening on [^\s]+:(\d+)/.exec(broker.output());
  if (!tls) throw new Error(`no TLS Kafka listener:\n${broker.output()}`);
  proxy.retarget(Number(tls[1]));
  const res = await fetch(`http://127.0.0.1:${broker.ports.http}/api/devices`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ id: gateway, acl: { publish: ["kafka:{id}.*"], subscribe: ["kafka:{id}.*"] } }),
  });
  expect(res.status).toBe(201);
  return { broker, proxy, secret: ((await res.json()) as { secret: string }).secret };
}

async function startEdge(host: Host, gateway: string, central: Central, sasl: { mechanism: string; password: string }): Promise<BrokerProcess> {
  const dir = tempDir("tributary-bridge-edge-");
  cleanups.push(dir.cleanup);
  const bridge = {
    upstream: {
      bootstrap: [`127.0.0.1:${central.proxy.port}`],
      tls: { ca: caPem },
      sasl: { mechanism: sasl.mechanism, username: gateway, password: sasl.password },
      connectTimeoutMs: 3000,
      requestTimeoutMs: 5000,
    },
    topics: [{ match: "sensor-temp" }],
    createTopics: { partitions: 3 },
    retryBackoffMaxMs: 1000,
    lingerMs: 20,
    topicRescanMs: 200,
  };
  const edge = await startBrokerProcess(host, {
    dataDir: dir.path,
    args: ["--gateway-id", gateway, "--set", `mqtt.rules=${JSON.stringify(rules)}`, "--bridge", JSON.stringify(bridge)],
  });
  cleanups.push(() => edge.kill());
  return edge;
}

function kcatSasl(central: Central, gateway: string): string[] {
  return [
    "-X", "security.protocol=sasl_ssl", "-X", `ssl.ca.location=${file("ca.pem")}`,
    "-X", "sasl.mechanisms=SCRAM-SHA-512", "-X", `sasl.username=${gateway}`, "-X", `sasl.password=${central.secret}`,
  ];
}

const cases: Array<{ mechanism: string; edge: Host; central: Host }> = [
  { mechanism: "SCRAM-SHA-512", edge: "bun", central: "deno" },
  { mechanism: "SCRAM-SHA-256", edge: "deno", central: "bun" },
  { mechanism: "PLAIN", edge: "bun", central: "bun" },
];

describe("bridge over SASL_SSL to a central Tributary", () => {
  for (const c of cases) {
    test(`${c.mechanism} over TLS (edge on ${c.edge}, central on ${c.central}): every reading arrives exactly once across a cut`, async () => {
      const gateway = `gw-${c.mechanism.toLowerCase()}`;
      const central = await startCentral(c.central, gateway);
      const edge = await startEdge(c.edge, gateway, central, { mechanism: c.mechanism, password: central.secret });
      const fleet = new SensorFleet(6, READINGS / 6);
      cleanups.push(() => fleet.stop());
      fleet.allow(READINGS / 2);
      fleet.start(() => edge.ports.mqtt!);
      await fleet.ackedAtLeast(READINGS / 2);
      await waitForMirror(() => edge.ports.http!, () => central.broker.ports.http!, "sensor-temp", `${gateway}.sensor-temp`, TOKEN);
      const accepted = central.proxy.accepted;
      central.proxy.cut();
      fleet.allow(READINGS);
      await fleet.finished();
      await waitForMirror(() => edge.ports.http!, () => central.broker.ports.http!, "sensor-temp", `${gateway}.sensor-temp`, TOKEN);
      expect(central.proxy.accepted).toBeGreaterThan(accepted); // reconnected: TLS + SASL again

      const edgeRecords = await kcatReadAll(`127.0.0.1:${edge.ports.kafka}`, "sensor-temp");
      const centralRecords = await kcatReadAll(`127.0.0.1:${central.proxy.port}`, `${gateway}.sensor-temp`, kcatSasl(central, gateway));
      const report = checkExactlyOnce(edgeRecords, centralRecords, fleet.ackedKeys());
      expect(report.lostAcked).toEqual([]);
      expect(report.missing).toEqual([]);
      expect(report.duplicated).toEqual([]);
      expect(report.mismatched).toEqual([]);
      expect(report.outOfOrderKeys).toEqual([]);
      expect(report.centralRecords).toBe(READINGS);
      const status = (await (await fetch(`http://127.0.0.1:${edge.ports.http}/api/bridge`)).json()) as { state: string };
      expect(["connected", "draining"]).toContain(status.state);
      fleet.stop();
      expect(await edge.stop()).toBe(0);
      expect(await central.broker.stop()).toBe(0);
    });
  }

  test("a wrong SCRAM password: the bridge backs off with the authentication error and mirrors nothing", async () => {
    const gateway = "gw-wrong";
    const central = await startCentral("bun", gateway);
    const edge = await startEdge("deno", gateway, central, { mechanism: "SCRAM-SHA-512", password: "not-the-secret" });
    const fleet = new SensorFleet(2, 50);
    cleanups.push(() => fleet.stop());
    fleet.start(() => edge.ports.mqtt!);
    await fleet.finished();
    let status: { state: string; lastError?: { message?: string } | string | null } = { state: "starting" };
    while (status.state !== "backing_off") {
      await sleep(100);
      status = (await (await fetch(`http://127.0.0.1:${edge.ports.http}/api/bridge`)).json()) as typeof status;
    }
    expect(JSON.stringify(status.lastError)).toMatch(/auth|SASL|SCRAM/i);
    const topics = (await (await fetch(`http://127.0.0.1:${central.broker.ports.http}/api/partitions`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as Array<{ topic: string; highWatermark: number }>;
    expect(topics.filter((t) => t.topic.startsWith(gateway)).reduce((n, t) => n + t.highWatermark, 0)).toBe(0);
    expect(edge.output()).toMatch(/auth/i);
    fleet.stop();
    expect(await edge.stop()).toBe(0);
    expect(await central.broker.stop()).toBe(0);
  });
});
