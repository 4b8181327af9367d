/**
 * Mutations of valid frames: bit flips, interesting bytes and integers, byte insertion and
 * deletion, block duplication, truncation, splicing with another frame, and length-field
 * tampering that knows the framing (Kafka's int32 size prefix and int16/int32 lengths, MQTT's
 * Remaining Length varint). Chunked delivery is a separate step: {@link chunk}.
 */
import type { Rng } from "./rng.ts";

export type Protocol = "kafka" | "mqtt";

function setInt(out: Uint8Array, at: number, value: number, width: 2 | 4): void {
  for (let i = 0; i < width && at + i < out.length; i++) out[at + i] = (value >>> (8 * (width - 1 - i))) & 0xff;
}

/** One mutation of `bytes` (a new array); `other` is a second frame for splicing. */
export function mutateOnce(bytes: Uint8Array, rng: Rng, protocol: Protocol, other: Uint8Array): Uint8Array {
  const n = bytes.length;
  const at = () => rng.int(0, Math.max(0, n - 1));
  switch (rng.int(0, 10)) {
    case 0: { // bit flip
      const out = bytes.slice();
      if (n > 0) {
        const p = at();
        out[p] = out[p]! ^ (1 << rng.int(0, 7));
      }
      return out;
    }
    case 1: { // interesting byte
      const out = bytes.slice();
      if (n > 0) out[at()] = rng.pick([0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x40]);
      return out;
    }
    case 2: { // interesting int16/int32 anywhere (lengths, counts, ids, versions)
      const out = bytes.slice();
      const width = rng.chance(0.5) ? 2 : 4;
      setInt(out, at(), rng.interesting(width === 2 ? 16 : 32), width);
      return out;
    }
    case 3: { // insert bytes
      const p = rng.int(0, n);
      const ins = rng.bytes(rng.int(1, 16));
      const out = new Uint8Array(n + ins.length);
      out.set(bytes.subarray(0, p));
      out.set(ins, p);
      out.set(bytes.subarray(p), p + ins.length);
      return out;
    }
    case 4: { // delete a range
      const p = at();
      const len = rng.int(1, Math.max(1, Math.min(16, n - p)));
      const out = new Uint8Array(Math.max(0, n - len));
      out.set(bytes.subarray(0, p));
      out.set(bytes.subarray(p + len), p);
      return out;
    }
    case 5: { // duplicate a block
      const p = at();
      const len = rng.int(1, Math.max(1, Math.min(32, n - p)));
      const block = bytes.subarray(p, p + len);
      const head = bytes.subarray(0, p + block.length);
      const out = new Uint8Array(n + block.length);
      out.set(head);
      out.set(block, head.length);
      out.set(bytes.subarray(head.length), head.length + block.length);
      return out;
    }
    case 6: // truncate
      return bytes.slice(0, rng.int(0, n));
    case 7: { // splice: head of this frame, tail of another
      const p = rng.int(0, n);
      const q = rng.int(0, other.length);
      const out = new Uint8Array(p + other.length - q);
      out.set(bytes.subarray(0, p));
      out.set(other.subarray(q), p);
      return out;
    }
    case 8: // length fields of the framing
      return protocol === "kafka" ? tamperKafkaSize(bytes, rng) : tamperRemainingLength(bytes, rng);
    case 9: { // a length/count-looking field: a small big-endian integer right before a run of bytes
      const out = bytes.slice();
      for (let tries = 0; tries < 8; tries++) {
        const p = at();
        if (p + 1 < n && out[p] === 0 && out[p + 1]! > 0 && out[p + 1]! < 64) {
          setInt(out, p, rng.pick([0xffff, 0x7fff, 0x8000, out[p + 1]! + 1, out[p + 1]! - 1, 0]), 2);
          break;
        }
      }
      return out;
    }
    default: { // varint-looking byte: set or clear the continuation bit
      const out = bytes.slice();
      if (n > 0) {
        const p = at();
        out[p] = out[p]! ^ 0x80;
      }
      return out;
    }
  }
}

function tamperKafkaSize(bytes: Uint8Array, rng: Rng): Uint8Array {
  const out = bytes.slice();
  if (out.length < 4) return out;
  const size = new DataView(out.buffer).getInt32(0);
  setInt(out, 0, rng.pick([-1, -0x80000000, 0, size + 1, size - 1, size + 1000, 0x7fffffff, 100 * 1024 * 1024 + 1]), 4);
  return out;
}

function tamperRemainingLength(bytes: Uint8Array, rng: Rng): Uint8Array {
  if (bytes.length < 2) return bytes.slice();
  let end = 1;
  while (end < bytes.length && end < 5 && (bytes[end]! & 0x80) !== 0) end++;
  end++;
  const body = bytes.subarray(Math.min(end, bytes.length));
  const choice = rng.int(0, 3);
  const head: number[] = [bytes[0]!];
  if (choice === 0) head.push(0xff, 0xff, 0xff, 0xff, 0x7f); // five bytes
  else if (choice === 1) head.push(0xff, 0xff, 0xff, 0x7f); // 256 MiB declared
  else {
    let v = Math.max(0, body.length + (choice === 2 ? rng.int(1, 50) : -rng.int(1, 5)));
    do {
      let b = v % 128;
      v = Math.floor(v / 128);
      if (v > 0) b |= 0x80;
      head.push(b);
    } while (v > 0);
  }
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

/** 1–`max` mutations in a row. */
export function mutate(bytes: Uint8Array, rng: Rng, protocol: Protocol, other: Uint8Array, max = 4): Uint8Array {
  let out = bytes;
  const n = rng.int(1, max);
  for (let i = 0; i < n; i++) out = mutateOnce(out, rng, protocol, other);
  return out;
}

/** Split a stream into chunks as a network might deliver it: whole, bytewise, or random cuts. */
export function chunk(bytes: Uint8Array, rng: Rng): Uint8Array[] {
  if (bytes.length === 0) return [];
  const mode = rng.int(0, 5);
  if (mode <= 2) return [bytes];
  if (mode === 3 && bytes.length <= 64) return Array.from(bytes, (b) => Uint8Array.of(b));
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const len = rng.int(1, Math.max(1, Math.min(bytes.length - pos, rng.pick([3, 16, 200, 4096]))));
    out.push(bytes.subarray(pos, pos + len));
    pos += len;
  }
  return out;
}
