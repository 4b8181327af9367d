/**
 * An in-memory LogManager for Kafka-port tests: whole batches in arrays, offsets assigned the
 * way the real log does (rewriting only baseOffset and leader epoch), high watermark = log end.
 */
import { assignOffsets, iterateBatches } from "../../broker/log/record_batch.ts";
import type {
  AppendResult,
  CreateTopicOptions,
  LogManager,
  PartitionLog,
  ReadResult,
  TopicConfig,
  TopicMetadata,
} from "../../broker/log/types.ts";

const defaults: TopicConfig = {
  "retention.ms": -1,
  "retention.bytes": -1,
  "segment.bytes": 1 << 30,
  "segment.ms": 604800000,
  "cleanup.policy": "delete",
  "max.message.bytes": 1 << 20,
  "message.timestamp.type": "CreateTime",
};

export class FakePartitionLog implements PartitionLog {
  logStartOffset = 0;
  logEndOffset = 0;
  batches: Array<{ base: number; last: number; bytes: Uint8Array; maxTimestamp: number }> = [];
  listeners = new Set<(hw: number) => void>();
  appends = 0;
  constructor(readonly topic: string, readonly partition: number) {}
  get highWatermark() {
    return this.logEndOffset;
  }
  async append(batches: Uint8Array): Promise<AppendResult> {
    const copy = batches.slice();
    const baseOffset = this.logEndOffset;
    for (const b of iterateBatches(copy)) {
      assignOffsets(copy, b.position, this.logEndOffset, 0);
      const last = this.logEndOffset + b.header.lastOffsetDelta;
      this.batches.push({ base: this.logEndOffset, last, bytes: copy.subarray(b.position, b.position + b.size), maxTimestamp: b.header.maxTimestamp });
      this.logEndOffset = last + 1;
    }
    this.appends++;
    await Promise.resolve();
    for (const l of this.listeners) l(this.logEndOffset);
    return { baseOffset, lastOffset: this.logEndOffset - 1, logAppendTime: -1, logStartOffset: this.logStartOffset };
  }
  async read(offset: number, maxBytes: number): Promise<ReadResult> {
    const parts: Uint8Array[] = [];
    let size = 0;
    for (const b of this.batches) {
      if (b.last < offset || b.last < this.logStartOffset) continue;
      if (parts.length > 0 && size + b.bytes.length > maxBytes) break;
      parts.push(b.bytes);
      size += b.bytes.length;
    }
    const bytes = new Uint8Array(size);
    let pos = 0;
    for (const p of parts) {
      bytes.set(p, pos);
      pos += p.length;
    }
    return { bytes, highWatermark: this.highWatermark, logStartOffset: this.logStartOffset };
  }
  async offsetForTimestamp(timestamp: number) {
    const b = this.batches.find((x) => x.maxTimestamp >= timestamp);
    return b ? { offset: b.base, timestamp: b.maxTimestamp } : null;
  }
  async maxTimestamp() {
    let best: { offset: number; timestamp: number } | null = null;
    for (const b of this.batches) if (!best || b.maxTimestamp > best.timestamp) best = { offset: b.last, timestamp: b.maxTimestamp };
    return best;
  }
  async deleteRecordsBefore(offset: number) {
    this.logStartOffset = Math.max(this.logStartOffset, Math.min(offset, this.logEndOffset));
    return this.logStartOffset;
  }
  onHighWatermark(listener: (hw: number) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export class FakeLogManager implements LogManager {
  topics = new Map<string, { meta: TopicMetadata; partitions: FakePartitionLog[] }>();
  autoCreate = true;
  getTopic(name: string) {
    return this.topics.get(name)?.meta;
  }
  listTopics(options: { includeInternal?: boolean } = {}) {
    return [...this.topics.values()].map((t) => t.meta).filter((m) => options.includeInternal || !m.internal);
  }
  async createTopic(name: string, options: CreateTopicOptions) {
    if (this.topics.has(name)) throw Object.assign(new Error("exists"), { name: "TopicExistsError" });
    const meta: TopicMetadata = {
      name,
      id: crypto.getRandomValues(new Uint8Array(16)),
      partitions: options.partitions,
      config: { ...defaults, ...options.config },
      internal: options.internal ?? false,
    };
    this.topics.set(name, { meta, partitions: Array.from({ length: options.partitions }, (_, i) => new FakePartitionLog(name, i)) });
    return meta;
  }
  async ensureTopic(name: string, partitions = 1) {
    const t = this.topics.get(name);
    if (t) return t.meta;
    if (!this.autoCreate) throw Object.assign(new Error(`unknown topic ${name}`), { name: "UnknownTopicError" });
    return this.createTopic(name, { partitions });
  }
  async deleteTopic(name: string) {
    this.topics.delete(name);
  }
  async createPartitions(name: string, total: number) {
    const t = this.topics.get(name);
    if (!t) return;
    while (t.partitions.length < total) t.partitions.push(new FakePartitionLog(name, t.partitions.length));
    t.meta.partitions = total;
  }
  async alterTopicConfig(name: string, changes: Partial<TopicConfig>) {
    const t = this.topics.get(name);
    if (t) t.meta.config = { ...t.meta.config, ...changes };
  }
  async partition(topic: string, partition: number) {
    return this.topics.get(topic)?.partitions[partition];
  }
  addRetentionFloor() {
    return () => {};
  }
  async close() {}
}
