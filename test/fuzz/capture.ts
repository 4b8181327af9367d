/**
 * Build the fuzz corpus from real clients: kcat, kafkajs, mosquitto_pub/sub and MQTT.js
 * (v3.1.1 and v5) talk to an in-process broker through {@link RecordingProxy}, and each
 * client → broker frame is written to `test/fuzz/corpus/{kafka,mqtt}/`, deduplicated and
 * capped per API key / packet type and version so the corpus stays a few hundred files.
 *
 *   ./node_modules/.bin/bun test/fuzz/capture.ts
 */
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startKafkaServer } from "../../broker/kafka/server.ts";
import { apiKeyInfo } from "../../broker/kafka/protocol/generated/api_keys.ts";
import { createLogManager } from "../../broker/log/log_manager.ts";
import { startMqttServer } from "../../broker/mqtt/server.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { currentRuntime, MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { DEFAULT_TOPIC_CONFIG } from "../../broker/topics/topic_config.ts";
import { decompress } from "./memory_broker.ts";
import { RecordingProxy } from "./recording_proxy.ts";
import { CORPUS_DIR, mqttPacketName } from "./corpus.ts";
import { hex } from "./log_snapshot.ts";

/** Frames kept per Kafka API key and version / MQTT packet type and protocol level. */
const PER_KIND = { kafka: 8, mqtt: 12 };

const frames = { kafka: new Map<string, Uint8Array>(), mqtt: new Map<string, Uint8Array>() };
const perKind = new Map<string, number>();
const seen = new Set<string>();
const mqttLevels = new Map<number, number>();

async function keep(protocol: "kafka" | "mqtt", kind: string, frame: Uint8Array): Promise<void> {
  const digest = hex(new Uint8Array(await crypto.subtle.digest("SHA-256", frame.slice()))).slice(0, 12);
  const name = `${kind}-${digest}.bin`;
  if (seen.has(`${protocol}/${digest}`)) return; // same bytes under another level (PINGREQ…)
  seen.add(`${protocol}/${digest}`);
  const count = perKind.get(`${protocol}/${kind}`) ?? 0;
  if (count >= PER_KIND[protocol]) return;
  perKind.set(`${protocol}/${kind}`, count + 1);
  frames[protocol].set(name, frame);
}

function onKafkaFrame(frame: Uint8Array): void {
  if (frame.length < 8) return;
  const view = new DataView(frame.buffer, frame.byteOffset);
  const apiKey = view.getInt16(4), version = view.getInt16(6);
  const name = apiKeyInfo(apiKey)?.name ?? `api${apiKey}`;
  void keep("kafka", `${String(apiKey).padStart(2, "0")}_${name}-v${version}`, frame);
}

function onMqttFrame(frame: Uint8Array, connection: number): void {
  const type = frame[0]! >> 4;
  if (type === 1) {
    // CONNECT: the protocol level follows the fixed header and the protocol name.
    let at = 1;
    while ((frame[at]! & 0x80) !== 0) at++;
    at++;
    const nameLength = (frame[at]! << 8) | frame[at + 1]!;
    mqttLevels.set(connection, frame[at + 2 + nameLength] ?? 4);
  }
  void keep("mqtt", `${mqttPacketName(type)}-v${mqttLevels.get(connection) ?? 4}`, frame);
}

function run(command: string, args: string[], input = "", timeoutMs = 15_000): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["pipe", "ignore", "ignore"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", () => resolve(null));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.stdin.end(input);
  });
}

