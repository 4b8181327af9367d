/**
 * SCRAM client (RFC 5802; SHA-256 per RFC 7677, SHA-512 as Kafka adds in KIP-84) on the
 * WebCrypto primitives of `broker/kafka/sasl/scram.ts`, so it runs unchanged on Deno and Bun.
 *
 * Usernames are escaped as saslname (`=` → `=3D`, `,` → `=2C`); SASLprep is not applied, so
 * non-ASCII passwords must already be in normalized form. Like Kafka's `ScramSaslClient`, a
 * server asking for fewer than 4096 iterations is refused (a downgrade of the key stretching).
 *
 * @module
 */

import {
  attributes,
  digest,
  escapeName,
  fromBase64,
  hmac,
  MIN_ITERATIONS,
  randomNonce,
  saltedPassword,
  type ScramMechanism,
  toBase64,
  xor,
} from "../../../broker/kafka/sasl/scram.ts";

// The pure primitives live with the broker's SCRAM server; re-exported for the bridge's users.
export { digest, fromBase64, hmac, MIN_ITERATIONS, randomNonce, saltedPassword, type ScramMechanism, toBase64 };

/**
 * One SCRAM exchange, client side: `first()` → server-first → `final()` → server-final →
 * `verify()`. Throws `Error` with the reason when the server's messages do not check out.
 *
 * @example
 * ```ts
 * const scram = new ScramClient("SCRAM-SHA-512", "gw-1", secret);
 * const serverFirst = await exchange(scram.first());
 * const serverFinal = await exchange(await scram.final(serverFirst));
 * await scram.verify(serverFinal);
 * ```
 */
export class ScramClient {
  readonly #bare: string;
  #authMessage = "";
  #salted: Uint8Array | undefined;

  constructor(
    readonly mechanism: ScramMechanism,
    username: string,
    private readonly password: string,
    private readonly nonce: string = randomNonce(),
  ) {
    this.#bare = `n=${escapeName(username)},r=${nonce}`;
  }

  /** client-first-message (gs2 header "n,,": no channel binding, no authzid). */
  first(): string {
    return `n,,${this.#bare}`;
  }

  /** client-final-message for the server-first-message. */
  async final(serverFirst: string): Promise<string> {
    const a = attributes(serverFirst);
    if (a.has("e")) throw new Error(`SCRAM server error: ${a.get("e")}`);
    const nonce = a.get("r"), salt = a.get("s"), iterations = Number(a.get("i"));
    if (!nonce || !nonce.startsWith(this.nonce) || nonce.length === this.nonce.length) {
      throw new Error("SCRAM server nonce does not extend the client nonce");
    }
    if (!salt || !Number.isInteger(iterations)) throw new Error("SCRAM server-first-message lacks salt or iterations");
    if (iterations < MIN_ITERATIONS) throw new Error(`SCRAM iteration count ${iterations} is below ${MIN_ITERATIONS}`);
    this.#salted = await saltedPassword(this.mechanism, this.password, fromBase64(salt), iterations);
    const withoutProof = `c=${btoa("n,,")},r=${nonce}`;
    this.#authMessage = `${this.#bare},${serverFirst},${withoutProof}`;
    const clientKey = await hmac(this.mechanism, this.#salted, "Client Key");
    const storedKey = await digest(this.mechanism, clientKey);
    const signature = await hmac(this.mechanism, storedKey, this.#authMessage);
    return `${withoutProof},p=${toBase64(xor(clientKey, signature))}`;
  }

  /** Check the server-final-message's signature: proof that the server knows the password too. */
  async verify(serverFinal: string): Promise<void> {
    const a = attributes(serverFinal);
    if (a.has("e")) throw new Error(`SCRAM server error: ${a.get("e")}`);
    if (!this.#salted) throw new Error("SCRAM verify() before final()");
    const serverKey = await hmac(this.mechanism, this.#salted, "Server Key");
    const expected = toBase64(await hmac(this.mechanism, serverKey, this.#authMessage));
    if (a.get("v") !== expected) throw new Error("SCRAM server signature does not verify");
  }
}
