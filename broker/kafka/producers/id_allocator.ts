/**
 * Producer id allocation for InitProducerId (KIP-98 idempotence), persisted across restarts.
 *
 * Ids are handed out from blocks: before the first id of a block is used, the block's end is
 * written (tmp → fsync → rename) to `producer-ids.json`, so a crash at any point restarts from
 * a fresh block and an id is never reused — at worst the rest of a block is skipped, the way
 * Kafka's controller-allocated ProducerIdsBlock (KIP-730) works.
 *
 * Power loss on an SD card can still leave the file torn (a flush acknowledged, never made). The
 * replaced version is kept (`.prev`), but it is one block behind, and ids of that block may be
 * out: so a damaged file resumes past anything handed out — two blocks past the previous
 * version, and never below `now × 1000` (the time-based ids of a broker without a state dir,
 * far above any block count) — with a warning, instead of refusing to start.
 *
 * @module
 */
import type { Logger } from "../../observe/logger.ts";
import { readStateFile, writeFileAtomic } from "../../runtime/atomic.ts";
import type { FileSystem } from "../../runtime/types.ts";

/** Ids reserved per durable write. */
export const DEFAULT_BLOCK_SIZE = 1000;

/** Where the allocator keeps its block and how big blocks are. */
export interface ProducerIdAllocatorOptions {
  fs: FileSystem;
  /** The state file, e.g. `data/producer-ids.json`. */
  path: string;
  blockSize?: number;
  /** Told when a damaged state file was repaired. */
  logger?: Logger;
  /** Wall clock in ms (the floor of a repaired state). */
  now?: () => number;
}

/** The state file's content is not a valid block end (the reader falls back past it). */
export class ProducerIdStateError extends Error {
  override readonly name = "ProducerIdStateError";
}

/** Allocates producer ids; `next()` is safe to call concurrently. */
export class ProducerIdAllocator {
  readonly #fs: FileSystem;
  readonly #path: string;
  readonly #blockSize: number;
  #next = 0;
  #blockEnd = 0;
  #reserving: Promise<void> | null = null;

  private constructor(options: ProducerIdAllocatorOptions) {
    this.#fs = options.fs;
    this.#path = options.path;
    this.#blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  }

  /** Load the persisted block end; the next id starts there (past every id handed out, if damaged). */
  static async open(options: ProducerIdAllocatorOptions): Promise<ProducerIdAllocator> {
    const allocator = new ProducerIdAllocator(options);
    const read = await readStateFile(options.fs, options.path, (bytes) => decodeState(bytes, options.path));
    let start = read.value ?? 0;
    if (read.problems.length > 0) {
      const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
      start = Math.max((read.value ?? 0) + 2 * blockSize, Math.floor((options.now ?? Date.now)()) * 1000);
      options.logger?.warn("producer id state damaged: resuming past every id it could have handed out", {
        file: options.path,
        problems: read.problems,
        using: read.source,
        nextProducerId: start,
      });
      // Persist the new floor before any id from it is handed out.
      await allocator.#persist(start);
    }
    allocator.#next = start;
    allocator.#blockEnd = start;
    return allocator;
  }

  /** A producer id never handed out before, on this data directory. */
  async next(): Promise<number> {
    while (this.#next >= this.#blockEnd) {
      if (!this.#reserving) {
        const end = this.#blockEnd + this.#blockSize;
        this.#reserving = this.#persist(end)
          .then(() => {
            this.#blockEnd = end;
          })
          .finally(() => {
            this.#reserving = null;
          });
      }
      await this.#reserving;
    }
    return this.#next++;
  }

  #persist(nextBlockStart: number): Promise<void> {
    const json = JSON.stringify({ version: 1, nextBlockStart });
    return writeFileAtomic(this.#fs, this.#path, new TextEncoder().encode(json), { keepPrevious: true });
  }
}

/** `{"version":1,"nextBlockStart":N}` → N; throws {@link ProducerIdStateError} otherwise. */
function decodeState(bytes: Uint8Array, path: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new ProducerIdStateError(`${path} is not valid JSON`, { cause });
  }
  const nextBlockStart = (parsed as { nextBlockStart?: unknown } | null)?.nextBlockStart;
  if (typeof nextBlockStart !== "number" || !Number.isSafeInteger(nextBlockStart) || nextBlockStart < 0) {
    throw new ProducerIdStateError(`${path} has no valid nextBlockStart`);
  }
  return nextBlockStart;
}
