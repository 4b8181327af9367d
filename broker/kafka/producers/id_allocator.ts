/**
 * Producer id allocation for InitProducerId (KIP-98 idempotence), persisted across restarts.
 *
 * Ids are handed out from blocks: before the first id of a block is used, the block's end is
 * written (tmp → fsync → rename) to `producer-ids.json`, so a crash at any point restarts from
 * a fresh block and an id is never reused — at worst the rest of a block is skipped, the way
 * Kafka's controller-allocated ProducerIdsBlock (KIP-730) works.
 *
 * @module
 */
import { writeFileAtomic } from "../../runtime/atomic.ts";
import type { FileSystem } from "../../runtime/types.ts";

/** Ids reserved per durable write. */
export const DEFAULT_BLOCK_SIZE = 1000;

/** Where the allocator keeps its block and how big blocks are. */
export interface ProducerIdAllocatorOptions {
  fs: FileSystem;
  /** The state file, e.g. `data/producer-ids.json`. */
  path: string;
  blockSize?: number;
}

/** The state file is unreadable: refuse to start rather than risk reusing ids. */
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

  /** Load the persisted block end; the next id starts there. */
  static async open(options: ProducerIdAllocatorOptions): Promise<ProducerIdAllocator> {
    const allocator = new ProducerIdAllocator(options);
    const bytes = await options.fs.readFile(options.path);
    if (bytes !== null) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder().decode(bytes));
      } catch (cause) {
        throw new ProducerIdStateError(`${options.path} is not valid JSON`, { cause });
      }
      const nextBlockStart = (parsed as { nextBlockStart?: unknown }).nextBlockStart;
      if (typeof nextBlockStart !== "number" || !Number.isSafeInteger(nextBlockStart) || nextBlockStart < 0) {
        throw new ProducerIdStateError(`${options.path} has no valid nextBlockStart`);
      }
      allocator.#next = nextBlockStart;
      allocator.#blockEnd = nextBlockStart;
    }
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
    return writeFileAtomic(this.#fs, this.#path, new TextEncoder().encode(json));
  }
}
