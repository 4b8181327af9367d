/**
 * SCRAM client (RFC 5802; SHA-256 per RFC 7677, SHA-512 as Kafka adds in KIP-84) on WebCrypto
 * (`crypto.subtle`: PBKDF2 is the RFC's Hi(), HMAC and digests), so it runs unchanged on Deno
 * and Bun without `node:crypto`.
 *
 * Usernames are escaped as saslname (`=` → `=3D`, `,` → `=2C`); SASLprep is not applied, so
 * non-ASCII passwords must already be in normalized form. Like Kafka's `ScramSaslClient`, a
 * server asking for fewer than 4096 iterations is refused (a downgrade of the key stretching).
 *
 * @module
 */

/** Mechanisms Kafka offers; SHA-1 exists only to run RFC 5802's test vector. */
export type ScramMechanism = "SCRAM-SHA-256" | "SCRAM-SHA-512" | "SCRAM-SHA-1";

const HASHES: Record<ScramMechanism, { name: string; bits: number }> = {
  "SCRAM-SHA-1": { name: "SHA-1", bits: 160 },
  "SCRAM-SHA-256": { name: "SHA-256", bits: 256 },
  "SCRAM-SHA-512": { name: "SHA-512", bits: 512 },
};

/** Kafka's `ScramMechanism.minIterations`. */
export const MIN_ITERATIONS = 4096;

const encoder = new TextEncoder();

/** A copy backed by a plain ArrayBuffer, as WebCrypto's `BufferSource` wants. */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/** Standard base64 of bytes. */
export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** Bytes of standard base64 text. */
export function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** HMAC-H(key, data). */
export async function hmac(mechanism: ScramMechanism, key: Uint8Array, data: Uint8Array | string): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey("raw", own(key), { name: "HMAC", hash: HASHES[mechanism].name }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, own(typeof data === "string" ? encoder.encode(data) : data)));
}

/** H(data). */
export async function digest(mechanism: ScramMechanism, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(HASHES[mechanism].name, own(data)));
}

/** Hi(password, salt, i) of RFC 5802 §2.2 — PBKDF2 with HMAC-H and one block of output. */
export async function saltedPassword(mechanism: ScramMechanism, password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const { name, bits } = HASHES[mechanism];
  const key = await crypto.subtle.importKey("raw", own(encoder.encode(password)), "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: name, salt: own(salt), iterations }, key, bits));
}

function escapeName(name: string): string {
  return name.replace(/=/g, "=3D").replace(/,/g, "=2C");
}

function attributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(",")) {
    const eq = part.indexOf("=");
    if (eq === 1) out.set(part[0]!, part.slice(2));
  }
  return out;
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** A random client nonce: 24 random bytes in base64 (printable, never a comma). */
export function randomNonce(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(24)));
}

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
