/**
 * Kafka SASL/SCRAM and per-topic/per-group authorization against the broker process, under
 * Deno and Bun: a device registered over the admin API logs in with SCRAM-SHA-256 and -512
 * (kcat, kafkajs) using its secret; a wrong secret is SASL_AUTHENTICATION_FAILED; the device
 * produces to the Kafka topic its ACL names and gets TOPIC_AUTHORIZATION_FAILED elsewhere
 * (nothing stored); its consumers may use groups under its id only.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Kafka, logLevel } from "kafkajs";
import { type BrokerProcess, hosts, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { hasKcat, kcat } from "../kafka/_kcat.ts";

const TOKEN = "e2e-admin-token";
const T = 60_000;

async function api(broker: BrokerProcess, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(`http://127.0.0.1:${broker.ports.http}${path}`, init);
  return { status: res.status, json: await res.json() };
}

for (const host of hosts) {
  describe(`Kafka SCRAM and authorization on ${host}`, () => {
    const dir = tempDir();
    let broker: BrokerProcess;
    let secret = "";
    const sasl = (mechanism: string, password: string) => [
      "-X", "security.protocol=SASL_PLAINTEXT", "-X", `sasl.mechanisms=${mechanism}`, "-X", "sasl.username=gw-1", "-X", `sasl.password=${password}`,
    ];

    beforeAll(async () => {
      broker = await startBrokerProcess(host, { dataDir: dir.path, args: ["--auth-allow-anonymous", "false", "--http-admin-token", TOKEN] });
      const created = await api(broker, "POST", "/api/devices", {
        id: "gw-1",
        acl: { publish: ["devices/{id}/#", "kafka:{id}.out"], subscribe: ["devices/{id}/#", "kafka:{id}.out"] },
      });
      expect(created.status).toBe(201);
      secret = created.json.secret;
      expect((await api(broker, "POST", "/api/topics", { name: "other-topic" })).status).toBe(201);
    }, T);
    afterAll(async () => {
      await broker?.stop();
      dir.cleanup();
    });

    test("kcat: SCRAM-SHA-256 and -512 with the device secret work; a wrong secret fails", async () => {
      if (!hasKcat) return;
      const b = ["-b", `127.0.0.1:${broker.ports.kafka}`];
      for (const mechanism of ["SCRAM-SHA-256", "SCRAM-SHA-512"]) {
        const ok = await kcat([...b, "-L", ...sasl(mechanism, secret)]);
        expect(ok.code).toBe(0);
        expect(ok.stdout).toContain(`broker 0 at 127.0.0.1:${broker.ports.kafka}`);
        const bad = await kcat([...b, "-L", "-m", "3", ...sasl(mechanism, secret + "x")], "", 10_000);
        expect(bad.code).not.toBe(0);
        expect(bad.stderr).toContain("Authentication failed during authentication due to invalid credentials with SASL mechanism " + mechanism);
      }
      expect(broker.output()).toContain("kafka authentication failed");
    }, T);

    test("kcat as the device: produce to its topic works, another topic is TOPIC_AUTHORIZATION_FAILED and stores nothing", async () => {
      if (!hasKcat) return;
      const b = ["-b", `127.0.0.1:${broker.ports.kafka}`];
      const produced = await kcat([...b, "-P", "-t", "gw-1.out", ...sasl("SCRAM-SHA-512", secret)], "reading-1\n");
      expect(produced.code).toBe(0);
      const read = await kcat([...b, "-C", "-t", "gw-1.out", "-o", "beginning", "-e", "-q", ...sasl("SCRAM-SHA-256", secret)]);
      expect(read.stdout.trim()).toBe("reading-1");
      const refused = await kcat([...b, "-P", "-t", "other-topic", ...sasl("SCRAM-SHA-256", secret)], "spoof\n");
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain("Topic authorization failed");
      const other = await api(broker, "GET", "/api/topics/other-topic");
      expect(other.json.partitions[0].highWatermark).toBe(0);
      // Metadata for every topic shows only the device's own.
      const listed = await kcat([...b, "-L", ...sasl("SCRAM-SHA-256", secret)]);
      expect(listed.stdout).toContain('topic "gw-1.out"');
      expect(listed.stdout).not.toContain('topic "other-topic"');
    }, T);

    test("kafkajs with SCRAM-SHA-512: a consumer group under the device id works, another group is refused", async () => {
      const brokers = [`127.0.0.1:${broker.ports.kafka}`];
      const kafka = new Kafka({ brokers, sasl: { mechanism: "scram-sha-512", username: "gw-1", password: secret }, logLevel: logLevel.NOTHING, retry: { retries: 1 } });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: "gw-1.out", messages: [{ value: "from-kafkajs" }] });
      await expect(producer.send({ topic: "other-topic", messages: [{ value: "x" }] })).rejects.toThrow(/authoriz/i);
      await producer.disconnect();
      const consumer = kafka.consumer({ groupId: "gw-1-dashboard" });
      await consumer.connect();
      await consumer.subscribe({ topic: "gw-1.out", fromBeginning: true });
      const seen: string[] = [];
      const done = new Promise<void>((resolve) =>
        void consumer.run({
          eachMessage: async ({ message }) => {
            seen.push(String(message.value));
            if (seen.includes("from-kafkajs")) resolve();
          },
        })
      );
      await done;
      await consumer.disconnect();
      expect(seen).toContain("from-kafkajs");
      const stranger = kafka.consumer({ groupId: "someone-else", retry: { retries: 0 } });
      await stranger.connect();
      await stranger.subscribe({ topic: "gw-1.out" });
      const crashed = new Promise<string>((resolve) => stranger.on(stranger.events.CRASH, (e) => resolve(String(e.payload.error))));
      await stranger.run({ eachMessage: async () => {} });
      expect(await crashed).toMatch(/not authorized|group coordinator/i);
      await stranger.disconnect().catch(() => {});
      const wrong = new Kafka({ brokers, sasl: { mechanism: "scram-sha-256", username: "gw-1", password: "nope" }, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
      await expect(wrong.admin().connect()).rejects.toThrow(/SASL SCRAM SHA256 authentication failed|Authentication failed/i);
    }, T);
  });
}
