/**
 * Sparse time index of one segment (Kafka `TimeIndex`): 12-byte entries of
 * (timestamp int64, relative offset int32), big-endian.
 *
 * An entry (t, r) is added at an index interval when the largest timestamp seen so far grew;
 * r is the base offset of the batch that set it. Every batch up to and including that batch has
 * maxTimestamp ≤ t, so a search for the first batch with maxTimestamp ≥ T may start at the
 * last entry with t < T. When a segment seals, its final max timestamp is appended (Kafka does
 * the same on roll), so the last entry is the segment's max timestamp for time retention.
 *
 * @module
 */

import { readInt32, readInt64, writeInt32, writeInt64 } from "./record_batch.ts";

/** Bytes per time index entry. */
export const TIME_ENTRY_SIZE = 12;

/** In-memory sparse time index with an append-only file image. */
export class TimeIndex {
  #ts: number[] = [];
  #rel: number[] = [];
  #persisted = 0;

  constructor(readonly baseOffset: number) {}

  /** Parse a file image keeping the consistent prefix (timestamps and offsets increasing). */
  static fromBytes(
    baseOffset: number,
    bytes: Uint8Array,
    maxRelativeOffset: number,
  ): { index: TimeIndex; consistent: boolean } {
    const index = new TimeIndex(baseOffset);
    const n = Math.floor(bytes.length / TIME_ENTRY_SIZE);
    let consistent = bytes.length % TIME_ENTRY_SIZE === 0;
    for (let i = 0; i < n; i++) {
      const ts = readInt64(bytes, i * 12);
      const rel = readInt32(bytes, i * 12 + 8);
      const last = index.#ts.length - 1;
      const bad = rel < 0 || rel > maxRelativeOffset ||
        (last >= 0 && (ts <= index.#ts[last]! || rel < index.#rel[last]!));
      if (bad) {
        consistent = false;
        break;
      }
      index.#ts.push(ts);
      index.#rel.push(rel);
    }
    index.#persisted = index.#ts.length;
    return { index, consistent };
  }

  get entries(): number {
    return this.#ts.length;
  }

  /** Last entry (the largest timestamp indexed so far), or undefined. */
  get last(): { timestamp: number; offset: number } | undefined {
    const i = this.#ts.length - 1;
    if (i < 0) return undefined;
    return { timestamp: this.#ts[i]!, offset: this.baseOffset + this.#rel[i]! };
  }

  /** Add an entry when `timestamp` is larger than the last one; returns whether it was added. */
  maybeAppend(timestamp: number, offset: number): boolean {
    const i = this.#ts.length - 1;
    if (i >= 0 && timestamp <= this.#ts[i]!) return false;
    this.#ts.push(timestamp);
    this.#rel.push(offset - this.baseOffset);
    return true;
  }

  /** Offset to start scanning for the first batch with maxTimestamp ≥ `timestamp`. */
  lookup(timestamp: number): number {
    let lo = 0;
    let hi = this.#ts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#ts[mid]! < timestamp) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? this.baseOffset : this.baseOffset + this.#rel[found]!;
  }

  /** Drop entries for offsets ≥ `offset` (after a truncation). */
  truncateToOffset(offset: number): boolean {
    let n = this.#ts.length;
    while (n > 0 && this.baseOffset + this.#rel[n - 1]! >= offset) n--;
    const changed = n !== this.#ts.length;
    this.#ts.length = n;
    this.#rel.length = n;
    if (this.#persisted > n) this.#persisted = n;
    return changed;
  }

  /** Entries not yet in the file; marks them written. */
  takeUnpersisted(): Uint8Array | null {
    const n = this.#ts.length;
    if (this.#persisted === n) return null;
    const out = new Uint8Array((n - this.#persisted) * TIME_ENTRY_SIZE);
    for (let i = this.#persisted, o = 0; i < n; i++, o += 12) {
      writeInt64(out, o, this.#ts[i]!);
      writeInt32(out, o + 8, this.#rel[i]!);
    }
    this.#persisted = n;
    return out;
  }

  get persistedBytes(): number {
    return this.#persisted * TIME_ENTRY_SIZE;
  }

  resetPersisted(): void {
    this.#persisted = 0;
  }
}
