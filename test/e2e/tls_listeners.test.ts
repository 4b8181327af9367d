/**
 * TLS listeners of the broker process under Deno and Bun, configured from certificate and key
 * files: mosquitto_pub/sub with `--cafile` round-trip over MQTTS (mqtt.tls.port, beside plaintext
 * MQTT on mqtt.port, like Kafka's 9092 + 9093), kcat with `security.protocol=ssl` produces and
 * consumes over Kafka-over-TLS, and a client trusting a different CA is refused.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { type BrokerProcess, hostCommand, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { hasKcat, kcat } from "../kafka/_kcat.ts";
import { makeCerts } from "../runtime/_certs.ts";

const T = 60_000;

/** A TLS listener's port (kafka.tls.port, mqtt.tls.port), from its "… listening on" line. */
function tlsPort(broker: BrokerProcess, protocol: "kafka-tls" | "mqtt-tls"): number {
  const m = new RegExp(`${protocol}\\s+listening on [^\\s]+:(\\d+)`).exec(broker.output());
  if (!m) throw new Error(`no ${protocol} listener in:\n${broker.output()}`);
  return Number(m[1]);
}
const kafkaTlsPort = (broker: BrokerProcess) => tlsPort(broker, "kafka-tls");
const mqttTlsPort = (broker: BrokerProcess) => tlsPort(broker, "mqtt-tls");

