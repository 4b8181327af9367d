/**
 * Committed offsets, kept in memory and made durable in the compacted internal topic
 * `__consumer_offsets` through the {@link LogManager} (Kafka's `GroupMetadataManager`).
 *
 * A commit resolves only after its append resolved, i.e. after the log's durability policy
 * was met, and only then becomes visible to OffsetFetch. At start, {@link OffsetStore.open}
 * replays the topic from its log start to its high watermark; the last record per key wins and
 * a null value (tombstone) deletes. Keys and values use Kafka's layout (`offsets_codec.ts`).
 *
 * @module
 */
import { buildRecordBatch, decodeRecords } from "../../log/record_codec.ts";
import { iterateBatches } from "../../log/record_batch.ts";
import type { LogManager, PartitionLog } from "../../log/types.ts";
import {
  type CommittedOffset,
  decodeGroupValue,
  decodeKey,
  decodeOffsetValue,
  encodeGroupKey,
  encodeGroupValue,
  encodeOffsetKey,
  encodeOffsetValue,
  type StoredGroupMetadata,
} from "./offsets_codec.ts";

/** Kafka's internal topic name for committed offsets. */
export const OFFSETS_TOPIC = "__consumer_offsets";

/** Options of {@link OffsetStore.open}. */
export interface OffsetStoreOptions {
  /** Where to persist; without it the store is memory-only (tests, embedded use). */
  log?: LogManager;
  /** Partitions of a newly created offsets topic (offsets.topic.num.partitions). Default 1. */
  partitions?: number;
  now?: () => number;
  /** Told about unreadable records skipped during replay. */
  onSkip?: (where: string, error: unknown) => void;
}

/** A committed offset with its partition. */
export interface OffsetEntry {
  topic: string;
  partition: number;
  value: CommittedOffset;
}

type Record = { key: Uint8Array; value: Uint8Array | null };

/** Java `String.hashCode`, for Kafka's group → partition mapping. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Offsets by group, topic and partition, plus the stored group records. */
export class OffsetStore {
  readonly #offsets = new Map<string, Map<string, Map<number, CommittedOffset>>>();
  readonly #groups = new Map<string, StoredGroupMetadata>();
  readonly #log: LogManager | undefined;
  readonly #now: () => number;
  readonly #onSkip: (where: string, error: unknown) => void;
  #partitions = 1;

  private constructor(options: OffsetStoreOptions) {
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.#onSkip = options.onSkip ?? (() => {});
  }

  /** Open the store: create the topic if needed and replay it. */
  static async open(options: OffsetStoreOptions = {}): Promise<OffsetStore> {
    const store = new OffsetStore(options);
    const log = options.log;
    if (!log) return store;
    const topic = log.getTopic(OFFSETS_TOPIC) ??
      (await log
        .createTopic(OFFSETS_TOPIC, { partitions: options.partitions ?? 1, config: { "cleanup.policy": "compact" }, internal: true })
        .catch((error: unknown) => {
          // Lost a creation race: the topic exists now. Anything else is fatal.
          const existing = log.getTopic(OFFSETS_TOPIC);
          if (existing) return existing;
          throw error;
        }));
    store.#partitions = topic.partitions;
    for (let p = 0; p < topic.partitions; p++) {
      const partition = await log.partition(OFFSETS_TOPIC, p);
      if (partition) await store.#replay(partition);
    }
    return store;
  }

