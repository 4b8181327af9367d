/**
 * Can Deno's `node:tls` server verify TLS client certificates? (Why `mqtt.tls.requestClientCert`
 * is Bun only — devices/README.md.) Run on a new Deno before enabling it there:
 *
 *   ./node_modules/.bin/deno run -A tools/deno_client_cert_probe.ts
 *
 * Makes a private CA, a server certificate and a device certificate with openssl, then tries:
 * 1. requestCert + rejectUnauthorized: is a CA-signed client certificate accepted?
 * 2. requestCert without rejectUnauthorized: does `authorized` become true for it?
 * 3. the device certificate presented with an unrelated private key: is it refused (the
 *    handshake must prove the client holds the certificate's key)?
 * Client certificates are usable only if 1 accepts, 2 authorizes and 3 refuses. (Under Bun or
 * Node the client itself refuses step 3's mismatched key, so there only 1 and 2 say anything.)
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import tls from "node:tls";

const dir = mkdtempSync(join(tmpdir(), "client-cert-probe-"));
const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
const pem = (name: string) => readFileSync(join(dir, name), "utf8");
const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function makeCerts(): void {
  openssl("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=probe CA");
  for (const [name, cn] of [["server", "localhost"], ["device", "th-001"]]) {
    openssl("req", "-new", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
    openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.pem`, "-days", "1");
  }
  openssl("req", "-x509", ...ec, "-keyout", "other.key", "-out", "other.pem", "-days", "1", "-subj", "/CN=other");
}

interface Seen {
  /** The server saw a secure connection (handshake accepted). */
  accepted: boolean;
  authorized?: boolean;
  authorizationError?: string;
  cn?: string;
  serverError?: string;
}

/** One server with `rejectUnauthorized`, one client presenting `cert` with `key`. */
async function attempt(rejectUnauthorized: boolean, cert: string, key: string): Promise<Seen> {
  const seen: Seen = { accepted: false };
  const server = tls.createServer({ cert: pem("server.pem"), key: pem("server.key"), ca: pem("ca.pem"), requestCert: true, rejectUnauthorized }, (socket) => {
    seen.accepted = true;
    seen.authorized = socket.authorized;
    if (socket.authorizationError) seen.authorizationError = String(socket.authorizationError);
    const subject = socket.getPeerCertificate()?.subject as { CN?: string } | undefined;
    if (subject?.CN) seen.cn = subject.CN;
    socket.end();
  });
  server.on("tlsClientError", (error) => (seen.serverError = error.message));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => {
    try {
      const client = tls.connect({ host: "127.0.0.1", port, servername: "localhost", ca: pem("ca.pem"), cert: pem(cert), key: pem(key) });
      client.on("error", () => resolve());
      client.on("close", () => resolve());
      client.on("data", () => {});
    } catch (error) {
      // OpenSSL-based clients (Bun, Node) refuse to load a key that does not match the certificate.
      seen.serverError = `client refused: ${error instanceof Error ? error.message : String(error)}`;
      resolve();
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  await new Promise((resolve) => server.close(resolve));
  return seen;
}

try {
  makeCerts();
  const verified = await attempt(true, "device.pem", "device.key");
  const unverified = await attempt(false, "device.pem", "device.key");
  const wrongKey = await attempt(false, "device.pem", "other.key");
  console.log("1. rejectUnauthorized, CA-signed certificate:", JSON.stringify(verified));
  console.log("2. without rejectUnauthorized, CA-signed certificate:", JSON.stringify(unverified));
  console.log("3. device certificate with another key:", JSON.stringify(wrongKey));
  const usable = verified.accepted && unverified.authorized === true && !wrongKey.accepted;
  console.log(`runtime ${process.versions.deno ? `deno ${process.versions.deno}` : `node-compatible ${process.version}`}: client certificates ${usable ? "usable" : "NOT usable"}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
