/**
 * SASL/SCRAM-SHA-256 and -512 on the Kafka listener: the server exchange against RFC 7677's
 * vector, the wire flows (handshake v1 + SaslAuthenticate, handshake v0 + raw tokens), and
 * kafkajs and kcat against an in-process listener.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { Kafka, logLevel, type SASLOptions } from "kafkajs";
import { ScramClient } from "../../bridge/client/sasl/scram.ts";
import type { KafkaAuth } from "../../broker/kafka/auth.ts";
import { ErrorCode } from "../../broker/kafka/errors.ts";
import { deriveScramCredential, fromBase64, type ScramCredential, type ScramMechanism } from "../../broker/kafka/sasl/scram.ts";
import { ScramAuthenticationError, ScramServer } from "../../broker/kafka/sasl/scram_server.ts";
import { hasKcat, kcat } from "./_kcat.ts";
import { startTestServer } from "./_server.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

// RFC 7677 §3: user "user", password "pencil".
const RFC_SALT = fromBase64("W22ZaJ0SNY7soEsUEjb6gQ==");
const RFC_CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
const RFC_SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
const RFC_SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
const RFC_CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
const RFC_SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

describe("SCRAM server", () => {
  test("RFC 7677 SCRAM-SHA-256 vector: server-first and server-final as in the RFC", async () => {
    const cred = await deriveScramCredential("SCRAM-SHA-256", "pencil", RFC_SALT, 4096);
    const server = new ScramServer("SCRAM-SHA-256", (user) => (user === "user" ? cred : null), RFC_SERVER_NONCE);
    expect(dec(await server.step(enc(RFC_CLIENT_FIRST)))).toBe(RFC_SERVER_FIRST);
    expect(server.complete).toBe(false);
    expect(dec(await server.step(enc(RFC_CLIENT_FINAL)))).toBe(RFC_SERVER_FINAL);
    expect(server.complete).toBe(true);
    expect(server.username).toBe("user");
  });

  test("a wrong proof is refused and nothing completes", async () => {
    const cred = await deriveScramCredential("SCRAM-SHA-256", "pencil", RFC_SALT, 4096);
    const server = new ScramServer("SCRAM-SHA-256", () => cred, RFC_SERVER_NONCE);
    await server.step(enc(RFC_CLIENT_FIRST));
    const bad = RFC_CLIENT_FINAL.replace("p=dHzb", "p=AAAA");
    await expect(server.step(enc(bad))).rejects.toBeInstanceOf(ScramAuthenticationError);
    expect(server.complete).toBe(false);
    await expect(server.step(enc(RFC_CLIENT_FINAL))).rejects.toThrow();
  });

  test("a changed nonce, channel binding or authzid is refused", async () => {
    const cred = await deriveScramCredential("SCRAM-SHA-256", "pencil", RFC_SALT, 4096);
    const nonce = new ScramServer("SCRAM-SHA-256", () => cred, RFC_SERVER_NONCE);
    await nonce.step(enc(RFC_CLIENT_FIRST));
    await expect(nonce.step(enc(RFC_CLIENT_FINAL.replace("k0,p=", "k1,p=")))).rejects.toThrow("nonce");
    // librdkafka repeats the client nonce before the combined one; Kafka accepts it (endsWith).
    const rd = new ScramServer("SCRAM-SHA-256", () => cred, RFC_SERVER_NONCE);
    await rd.step(enc(RFC_CLIENT_FIRST));
    await expect(rd.step(enc(RFC_CLIENT_FINAL.replace("r=", "r=rOprNGfwEbeRWgbNEkqO")))).rejects.toThrow("invalid credentials");
    const binding = new ScramServer("SCRAM-SHA-256", () => cred);
    await expect(binding.step(enc("p=tls-unique,,n=user,r=abc"))).rejects.toThrow("channel binding");
    const authzid = new ScramServer("SCRAM-SHA-256", () => cred);
    await expect(authzid.step(enc("n,a=admin,n=user,r=abc"))).rejects.toThrow("authorization id");
  });

  test("an unknown user fails at client-first", async () => {
    const server = new ScramServer("SCRAM-SHA-512", () => null);
    await expect(server.step(enc("n,,n=ghost,r=abc"))).rejects.toThrow("no SCRAM-SHA-512 credential");
  });

  for (const mechanism of ["SCRAM-SHA-256", "SCRAM-SHA-512"] as const) {
    test(`${mechanism}: the bridge's client and the server agree; a user name with , and = is escaped`, async () => {
      const cred = await deriveScramCredential(mechanism, "s3cret", crypto.getRandomValues(new Uint8Array(16)), 4096);
      const server = new ScramServer(mechanism, (user) => (user === "a,b=c" ? cred : null));
      const client = new ScramClient(mechanism, "a,b=c", "s3cret");
      const serverFirst = dec(await server.step(enc(client.first())));
      const serverFinal = dec(await server.step(enc(await client.final(serverFirst))));
      await client.verify(serverFinal);
      expect(server.username).toBe("a,b=c");
    });
  }
});

/** Users "gw" (password "s3cret") with both mechanisms' keys, and "old" with none. */
async function scramAuth(): Promise<KafkaAuth> {
  const creds = new Map<string, ScramCredential>();
  for (const m of ["SCRAM-SHA-256", "SCRAM-SHA-512"] as const) {
    creds.set(m, await deriveScramCredential(m, "s3cret", crypto.getRandomValues(new Uint8Array(16)), 4096));
  }
  return {
    mechanisms: ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"],
    authenticatePlain: async (user, password) => (user === "gw" && password === "s3cret" ? user : null),
    scramCredential: (user: string, m: ScramMechanism) =>
      user === "gw" ? creds.get(m) ?? null : user === "old" ? { credential: null, reason: "no SCRAM keys" } : null,
  };
}

