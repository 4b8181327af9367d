/**
 * Unmodified MQTT clients against the broker as a separate process, under Deno and under Bun:
 * mosquitto_pub / mosquitto_sub (libmosquitto, 3.1.1 and `-V 5`) and MQTT.js (protocol 4 and 5).
 * QoS 0/1/2 both ways, retained messages (also after a restart), wills on an abrupt disconnect,
 * persistent sessions that collect QoS 1 messages while away and keep them across a restart,
 * shared subscriptions, and MQTT 5 user properties through a Kafka header and back to MQTT.
 *
 * The in-process tests in test/mqtt/ cover the protocol details; this file covers the shipped
 * program with its file-backed log.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { type ChildProcess, spawn } from "node:child_process";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { type BrokerProcess, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";

setDefaultTimeout(120_000);
const HOST = "127.0.0.1";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until `cond` holds; the deadline only turns a hang into a readable failure. */
async function waitFor(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A long-running client process (mosquitto_sub) whose stdout is collected. */
interface Proc {
  child: ChildProcess;
  out: () => string;
  lines: () => string[];
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}
const procs = new Set<Proc>();
function startProc(cmd: string, args: string[]): Proc {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (d: string) => (out += d));
  child.stderr!.on("data", (d) => (out += String(d)));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const p: Proc = {
    child,
    out: () => out,
    lines: () => out.split("\n").filter((l) => l !== ""),
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
      procs.delete(p);
    },
  };
  procs.add(p);
  return p;
}
afterAll(async () => {
  for (const p of [...procs]) await p.stop();
});

const clients = new Set<MqttClient>();
function connect(port: number, options: IClientOptions = {}): MqttClient {
  const c = mqtt.connect({ host: HOST, port, reconnectPeriod: 0, connectTimeout: 10_000, ...options });
  clients.add(c);
  c.on("error", () => {});
  return c;
}
async function connected(c: MqttClient): Promise<void> {
  if (c.connected) return;
  await new Promise<void>((res, rej) => {
    c.once("connect", () => res());
    c.once("close", () => rej(new Error("connection closed before CONNACK")));
  });
}
async function end(c: MqttClient, force = false): Promise<void> {
  await c.endAsync(force);
  clients.delete(c);
}
afterAll(async () => {
  for (const c of [...clients]) await end(c, true);
});

interface Received {
  topic: string;
  payload: string;
  qos: number;
  retain: boolean;
  userProperties?: Record<string, string | string[]>;
}
function collect(c: MqttClient): Received[] {
  const got: Received[] = [];
  c.on("message", (topic, payload, packet) => {
    const userProperties = packet.properties?.userProperties;
    got.push({ topic, payload: payload.toString(), qos: packet.qos, retain: packet.retain, ...(userProperties ? { userProperties } : {}) });
  });
  return got;
}

