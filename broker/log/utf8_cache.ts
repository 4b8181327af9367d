/**
 * UTF-8 bytes of strings that repeat from message to message (MQTT topics, client ids, record
 * header keys), so the ingest path encodes each once instead of once per record. Bounded: when
 * full it starts over, which costs one re-encode per string and keeps memory flat with many
 * distinct topics.
 *
 * The returned bytes are shared: callers copy them (as `buildRecordBatch` does) and never
 * write into them.
 *
 * @module
 */

const encoder = new TextEncoder();

/** A bounded string → UTF-8 bytes memo. */
export class Utf8Cache {
  #entries = new Map<string, Uint8Array>();
  #capacity: number;

  constructor(capacity = 4096) {
    this.#capacity = capacity;
  }

  /** The UTF-8 encoding of `s` (shared; do not modify). */
  bytes(s: string): Uint8Array {
    let b = this.#entries.get(s);
    if (b === undefined) {
      if (this.#entries.size >= this.#capacity) this.#entries.clear();
      b = encoder.encode(s);
      this.#entries.set(s, b);
    }
    return b;
  }
}
