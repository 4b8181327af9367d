/**
 * Device secrets: generated once (shown to the operator at creation, never stored), kept as a
 * salted PBKDF2-SHA256 hash through WebCrypto (`crypto.subtle`), compared in constant time.
 *
 * @module
 */
import type { StoredCredential } from "./types.ts";

/**
 * Iterations for new credentials. Secrets are 256 random bits, so stretching guards only
 * against a leaked registry file with weak imported secrets; 100k keeps a Pi-class CONNECT
 * storm bearable (successful checks are cached in memory by the registry).
 */
export const DEFAULT_ITERATIONS = 100_000;

/** A fresh secret: 32 random bytes, base64url without padding (43 characters). */
export function generateSecret(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Hash `secret` with a fresh 16-byte salt. */
export async function hashSecret(secret: string, iterations = DEFAULT_ITERATIONS): Promise<StoredCredential> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await pbkdf2(secret, salt, iterations);
  return { algorithm: "PBKDF2-SHA256", iterations, salt: toBase64(salt), hash: toBase64(hash) };
}

/** True when `secret` matches the stored hash. */
export async function verifySecret(secret: string, credential: StoredCredential): Promise<boolean> {
  if (credential.algorithm !== "PBKDF2-SHA256") return false;
  const expected = fromBase64(credential.hash);
  const actual = await pbkdf2(secret, fromBase64(credential.salt), credential.iterations);
  return constantTimeEqual(actual, expected);
}

async function pbkdf2(secret: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** SHA-256 of a secret, hex: the key of the registry's cache of verified secrets. */
export async function fingerprint(secret: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret)));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compare without an early exit, so timing does not reveal the matching prefix. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