  async #replay(log: PartitionLog): Promise<void> {
    let next = log.logStartOffset;
    while (next < log.highWatermark) {
      const { bytes } = await log.read(next, 1 << 20);
      const before = next;
      for (const batch of iterateBatches(bytes)) {
        try {
          for (const record of decodeRecords(bytes, batch.position)) {
            if (record.offset < next || !record.key) continue;
            try {
              this.#apply(record.key, record.value);
            } catch (error) {
              this.#onSkip(`${log.topic}-${log.partition}@${record.offset}`, error);
            }
          }
        } catch (error) {
          // A record this broker cannot read (another tool's format, a future version) is
          // skipped, not fatal: the rest of the topic still restores.
          this.#onSkip(`${log.topic}-${log.partition}@${batch.header.baseOffset}`, error);
        }
        next = Math.max(next, batch.header.baseOffset + batch.header.lastOffsetDelta + 1);
      }
      if (next === before) break; // nothing readable: stop rather than spin
    }
  }

  #apply(key: Uint8Array, value: Uint8Array | null): void {
    const k = decodeKey(key);
    if (!k) return;
    if (k.kind === "group") {
      if (value) this.#groups.set(k.group, decodeGroupValue(value));
      else this.#groups.delete(k.group);
      return;
    }
    if (value) this.#set(k.group, k.topic, k.partition, decodeOffsetValue(value));
    else this.#delete(k.group, k.topic, k.partition);
  }

  #set(group: string, topic: string, partition: number, value: CommittedOffset): void {
    let topics = this.#offsets.get(group);
    if (!topics) this.#offsets.set(group, (topics = new Map()));
    let partitions = topics.get(topic);
    if (!partitions) topics.set(topic, (partitions = new Map()));
    partitions.set(partition, value);
  }

  #delete(group: string, topic: string, partition: number): void {
    const topics = this.#offsets.get(group);
    const partitions = topics?.get(topic);
    if (!topics || !partitions) return;
    partitions.delete(partition);
    if (partitions.size === 0) topics.delete(topic);
    if (topics.size === 0) this.#offsets.delete(group);
  }

  /** The committed offset, or `undefined`. */
  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.#offsets.get(group)?.get(topic)?.get(partition);
  }

  /** Every committed offset of a group. */
  offsetsOf(group: string): OffsetEntry[] {
    const out: OffsetEntry[] = [];
    for (const [topic, partitions] of this.#offsets.get(group) ?? []) {
      for (const [partition, value] of partitions) out.push({ topic, partition, value });
    }
    return out;
  }

  /** Groups that have offsets or a stored group record. */
  groupIds(): string[] {
    return [...new Set([...this.#offsets.keys(), ...this.#groups.keys()])];
  }

  /** The stored group record (protocol type, last generation), if any. */
  groupMetadata(group: string): StoredGroupMetadata | undefined {
    return this.#groups.get(group);
  }

  /** Durably commit offsets; visible once the append resolved. */
  async commit(group: string, entries: OffsetEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.#append(group, entries.map((e) => ({ key: encodeOffsetKey(group, e.topic, e.partition), value: encodeOffsetValue(e.value) })));
    for (const e of entries) this.#set(group, e.topic, e.partition, e.value);
  }

  /** Durably delete offsets (tombstones). */
  async remove(group: string, entries: Array<{ topic: string; partition: number }>): Promise<void> {
    if (entries.length === 0) return;
    await this.#append(group, entries.map((e) => ({ key: encodeOffsetKey(group, e.topic, e.partition), value: null })));
    for (const e of entries) this.#delete(group, e.topic, e.partition);
  }

  /** Delete everything stored for a group (DeleteGroups). */
  async removeGroup(group: string): Promise<void> {
    const records: Record[] = this.offsetsOf(group).map((e) => ({ key: encodeOffsetKey(group, e.topic, e.partition), value: null }));
    records.push({ key: encodeGroupKey(group), value: null });
    await this.#append(group, records);
    this.#offsets.delete(group);
    this.#groups.delete(group);
  }

  /** Store the group-level record (after a generation completes or the group empties). */
  async storeGroup(group: string, metadata: StoredGroupMetadata): Promise<void> {
    await this.#append(group, [{ key: encodeGroupKey(group), value: encodeGroupValue(metadata) }]);
    this.#groups.set(group, metadata);
  }

  async #append(group: string, records: Record[]): Promise<void> {
    if (!this.#log) return;
    const partition = Math.abs(javaStringHash(group)) % this.#partitions;
    const log = await this.#log.partition(OFFSETS_TOPIC, partition);
    if (!log) throw new Error(`${OFFSETS_TOPIC}-${partition} is not available`);
    const timestamp = this.#now();
    await log.append(buildRecordBatch(records.map((r) => ({ timestamp, key: r.key, value: r.value }))));
  }
}
