/**
 * Copies of the bytes a partition wrote since its last good fdatasync, kept only under the
 * `interval` policy, where an append is acknowledged after write(2) and before any fsync.
 *
 * Why: after a failed fdatasync the kernel may have dropped the dirty pages while marking them
 * clean (PostgreSQL's "fsyncgate"), so a second fsync can succeed with the data never on the
 * device. Truncating back to the last durable point (what group commit does: its appends were
 * not acknowledged yet) would move acknowledged records back here. Instead the partition
 * writes these copies again at their positions — dirtying the pages anew — and only then
 * fdatasyncs: the sync that succeeds covers bytes written after the failure, never the ones it
 * lost. Memory is bounded by what one sync interval writes; past {@link RETAINED_SYNC_BYTES}
 * the partition syncs early.
 *
 * @module
 */

import type { LogMark } from "./rollback.ts";
import type { Segment } from "./segment.ts";

/** Above this many retained bytes the partition starts a sync without waiting for the timer. */
export const RETAINED_SYNC_BYTES = 32 << 20;

/** One written chunk: where it went and a copy of its bytes. */
export interface WrittenChunk {
  segment: Segment;
  position: number;
  bytes: Uint8Array;
}

interface Retained extends WrittenChunk {
  /** Log end offset once the group holding this chunk was written. */
  endOffset: number;
}

/** Written-but-unsynced chunks of one partition, oldest first. */
export class RetainedWrites {
  #chunks: Retained[] = [];
  #bytes = 0;

  /** Bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Keep a finished group's chunks (their bytes must already be copies). */
  add(chunks: readonly WrittenChunk[], endOffset: number): void {
    for (const c of chunks) {
      this.#chunks.push({ ...c, endOffset });
      this.#bytes += c.bytes.length;
    }
  }

  /** Forget chunks of groups ending at or before `offset` (a sync covering them succeeded). */
  dropThrough(offset: number): void {
    let n = 0;
    while (n < this.#chunks.length && this.#chunks[n]!.endOffset <= offset) this.#bytes -= this.#chunks[n++]!.bytes.length;
    if (n > 0) this.#chunks = this.#chunks.slice(n);
  }

  clear(): void {
    this.#chunks = [];
    this.#bytes = 0;
  }

  /**
   * Write every chunk again at its position and fdatasync each segment other than the one
   * `mark` ends in (the caller's rollback syncs that one). Chunks past `mark` are skipped: they
   * belong to a group that failed and is being cut off.
   */
  async rewrite(mark: LogMark): Promise<void> {
    const others = new Set<Segment>();
    for (const c of this.#chunks) {
      const seg = c.segment;
      if (seg.retired || seg.log === undefined) continue; // retention deleted it meanwhile
      if (seg.baseOffset > mark.base || (seg.baseOffset === mark.base && c.position + c.bytes.length > mark.position)) continue;
      await seg.log.write(c.bytes, c.position);
      if (seg.baseOffset !== mark.base) others.add(seg);
    }
    for (const seg of others) await seg.log?.datasync();
  }
}
