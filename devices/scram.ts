/**
 * SCRAM credentials of devices (Kafka SASL/SCRAM-SHA-256 and -512, KIP-84): derived from the
 * secret when the device is created — the secret is known only then — and stored beside the
 * PBKDF2 hash that PLAIN and MQTT use. Only salt, iterations, StoredKey and ServerKey are kept
 * (RFC 5802 §3), never the secret. Devices created before this existed have none: SCRAM is
 * refused for them (with a log line) until they are re-created; PLAIN keeps working.
 *
 * @module
 */
import {
  deriveScramCredential,
  fromBase64,
  MIN_ITERATIONS,
  SCRAM_MECHANISMS,
  type ScramCredential,
  type ScramMechanism,
  toBase64,
} from "../broker/kafka/sasl/scram.ts";

/** One mechanism's stored keys, base64 in the registry document. */
export interface StoredScramKeys {
  iterations: number;
  salt: string;
  storedKey: string;
  serverKey: string;
}

/** Stored keys per mechanism. */
export type StoredScram = Partial<Record<"SCRAM-SHA-256" | "SCRAM-SHA-512", StoredScramKeys>>;

/** Kafka's default (and minimum) SCRAM iteration count. */
export const SCRAM_ITERATIONS = MIN_ITERATIONS;

/** Derive both mechanisms' keys for `secret`, each with its own 16-byte salt. */
export async function deriveScramKeys(secret: string, iterations = SCRAM_ITERATIONS): Promise<StoredScram> {
  const out: StoredScram = {};
  for (const mechanism of SCRAM_MECHANISMS) {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const c = await deriveScramCredential(mechanism, secret, salt, Math.max(iterations, MIN_ITERATIONS));
    out[mechanism as keyof StoredScram] = {
      iterations: c.iterations,
      salt: toBase64(c.salt),
      storedKey: toBase64(c.storedKey),
      serverKey: toBase64(c.serverKey),
    };
  }
  return out;
}

/** The stored keys of one mechanism as the SCRAM server wants them; undefined when absent. */
export function scramCredentialOf(scram: StoredScram | undefined, mechanism: ScramMechanism): ScramCredential | undefined {
  const k = mechanism === "SCRAM-SHA-256" || mechanism === "SCRAM-SHA-512" ? scram?.[mechanism] : undefined;
  if (!k) return undefined;
  return { iterations: k.iterations, salt: fromBase64(k.salt), storedKey: fromBase64(k.storedKey), serverKey: fromBase64(k.serverKey) };
}
