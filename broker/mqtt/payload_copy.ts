/**
 * Copies of small PUBLISH payloads, carved from shared slabs.
 *
 * A decoded payload must not be a view of the socket's read chunk: a message kept for a while
 * (queued for a slow subscriber, retained) would pin the whole chunk. But a fresh Uint8Array
 * per payload is expensive on Deno (measured ~0.5–0.9 µs per allocation of any size, against
 * ~0.07 µs on Bun), which made the copy one of the largest costs per QoS 1 message. So payloads
 * up to {@link SLAB_MAX_PAYLOAD} bytes are copied into a shared {@link SLAB_BYTES} slab and
 * handed out as views of it: one allocation per slab, and a long-lived message pins at most
 * one slab. Larger payloads get their own buffer. One slab is filled at a time for the whole
 * process (JavaScript runs one turn at a time), so idle connections hold none.
 *
 * @module
 */

/** Size of a slab. */
export const SLAB_BYTES = 4096;
/** Payloads above this get their own buffer. */
export const SLAB_MAX_PAYLOAD = 512;

let slab = new Uint8Array(0);
let used = 0;

/** A copy of `source[start, end)` that shares nothing with `source`. */
export function copyPayload(source: Uint8Array, start: number, end: number): Uint8Array {
  const length = end - start;
  if (length > SLAB_MAX_PAYLOAD) return source.slice(start, end);
  if (used + length > slab.length) {
    slab = new Uint8Array(SLAB_BYTES);
    used = 0;
  }
  slab.set(source.subarray(start, end), used);
  const copy = slab.subarray(used, used + length);
  used += length;
  return copy;
}
