/**
 * In-memory LogManager for MQTT tests: stores RecordBatch v2 bytes per partition, assigns
 * offsets by rewriting the base offset, moves the high watermark on append (optionally after a
 * delay, to imitate group commit), and can be "restarted" by building a new manager over the
 * same stored bytes.
 */
import { iterateBatches, OFFSET_BASE_OFFSET, writeInt64 } from "../../broker/log/record_batch.ts";
import { decodeAllRecords } from "../../broker/log/record_codec.ts";
import type {
  AppendResult,
  CreateTopicOptions,
  LogManager,
  LogRecord,
  PartitionLog,
  ReadResult,
  TopicConfig,
  TopicMetadata,
} from "../../broker/log/types.ts";

const defaultConfig: TopicConfig = {
  "retention.ms": -1,
  "retention.bytes": -1,
  "segment.bytes": 1 << 30,
  "segment.ms": 7 * 24 * 3600 * 1000,
  "cleanup.policy": "delete",
  "max.message.bytes": 1 << 20,
  "message.timestamp.type": "CreateTime",
};

/** Shared backing data that survives a "restart". */
export interface FakeLogData {
  topics: Map<string, TopicMetadata>;
  partitions: Map<string, Array<{ base: number; last: number; bytes: Uint8Array }>>;
}

export function newFakeLogData(): FakeLogData {
  return { topics: new Map(), partitions: new Map() };
}

class FakePartition implements PartitionLog {
  readonly topic: string;
  readonly partition: number;
  logStartOffset = 0;
  highWatermark: number;
  #batches: Array<{ base: number; last: number; bytes: Uint8Array }>;
  #listeners = new Set<(hw: number) => void>();
  #delayMs: number;
  appends = 0;

  constructor(topic: string, partition: number, batches: FakeLogData["partitions"] extends Map<string, infer V> ? V : never, delayMs: number) {
    this.topic = topic;
    this.partition = partition;
    this.#batches = batches;
    this.#delayMs = delayMs;
    this.highWatermark = batches.length ? batches[batches.length - 1]!.last + 1 : 0;
  }

  get logEndOffset(): number {
    return this.#batches.length ? this.#batches[this.#batches.length - 1]!.last + 1 : 0;
  }

  async append(input: Uint8Array): Promise<AppendResult> {
    this.appends++;
    const base = this.logEndOffset;
    let next = base;
    for (const { position, size, header } of iterateBatches(input)) {
      const bytes = input.slice(position, position + size);
      writeInt64(bytes, OFFSET_BASE_OFFSET, next);
      this.#batches.push({ base: next, last: next + header.lastOffsetDelta, bytes });
      next += header.lastOffsetDelta + 1;
    }
    if (this.#delayMs > 0) await new Promise((r) => setTimeout(r, this.#delayMs));
    this.highWatermark = this.logEndOffset;
    for (const l of this.#listeners) l(this.highWatermark);
    return { baseOffset: base, lastOffset: next - 1, logAppendTime: -1, logStartOffset: 0 };
  }

  read(offset: number, maxBytes: number): Promise<ReadResult> {
    const parts: Uint8Array[] = [];
    let size = 0;
    for (const b of this.#batches) {
      if (b.last < offset || b.base >= this.highWatermark) continue;
      if (parts.length > 0 && size + b.bytes.length > maxBytes) break;
      parts.push(b.bytes);
      size += b.bytes.length;
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    return Promise.resolve({ bytes, highWatermark: this.highWatermark, logStartOffset: 0 });
  }

  /** Every record, for assertions. */
  records(): LogRecord[] {
    const out: LogRecord[] = [];
    for (const b of this.#batches) out.push(...decodeAllRecords(b.bytes));
    return out;
  }

  get batchCount(): number {
    return this.#batches.length;
  }

  offsetForTimestamp(): Promise<{ offset: number; timestamp: number } | null> {
    return Promise.resolve(null);
  }
  maxTimestamp(): Promise<{ offset: number; timestamp: number } | null> {
    return Promise.resolve(null);
  }
  deleteRecordsBefore(offset: number): Promise<number> {
    return Promise.resolve(offset);
  }
  onHighWatermark(listener: (hw: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** In-memory LogManager. `appendDelayMs` imitates the group-commit fsync wait. */
export class FakeLogManager implements LogManager {
  readonly data: FakeLogData;
  #open = new Map<string, FakePartition>();
  #delay: number;
  failAppends = false;

  constructor(data: FakeLogData = newFakeLogData(), options: { appendDelayMs?: number } = {}) {
    this.data = data;
    this.#delay = options.appendDelayMs ?? 0;
  }

  getTopic(name: string): TopicMetadata | undefined {
    return this.data.topics.get(name);
  }
  listTopics(): TopicMetadata[] {
    return [...this.data.topics.values()];
  }
  createTopic(name: string, options: CreateTopicOptions): Promise<TopicMetadata> {
    if (this.data.topics.has(name)) return Promise.reject(new Error(`topic ${name} exists`));
    const meta: TopicMetadata = {
      name,
      id: crypto.getRandomValues(new Uint8Array(16)),
      partitions: options.partitions,
      config: { ...defaultConfig, ...options.config },
      internal: options.internal ?? false,
    };
    this.data.topics.set(name, meta);
    for (let p = 0; p < meta.partitions; p++) this.data.partitions.set(`${name}-${p}`, []);
    return Promise.resolve(meta);
  }
  ensureTopic(name: string, partitions?: number): Promise<TopicMetadata> {
    const existing = this.data.topics.get(name);
    return existing ? Promise.resolve(existing) : this.createTopic(name, { partitions: partitions ?? 1 });
  }
  deleteTopic(name: string): Promise<void> {
    this.data.topics.delete(name);
    return Promise.resolve();
  }
  async createPartitions(): Promise<void> {}
  async alterTopicConfig(): Promise<void> {}
  partition(topic: string, partition: number): Promise<FakePartition | undefined> {
    const id = `${topic}-${partition}`;
    const batches = this.data.partitions.get(id);
    if (!batches) return Promise.resolve(undefined);
    let p = this.#open.get(id);
    if (!p) {
      p = new FakePartition(topic, partition, batches, this.#delay);
      this.#open.set(id, p);
    }
    if (this.failAppends) p.append = () => Promise.reject(new Error("disk full"));
    return Promise.resolve(p);
  }
  addRetentionFloor(): () => void {
    return () => {};
  }
  async close(): Promise<void> {}
}
