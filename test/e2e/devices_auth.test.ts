/**
 * Device authentication and ACLs against the broker process, under Deno and Bun: registered
 * devices log in with their secret over MQTT (mosquitto, MQTT.js) and Kafka SASL/PLAIN (kcat);
 * wrong secrets, disabled devices and — with anonymous access off — anonymous clients are
 * refused; a device publishes under its own prefix only, and a refused publish is never stored.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import mqtt from "mqtt";
import { type BrokerProcess, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { hasKcat, kcat } from "../kafka/_kcat.ts";

const TOKEN = "e2e-admin-token";
/** Per test: real processes, PBKDF2 on every login. */
const T = 60_000;

async function api(broker: BrokerProcess, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(`http://127.0.0.1:${broker.ports.http}${path}`, init);
  return { status: res.status, json: await res.json() };
}

function pub(broker: BrokerProcess, args: string[]) {
  return run("mosquitto_pub", ["-h", "127.0.0.1", "-p", String(broker.ports.mqtt), "-q", "1", "-d", ...args], { timeoutMs: 20_000 });
}

/** Every record of `topic` with its mqtt.topic header, read with SASL/PLAIN as `user`. */
async function storedTopics(broker: BrokerProcess, topic: string, user: string, password: string): Promise<string[]> {
  const r = await kcat([
    "-b", `127.0.0.1:${broker.ports.kafka}`, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%h|%s\\n",
    "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN", "-X", `sasl.username=${user}`, "-X", `sasl.password=${password}`,
  ]);
  if (r.code !== 0) throw new Error(`kcat failed: ${r.stderr}`);
  return r.stdout.split("\n").filter(Boolean).map((line) => /mqtt\.topic=([^,|]+)/.exec(line)?.[1] ?? line);
}