let env: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe("wire", () => {
  test("handshake v1 advertises the SCRAM mechanisms; two SaslAuthenticate rounds authenticate", async () => {
    env = await startTestServer({ auth: await scramAuth() });
    const c = await env.client();
    const hs = await c.request(17, 1, { mechanism: "SCRAM-SHA-512" });
    expect(hs).toEqual({ errorCode: 0, mechanisms: ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] });
    const scram = new ScramClient("SCRAM-SHA-512", "gw", "s3cret");
    const first = await c.request(36, 2, { authBytes: enc(scram.first()) });
    expect(first.errorCode).toBe(0);
    const final = await c.request(36, 2, { authBytes: enc(await scram.final(dec(first.authBytes))) });
    expect(final.errorCode).toBe(0);
    await scram.verify(dec(final.authBytes));
    expect((await c.request(3, 12, { topics: null })).topics.length).toBeGreaterThan(0);
  });

  test("a wrong password: SASL_AUTHENTICATION_FAILED at client-final, then the connection closes", async () => {
    env = await startTestServer({ auth: await scramAuth() });
    const c = await env.client();
    await c.request(17, 1, { mechanism: "SCRAM-SHA-256" });
    const scram = new ScramClient("SCRAM-SHA-256", "gw", "wrong");
    const first = await c.request(36, 1, { authBytes: enc(scram.first()) });
    const final = await c.request(36, 1, { authBytes: enc(await scram.final(dec(first.authBytes))) });
    expect(final.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect(await c.nextFrame()).toBeNull();
  });

  test("a user without stored SCRAM keys is refused at client-first", async () => {
    env = await startTestServer({ auth: await scramAuth() });
    const c = await env.client();
    await c.request(17, 1, { mechanism: "SCRAM-SHA-256" });
    const res = await c.request(36, 0, { authBytes: enc(new ScramClient("SCRAM-SHA-256", "old", "x").first()) });
    expect(res.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
  });

  test("handshake v0 then raw SCRAM tokens, each answered by a raw frame (kafka-python flow)", async () => {
    env = await startTestServer({ auth: await scramAuth() });
    const c = await env.client();
    expect((await c.request(17, 0, { mechanism: "SCRAM-SHA-256" })).errorCode).toBe(0);
    const raw = async (text: string) => {
      const token = enc(text);
      const framed = new Uint8Array(4 + token.length);
      new DataView(framed.buffer).setInt32(0, token.length);
      framed.set(token, 4);
      await c.connection.write(framed);
      const answer = await c.nextFrame();
      if (!answer) throw new Error("connection closed");
      return dec(answer);
    };
    const scram = new ScramClient("SCRAM-SHA-256", "gw", "s3cret");
    const serverFirst = await raw(scram.first());
    await scram.verify(await raw(await scram.final(serverFirst)));
    expect((await c.request(18, 0, {})).errorCode).toBe(0);
  });

  test("without SCRAM credentials in the hook, SCRAM is not offered", async () => {
    env = await startTestServer({ auth: { mechanisms: ["PLAIN", "SCRAM-SHA-256"], authenticatePlain: async () => null } });
    const c = await env.client();
    expect(await c.request(17, 1, { mechanism: "SCRAM-SHA-256" })).toEqual({ errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: ["PLAIN"] });
  });
});

describe("real clients", () => {
  for (const mechanism of ["scram-sha-256", "scram-sha-512"] as const) {
    test(`kafkajs with ${mechanism}: right password works, wrong one fails`, async () => {
      env = await startTestServer({ auth: await scramAuth() });
      const brokers = [`127.0.0.1:${env.server.port}`];
      const kafka = new Kafka({ brokers, sasl: { mechanism, username: "gw", password: "s3cret" } as SASLOptions, logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      expect(await admin.listTopics()).toContain("t");
      await admin.disconnect();
      const bad = new Kafka({ brokers, sasl: { mechanism, username: "gw", password: "x" } as SASLOptions, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
      await expect(bad.admin().connect()).rejects.toThrow(/SASL SCRAM|authentication/i);
    });
  }

  for (const mechanism of ["SCRAM-SHA-256", "SCRAM-SHA-512"]) {
    (hasKcat ? test : test.skip)(`kcat with ${mechanism}`, async () => {
      env = await startTestServer({ auth: await scramAuth() });
      const base = ["-b", `127.0.0.1:${env.server.port}`, "-X", "security.protocol=SASL_PLAINTEXT", "-X", `sasl.mechanisms=${mechanism}`, "-X", "sasl.username=gw"];
      const ok = await kcat([...base, "-X", "sasl.password=s3cret", "-L"]);
      expect(ok.stdout).toContain('topic "t"');
      const bad = await kcat([...base, "-X", "sasl.password=wrong", "-L", "-m", "3"], "", 10000);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain("SASL authentication error");
    });
  }
});
