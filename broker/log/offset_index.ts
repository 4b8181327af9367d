/**
 * Sparse offset index of one segment (Kafka `OffsetIndex`): 8-byte entries of
 * (relative offset int32, file position int32), big-endian, one every `index.interval.bytes`.
 *
 * An entry (r, p) means "the batch starting at position p has base offset base + r". Kafka keys
 * entries by the batch's last offset; keying by the base offset gives the same lookups (largest
 * entry ≤ target, then a short forward scan) and rebuilds identically from the data.
 * The index carries no checksum: it is validated against the segment and rebuilt when in doubt.
 * Entries live in memory; the file is appended without fsync and synced when the segment seals.
 *
 * @module
 */

import { readInt32, writeInt32 } from "./record_batch.ts";

/** Bytes per offset index entry. */
export const OFFSET_ENTRY_SIZE = 8;

/** In-memory sparse offset index with an append-only file image. */
export class OffsetIndex {
  #rel = new Int32Array(64);
  #pos = new Int32Array(64);
  #count = 0;
  /** Entries already written to the file. */
  #persisted = 0;

  constructor(readonly baseOffset: number) {}

  /**
   * Parse an index file image, keeping the longest consistent prefix: relative offsets and
   * positions strictly increasing, positions inside a segment of `segmentSize` bytes.
   * `consistent` is false when anything was dropped (a partial or garbage entry).
   */
  static fromBytes(
    baseOffset: number,
    bytes: Uint8Array,
    segmentSize: number,
  ): { index: OffsetIndex; consistent: boolean } {
    const index = new OffsetIndex(baseOffset);
    const n = Math.floor(bytes.length / OFFSET_ENTRY_SIZE);
    let consistent = bytes.length % OFFSET_ENTRY_SIZE === 0;
    let prevRel = 0;
    let prevPos = 0;
    for (let i = 0; i < n; i++) {
      const rel = readInt32(bytes, i * 8);
      const pos = readInt32(bytes, i * 8 + 4);
      if (rel <= prevRel || pos <= prevPos || pos >= segmentSize) {
        consistent = false;
        break;
      }
      index.append(baseOffset + rel, pos);
      prevRel = rel;
      prevPos = pos;
    }
    index.#persisted = index.#count;
    return { index, consistent };
  }

  get entries(): number {
    return this.#count;
  }

  /** Last entry, or undefined when empty. */
  get last(): { offset: number; position: number } | undefined {
    if (this.#count === 0) return undefined;
    const i = this.#count - 1;
    return { offset: this.baseOffset + this.#rel[i]!, position: this.#pos[i]! };
  }

  /** Add an entry; offsets and positions must increase. */
  append(offset: number, position: number): void {
    if (this.#count === this.#rel.length) {
      const rel = new Int32Array(this.#count * 2);
      const pos = new Int32Array(this.#count * 2);
      rel.set(this.#rel);
      pos.set(this.#pos);
      this.#rel = rel;
      this.#pos = pos;
    }
    this.#rel[this.#count] = offset - this.baseOffset;
    this.#pos[this.#count] = position;
    this.#count++;
  }

  /** Largest entry with offset ≤ `offset`; position 0 / base offset when none (segment start). */
  lookup(offset: number): { offset: number; position: number } {
    const rel = offset - this.baseOffset;
    let lo = 0;
    let hi = this.#count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#rel[mid]! <= rel) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return { offset: this.baseOffset, position: 0 };
    return { offset: this.baseOffset + this.#rel[found]!, position: this.#pos[found]! };
  }

  /** Last entry with position ≤ `position`, or undefined when none. */
  lookupPosition(position: number): { offset: number; position: number } | undefined {
    let lo = 0;
    let hi = this.#count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#pos[mid]! <= position) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? undefined : { offset: this.baseOffset + this.#rel[found]!, position: this.#pos[found]! };
  }

  /** Drop entries pointing at or beyond `position` (after a truncation). Returns true if any. */
  truncateToPosition(position: number): boolean {
    let n = this.#count;
    while (n > 0 && this.#pos[n - 1]! >= position) n--;
    const changed = n !== this.#count;
    this.#count = n;
    if (this.#persisted > n) this.#persisted = n;
    return changed;
  }

  /** Entries not yet in the file, as bytes to append at {@link persistedBytes}; marks them written. */
  takeUnpersisted(): Uint8Array | null {
    if (this.#persisted === this.#count) return null;
    const out = new Uint8Array((this.#count - this.#persisted) * OFFSET_ENTRY_SIZE);
    for (let i = this.#persisted, o = 0; i < this.#count; i++, o += 8) {
      writeInt32(out, o, this.#rel[i]!);
      writeInt32(out, o + 4, this.#pos[i]!);
    }
    this.#persisted = this.#count;
    return out;
  }

  /** Bytes of the file image written so far. */
  get persistedBytes(): number {
    return this.#persisted * OFFSET_ENTRY_SIZE;
  }

  /** Forget the file image (after a rewrite); the next take returns every entry. */
  resetPersisted(): void {
    this.#persisted = 0;
  }
}
