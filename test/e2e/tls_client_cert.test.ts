/**
 * MQTT over TLS with client certificates (`mqtt.tls.requestClientCert`): mosquitto_pub/sub
 * present a certificate signed by `mqtt.tls.caFile` whose CN names a registered device and are
 * logged in as that device with no password, held to its ACL. A self-signed certificate, no
 * certificate, and a CA-signed certificate for an unknown device are refused.
 *
 * Bun only: on Deno the broker refuses to start with this setting and says why (Deno cannot
 * verify client certificates; see devices/README.md).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BrokerProcess, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";

const T = 60_000;

/** A private CA, the broker's certificate, and client certificates for `th-001`, made with openssl. */
function makeClientCerts(dir: string): void {
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=tributary test device CA");
  writeFileSync(join(dir, "server.ext"), "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n");
  writeFileSync(join(dir, "client.ext"), "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
  const signed = (name: string, cn: string, ext: string) => {
    openssl("req", "-new", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
    openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.pem`, "-days", "2", "-extfile", ext);
  };
  signed("server", "localhost", "server.ext");
  signed("th-001", "th-001", "client.ext");
  signed("stranger", "th-999", "client.ext");
  // Same CN as a real device, but signed by nobody the broker trusts.
  openssl("req", "-x509", ...ec, "-keyout", "rogue.key", "-out", "rogue.pem", "-days", "2", "-subj", "/CN=th-001");
}

for (const host of hosts) {
  describe(`MQTT client certificates on ${host}`, () => {
    const dir = tempDir();
    const certs = tempDir("tributary-client-certs-");
    const file = (name: string) => join(certs.path, name);
    const args = () => [
      "--auth-allow-anonymous", "false",
      "--mqtt-tls-cert-file", file("server.pem"), "--mqtt-tls-key-file", file("server.key"), "--mqtt-tls-port", "0",
      "--mqtt-tls-ca-file", file("ca.pem"), "--mqtt-tls-request-client-cert", "true",
    ];
    let broker: BrokerProcess | undefined;
    let tlsPort = 0;

    beforeAll(async () => {
      makeClientCerts(certs.path);
      if (host !== "bun") return;
      broker = await startBrokerProcess(host, { dataDir: dir.path, args: args() });
      const m = /mqtt-tls\s+listening on [^\s]+:(\d+)/.exec(broker.output());
      if (!m) throw new Error(`no MQTTS listener in:\n${broker.output()}`);
      tlsPort = Number(m[1]);
      const res = await fetch(`http://127.0.0.1:${broker.ports.http}/api/devices`, { method: "POST", body: JSON.stringify({ id: "th-001" }) });
      expect(res.status).toBe(201);
    }, T);
    afterAll(async () => {
      await broker?.stop();
      dir.cleanup();
      certs.cleanup();
    });

    /** mosquitto_pub over MQTTS (v5, QoS 1, debug output) presenting `cert` (or none). */
    const pub = (cert: string | null, extra: string[]) =>
      run("mosquitto_pub", [
        "-h", "127.0.0.1", "-p", String(tlsPort), "--cafile", file("ca.pem"),
        ...(cert ? ["--cert", file(`${cert}.pem`), "--key", file(`${cert}.key`)] : []),
        "-V", "mqttv5", "-q", "1", "-d", ...extra,
      ], { timeoutMs: 20_000 });

    if (host === "deno") {
      test("the broker refuses to start and says why", async () => {
        const error = await startBrokerProcess(host, { dataDir: dir.path, args: args(), timeoutMs: 30_000 }).then(
          async (b) => {
            await b.stop();
            return "started";
          },
          (e: Error) => e.message,
        );
        expect(error).toContain("Deno cannot verify TLS client certificates");
      }, T);
      return;
    }

    test("a CA-signed certificate whose CN is a device logs in as it, no password, within its ACL", async () => {
      const ok = await pub("th-001", ["-i", "th-001", "-r", "-t", "devices/th-001/telemetry", "-m", "21.5"]);
      expect(ok.stderr + ok.stdout).toContain("received PUBACK (Mid: 1, RC:0)");
      expect(ok.code).toBe(0);
      // Held to the device's ACL: outside devices/th-001/# the v5 PUBACK says 0x87.
      const outside = await pub("th-001", ["-t", "devices/th-002/telemetry", "-m", "spoof"]);
      expect(outside.stderr + outside.stdout).toContain("RC:135");
      // The retained reading comes back to the same identity over the same listener.
      const sub = await run("mosquitto_sub", [
        "-h", "127.0.0.1", "-p", String(tlsPort), "--cafile", file("ca.pem"), "--cert", file("th-001.pem"), "--key", file("th-001.key"),
        "-q", "1", "-C", "1", "-v", "-t", "devices/th-001/#",
      ], { timeoutMs: 20_000 });
      expect(sub.code).toBe(0);
      expect(sub.stdout.trim()).toBe("devices/th-001/telemetry 21.5");
      const seen = await (await fetch(`http://127.0.0.1:${broker!.ports.http}/api/devices/th-001`)).json() as { lastSeen: number | null };
      expect(seen.lastSeen).not.toBeNull();
    }, T);

    test("a user name other than the certificate's CN is refused (0x86)", async () => {
      const r = await pub("th-001", ["-u", "th-002", "-P", "whatever", "-t", "devices/th-002/t", "-m", "x"]);
      expect(r.code).not.toBe(0);
      expect(r.stderr + r.stdout).toContain("Bad User Name or Password");
    }, T);

    test("a CA-signed certificate for an unknown device is refused at CONNECT (0x87)", async () => {
      const r = await pub("stranger", ["-t", "devices/th-999/t", "-m", "x"]);
      expect(r.code).not.toBe(0);
      expect(r.stderr + r.stdout).toContain("Not authorized");
    }, T);

    test("a self-signed certificate with a device's CN, and no certificate at all, are refused in the handshake", async () => {
      for (const cert of ["rogue", null]) {
        const r = await pub(cert, ["-t", "devices/th-001/t", "-m", "x"]);
        expect(r.code).not.toBe(0);
        expect(r.stderr + r.stdout).not.toContain("received CONNACK");
      }
    }, T);

    test("a disabled device's certificate is refused", async () => {
      const disable = await fetch(`http://127.0.0.1:${broker!.ports.http}/api/devices/th-001/disable`, { method: "POST" });
      expect(disable.status).toBe(200);
      const r = await pub("th-001", ["-t", "devices/th-001/t", "-m", "x"]);
      expect(r.code).not.toBe(0);
      expect(r.stderr + r.stdout).toContain("Not authorized");
      await fetch(`http://127.0.0.1:${broker!.ports.http}/api/devices/th-001/enable`, { method: "POST" });
    }, T);
  });
}
