/**
 * `TcpConnection.peerCertificate` on a TLS listener with `requestClientCert` (Bun): the subject
 * CN of a client certificate signed by the listener's CA is there before the first byte is
 * read; a certificate from nobody the CA vouches for ends the connection without a byte; a
 * listener that does not ask for certificates reports none. (Deno refuses such listeners:
 * tls.test.ts.) The client is node:tls, since the Runtime's own connect presents no certificate.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import type { TcpConnection, TlsOptions } from "../../broker/runtime/types.ts";

const runtime = currentRuntime();

describe.if(runtime.name === "bun")("TLS client certificates on bun", () => {
  const dir = mkdtempSync(join(tmpdir(), "tributary-client-cert-"));
  const pem = (name: string) => readFileSync(join(dir, name), "utf8");
  let server: TlsOptions;

  beforeAll(() => {
    const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    openssl("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=runtime test CA");
    writeFileSync(join(dir, "server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    for (const [name, cn, ext] of [["server", "localhost", ["-extfile", "server.ext"]], ["device", "th-001", []]] as const) {
      openssl("req", "-new", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
      openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.pem`, "-days", "2", ...ext);
    }
    openssl("req", "-x509", ...ec, "-keyout", "rogue.key", "-out", "rogue.pem", "-days", "2", "-subj", "/CN=th-001");
    server = { cert: pem("server.pem"), key: pem("server.key"), ca: pem("ca.pem") };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * Listen with `options`; one client presenting `cert` sends "hi". Resolves with what the
   * server saw: the first chunk (null if none) and the peer certificate at that moment.
   */
  async function exchange(options: TlsOptions, cert: string) {
    let seen: (value: { chunk: string | null; peer: TcpConnection["peerCertificate"] }) => void = () => {};
    const result = new Promise<{ chunk: string | null; peer: TcpConnection["peerCertificate"] }>((resolve) => (seen = resolve));
    const listener = await runtime.listen({ hostname: "127.0.0.1", port: 0, tls: options }, (connection) => {
      void connection.read().then(async (chunk) => {
        seen({ chunk: chunk && new TextDecoder().decode(chunk), peer: connection.peerCertificate });
        if (chunk) await connection.write(new TextEncoder().encode("ok")).catch(() => {});
        connection.close();
      });
    });
    const client = tls.connect({ host: "127.0.0.1", port: listener.port, servername: "localhost", ca: pem("ca.pem"), cert: pem(`${cert}.pem`), key: pem(`${cert}.key`) });
    client.on("error", () => {});
    client.on("secureConnect", () => client.write("hi"));
    client.on("data", () => client.end());
    const outcome = await result;
    client.destroy();
    await listener.close();
    return outcome;
  }

  test("a CA-signed client certificate's CN is on the connection before its first byte", async () => {
    const { chunk, peer } = await exchange({ ...server, requestClientCert: true }, "device");
    expect(chunk).toBe("hi");
    expect(peer).toEqual({ subjectCN: "th-001" });
  });

  test("a certificate the CA did not sign ends the connection before any byte", async () => {
    const { chunk, peer } = await exchange({ ...server, requestClientCert: true }, "rogue");
    expect(chunk).toBeNull();
    expect(peer).toBeUndefined();
  });

  test("a listener that does not ask for certificates reports none", async () => {
    const { chunk, peer } = await exchange(server, "device");
    expect(chunk).toBe("hi");
    expect(peer).toBeUndefined();
  });
});