for (const host of hosts) {
  describe(`TLS listeners on ${host}`, () => {
    const dir = tempDir();
    const certs = tempDir("tributary-certs-");
    const file = (name: string) => join(certs.path, name);
    let broker: BrokerProcess;

    beforeAll(async () => {
      const pem = await makeCerts(currentRuntime());
      writeFileSync(file("ca.pem"), pem.ca);
      writeFileSync(file("other.pem"), pem.otherCa);
      writeFileSync(file("server.pem"), pem.cert);
      writeFileSync(file("server.key"), pem.key);
      broker = await startBrokerProcess(host, {
        dataDir: dir.path,
        args: [
          "--mqtt-tls-cert-file", file("server.pem"), "--mqtt-tls-key-file", file("server.key"), "--mqtt-tls-port", "0",
          "--kafka-tls-cert-file", file("server.pem"), "--kafka-tls-key-file", file("server.key"), "--kafka-tls-port", "0",
        ],
      });
    }, T);
    afterAll(async () => {
      await broker?.stop();
      dir.cleanup();
      certs.cleanup();
    });

    test("mosquitto_pub --cafile publishes over MQTTS and mosquitto_sub reads it back", async () => {
      const tls = ["-h", "127.0.0.1", "-p", String(mqttTlsPort(broker)), "--cafile", file("ca.pem")];
      const pub = await run("mosquitto_pub", [...tls, "-q", "1", "-r", "-t", "sensors/tls-1/temp", "-m", "19.25"]);
      expect(pub.stderr).toBe("");
      expect(pub.code).toBe(0);
      // Retained, so the subscriber gets it whenever it arrives; -C 1 exits after one message.
      const sub = await run("mosquitto_sub", [...tls, "-q", "1", "-C", "1", "-v", "-t", "sensors/+/temp"]);
      expect(sub.code).toBe(0);
      expect(sub.stdout.trim()).toBe("sensors/tls-1/temp 19.25");
    }, T);

    test("plaintext MQTT on mqtt.port and MQTTS on mqtt.tls.port serve the same broker at once", async () => {
      const plainPort = broker.ports.mqtt!;
      expect(plainPort).not.toBe(mqttTlsPort(broker));
      const plain = await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", String(plainPort), "-q", "1", "-r", "-t", "sensors/plain-1/temp", "-m", "7.5"]);
      expect(plain.code).toBe(0);
      // Published in plaintext, read back over TLS (and the other way round): one broker.
      const tls = ["-h", "127.0.0.1", "-p", String(mqttTlsPort(broker)), "--cafile", file("ca.pem")];
      const overTls = await run("mosquitto_sub", [...tls, "-q", "1", "-C", "1", "-v", "-t", "sensors/plain-1/temp"]);
      expect(overTls.stdout.trim()).toBe("sensors/plain-1/temp 7.5");
      const tlsPub = await run("mosquitto_pub", [...tls, "-q", "1", "-r", "-t", "sensors/tls-2/temp", "-m", "8.5"]);
      expect(tlsPub.code).toBe(0);
      const overPlain = await run("mosquitto_sub", ["-h", "127.0.0.1", "-p", String(plainPort), "-q", "1", "-C", "1", "-v", "-t", "sensors/tls-2/temp"]);
      expect(overPlain.stdout.trim()).toBe("sensors/tls-2/temp 8.5");
      // Each port speaks only its own protocol: a plaintext client on the TLS port gets nowhere.
      const wrongPort = await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", String(mqttTlsPort(broker)), "-q", "1", "-t", "x", "-m", "x"], { timeoutMs: 20_000 });
      expect(wrongPort.code).not.toBe(0);
    }, T);

    test("the fleet simulator publishes over MQTTS with --cafile", async () => {
      const [cmd, args] = hostCommand(host, ["devices", "simulate", "--count", "3", "--rate", "10", "--duration", "1", "--mqtt-port", String(mqttTlsPort(broker)), "--cafile", file("ca.pem")]);
      const r = await run(cmd, args, { timeoutMs: 60_000 });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("(json, QoS 1, TLS)");
      const summary = JSON.parse(r.stdout) as { failedConnects: number; acked: number };
      expect(summary.failedConnects).toBe(0);
      expect(summary.acked).toBeGreaterThan(0);
    }, T);

    test("an MQTT client trusting another CA is refused", async () => {
      const r = await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", String(mqttTlsPort(broker)), "--cafile", file("other.pem"), "-t", "x", "-m", "x"]);
      expect(r.code).not.toBe(0);
    }, T);

    test("kcat with security.protocol=ssl produces and consumes", async () => {
      if (!hasKcat) return;
      const ssl = ["-b", `127.0.0.1:${kafkaTlsPort(broker)}`, "-X", "security.protocol=ssl", "-X", `ssl.ca.location=${file("ca.pem")}`];
      const produced = await kcat([...ssl, "-P", "-t", "tls-readings", "-K", ":"], "k1:first\nk2:second\n");
      expect(produced.stderr).not.toContain("ERROR");
      expect(produced.code).toBe(0);
      const consumed = await kcat([...ssl, "-C", "-t", "tls-readings", "-o", "beginning", "-e", "-q", "-f", "%k=%s\\n"]);
      expect(consumed.code).toBe(0);
      expect(consumed.stdout.trim().split("\n")).toEqual(["k1=first", "k2=second"]);
    }, T);

    test("kcat trusting another CA cannot connect", async () => {
      if (!hasKcat) return;
      const r = await kcat(["-b", `127.0.0.1:${kafkaTlsPort(broker)}`, "-L", "-m", "3", "-X", "security.protocol=ssl", "-X", `ssl.ca.location=${file("other.pem")}`]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/certificate verify failed|SSL handshake failed/i);
    }, T);

    test("mqtt.tls.port equal to mqtt.port: one MQTTS listener and no plaintext one", async () => {
      const port = await freePort();
      const only = await startBrokerProcess(host, {
        dataDir: tempDir().path,
        args: ["--mqtt-port", String(port), "--mqtt-tls-port", String(port), "--mqtt-tls-cert-file", file("server.pem"), "--mqtt-tls-key-file", file("server.key")],
      });
      try {
        expect(mqttTlsPort(only)).toBe(port);
        expect(only.ports.mqtt).toBeUndefined(); // no "mqtt listening on" line
        const pub = await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", String(port), "--cafile", file("ca.pem"), "-q", "1", "-t", "sensors/only/temp", "-m", "1"]);
        expect(pub.code).toBe(0);
        const plain = await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", String(port), "-q", "1", "-t", "x", "-m", "x"], { timeoutMs: 20_000 });
        expect(plain.code).not.toBe(0);
      } finally {
        await only.stop();
        rmSync(only.dataDir, { recursive: true, force: true });
      }
    }, T);
  });
}

/** A port that was free a moment ago (the OS picks it; closed again before returning). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
