/**
 * MQTT ↔ Kafka through mapping rules, with the broker as a separate process under Deno and Bun:
 * CBOR readings published by sensors on `sensors/<id>/temp` under a `cbor-to-json` rule are read
 * by kcat from the mapped topic as JSON, keyed by the device id and placed by murmur2; records a
 * kafkajs producer writes to mapped topics reach mosquitto_sub subscribers.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { type ChildProcess, spawn } from "node:child_process";
import { encode } from "cbor-x";
import { Kafka, logLevel, type Producer } from "kafkajs";
import mqtt from "mqtt";
import { partitionForKey } from "../../broker/routing/murmur2.ts";
import { encodePublishes, rawConnect, runPublisher } from "../bench/mqtt_loadgen.ts";
import { type BrokerProcess, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";

setDefaultTimeout(120_000);
const HOST = "127.0.0.1";
const PARTITIONS = 6;
const rules = [
  { filter: "sensors/+/temp", topic: "sensor-temp", key: "{segment:1}", partitions: PARTITIONS, codec: "cbor-to-json" },
  { filter: "cmd/+/set", topic: "device-commands", key: "{segment:1}", partitions: 2 },
  { filter: "mix/#", topic: "mixed", key: "{topic}", partitions: 1 },
];
const enc = new TextEncoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** mosquitto_sub as a child; killed by PID in `stop`. */
function mosquittoSub(port: number, args: string[]): { child: ChildProcess; lines: () => string[]; stop: () => Promise<void> } {
  const child = spawn("mosquitto_sub", ["-h", HOST, "-p", String(port), ...args], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (d: string) => (out += d));
  const exited = new Promise<void>((r) => child.on("exit", () => r()));
  return {
    child,
    lines: () => out.split("\n").filter((l) => l !== ""),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

interface Reading {
  device: string;
  seq: number;
  celsius: number;
  ok: boolean;
  tags: string[];
}

for (const host of hosts) {
  describe(`MQTT mapping rules and Kafka clients on the broker on ${host}`, () => {
    let broker: BrokerProcess;
    const data = tempDir("tributary-mqtt-kafka-");
    const subs: Array<{ stop: () => Promise<void> }> = [];
    let producer: Producer | undefined;
    const port = () => broker.ports.mqtt!;
    const kafkaAddr = () => `${HOST}:${broker.ports.kafka}`;
    const fromKafka = async () => {
      const text = await (await fetch(`http://${HOST}:${broker.ports.http}/metrics`)).text();
      return Number(/^tributary_mqtt_from_kafka_total (\d+)$/m.exec(text)?.[1] ?? NaN);
    };

    beforeAll(async () => {
      broker = await startBrokerProcess(host, { dataDir: data.path, args: ["--set", `mqtt.rules=${JSON.stringify(rules)}`] });
    });
    afterAll(async () => {
      for (const s of subs) await s.stop();
      await producer?.disconnect();
      const code = await broker.stop();
      data.cleanup();
      expect(code).toBe(0);
    });

    test("CBOR readings on sensors/<id>/temp are read by kcat from sensor-temp as JSON, keyed by device id, in murmur2's partition", async () => {
      const devices = Array.from({ length: 12 }, (_, i) => `dev-${i}`);
      const readings: Reading[] = [];
      // MQTT.js v5 and v3.1.1 devices, and mosquitto_pub reading the CBOR bytes from stdin.
      const clients = await Promise.all(([4, 5] as const).map((protocolVersion) => mqtt.connectAsync({ host: HOST, port: port(), protocolVersion, reconnectPeriod: 0 })));
      try {
        for (let seq = 0; seq < 5; seq++) {
          for (const [i, device] of devices.entries()) {
            const r: Reading = { device, seq, celsius: 20 + i / 4 + seq / 100, ok: i % 2 === 0, tags: ["t", device] };
            readings.push(r);
            const bytes = encode(r);
            const topic = `sensors/${device}/temp`;
            if (i % 3 === 2) {
              const p = await run("mosquitto_pub", ["-h", HOST, "-p", String(port()), "-q", "1", "-t", topic, "-s"], { input: bytes });
              expect(p.code).toBe(0);
            } else {
              await clients[i % 3]!.publishAsync(topic, Buffer.from(bytes), { qos: 1 });
            }
          }
        }
      } finally {
        for (const c of clients) await c.endAsync();
      }

      const consumed = await run("kcat", ["-b", kafkaAddr(), "-C", "-t", "sensor-temp", "-o", "beginning", "-e", "-q", "-f", "%p\t%k\t%s\t%h\n"]);
      expect(consumed.code).toBe(0);
      const lines = consumed.stdout.split("\n").filter((l) => l !== "");
      expect(lines).toHaveLength(readings.length);
      const byDevice = new Map<string, Reading[]>();
      for (const line of lines) {
        const [partition, key, value, headers] = line.split("\t");
        const reading = JSON.parse(value!) as Reading;
        expect(key).toBe(reading.device);
        expect(Number(partition)).toBe(partitionForKey(enc.encode(key!), PARTITIONS));
        expect(headers).toContain(`mqtt.topic=sensors/${key}/temp`);
        byDevice.set(key!, [...(byDevice.get(key!) ?? []), reading]);
      }
      // Each device's readings arrive whole and in order (one key → one partition).
      for (const device of devices) {
        expect(byDevice.get(device)).toEqual(readings.filter((r) => r.device === device));
      }
    });

    test("a v5 publish that is not CBOR under the cbor-to-json rule is refused with 0x99 and not logged", async () => {
      const c = await mqtt.connectAsync({ host: HOST, port: port(), protocolVersion: 5, reconnectPeriod: 0 });
      try {
        const before = await run("kcat", ["-b", kafkaAddr(), "-C", "-t", "sensor-temp", "-o", "beginning", "-e", "-q", "-f", "%p:%o\n"]);
        let reason: number | undefined;
        try {
          const ack = await c.publishAsync("sensors/dev-x/temp", Buffer.from([0xff, 0xfe, 0x1c]), { qos: 1 });
          reason = (ack as { reasonCode?: number } | undefined)?.reasonCode;
        } catch (err) {
          reason = (err as { code?: number }).code;
        }
        expect(reason).toBe(0x99);
        const after = await run("kcat", ["-b", kafkaAddr(), "-C", "-t", "sensor-temp", "-o", "beginning", "-e", "-q", "-f", "%p:%o\n"]);
        // kcat interleaves partitions in no fixed order: compare the sets of partition:offset.
        const offsets = (out: string) => out.split("\n").filter(Boolean).sort();
        expect(offsets(after.stdout)).toEqual(offsets(before.stdout));
      } finally {
        await c.endAsync();
      }
    });

    test("kafkajs records to mapped topics reach mosquitto_sub (topic from the key, or from the mqtt.topic header)", async () => {
      const kafka = new Kafka({ clientId: "e2e-mqtt", brokers: [kafkaAddr()], logLevel: logLevel.NOTHING, retry: { retries: 10 } });
      producer = kafka.producer({ allowAutoTopicCreation: true });
      await producer.connect();

      const temps = mosquittoSub(port(), ["-V", "mqttv5", "-q", "1", "-t", "sensors/+/temp", "-t", "cmd/#", "-F", "%t|%q|%P|%p"]);
      subs.push(temps);
      // Ready once a probe through the same path (MQTT publish → fan-out) arrives.
      const probe = await mqtt.connectAsync({ host: HOST, port: port(), protocolVersion: 5, reconnectPeriod: 0 });
      for (let i = 0; !temps.lines().some((l) => l.startsWith("cmd/probe/set|")); i++) {
        await probe.publishAsync("cmd/probe/set", `p${i}`, { qos: 1 });
        await sleep(50);
      }
      await probe.endAsync();
      // Probes may still trickle in; the Kafka records are everything else.
      const kafkaLines = () => temps.lines().filter((l) => !l.startsWith("cmd/probe/set|"));

      // sensor-temp exists (the sensors created it); device-commands was created by the probes.
      await producer.send({ topic: "sensor-temp", acks: -1, messages: [{ key: "dev-3", value: JSON.stringify({ setpoint: 21 }) }] });
      await producer.send({
        topic: "device-commands",
        acks: -1,
        messages: [
          { key: "valve-9", value: "open", headers: { "mqtt.topic": "cmd/valve-9/set", "mqtt.qos": "0", origin: "scheduler" } },
          { key: "valve-1", value: "close" },
        ],
      });
      await waitFor(() => kafkaLines().length === 3, "three Kafka records over MQTT");
      expect(kafkaLines().sort()).toEqual([
        "cmd/valve-1/set|1||close",
        "cmd/valve-9/set|0|origin:scheduler|open",
        `sensors/dev-3/temp|1||{"setpoint":21}`,
      ]);
    });

    test("MQTT publishers and a Kafka producer interleaving on one mapped partition: only the Kafka records come back through the tailer, once each", async () => {
      const fromKafkaBefore = await fromKafka();
      const sub = await mqtt.connectAsync({ host: HOST, port: port(), protocolVersion: 4, reconnectPeriod: 0 });
      const seen = new Map<string, number>();
      sub.on("message", (topic, payload) => {
        const id = topic === "mix/kafka" ? payload.toString() : `${payload.readUInt32BE(0)}:${payload.readUInt32BE(4)}`;
        seen.set(id, (seen.get(id) ?? 0) + 1);
      });
      await sub.subscribeAsync("mix/#", { qos: 1 });
      const kafka = new Kafka({ clientId: "e2e-mqtt-mix", brokers: [kafkaAddr()], logLevel: logLevel.NOTHING, retry: { retries: 10 } });
      const p = kafka.producer();
      await p.connect();
      const PUBS = 4;
      const EACH = 2000;
      try {
        // Pipelined QoS 1 publishers keep appends in flight while Kafka records land in between.
        const mqttDone = Promise.all(Array.from({ length: PUBS }, async (_, i) => {
          const conn = await rawConnect(HOST, port(), `mix-${i}`);
          const r = await runPublisher(conn, { packets: encodePublishes({ topic: `mix/p${i}`, qos: 1, count: EACH, payloadSize: 32, publisher: i }), qos: 1, window: 100 });
          conn.socket.destroy();
          expect(r.acked).toHaveLength(EACH);
        }));
        for (let b = 0; b < 20; b++) {
          await p.send({ topic: "mixed", acks: -1, messages: Array.from({ length: 25 }, (_, j) => ({ key: "mix/kafka", value: `k${b * 25 + j}` })) });
        }
        await mqttDone;
        // The tailer delivers in offset order: once this last Kafka record arrives, any duplicate
        // of an earlier MQTT-origin record would already have arrived too.
        await p.send({ topic: "mixed", acks: -1, messages: [{ key: "mix/kafka", value: "fence" }] });
        await waitFor(() => seen.has("fence"), "the fence record over MQTT");
      } finally {
        await p.disconnect();
        await sub.endAsync();
      }
      // Exactly the 501 Kafka records were delivered from the log; the 8,000 MQTT-origin records
      // (fanned out at ingest) were skipped by the tailer. (The subscriber may lose some of the
      // flood to its queue cap, so the check is the broker's count plus "no duplicates".)
      expect((await fromKafka()) - fromKafkaBefore).toBe(501);
      const dups = [...seen].filter(([, n]) => n !== 1);
      expect(dups).toEqual([]);
    });

    test("a topic that first appears through a Kafka producer is delivered from its first record", async () => {
      const late = [{ filter: "alarms/#", topic: "alarms", key: "{topic}" }];
      // A second broker with a rule whose topic does not exist yet.
      const dir = tempDir("tributary-mqtt-kafka-late-");
      const b2 = await startBrokerProcess(host, { dataDir: dir.path, args: ["--set", `mqtt.rules=${JSON.stringify(late)}`] });
      // A retained marker outside every rule (so it creates no topic) tells when mosquitto_sub has subscribed.
      const r = await run("mosquitto_pub", ["-h", HOST, "-p", String(b2.ports.mqtt), "-q", "1", "-r", "-t", "ready/x", "-m", "x"]);
      expect(r.code).toBe(0);
      const sub = mosquittoSub(b2.ports.mqtt!, ["-q", "1", "-t", "alarms/#", "-t", "ready/#", "-v"]);
      const kafka = new Kafka({ clientId: "e2e-mqtt-late", brokers: [`${HOST}:${b2.ports.kafka}`], logLevel: logLevel.NOTHING, retry: { retries: 10 } });
      const p = kafka.producer({ allowAutoTopicCreation: true });
      try {
        await waitFor(() => sub.lines().length === 1, "mosquitto_sub to subscribe");
        await p.connect();
        await p.send({ topic: "alarms", acks: -1, messages: [{ key: "alarms/door", value: "opened" }] });
        await waitFor(() => sub.lines().length === 2, "first Kafka record of a new topic");
        expect(sub.lines()).toEqual(["ready/x x", "alarms/door opened"]);
      } finally {
        await p.disconnect();
        await sub.stop();
        expect(await b2.stop()).toBe(0);
        dir.cleanup();
      }
    });
  });
}
