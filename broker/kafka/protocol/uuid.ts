/**
 * Kafka UUIDs as strings in Kafka's own text form: URL-safe base64 of the 16 bytes without
 * padding (22 characters), as `kafka-topics.sh --describe` prints topic IDs.
 *
 * @module
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** The all-zero UUID, Kafka's "no id" (`Uuid.ZERO_UUID`). */
export const ZERO_UUID = "AAAAAAAAAAAAAAAAAAAAAA";

/**
 * Text form of the 16 bytes at `offset` (the caller guarantees they exist).
 *
 * @example
 * ```ts
 * uuidToString(new Uint8Array(16), 0); // "AAAAAAAAAAAAAAAAAAAAAA"
 * ```
 */
export function uuidToString(bytes: Uint8Array, offset: number): string {
  let out = "";
  let i = offset;
  const end = offset + 15;
  for (; i < end; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! +
      ALPHABET[n & 63]!;
  }
  const last = bytes[i]!;
  return out + ALPHABET[last >>> 2]! + ALPHABET[(last & 3) << 4]!;
}

/**
 * Write the 16 bytes of a UUID's text form into `out` at `offset`. Returns false (writing
 * nothing useful) when `text` is not a 22-character URL-safe base64 UUID.
 */
export function uuidToBytes(text: string, out: Uint8Array, offset: number): boolean {
  if (text.length !== 22) return false;
  let o = offset;
  let i = 0;
  for (; i < 20; i += 4) {
    const a = sextet(text, i), b = sextet(text, i + 1), c = sextet(text, i + 2), d = sextet(text, i + 3);
    if ((a | b | c | d) < 0) return false;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 255;
    out[o++] = n & 255;
  }
  const a = sextet(text, 20), b = sextet(text, 21);
  if ((a | b) < 0 || (b & 15) !== 0) return false;
  out[o] = (a << 2) | (b >>> 4);
  return true;
}

function sextet(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? LOOKUP[c]! : -1;
}
