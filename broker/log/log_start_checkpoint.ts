/**
 * The `log-start-offset` checkpoint of a data dir (Kafka's `log-start-offset-checkpoint`):
 * the log start offset of each partition where DeleteRecords moved it inside a segment.
 * Text format as Kafka's: version line, count line, then "topic partition offset" lines.
 * Replaced atomically, keeping the replaced version as `.prev`; writes are serialized so the
 * newest state always lands last. A torn file (power loss on a card that lied about a flush)
 * falls back to the previous version, and with neither readable every partition starts at its
 * first segment — with a warning either way, never a refusal to start.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import { readStateFile, writeFileAtomic } from "../runtime/atomic.ts";
import type { FileSystem } from "../runtime/types.ts";

/** File name of the checkpoint under the data dir. */
export const LOG_START_FILE = "log-start-offset";

/** In-memory map mirrored to the checkpoint file. */
export class LogStartCheckpoint {
  #offsets = new Map<string, number>();
  #writing: Promise<void> = Promise.resolve();

  constructor(readonly fs: FileSystem, readonly dataDir: string, readonly logger?: Logger) {}

  /** Read the file (missing = empty; torn = the previous version, or empty, with a warning). */
  async load(): Promise<void> {
    const path = `${this.dataDir}/${LOG_START_FILE}`;
    const read = await readStateFile(this.fs, path, parseCheckpoint);
    if (read.problems.length > 0) {
      this.logger?.warn(read.value ? "log start offsets damaged: using the previous checkpoint" : "log start offsets unreadable: every partition starts at its first segment", {
        file: path,
        problems: read.problems,
      });
    }
    for (const [key, offset] of read.value ?? []) this.#offsets.set(key, offset);
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
      return writeFileAtomic(this.fs, `${this.dataDir}/${LOG_START_FILE}`, new TextEncoder().encode(text), { keepPrevious: true });
    });
    this.#writing = next;
    return next;
  }
}

/** Parse the checkpoint text strictly: version 0, a count line, exactly that many entries. */
function parseCheckpoint(bytes: Uint8Array): Map<string, number> {
  const lines = new TextDecoder().decode(bytes).split("\n");
  if (lines.at(-1) === "") lines.pop();
  if (lines[0] !== "0") throw new Error(`version line ${JSON.stringify(lines[0]?.slice(0, 20))} is not 0`);
  const count = Number(lines[1]);
  if (!/^\d+$/.test(lines[1] ?? "") || lines.length !== count + 2) throw new Error(`count line ${JSON.stringify(lines[1]?.slice(0, 20))} does not match ${lines.length - 2} entries`);
  const out = new Map<string, number>();
  for (const line of lines.slice(2)) {
    const m = /^(\S+) (\d+) (\d+)$/.exec(line);
    if (!m) throw new Error(`bad entry ${JSON.stringify(line.slice(0, 60))}`);
    out.set(`${m[1]}\u0000${m[2]}`, Number(m[3]));
  }
  return out;
}
