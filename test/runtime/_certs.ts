/**
 * A throwaway CA and a server certificate for 127.0.0.1 / localhost, made with `openssl`.
 * rustls (Deno) refuses a self-signed CA certificate used as the server's own, hence two.
 *
 * @module
 */

import { execFileSync } from "node:child_process";
import type { Runtime } from "../../broker/runtime/mod.ts";
import { makeTempDir } from "./_temp.ts";

/** PEM material for a TLS test. */
export interface TestCerts {
  ca: string;
  cert: string;
  key: string;
  /** A second, unrelated CA: verifying the server against it must fail. */
  otherCa: string;
}

/** Generate the certificates in a temp directory, which is removed before returning. */
export async function makeCerts(runtime: Runtime): Promise<TestCerts> {
  const dir = await makeTempDir(runtime, "tls");
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const read = async (name: string) =>
    new TextDecoder().decode((await runtime.fs.readFile(`${dir}/${name}`)) ?? undefined);
  try {
    const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    for (const name of ["ca", "other"]) {
      openssl(
        "req",
        "-x509",
        ...ecKey,
        "-keyout",
        `${name}.key`,
        "-out",
        `${name}.pem`,
        "-days",
        "2",
        "-subj",
        `/CN=tributary test ${name}`,
      );
    }
    openssl(
      "req",
      "-new",
      ...ecKey,
      "-keyout",
      "server.key",
      "-out",
      "server.csr",
      "-subj",
      "/CN=localhost",
    );
    await runtime.fs.writeFile(
      `${dir}/ext.cnf`,
      new TextEncoder().encode(
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n" +
          "subjectAltName=DNS:localhost,IP:127.0.0.1\n",
      ),
    );
    openssl(
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "server.pem",
      "-days",
      "2",
      "-extfile",
      "ext.cnf",
    );
    return {
      ca: await read("ca.pem"),
      cert: await read("server.pem"),
      key: await read("server.key"),
      otherCa: await read("other.pem"),
    };
  } finally {
    await runtime.fs.remove(dir, { recursive: true });
  }
}