async function pub(port: number, args: string[]): Promise<void> {
  const r = await run("mosquitto_pub", ["-h", HOST, "-p", String(port), ...args]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
}

/**
 * A mosquitto_sub that has certainly subscribed: a retained marker is published first on a
 * topic under the filter, and the subscriber is ready once it prints it.
 */
async function readySub(port: number, args: string[], marker: string): Promise<Proc & { data: () => string[] }> {
  await pub(port, ["-r", "-q", "1", "-t", marker, "-m", "ready"]);
  const p = startProc("mosquitto_sub", ["-h", HOST, "-p", String(port), ...args]);
  await waitFor(() => p.out().includes("ready"), `mosquitto_sub ${args.join(" ")} to subscribe`);
  // Clear the marker so a later subscriber of the same filter does not see it.
  await pub(port, ["-r", "-q", "1", "-t", marker, "-n"]);
  // The marker and its (empty) removal are delivered too; data() is everything else.
  return { ...p, data: () => p.lines().filter((l) => !l.startsWith(marker)) };
}

for (const host of hosts) {
  describe(`MQTT clients against the broker on ${host}`, () => {
    let broker: BrokerProcess;
    const data = tempDir("tributary-mqtt-clients-");
    const port = () => broker.ports.mqtt!;
    const kafka = () => `${HOST}:${broker.ports.kafka}`;
    const restart = async (how: "stop" | "kill") => {
      if (how === "stop") expect(await broker.stop()).toBe(0);
      else await broker.kill();
      broker = await startBrokerProcess(host, { dataDir: data.path });
    };

    beforeAll(async () => {
      broker = await startBrokerProcess(host, { dataDir: data.path });
    });
    afterAll(async () => {
      const code = await broker.stop();
      data.cleanup();
      expect(code).toBe(0);
    });

    for (const [version, label] of [["mqttv311", "3.1.1"], ["mqttv5", "5"]] as const) {
      test(`mosquitto_sub ${label} receives QoS 0/1/2 publishes of mosquitto_pub ${label} at the granted QoS`, async () => {
        const base = `mq-${version}`;
        for (const qos of [0, 1, 2]) {
          const topic = `${base}/q${qos}`;
          const sub = await readySub(port(), ["-V", version, "-q", String(qos), "-t", `${topic}/#`, "-F", "%t %q %p"], `${topic}/ready`);
          for (const m of ["one", "two", "three"]) await pub(port(), ["-V", version, "-q", String(qos), "-t", `${topic}/data`, "-m", `${m}`]);
          await waitFor(() => sub.data().length === 3, `${qos}: three messages`);
          await sub.stop();
          const expected = ["one", "two", "three"].map((m) => `${topic}/data ${qos} ${m}`);
          // QoS 0 from three separate mosquitto_pub connections has no cross-connection order.
          if (qos === 0) expect(sub.data().sort()).toEqual(expected.sort());
          else expect(sub.data()).toEqual(expected);
        }
      });
    }

    for (const protocolVersion of [4, 5] as const) {
      test(`MQTT.js v${protocolVersion}: QoS 0/1/2 publish and receive, in order, at min(publish, subscription) QoS`, async () => {
        const topic = `js${protocolVersion}`;
        const sub = connect(port(), { protocolVersion });
        await connected(sub);
        const got = collect(sub);
        await sub.subscribeAsync(`${topic}/#`, { qos: 2 });
        const p = connect(port(), { protocolVersion });
        await connected(p);
        const sent: string[] = [];
        for (const qos of [0, 1, 2] as const) {
          for (let i = 0; i < 20; i++) {
            const payload = `q${qos}-${i}`;
            await p.publishAsync(`${topic}/q${qos}`, payload, { qos });
            sent.push(payload);
          }
        }
        await waitFor(() => got.length === sent.length, "every message");
        expect(got.map((m) => m.payload)).toEqual(sent);
        for (const m of got) expect(m.qos).toBe(Number(m.topic.slice(-1)));
        // A QoS 1 subscription downgrades QoS 2 publishes [MQTT-3.8.4-8].
        const low = connect(port(), { protocolVersion });
        await connected(low);
        const lowGot = collect(low);
        await low.subscribeAsync(`${topic}/q2`, { qos: 1 });
        await p.publishAsync(`${topic}/q2`, "down", { qos: 2 });
        await waitFor(() => lowGot.length === 1, "downgraded message");
        expect(lowGot[0]).toMatchObject({ payload: "down", qos: 1 });
        await end(low);
        await end(p);
        await end(sub);
      });
    }

    test("an MQTT.js v4 burst of 500 QoS 1 publishes (no Receive Maximum in 3.1.1) is acknowledged in full, in order", async () => {
      const sub = connect(port(), { protocolVersion: 4 });
      await connected(sub);
      const got = collect(sub);
      await sub.subscribeAsync("burst/#", { qos: 1 });
      const p = connect(port(), { protocolVersion: 4 });
      await connected(p);
      let closed = false;
      p.on("close", () => (closed = true));
      const sent = Array.from({ length: 500 }, (_, i) => `b${i}`);
      await Promise.all(sent.map((m) => p.publishAsync("burst/x", m, { qos: 1 })));
      expect(closed).toBe(false);
      await waitFor(() => got.length === sent.length, "the burst");
      expect(got.map((m) => m.payload)).toEqual(sent);
      await end(p);
      await end(sub);
    });

    test("a retained message reaches later subscribers (mosquitto_sub 3.1.1 and 5, MQTT.js) and survives a restart", async () => {
      await pub(port(), ["-r", "-q", "1", "-t", "ret/room1", "-m", "21.5"]);
      await pub(port(), ["-V", "mqttv5", "-r", "-q", "2", "-t", "ret/room2", "-m", "19.0"]);
      const expected = ["ret/room1 21.5", "ret/room2 19.0"];
      const readRetained = async () => {
        for (const version of ["mqttv311", "mqttv5"]) {
          const r = await run("mosquitto_sub", ["-h", HOST, "-p", String(port()), "-V", version, "-t", "ret/#", "-C", "2", "-v", "-W", "20"]);
          expect(r.code).toBe(0);
          expect(r.stdout.trim().split("\n").sort()).toEqual(expected);
        }
        const js = connect(port(), { protocolVersion: 5 });
        await connected(js);
        const got = collect(js);
        await js.subscribeAsync("ret/#", { qos: 1 });
        await waitFor(() => got.length === 2, "retained messages");
        expect(got.map((m) => `${m.topic} ${m.payload}`).sort()).toEqual(expected);
        expect(got.every((m) => m.retain)).toBe(true);
        await end(js);
      };
      await readRetained();
      await restart("stop");
      await readRetained();
      await restart("kill");
      await readRetained();
      // An empty retained publish clears it, durably too.
      await pub(port(), ["-r", "-q", "1", "-t", "ret/room1", "-n"]);
      await restart("kill");
      const r = await run("mosquitto_sub", ["-h", HOST, "-p", String(port()), "-t", "ret/#", "-C", "1", "-v", "-W", "20"]);
      expect(r.stdout.trim()).toBe("ret/room2 19.0");
    });

    test("wills are published when the client's socket dies without DISCONNECT (MQTT.js v4/v5, mosquitto_sub -V 5)", async () => {
      const watcher = connect(port(), { protocolVersion: 5 });
      await connected(watcher);
      const got = collect(watcher);
      await watcher.subscribeAsync("will/#", { qos: 1 });

      for (const protocolVersion of [4, 5] as const) {
        const victim = connect(port(), {
          protocolVersion,
          will: { topic: `will/js${protocolVersion}`, payload: Buffer.from("gone"), qos: 1, retain: false },
        });
        await connected(victim);
        victim.stream.destroy();
        await waitFor(() => got.some((m) => m.topic === `will/js${protocolVersion}`), `will of MQTT.js v${protocolVersion}`);
        await end(victim, true);
      }

      const sub = await readySub(port(), [
        "-V", "mqttv5", "-i", `will-victim-${host}`, "-t", "wv/#",
        "--will-topic", "will/mosq", "--will-payload", "offline", "--will-qos", "1",
      ], "wv/ready");
      await sub.stop(); // SIGKILL: no DISCONNECT
      await waitFor(() => got.some((m) => m.topic === "will/mosq"), "will of mosquitto_sub");

      // A clean DISCONNECT discards the will [MQTT-3.1.2-10].
      const polite = connect(port(), { protocolVersion: 4, will: { topic: "will/polite", payload: Buffer.from("x"), qos: 1, retain: false } });
      await connected(polite);
      await end(polite);
      await watcher.publishAsync("will/fence", "f", { qos: 1 });
      await waitFor(() => got.some((m) => m.topic === "will/fence"), "fence");
      expect(got.map((m) => `${m.topic} ${m.payload}`)).toEqual(["will/js4 gone", "will/js5 gone", "will/mosq offline", "will/fence f"]);
      await end(watcher);
    });

    test("persistent sessions (3.1.1 clean=false, v5 session expiry, mosquitto_sub -c) get the QoS 1 messages sent while away, across restarts", async () => {
      const js4 = connect(port(), { protocolVersion: 4, clientId: `p4-${host}`, clean: false });
      await connected(js4);
      await js4.subscribeAsync("away/#", { qos: 1 });
      await end(js4);
      const js5 = connect(port(), { protocolVersion: 5, clientId: `p5-${host}`, clean: false, properties: { sessionExpiryInterval: 3600 } });
      await connected(js5);
      await js5.subscribeAsync("away/#", { qos: 1 });
      await end(js5);
      const ms = await run("mosquitto_sub", ["-h", HOST, "-p", String(port()), "-V", "mqttv5", "-c", "-x", "3600", "-i", `pm-${host}`, "-q", "1", "-t", "away/#", "-E"]);
      expect(ms.code).toBe(0);

      const sent = Array.from({ length: 10 }, (_, i) => `m${i}`);
      for (const m of sent.slice(0, 5)) await pub(port(), ["-q", "1", "-t", "away/a", "-m", m]);
      await restart("stop");
      for (const m of sent.slice(5)) await pub(port(), ["-V", "mqttv5", "-q", "1", "-t", "away/b", "-m", m]);
      await restart("kill");

      for (const [protocolVersion, clientId] of [[4, `p4-${host}`], [5, `p5-${host}`]] as const) {
        const c = connect(port(), {
          protocolVersion,
          clientId,
          clean: false,
          ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: 3600 } } : {}),
        });
        const got = collect(c);
        await connected(c);
        await waitFor(() => got.length >= sent.length, `queued messages for ${clientId}`);
        expect(got.map((m) => m.payload)).toEqual(sent);
        expect(got.every((m) => m.qos === 1)).toBe(true);
        await end(c);
      }
      const r = await run("mosquitto_sub", ["-h", HOST, "-p", String(port()), "-V", "mqttv5", "-c", "-x", "3600", "-i", `pm-${host}`, "-q", "1", "-t", "away/#", "-C", String(sent.length), "-F", "%p", "-W", "20"]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim().split("\n")).toEqual(sent);
    });

    test("a shared subscription splits messages among its members, each once", async () => {
      const members = await Promise.all(([4, 5, 5] as const).map(async (protocolVersion) => {
        const c = connect(port(), { protocolVersion });
        await connected(c);
        const got = collect(c);
        await c.subscribeAsync("$share/workers/jobs/#", { qos: 1 });
        return got;
      }));
      const p = connect(port(), { protocolVersion: 5 });
      await connected(p);
      const sent = Array.from({ length: 60 }, (_, i) => `job-${i}`);
      for (const m of sent) await p.publishAsync("jobs/x", m, { qos: 1 });
      await waitFor(() => members.reduce((n, g) => n + g.length, 0) >= sent.length, "all jobs");
      const all = members.flatMap((g) => g.map((m) => m.payload));
      expect(all.sort()).toEqual([...sent].sort());
      for (const g of members) expect(g.length).toBeGreaterThan(0);
      await end(p);
    });

    test("v5 user properties become Kafka headers (kcat) and Kafka headers become user properties for v5 subscribers", async () => {
      const js = connect(port(), { protocolVersion: 5 });
      await connected(js);
      const got = collect(js);
      await js.subscribeAsync("props/#", { qos: 1 });
      const mosq = await readySub(port(), ["-V", "mqttv5", "-q", "1", "-t", "props/#", "-F", "%t|%P|%p"], "props/ready");

      await pub(port(), ["-V", "mqttv5", "-q", "1", "-t", "props/dev1", "-m", "v1", "-D", "publish", "user-property", "site", "north", "-D", "publish", "user-property", "unit", "C"]);
      await waitFor(() => got.some((m) => m.topic === "props/dev1"), "direct delivery");
      expect(got.find((m) => m.topic === "props/dev1")!.userProperties).toEqual({ site: "north", unit: "C" });

      // The log record carries them as headers, after the mqtt.* headers.
      const consumed = await run("kcat", ["-b", kafka(), "-C", "-t", "mqtt-messages", "-o", "beginning", "-e", "-q", "-f", "%k\t%h\t%s\n"]);
      expect(consumed.code).toBe(0);
      const line = consumed.stdout.split("\n").find((l) => l.startsWith("props/dev1\t"));
      expect(line).toBeDefined();
      const [, headers, value] = line!.split("\t");
      expect(value).toBe("v1");
      expect(headers).toContain("mqtt.topic=props/dev1");
      expect(headers!.endsWith("site=north,unit=C")).toBe(true);

      // Produced back over Kafka with those headers (as a Kafka app would forward it), it reaches
      // both v5 subscribers with the user properties.
      const produced = await run("kcat", [
        "-b", kafka(), "-P", "-t", "mqtt-messages", "-k", "props/dev2",
        "-H", "mqtt.topic=props/dev2", "-H", "mqtt.qos=1", "-H", "site=north", "-H", "unit=C",
      ], { input: "v2" });
      expect(produced.code).toBe(0);
      await waitFor(() => got.some((m) => m.topic === "props/dev2"), "Kafka record over MQTT.js");
      expect(got.find((m) => m.topic === "props/dev2")).toMatchObject({ payload: "v2", userProperties: { site: "north", unit: "C" } });
      await waitFor(() => mosq.lines().some((l) => l.startsWith("props/dev2|")), "Kafka record over mosquitto_sub");
      await mosq.stop();
      const lines = mosq.data();
      expect(lines).toEqual(["props/dev1|site:north unit:C|v1", "props/dev2|site:north unit:C|v2"]);
      await end(js);
    });
  });
}
