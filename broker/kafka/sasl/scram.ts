/**
 * SCRAM primitives (RFC 5802; SHA-256 per RFC 7677, SHA-512 as Kafka adds in KIP-84) on
 * WebCrypto (`crypto.subtle`: PBKDF2 is the RFC's Hi(), HMAC and digests), so they run
 * unchanged on Deno and Bun without `node:crypto`. Shared by the broker's SCRAM server
 * (`scram_server.ts`), the device registry (deriving stored keys) and the bridge's client.
 *
 * @module
 */

/** Mechanisms Kafka offers; SHA-1 exists only to run RFC 5802's test vector. */
export type ScramMechanism = "SCRAM-SHA-256" | "SCRAM-SHA-512" | "SCRAM-SHA-1";

/** The mechanisms the broker offers (Kafka's `ScramMechanism` values). */
export const SCRAM_MECHANISMS: readonly ScramMechanism[] = ["SCRAM-SHA-256", "SCRAM-SHA-512"];

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

/** Bytes of standard base64 text (throws on malformed input). */
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

/** saslname escaping of RFC 5802 §5.1: `=` → `=3D`, `,` → `=2C`. */
export function escapeName(name: string): string {
  return name.replace(/=/g, "=3D").replace(/,/g, "=2C");
}

/** The inverse of {@link escapeName}; undefined when a `=` is not followed by `2C` or `3D`. */
export function unescapeName(name: string): string | undefined {
  if (/=(?!2C|3D)/.test(name)) return undefined;
  return name.replace(/=2C/g, ",").replace(/=3D/g, "=");
}

/** The `k=v` attributes of a SCRAM message (first occurrence wins). */
export function attributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(",")) {
    const eq = part.indexOf("=");
    if (eq === 1 && !out.has(part[0]!)) out.set(part[0]!, part.slice(2));
  }
  return out;
}

/** Byte-wise XOR of two equal-length arrays. */
export function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** A random nonce: 24 random bytes in base64 (printable, never a comma). */
export function randomNonce(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(24)));
}

/** Compare without an early exit, so timing does not reveal the matching prefix. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** What a server stores per user and mechanism (RFC 5802 §3): never the password. */
export interface ScramCredential {
  salt: Uint8Array;
  iterations: number;
  storedKey: Uint8Array;
  serverKey: Uint8Array;
}

/**
 * Derive the stored credential of `password`: SaltedPassword = Hi(password, salt, i),
 * StoredKey = H(HMAC(SaltedPassword, "Client Key")), ServerKey = HMAC(SaltedPassword, "Server Key").
 *
 * @example
 * ```ts
 * const cred = await deriveScramCredential("SCRAM-SHA-256", "pencil", salt, 4096);
 * ```
 */
export async function deriveScramCredential(
  mechanism: ScramMechanism,
  password: string,
  salt: Uint8Array,
  iterations: number,
): Promise<ScramCredential> {
  const salted = await saltedPassword(mechanism, password, salt, iterations);
  const clientKey = await hmac(mechanism, salted, "Client Key");
  return {
    salt,
    iterations,
    storedKey: await digest(mechanism, clientKey),
    serverKey: await hmac(mechanism, salted, "Server Key"),
  };
}