for (const host of hosts) {
  describe(`devices on ${host}, anonymous access off`, () => {
    const dir = tempDir();
    let broker: BrokerProcess;
    let secret = "";

    beforeAll(async () => {
      broker = await startBrokerProcess(host, { dataDir: dir.path, args: ["--auth-allow-anonymous", "false", "--http-admin-token", TOKEN] });
      const created = await api(broker, "POST", "/api/devices", { id: "th-001", metadata: { model: "TH-1", location: "greenhouse" } });
      expect(created.status).toBe(201);
      secret = created.json.secret;
    }, T);
    afterAll(async () => {
      await broker?.stop();
      dir.cleanup();
    });

    test("a registered device connects with its secret and publishes under its prefix", async () => {
      const r = await pub(broker, ["-V", "mqttv5", "-i", "th-001", "-u", "th-001", "-P", secret, "-t", "devices/th-001/telemetry", "-m", "21.5"]);
      expect(r.code).toBe(0);
      expect(r.stderr + r.stdout).toContain("received PUBACK (Mid: 1, RC:0)");
    }, T);

    test("a wrong secret is refused at CONNECT (v5 0x86, v3.1.1 rc 4)", async () => {
      const v5 = await pub(broker, ["-V", "mqttv5", "-u", "th-001", "-P", secret + "x", "-t", "devices/th-001/t", "-m", "x"]);
      expect(v5.code).not.toBe(0);
      expect(v5.stderr + v5.stdout).toContain("Bad User Name or Password");
      const v3 = await pub(broker, ["-V", "mqttv311", "-u", "th-001", "-P", "nope", "-t", "devices/th-001/t", "-m", "x"]);
      expect(v3.code).not.toBe(0);
      expect(v3.stderr + v3.stdout).toMatch(/bad user name or password|Connection Refused: bad/i);
    }, T);

    test("anonymous clients are refused when anonymous access is off", async () => {
      const r = await pub(broker, ["-V", "mqttv5", "-t", "devices/x/t", "-m", "x"]);
      expect(r.code).not.toBe(0);
      expect(r.stderr + r.stdout).toContain("Not authorized");
    }, T);

    test("a publish outside the prefix is refused (v5 PUBACK 0x87, v3.1.1 dropped) and not stored", async () => {
      const v5 = await pub(broker, ["-V", "mqttv5", "-u", "th-001", "-P", secret, "-t", "devices/th-002/telemetry", "-m", "spoof"]);
      expect(v5.stderr + v5.stdout).toContain("RC:135");
      const v3 = await pub(broker, ["-V", "mqttv311", "-u", "th-001", "-P", secret, "-t", "elsewhere", "-m", "spoof"]);
      expect(v3.code).toBe(0); // v3.1.1 has no negative PUBACK: acked and dropped
      // One more allowed publish after the refused ones: once it is readable, so would they be.
      const last = await pub(broker, ["-V", "mqttv311", "-u", "th-001", "-P", secret, "-t", "devices/th-001/telemetry", "-m", "22.0"]);
      expect(last.code).toBe(0);
      if (!hasKcat) return;
      const topics = await storedTopics(broker, "mqtt-messages", "th-001", secret);
      expect(topics.length).toBeGreaterThan(0);
      expect(topics.filter((t) => t !== "devices/th-001/telemetry")).toEqual([]);
    }, T);

    test("subscriptions outside the device's patterns get SUBACK 0x87 (v5) / 0x80 (v3.1.1)", async () => {
      for (const protocolVersion of [5, 4] as const) {
        const client = await mqtt.connectAsync({ host: "127.0.0.1", port: broker.ports.mqtt!, protocolVersion, username: "th-001", password: secret, reconnectPeriod: 0 });
        try {
          // MQTT.js rejects a SUBACK that holds a failure code; the codes are on the packet.
          const granted = await client.subscribeAsync({ "devices/th-001/cmd/#": { qos: 1 }, "devices/+/cmd": { qos: 1 }, "#": { qos: 1 } })
            .then((g) => g.map((x) => x.qos), (error: { packet?: { granted?: number[] } }) => error.packet?.granted);
          expect(granted).toEqual(protocolVersion === 5 ? [1, 0x87, 0x87] : [1, 0x80, 0x80]);
        } finally {
          await client.endAsync();
        }
      }
    }, T);

    test("Kafka clients authenticate with SASL/PLAIN as a device; a wrong password and no SASL are refused", async () => {
      if (!hasKcat) return;
      const ok = await kcat(["-b", `127.0.0.1:${broker.ports.kafka}`, "-L", "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN", "-X", "sasl.username=th-001", "-X", `sasl.password=${secret}`]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain(`broker 0 at 127.0.0.1:${broker.ports.kafka}`);
      const bad = await kcat(["-b", `127.0.0.1:${broker.ports.kafka}`, "-L", "-m", "3", "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN", "-X", "sasl.username=th-001", "-X", "sasl.password=wrong"]);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/Authentication failed|SASL authentication error/i);
      // Without SASL the listener answers nothing but ApiVersions/SASL: no metadata.
      const anonymous = await kcat(["-b", `127.0.0.1:${broker.ports.kafka}`, "-L", "-m", "3"]);
      expect(anonymous.code).not.toBe(0);
    }, T);

    test("a disabled device is refused, a re-enabled one accepted, a deleted one refused", async () => {
      expect((await api(broker, "POST", "/api/devices/th-001/disable")).json.disabled).toBe(true);
      const refused = await pub(broker, ["-V", "mqttv5", "-u", "th-001", "-P", secret, "-t", "devices/th-001/t", "-m", "x"]);
      expect(refused.stderr + refused.stdout).toContain("Bad User Name or Password");
      expect((await api(broker, "POST", "/api/devices/th-001/enable")).json.disabled).toBe(false);
      expect((await pub(broker, ["-V", "mqttv5", "-u", "th-001", "-P", secret, "-t", "devices/th-001/t", "-m", "x"])).code).toBe(0);
      expect((await api(broker, "DELETE", "/api/devices/th-001")).status).toBe(200);
      const gone = await pub(broker, ["-V", "mqttv5", "-u", "th-001", "-P", secret, "-t", "devices/th-001/t", "-m", "x"]);
      expect(gone.stderr + gone.stdout).toContain("Bad User Name or Password");
    }, T);
  });

  describe(`devices on ${host}, anonymous access on (the default)`, () => {
    const dir = tempDir();
    let broker: BrokerProcess;

    beforeAll(async () => {
      broker = await startBrokerProcess(host, { dataDir: dir.path });
    }, T);
    afterAll(async () => {
      await broker?.stop();
      dir.cleanup();
    });

    test("anonymous clients publish anywhere; a device that logs in is still held to its ACL", async () => {
      const anon = await pub(broker, ["-V", "mqttv5", "-t", "anything/at/all", "-m", "x"]);
      expect(anon.stderr + anon.stdout).toContain("RC:0");
      const res = await fetch(`http://127.0.0.1:${broker.ports.http}/api/devices`, { method: "POST", body: JSON.stringify({ id: "d9" }) });
      const { secret } = await res.json() as { secret: string };
      const outside = await pub(broker, ["-V", "mqttv5", "-u", "d9", "-P", secret, "-t", "anything/at/all", "-m", "x"]);
      expect(outside.stderr + outside.stdout).toContain("RC:135");
      const wrong = await pub(broker, ["-V", "mqttv5", "-u", "d9", "-P", "bad", "-t", "devices/d9/x", "-m", "x"]);
      expect(wrong.stderr + wrong.stdout).toContain("Bad User Name or Password");
    }, T);
  });
}