async function kafkaClients(port: number): Promise<void> {
  const b = `127.0.0.1:${port}`;
  await run("kcat", ["-b", b, "-L"]);
  for (const z of ["none", "gzip", "snappy", "lz4", "zstd"]) {
    await run("kcat", ["-b", b, "-P", "-t", "t", "-K:", "-z", z, "-H", "h=v"], "k1:v1\nk2:value two\n:no key\n");
  }
  await run("kcat", ["-b", b, "-P", "-t", "auto-created", "-p", "0"], "x\n");
  await run("kcat", ["-b", b, "-C", "-t", "t", "-e", "-o", "beginning"]);
  await run("kcat", ["-b", b, "-C", "-t", "t", "-p", "0", "-o", "-2", "-e"]);
  await run("kcat", ["-b", b, "-G", "kcat-group", "t", "-e"], "", 12_000);
  // Old protocol versions, as deployed devices with old librdkafka send them (no ApiVersions).
  for (const fallback of ["0.9.0", "0.10.0", "0.11.0"]) {
    const old = ["-X", "api.version.request=false", "-X", `broker.version.fallback=${fallback}`];
    await run("kcat", ["-b", b, ...old, "-P", "-t", "t", "-K:"], "old:v\n");
    await run("kcat", ["-b", b, ...old, "-C", "-t", "t", "-e", "-o", "beginning"]);
    await run("kcat", ["-b", b, ...old, "-L"]);
  }

  const { Kafka, logLevel, CompressionTypes } = await import("kafkajs");
  const kafka = new Kafka({ brokers: [b], clientId: "fuzz-capture", logLevel: logLevel.NOTHING, retry: { retries: 2 } });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: "kjs", numPartitions: 2, configEntries: [{ name: "retention.ms", value: "3600000" }] }] });
  await admin.listTopics();
  await admin.fetchTopicMetadata({ topics: ["kjs"] });
  await admin.describeConfigs({ resources: [{ type: 2, name: "kjs" }], includeSynonyms: false }).catch(() => {});
  await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: "kjs", configEntries: [{ name: "retention.ms", value: "7200000" }] }] }).catch(() => {});
  await admin.createPartitions({ topicPartitions: [{ topic: "kjs", count: 3 }] }).catch(() => {});
  await admin.fetchTopicOffsets("kjs");
  await admin.describeCluster();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic: "kjs", messages: [{ key: "a", value: "1", headers: { h: "x" } }, { value: "2" }] });
  await producer.send({ topic: "kjs", compression: CompressionTypes.GZIP, messages: [{ key: "b", value: "3".repeat(100) }] });
  await producer.disconnect();
  const plain = kafka.producer();
  await plain.connect();
  await plain.send({ topic: "kjs", acks: 1, messages: [{ value: "acks1" }] });
  await plain.send({ topic: "kjs", acks: 0, messages: [{ value: "acks0" }] }).catch(() => {});
  await plain.disconnect();
  const consumer = kafka.consumer({ groupId: "kjs-group", sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic: "kjs", fromBeginning: true });
  let seen = 0;
  await consumer.run({ eachMessage: async () => void seen++ });
  for (let i = 0; i < 100 && seen < 4; i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 1500)); // heartbeats and offset commits
  await consumer.disconnect();
  await admin.listGroups();
  await admin.describeGroups(["kjs-group"]);
  await admin.fetchOffsets({ groupId: "kjs-group", topics: ["kjs"] });
  await admin.deleteTopicRecords({ topic: "kjs", partitions: [{ partition: 0, offset: "1" }] }).catch(() => {});
  await admin.deleteGroups(["kjs-group"]).catch(() => {});
  await admin.deleteTopics({ topics: ["kjs"] }).catch(() => {});
  await admin.disconnect();
}

