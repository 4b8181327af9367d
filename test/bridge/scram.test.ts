/** SCRAM client against the RFC test vectors (RFC 5802 §5 for SHA-1, RFC 7677 §3 for SHA-256). */
import { describe, expect, test } from "bun:test";
import { plainToken } from "../../bridge/client/sasl/authenticate.ts";
import { ScramClient } from "../../bridge/client/sasl/scram.ts";

describe("SCRAM client", () => {
  test("RFC 5802 SCRAM-SHA-1 vector: client proof and server signature", async () => {
    const scram = new ScramClient("SCRAM-SHA-1", "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
    expect(scram.first()).toBe("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
    const final = await scram.final("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
    expect(final).toBe("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
    await scram.verify("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
  });

  test("RFC 7677 SCRAM-SHA-256 vector: client proof and server signature", async () => {
    const scram = new ScramClient("SCRAM-SHA-256", "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
    expect(scram.first()).toBe("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
    const final = await scram.final(
      "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
    );
    expect(final).toBe(
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
    );
    await scram.verify("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
  });

  test("a wrong server signature is refused", async () => {
    const scram = new ScramClient("SCRAM-SHA-256", "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
    await scram.final("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
    await expect(scram.verify("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")).rejects.toThrow("does not verify");
  });

  test("a server nonce that does not extend the client's is refused", async () => {
    const scram = new ScramClient("SCRAM-SHA-512", "user", "pencil", "abc");
    await expect(scram.final("r=xyz123,s=QSXCR+Q6sek8bf92,i=4096")).rejects.toThrow("nonce");
  });

  test("fewer than 4096 iterations is refused (downgrade)", async () => {
    const scram = new ScramClient("SCRAM-SHA-512", "user", "pencil", "abc");
    await expect(scram.final("r=abc123,s=QSXCR+Q6sek8bf92,i=1000")).rejects.toThrow("iteration");
  });

  test("usernames are escaped as saslname", () => {
    expect(new ScramClient("SCRAM-SHA-256", "a=b,c", "p", "n").first()).toBe("n,,n=a=3Db=2Cc,r=n");
  });

  test("PLAIN token is authzid NUL user NUL password", () => {
    expect(new TextDecoder().decode(plainToken("gw", "secret"))).toBe("\u0000gw\u0000secret");
  });
});
