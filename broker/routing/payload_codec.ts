/**
 * Payload codecs applied at ingest, per mapping rule. Only these edges look inside payloads.
 *
 * - `raw`: stored as received (default).
 * - `json`: must be UTF-8 JSON; stored as received.
 * - `cbor`: must be one well-formed CBOR item; stored as received.
 * - `cbor-to-json`: decoded with cbor-x standard decoding (no record extension) and stored as
 *   UTF-8 JSON. Byte strings become base64 strings, big integers decimal strings, maps with
 *   non-string keys objects with stringified keys.
 *
 * A payload failing its codec is refused: never stored, never forwarded.
 *
 * @module
 */

// The pure-JS subpath: the package root also loads the optional native addon cbor-extract
// (~3-4 MB of RSS per broker, and the single binary leaves it out anyway).
import { Decoder } from "cbor-x/decode";

/** Payload codec of a mapping rule. */
export type PayloadCodecName = "raw" | "json" | "cbor" | "cbor-to-json";

/** Result of applying a codec: the bytes to store, or a refusal. */
export type CodecOutcome = { ok: true; value: Uint8Array } | { ok: false; reason: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();
// Standard CBOR only: records/structures off, maps as plain objects where keys allow.
const cbor = new Decoder({ useRecords: false, mapsAsObjects: true });

/** Apply the named codec to a payload. */
export function applyPayloadCodec(name: PayloadCodecName, payload: Uint8Array): CodecOutcome {
  switch (name) {
    case "raw":
      return { ok: true, value: payload };
    case "json":
      try {
        JSON.parse(utf8.decode(payload));
        return { ok: true, value: payload };
      } catch (e) {
        return { ok: false, reason: `invalid JSON: ${(e as Error).message}` };
      }
    case "cbor": {
      const decoded = decodeCbor(payload);
      return decoded.ok ? { ok: true, value: payload } : decoded;
    }
    case "cbor-to-json": {
      const decoded = decodeCbor(payload);
      if (!decoded.ok) return decoded;
      try {
        const json = JSON.stringify(decoded.item, jsonReplacer);
        if (json === undefined) return { ok: false, reason: "CBOR item has no JSON form" };
        return { ok: true, value: encoder.encode(json) };
      } catch (e) {
        return { ok: false, reason: `CBOR not representable as JSON: ${(e as Error).message}` };
      }
    }
  }
}

function decodeCbor(payload: Uint8Array): { ok: true; item: unknown } | { ok: false; reason: string } {
  if (payload.length === 0) return { ok: false, reason: "empty CBOR payload" };
  try {
    const items: unknown[] = [];
    cbor.decodeMultiple(payload, (item: unknown) => {
      items.push(item);
      return items.length <= 1; // stop after a second item
    });
    if (items.length !== 1) return { ok: false, reason: "payload must hold exactly one CBOR item" };
    return { ok: true, item: items[0] };
  } catch (e) {
    return { ok: false, reason: `invalid CBOR: ${(e as Error).message}` };
  }
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return base64(value);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = v;
    return out;
  }
  if (value instanceof Set) return [...value];
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return value;
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return btoa(s);
}