async function mqttClients(port: number): Promise<void> {
  const p = String(port);
  for (const v of ["mqttv31", "mqttv311", "mqttv5"]) {
    for (const q of ["0", "1", "2"]) {
      await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", p, "-V", v, "-q", q, "-t", `sensors/${v}/temp`, "-m", `{"c":21.5,"q":${q}}`, "-i", `pub-${v}-${q}`]);
    }
    await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", p, "-V", v, "-r", "-q", "1", "-t", "retained/x", "-m", "kept", "-u", "user", "-P", "secret", "--will-topic", "wills/x", "--will-payload", "gone", "--will-qos", "1"]);
    await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", p, "-V", v, "-q", "2", "-t", "lines/x", "-l"], "one\ntwo\nthree\n");
    await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", p, "-V", v, "-r", "-n", "-t", "retained/x"]); // clears the retained message
    await run("mosquitto_sub", ["-h", "127.0.0.1", "-p", p, "-V", v, "-t", "retained/#", "-t", "sensors/+/temp", "-q", "2", "-C", "1", "-W", "3", "-c", "-i", `sub-${v}`, "-k", "30"]);
  }
  await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", p, "-V", "mqttv5", "-q", "1", "-t", "props/x", "-m", "p", "-D", "publish", "user-property", "room", "42", "-D", "publish", "content-type", "text/plain", "-D", "publish", "message-expiry-interval", "60", "-D", "connect", "session-expiry-interval", "30", "-D", "publish", "response-topic", "reply/x", "-D", "publish", "correlation-data", "abc"]);
  await run("mosquitto_sub", ["-h", "127.0.0.1", "-p", p, "-V", "mqttv5", "-t", "props/#", "-C", "1", "-W", "2", "-D", "subscribe", "subscription-identifier", "7", "--retain-as-published", "--nl", "-D", "connect", "receive-maximum", "10"]);

  const mqtt = (await import("mqtt")).default;
  for (const protocolVersion of [4, 5] as const) {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
      protocolVersion,
      clientId: `js-v${protocolVersion}`,
      clean: false,
      keepalive: 20,
      username: "dev",
      password: "pw",
      reconnectPeriod: 0,
      will: { topic: "wills/js", payload: Buffer.from("bye"), qos: 1, retain: false, ...(protocolVersion === 5 ? { properties: { willDelayInterval: 5, contentType: "text/plain" } } : {}) },
      ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: 60, receiveMaximum: 20, topicAliasMaximum: 5, userProperties: { a: "b" }, maximumPacketSize: 100_000 } } : {}),
    });
    await client.subscribeAsync({ "js/#": { qos: 2 }, "$share/g/js/shared": { qos: 1 }, "js/+/x": { qos: 0 } });
    for (const qos of [0, 1, 2] as const) {
      await client.publishAsync(`js/v${protocolVersion}/q${qos}`, Buffer.from(`payload ${qos}`), {
        qos,
        retain: qos === 1,
        ...(protocolVersion === 5 ? { properties: { topicAlias: 2, userProperties: { k: ["v1", "v2"] }, payloadFormatIndicator: true, messageExpiryInterval: 30 } } : {}),
      });
    }
    if (protocolVersion === 5) await client.publishAsync("", Buffer.from("aliased"), { qos: 1, properties: { topicAlias: 2 } });
    await client.unsubscribeAsync(["js/#", "js/+/x"]);
    await new Promise<void>((resolve) => client.stream.write(Buffer.from([0xc0, 0x00]), () => resolve())); // PINGREQ
    await new Promise((r) => setTimeout(r, 200));
    await client.endAsync(false, protocolVersion === 5 ? { reasonCode: 0, properties: { sessionExpiryInterval: 0 } } : {});
  }
}

const runtime = currentRuntime();
const metrics = new MetricsRegistry();
const log = await createLogManager({
  fs: new MemoryFileSystem(),
  dataDir: "/data",
  durability: { policy: "group-commit", intervalMs: 0 },
  defaults: DEFAULT_TOPIC_CONFIG,
  defaultPartitions: 1,
  autoCreateTopics: true,
  logger: silentLogger,
  metrics,
  decompress,
});
await log.createTopic("t", { partitions: 2 });
const kafkaProxy = await RecordingProxy.start(runtime, "kafka", onKafkaFrame);
const mqttProxy = await RecordingProxy.start(runtime, "mqtt", onMqttFrame);
const kafka = await startKafkaServer({
  runtime: { ...runtime, fs: new MemoryFileSystem() },
  log,
  hostname: "127.0.0.1",
  port: 0,
  advertisedHost: "127.0.0.1",
  advertisedPort: kafkaProxy.port, // clients stay on the proxy after bootstrap
  logger: silentLogger,
  metrics,
  groups: { initialRebalanceDelayMs: 0 },
});
const mqtt = await startMqttServer({ runtime, log, hostname: "127.0.0.1", port: 0, logger: silentLogger, metrics });
kafkaProxy.targetPort = kafka.port;
mqttProxy.targetPort = mqtt.port;
try {
  await kafkaClients(kafkaProxy.port);
  await mqttClients(mqttProxy.port);
  await new Promise((r) => setTimeout(r, 300));
} finally {
  await kafkaProxy.close();
  await mqttProxy.close();
  await mqtt.close();
  await kafka.close();
  await log.close();
}
for (const protocol of ["kafka", "mqtt"] as const) {
  const dir = join(CORPUS_DIR, protocol);
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) if (old.endsWith(".bin")) rmSync(join(dir, old));
  for (const [name, frame] of frames[protocol]) writeFileSync(join(dir, name), frame);
  console.log(`${protocol}: ${frames[protocol].size} frames in ${dir}`);
}
