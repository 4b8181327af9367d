/**
 * Kafka ACLs in the default, development configuration (`auth.allowAnonymous` on), against the
 * broker process under Deno and Bun, with kafkajs and kcat:
 * - clients without SASL are anonymous and may do everything;
 * - a device that logs in with SASL/PLAIN (kafkajs) on the same port is held to its ACL;
 * - a device without READ on a topic can neither join a group subscribed to it (JoinGroup
 *   TOPIC_AUTHORIZATION_FAILED), nor commit or fetch offsets for it, nor fetch its records —
 *   while the same device consumes, in a group, the topic it may read.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Kafka, logLevel } from "kafkajs";
import { ErrorCode } from "../../broker/kafka/errors.ts";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { type BrokerProcess, hosts, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { TestClient } from "../kafka/_client.ts";
import { hasKcat, kcat } from "../kafka/_kcat.ts";

const T = 60_000;
/** Readable by anonymous clients; the device may write and describe it, never read it. */
const SECRET_TOPIC = "plant-secrets";

for (const host of hosts) {
  describe(`Kafka ACLs with anonymous access on, ${host}`, () => {
    const dir = tempDir();
    let broker: BrokerProcess;
    let secret = "";
    const brokers = () => [`127.0.0.1:${broker.ports.kafka}`];
    const asDevice = () =>
      new Kafka({ clientId: "dev-7", brokers: brokers(), logLevel: logLevel.NOTHING, retry: { retries: 0 }, sasl: { mechanism: "plain", username: "dev-7", password: secret } });
    const anonymous = () => new Kafka({ clientId: "anon", brokers: brokers(), logLevel: logLevel.NOTHING, retry: { retries: 0 } });

    beforeAll(async () => {
      broker = await startBrokerProcess(host, { dataDir: dir.path }); // the default config: anonymous on, no token
      const res = await fetch(`http://127.0.0.1:${broker.ports.http}/api/devices`, {
        method: "POST",
        body: JSON.stringify({ id: "dev-7", acl: { publish: ["devices/{id}/#", `kafka:${SECRET_TOPIC}`], subscribe: ["devices/{id}/#", "kafka:{id}.in"] } }),
      });
      expect(res.status).toBe(201);
      secret = ((await res.json()) as { secret: string }).secret;
      // Anonymous (no SASL) produce works in the development config.
      const producer = anonymous().producer();
      await producer.connect();
      await producer.send({ topic: SECRET_TOPIC, messages: [{ value: "s1" }, { value: "s2" }] });
      await producer.send({ topic: "dev-7.in", messages: [{ value: "cmd-1" }, { value: "cmd-2" }] });
      await producer.disconnect();
    }, T);
    afterAll(async () => {
      await broker?.stop();
      dir.cleanup();
    });

    test("kafkajs SASL/PLAIN logs in as the device on the anonymous port and gets its ACL", async () => {
      const producer = asDevice().producer();
      await producer.connect(); // SaslHandshake + SaslAuthenticate accepted with anonymous access on
      const written = await producer.send({ topic: SECRET_TOPIC, messages: [{ value: "from-device" }] });
      expect(written[0]?.errorCode).toBe(0);
      // kafkajs wraps the Metadata refusal: the protocol error is the cause.
      const refused = await producer.send({ topic: "not-granted", messages: [{ value: "x" }] })
        .then(() => "sent", (e: { type?: string; cause?: { type?: string } }) => e.type ?? e.cause?.type);
      expect(refused).toBe("TOPIC_AUTHORIZATION_FAILED");
      await producer.disconnect();
      // A wrong password is refused, not downgraded to anonymous.
      const bad = new Kafka({ brokers: brokers(), logLevel: logLevel.NOTHING, retry: { retries: 0 }, sasl: { mechanism: "plain", username: "dev-7", password: "wrong" } }).producer();
      const failed = await bad.connect().then(() => "connected", (e: { name?: string }) => e.name);
      expect(failed).toBe("KafkaJSSASLAuthenticationError");
    }, T);

    test("the device consumes, in its group, the topic it may read", async () => {
      const consumer = asDevice().consumer({ groupId: "dev-7-commands" });
      await consumer.connect();
      await consumer.subscribe({ topic: "dev-7.in", fromBeginning: true });
      const values: string[] = [];
      const done = new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            values.push(String(message.value));
            if (values.length === 2) resolve();
          },
        });
      });
      await done;
      await consumer.disconnect();
      expect(values).toEqual(["cmd-1", "cmd-2"]);
    }, T);

    test("without READ the device cannot join a group on the topic, fetch it, or commit or fetch its offsets", async () => {
      const kafka = asDevice();
      const consumer = kafka.consumer({ groupId: "dev-7-spy", retry: { retries: 0 } });
      const received: string[] = [];
      const crashed = new Promise<string | undefined>((resolve) => {
        consumer.on(consumer.events.CRASH, (event) => resolve((event.payload.error as { type?: string }).type));
      });
      await consumer.connect();
      await consumer.subscribe({ topic: SECRET_TOPIC, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(String(message.value)) });
      expect(await crashed).toBe("TOPIC_AUTHORIZATION_FAILED");
      await consumer.disconnect();
      expect(received).toEqual([]);

      // OffsetCommit and OffsetFetch for the topic, sent raw (kafkajs commits only as a group
      // member, which the device cannot become): TOPIC_AUTHORIZATION_FAILED per partition.
      const offsetFetch = { groupId: "dev-7-spy", topics: [{ name: SECRET_TOPIC, partitionIndexes: [0] }], requireStable: false };
      const device = await TestClient.connect(currentRuntime(), broker.ports.kafka!);
      try {
        await device.request(17, 1, { mechanism: "PLAIN" });
        expect((await device.request(36, 2, { authBytes: new TextEncoder().encode(`\0dev-7\0${secret}`) })).errorCode).toBe(0);
        const commit = await device.request(8, 8, {
          groupId: "dev-7-spy", generationIdOrMemberEpoch: -1, memberId: "", groupInstanceId: null,
          topics: [{ name: SECRET_TOPIC, partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null }] }],
        });
        expect(commit.topics.map((t) => t.partitions.map((p) => p.errorCode))).toEqual([[ErrorCode.TOPIC_AUTHORIZATION_FAILED]]);
        const fetched = await device.request(9, 7, offsetFetch);
        expect(fetched.topics.map((t) => t.partitions.map((p) => [p.errorCode, p.committedOffset]))).toEqual([[[ErrorCode.TOPIC_AUTHORIZATION_FAILED, -1n]]]);
      } finally {
        device.close();
      }
      // An anonymous client (no SASL) sees that nothing was committed.
      const anon = await TestClient.connect(currentRuntime(), broker.ports.kafka!);
      try {
        const fetched = await anon.request(9, 7, offsetFetch);
        expect(fetched.topics.map((t) => t.partitions.map((p) => [p.errorCode, p.committedOffset]))).toEqual([[[0, -1n]]]);
      } finally {
        anon.close();
      }

      // Fetch without a group (kcat's simple consumer): refused, no records.
      if (!hasKcat) return;
      const fetched = await kcat([
        "-b", brokers()[0]!, "-C", "-t", SECRET_TOPIC, "-o", "beginning", "-e", "-q",
        "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN", "-X", "sasl.username=dev-7", "-X", `sasl.password=${secret}`,
      ], "", 15_000);
      expect(fetched.stdout).not.toContain("s1");
      expect(fetched.stderr).toContain("Topic authorization failed");
      // The same kcat without SASL (anonymous) reads them.
      const anonRead = await kcat(["-b", brokers()[0]!, "-C", "-t", SECRET_TOPIC, "-o", "beginning", "-e", "-q"]);
      expect(anonRead.stdout.trim().split("\n")).toEqual(["s1", "s2", "from-device"]);
    }, T);
  });
}
