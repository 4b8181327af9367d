/**
 * Connection limits against the broker as a separate process, under Deno and Bun:
 * `mqtt.maxConnections` (CONNACK server busy: v5 0x89, v3.1.1 return code 3, as mosquitto_pub
 * reports it), `kafka.maxConnections` (closed at accept; kcat cannot connect), the global
 * `limits.maxConnections` across both listeners, and the per-address rate
 * (`limits.addressConnectionsPerMinute` / `limits.addressConnectionBurst`, closed at accept).
 * Each refusal is counted in `tributary_limit_rejections_total{protocol,limit}` and logged.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { type BrokerProcess, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { apiVersionsV0, HOST, kafkaResponses, mqttConnect, type Raw, rawSocket, rejections, waitFor } from "./_limits_support.ts";

setDefaultTimeout(180_000);

/** A Kafka connection the broker admitted: it answered an ApiVersions request. */
async function kafkaAdmitted(port: number): Promise<Raw> {
  const raw = await rawSocket(port);
  raw.write(apiVersionsV0(1));
  await waitFor(() => kafkaResponses(raw.received()).length === 1 || raw.isClosed, "ApiVersions answer or close");
  return raw;
}

for (const host of hosts) {
  describe(`connection limits on ${host}`, () => {
    let broker: BrokerProcess;
    const data = tempDir("tributary-limits-conn-");
    const open: Raw[] = [];

    beforeAll(async () => {
      broker = await startBrokerProcess(host, {
        dataDir: data.path,
        args: ["--mqtt-max-connections", "2", "--kafka-max-connections", "2", "--limits-max-connections", "3"],
      });
    });
    afterAll(async () => {
      for (const r of open) r.socket.destroy();
      const code = await broker.stop();
      data.cleanup();
      expect(code).toBe(0);
    });

    test("MQTT beyond mqtt.maxConnections: CONNACK server busy (v5 0x89, v3.1.1 3) and closed; mosquitto_pub reports it", async () => {
      const port = broker.ports.mqtt!;
      for (const id of ["held-1", "held-2"]) {
        const { raw, connack } = await mqttConnect(port, id, 5);
        expect(connack?.reasonCode).toBe(0);
        open.push(raw);
      }
      const v5 = await mqttConnect(port, "third-v5", 5);
      expect(v5.connack?.reasonCode).toBe(0x89);
      await v5.raw.waitClosed("refused v5 connection");
      const v3 = await mqttConnect(port, "third-v3", 4);
      expect(v3.connack?.returnCode).toBe(3);
      await v3.raw.waitClosed("refused v3.1.1 connection");

      const pub = await run("mosquitto_pub", ["-h", HOST, "-p", String(port), "-V", "mqttv311", "-t", "t", "-m", "x"], { timeoutMs: 30_000 });
      expect(pub.code).not.toBe(0);
      expect(pub.stderr + pub.stdout).toMatch(/unavailable/i);
      expect(await rejections(broker, "mqtt", "max-connections")).toBe(3);
      expect(broker.output()).toMatch(/limit reached: max-connections \(mqtt\.maxConnections\)/);
    });

    test("a held MQTT connection closing frees its place", async () => {
      const port = broker.ports.mqtt!;
      const leaving = open.pop()!;
      leaving.socket.destroy();
      // The broker notices the close asynchronously; retry until the place is free.
      let again: Awaited<ReturnType<typeof mqttConnect>> | undefined;
      await waitFor(async () => {
        again = await mqttConnect(port, "back-again", 5);
        if (again.connack?.reasonCode === 0) return true;
        await again.raw.waitClosed("refused retry");
        return false;
      }, "a freed MQTT place");
      open.push(again!.raw);
    });

    test("Kafka: the global limit (limits.maxConnections = 3) counts both listeners; kafka.maxConnections closes at accept", async () => {
      const port = broker.ports.kafka!;
      const before = await rejections(broker, "kafka", "max-connections-global");
      // Two MQTT connections are held: one Kafka connection fits under the global limit of 3.
      const first = await kafkaAdmitted(port);
      expect(kafkaResponses(first.received())).toHaveLength(1);
      open.push(first);
      const second = await kafkaAdmitted(port);
      expect(second.received()).toHaveLength(0);
      await second.waitClosed("Kafka connection over the global limit");
      expect(await rejections(broker, "kafka", "max-connections-global")).toBe(before + 1);

      // Free the MQTT places: now kafka.maxConnections (2) is the limit that bites.
      for (const r of open.splice(0)) if (r !== first) r.socket.destroy();
      open.push(first);
      let secondAdmitted: Raw | undefined;
      await waitFor(async () => {
        const r = await kafkaAdmitted(port);
        if (kafkaResponses(r.received()).length === 1) return (secondAdmitted = r), true;
        return false;
      }, "MQTT places to be released");
      open.push(secondAdmitted!);
      const third = await kafkaAdmitted(port);
      expect(third.received()).toHaveLength(0);
      await third.waitClosed("Kafka connection over kafka.maxConnections");
      expect(await rejections(broker, "kafka", "max-connections")).toBe(1);

      const kcat = await run("kcat", ["-b", `${HOST}:${port}`, "-L", "-m", "3"], { timeoutMs: 30_000 });
      expect(kcat.code).not.toBe(0);
      expect(await rejections(broker, "kafka", "max-connections")).toBeGreaterThan(1);
      expect(broker.output()).toMatch(/limit reached: max-connections \(kafka\.maxConnections\)/);
      expect(broker.child.exitCode).toBeNull();
    });
  });

  describe(`per-address connection rate on ${host}`, () => {
    let broker: BrokerProcess;
    const data = tempDir("tributary-limits-rate-");

    beforeAll(async () => {
      // Loopback is exempt by default (the gateway's own processes); this test takes it out.
      broker = await startBrokerProcess(host, {
        dataDir: data.path,
        args: ["--limits-address-rate-exempt", "[]", "--limits-address-connections-per-minute", "1", "--limits-address-connection-burst", "3"],
      });
    });
    afterAll(async () => {
      const code = await broker.stop();
      data.cleanup();
      expect(code).toBe(0);
    });

    test("a burst of 3 is admitted; further connections from the address are closed at accept without an answer, on both listeners", async () => {
      const held: Raw[] = [];
      try {
        for (const id of ["r1", "r2", "r3"]) {
          const { raw, connack } = await mqttConnect(broker.ports.mqtt!, id, 5);
          expect(connack?.reasonCode).toBe(0);
          held.push(raw);
        }
        // One token a minute refills: of the next attempts, at most one more can be admitted.
        let refused = 0;
        for (let i = 0; i < 4; i++) {
          const { raw, connack } = await mqttConnect(broker.ports.mqtt!, `over-${i}`, 5);
          if (connack) held.push(raw);
          else {
            expect(raw.received()).toHaveLength(0);
            refused++;
          }
        }
        for (let i = 0; i < 4; i++) {
          const raw = await kafkaAdmitted(broker.ports.kafka!);
          if (raw.isClosed) refused++;
          else held.push(raw);
        }
        expect(refused).toBeGreaterThanOrEqual(7);
        expect(await rejections(broker, "mqtt", "address-rate") + await rejections(broker, "kafka", "address-rate")).toBe(refused);
        expect(broker.output()).toMatch(/limit reached: address-rate \(limits\.addressConnectionsPerMinute\)/);
      } finally {
        for (const r of held) r.socket.destroy();
      }
    });
  });
}
