/** SASL/PLAIN on the Kafka listener: v1 handshake + SaslAuthenticate, v0 raw tokens, gating, real clients. */
import { afterEach, describe, expect, test } from "bun:test";
import { Kafka, logLevel } from "kafkajs";
import type { KafkaAuth } from "../../broker/kafka/auth.ts";
import { parsePlain } from "../../broker/kafka/auth.ts";
import { ErrorCode } from "../../broker/kafka/errors.ts";
import { hasKcat, kcat } from "./_kcat.ts";
import { startTestServer } from "./_server.ts";

const auth: KafkaAuth = {
  mechanisms: ["PLAIN"],
  authenticatePlain: async (user, password) => (user === "gw" && password === "s3cret" ? `User:${user}` : null),
};
const plain = (user: string, password: string) => new TextEncoder().encode(`\0${user}\0${password}`);

let env: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

test("PLAIN messages are parsed per RFC 4616", () => {
  expect(parsePlain(plain("a", "b"))).toEqual({ authzid: "", username: "a", password: "b" });
  expect(parsePlain(new TextEncoder().encode("a\0a\0b"))?.username).toBe("a");
  expect(parsePlain(new TextEncoder().encode("x\0a\0b"))).toBeNull();
  expect(parsePlain(new TextEncoder().encode("\0a"))).toBeNull();
  expect(parsePlain(new TextEncoder().encode("\0\0b"))).toBeNull();
});

describe("wire", () => {
  test("handshake v1 + SaslAuthenticate, then requests are served", async () => {
    env = await startTestServer({ auth });
    const c = await env.client();
    expect((await c.request(18, 3, { clientSoftwareName: "t", clientSoftwareVersion: "1" })).errorCode).toBe(0);
    const hs = await c.request(17, 1, { mechanism: "PLAIN" });
    expect(hs).toEqual({ errorCode: 0, mechanisms: ["PLAIN"] });
    const ok = await c.request(36, 2, { authBytes: plain("gw", "s3cret") });
    expect(ok.errorCode).toBe(0);
    expect((await c.request(3, 12, { topics: null })).topics.length).toBeGreaterThan(0);
  });

  test("wrong password: SASL_AUTHENTICATION_FAILED, then the connection closes", async () => {
    env = await startTestServer({ auth });
    const c = await env.client();
    await c.request(17, 1, { mechanism: "PLAIN" });
    const res = await c.request(36, 1, { authBytes: plain("gw", "nope") });
    expect(res.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect(await c.nextFrame()).toBeNull();
  });

  test("an unknown mechanism is refused with the enabled list", async () => {
    env = await startTestServer({ auth });
    const c = await env.client();
    expect(await c.request(17, 1, { mechanism: "SCRAM-SHA-256" })).toEqual({ errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: ["PLAIN"] });
  });

  test("requests before authentication close the connection", async () => {
    env = await startTestServer({ auth });
    const c = await env.client();
    await c.connection.write(c.frame(3, 1, { topics: null }));
    expect(await c.nextFrame()).toBeNull();
  });

  test("handshake v0 then a raw PLAIN token (pre-KIP-152 flow)", async () => {
    env = await startTestServer({ auth });
    const c = await env.client();
    expect((await c.request(17, 0, { mechanism: "PLAIN" })).errorCode).toBe(0);
    const token = plain("gw", "s3cret");
    const framed = new Uint8Array(4 + token.length);
    new DataView(framed.buffer).setInt32(0, token.length);
    framed.set(token, 4);
    await c.connection.write(framed);
    expect((await c.nextFrame())?.length).toBe(0);
    expect((await c.request(18, 0, {})).errorCode).toBe(0);
  });

  test("without an auth hook, handshakes are refused and everything is served", async () => {
    env = await startTestServer();
    const c = await env.client();
    expect((await c.request(17, 1, { mechanism: "PLAIN" })).errorCode).toBe(ErrorCode.UNSUPPORTED_SASL_MECHANISM);
    expect((await c.request(3, 1, { topics: null })).topics.length).toBeGreaterThan(0);
  });
});

describe("real clients", () => {
  test("kafkajs with SASL/PLAIN", async () => {
    env = await startTestServer({ auth });
    const kafka = new Kafka({ brokers: [`127.0.0.1:${env.server.port}`], sasl: { mechanism: "plain", username: "gw", password: "s3cret" }, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.listTopics()).toContain("t");
    await admin.disconnect();
    const bad = new Kafka({ brokers: [`127.0.0.1:${env.server.port}`], sasl: { mechanism: "plain", username: "gw", password: "x" }, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    await expect(bad.admin().connect()).rejects.toThrow();
  });

  (hasKcat ? test : test.skip)("kcat with SASL/PLAIN", async () => {
    env = await startTestServer({ auth });
    const base = ["-b", `127.0.0.1:${env.server.port}`, "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN", "-X", "sasl.username=gw"];
    const ok = await kcat([...base, "-X", "sasl.password=s3cret", "-L"]);
    expect(ok.stdout).toContain('topic "t"');
    const bad = await kcat([...base, "-X", "sasl.password=wrong", "-L", "-m", "3"], "", 10000);
    expect(bad.code).not.toBe(0);
  });
});
