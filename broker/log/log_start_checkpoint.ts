/**
 * The `log-start-offset` checkpoint of a data dir (Kafka's `log-start-offset-checkpoint`):
 * the log start offset of each partition where DeleteRecords moved it inside a segment.
 * Text format as Kafka's: version line, count line, then "topic partition offset" lines.
 * Replaced atomically; writes are serialized so the newest state always lands last.
 *
 * @module
 */

import { writeFileAtomic } from "../runtime/atomic.ts";
import type { FileSystem } from "../runtime/types.ts";

/** File name of the checkpoint under the data dir. */
export const LOG_START_FILE = "log-start-offset";

/** In-memory map mirrored to the checkpoint file. */
export class LogStartCheckpoint {
  #offsets = new Map<string, number>();
  #writing: Promise<void> = Promise.resolve();

  constructor(readonly fs: FileSystem, readonly dataDir: string) {}

  /** Read the file (missing = empty). Malformed lines are ignored: offsets only ever protect. */
  async load(): Promise<void> {
    const bytes = await this.fs.readFile(`${this.dataDir}/${LOG_START_FILE}`);
    if (bytes === null) return;
    const lines = new TextDecoder().decode(bytes).split("\n").slice(2);
    for (const line of lines) {
      const m = /^(\S+) (\d+) (\d+)$/.exec(line.trim());
      if (m) this.#offsets.set(`${m[1]}\u0000${m[2]}`, Number(m[3]));
    }
  }

  get(topic: string, partition: number): number {
    return this.#offsets.get(`${topic}\u0000${partition}`) ?? 0;
  }

  /** Record a new start offset and persist before returning. */
  set(topic: string, partition: number, offset: number): Promise<void> {
    this.#offsets.set(`${topic}\u0000${partition}`, offset);
    return this.#persist();
  }

  /** Forget a deleted topic's entries. */
  removeTopic(topic: string): Promise<void> {
    for (const key of [...this.#offsets.keys()]) if (key.startsWith(`${topic}\u0000`)) this.#offsets.delete(key);
    return this.#persist();
  }

  #persist(): Promise<void> {
    const next = this.#writing.catch(() => {}).then(() => {
      const lines = [...this.#offsets].map(([k, v]) => `${k.replace("\u0000", " ")} ${v}`);
      const text = `0\n${lines.length}\n${lines.join("\n")}\n`;
      return writeFileAtomic(this.fs, `${this.dataDir}/${LOG_START_FILE}`, new TextEncoder().encode(text));
    });
    this.#writing = next;
    return next;
  }
}
