/**
 * The Kafka plaintext and TLS listeners at once (kafka.port + kafka.tls.port) of the broker
 * process under Deno and Bun, with devices authenticating over SASL: each listener advertises
 * its own port in Metadata to the clients connected through it (Kafka's per-listener
 * advertised listeners), SCRAM-SHA-512 works over TLS (kcat `sasl_ssl`), and a record produced
 * over TLS is read back over plaintext.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { type BrokerProcess, hosts, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { hasKcat, kcat } from "../kafka/_kcat.ts";
import { makeCerts } from "../runtime/_certs.ts";

const TOKEN = "e2e-admin-token";
const T = 60_000;

function kafkaTlsPort(broker: BrokerProcess): number {
  const m = /kafka-tls\s+listening on [^\s]+:(\d+)/.exec(broker.output());
  if (!m) throw new Error(`no Kafka TLS listener in:\n${broker.output()}`);
  return Number(m[1]);
}

for (const host of hosts) {
  describe(`Kafka plaintext + TLS listeners with SCRAM on ${host}`, () => {
    const dir = tempDir();
    const certs = tempDir("tributary-certs-");
    const file = (name: string) => join(certs.path, name);
    let broker: BrokerProcess;
    let secret = "";
    const scram = (protocol: string) => [
      "-X", `security.protocol=${protocol}`, "-X", "sasl.mechanisms=SCRAM-SHA-512", "-X", "sasl.username=gw-9", "-X", `sasl.password=${secret}`,
    ];

    beforeAll(async () => {
      const pem = await makeCerts(currentRuntime());
      writeFileSync(file("ca.pem"), pem.ca);
      writeFileSync(file("server.pem"), pem.cert);
      writeFileSync(file("server.key"), pem.key);
      broker = await startBrokerProcess(host, {
        dataDir: dir.path,
        args: [
          "--auth-allow-anonymous", "false", "--http-admin-token", TOKEN,
          "--kafka-tls-cert-file", file("server.pem"), "--kafka-tls-key-file", file("server.key"), "--kafka-tls-port", "0",
        ],
      });
      const res = await fetch(`http://127.0.0.1:${broker.ports.http}/api/devices`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ id: "gw-9", acl: { publish: ["kafka:{id}.*"], subscribe: ["kafka:{id}.*"] } }),
      });
      expect(res.status).toBe(201);
      secret = ((await res.json()) as { secret: string }).secret;
    }, T);
    afterAll(async () => {
      await broker?.stop();
      dir.cleanup();
      certs.cleanup();
    });

    test("both listeners run, each advertising its own port", async () => {
      if (!hasKcat) return;
      const plainPort = broker.ports.kafka!;
      const tlsPort = kafkaTlsPort(broker);
      expect(tlsPort).not.toBe(plainPort);
      const plain = await kcat(["-b", `127.0.0.1:${plainPort}`, "-L", ...scram("sasl_plaintext")]);
      expect(plain.code).toBe(0);
      expect(plain.stdout).toContain(`broker 0 at 127.0.0.1:${plainPort}`);
      const tls = await kcat(["-b", `127.0.0.1:${tlsPort}`, "-L", "-X", `ssl.ca.location=${file("ca.pem")}`, ...scram("sasl_ssl")]);
      expect(tls.code).toBe(0);
      expect(tls.stdout).toContain(`broker 0 at 127.0.0.1:${tlsPort}`);
    }, T);

    test("SCRAM over TLS: produce over sasl_ssl, read back over sasl_plaintext; a wrong secret fails over TLS", async () => {
      if (!hasKcat) return;
      const tlsPort = kafkaTlsPort(broker);
      const ssl = ["-b", `127.0.0.1:${tlsPort}`, "-X", `ssl.ca.location=${file("ca.pem")}`];
      const produced = await kcat([...ssl, "-P", "-t", "gw-9.tls", "-K", ":", ...scram("sasl_ssl")], "k:over-tls\n");
      expect(produced.stderr).not.toContain("ERROR");
      expect(produced.code).toBe(0);
      const read = await kcat(["-b", `127.0.0.1:${broker.ports.kafka}`, "-C", "-t", "gw-9.tls", "-o", "beginning", "-e", "-q", "-f", "%k=%s\\n", ...scram("sasl_plaintext")]);
      expect(read.stdout.trim()).toBe("k=over-tls");
      const bad = await kcat([...ssl, "-L", "-m", "3", "-X", "security.protocol=sasl_ssl", "-X", "sasl.mechanisms=SCRAM-SHA-256", "-X", "sasl.username=gw-9", "-X", "sasl.password=wrong"], "", 10_000);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain("Authentication failed");
    }, T);
  });
}
