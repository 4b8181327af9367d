/**
 * Keyed durable state in an internal compacted topic (`cleanup.policy=compact`, one
 * partition): a put is a keyed record, a delete a tombstone (null value), and the state is
 * the last value per key, replayed at start-up. No snapshot file is rewritten, so SD-card
 * writes stay proportional to changes.
 *
 * Writes are coalesced: every put issued in one turn of the event loop (and while the previous
 * append is in flight) goes out as one RecordBatch in one append. A key written and deleted
 * before ever reaching the log is not written at all.
 *
 * @module
 */

import { buildRecordBatch } from "../log/record_codec.ts";
import type { LogManager, PartitionLog } from "../log/types.ts";
import { readRecords } from "../routing/log_reader.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A compacted, keyed store on one internal topic. */
export class CompactedStore {
  readonly topic: string;
  #log: PartitionLog;
  #now: () => number;
  /** Keys whose latest durable value is non-null. */
  #live = new Set<string>();
  #pending = new Map<string, Uint8Array | null>();
  #waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  #inflight: Promise<void> | undefined;
  #inflightKeys = new Set<string>();
  #scheduled = false;

  private constructor(topic: string, log: PartitionLog, now: () => number) {
    this.topic = topic;
    this.#log = log;
    this.#now = now;
  }

  /** Open (creating if missing) and replay; returns the store and the current state. */
  static async open(
    manager: LogManager,
    topic: string,
    now: () => number,
    segmentBytes = 8 * 1024 * 1024,
  ): Promise<{ store: CompactedStore; state: Map<string, Uint8Array> }> {
    if (!manager.getTopic(topic)) {
      // Small segments: only closed segments are compacted, and the replay at start-up reads
      // whatever is not compacted yet, so both stay bounded.
      await manager.createTopic(topic, {
        partitions: 1,
        internal: true,
        config: { "cleanup.policy": "compact", "segment.bytes": segmentBytes, "segment.ms": 24 * 3600 * 1000 },
      }).catch((e) => {
        if (!manager.getTopic(topic)) throw e;
      });
    }
    const log = await manager.partition(topic, 0);
    if (!log) throw new Error(`internal topic ${topic} has no partition 0`);
    const state = new Map<string, Uint8Array>();
    await readRecords(log, log.logStartOffset, (r) => {
      if (r.key === null) return;
      const key = dec.decode(r.key);
      if (r.value === null) state.delete(key);
      else state.set(key, new Uint8Array(r.value));
    });
    const store = new CompactedStore(topic, log, now);
    for (const key of state.keys()) store.#live.add(key);
    return { store, state };
  }

  /** Write `value` under `key` (null deletes); resolves once durable. */
  put(key: string, value: Uint8Array | null): Promise<void> {
    if (value === null && !this.#live.has(key) && !this.#inflightKeys.has(key)) {
      // Never reached the log and not on its way: forget it instead of writing a tombstone.
      this.#pending.delete(key);
      return Promise.resolve();
    }
    this.#pending.set(key, value);
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    this.#schedule();
    return done;
  }

  /** Wait until everything written so far is durable. */
  async flush(): Promise<void> {
    while (this.#inflight || this.#pending.size > 0 || this.#scheduled) {
      if (this.#inflight) await this.#inflight.catch(() => {});
      else await new Promise((r) => setTimeout(r, 0));
    }
  }

  #schedule(): void {
    if (this.#inflight || this.#scheduled) return;
    this.#scheduled = true;
    setTimeout(() => {
      this.#scheduled = false;
      this.#write();
    }, 0);
  }

  #write(): void {
    if (this.#pending.size === 0) {
      for (const w of this.#waiters.splice(0)) w.resolve();
      return;
    }
    const entries = [...this.#pending];
    const waiters = this.#waiters.splice(0);
    this.#pending.clear();
    this.#inflightKeys = new Set(entries.map(([key]) => key));
    const timestamp = this.#now();
    const batch = buildRecordBatch(entries.map(([key, value]) => ({ timestamp, key: enc.encode(key), value })));
    this.#inflight = this.#log.append(batch).then(
      () => {
        for (const [key, value] of entries) {
          if (value === null) this.#live.delete(key);
          else this.#live.add(key);
        }
        for (const w of waiters) w.resolve();
      },
      (error) => {
        for (const w of waiters) w.reject(error);
      },
    ).finally(() => {
      this.#inflight = undefined;
      this.#inflightKeys.clear();
      if (this.#pending.size > 0 || this.#waiters.length > 0) this.#write();
    });
  }
}
