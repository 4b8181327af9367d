/**
 * Kafka → MQTT: records that appear in a mapped topic without having come from MQTT (a Kafka
 * producer wrote them) are published to matching MQTT subscribers.
 *
 * Each partition of each reverse-enabled rule topic is tailed from its high watermark at
 * start (history is not replayed) via `onHighWatermark`; partitions that appear later are new,
 * so they are read from their log start. Records written by MQTT ingest are
 * skipped by offset (ingest remembers the offset runs it appended; before reading, the tailer
 * waits for the partition's in-flight ingest append to settle so every run is known) —
 * local fan-out already happened at ingest, so nothing is delivered twice.
 *
 * The MQTT topic comes from the `mqtt.topic` header (which must match one of the topic's rule
 * filters), else from the rule (see `reverseTopic`); records with neither are skipped. QoS from `mqtt.qos` (default 1). Headers map back to user properties.
 * Payloads are delivered as stored (no reverse transcoding).
 *
 * @module
 */

import type { Decompressor } from "../log/record_codec.ts";
import type { LogManager, LogRecord, PartitionLog } from "../log/types.ts";
import type { Message } from "../mqtt/message.ts";
import { topicMatches, validateTopicName } from "../mqtt/topic_filter.ts";
import type { Logger } from "../observe/logger.ts";
import type { Ingest } from "./ingest.ts";
import { readRecords } from "./log_reader.ts";
import { readHeaders } from "./record_mapping.ts";
import { type CompiledRule, reverseTopic } from "./rules.ts";

interface Tail {
  topic: string;
  partition: number;
  log: PartitionLog;
  cursor: number;
  busy: boolean;
  again: boolean;
  unsubscribe: () => void;
}

const dec = new TextDecoder();

/** Options of {@link KafkaToMqtt}. */
export interface KafkaToMqttOptions {
  log: LogManager;
  rules: readonly CompiledRule[];
  ingest: Ingest;
  deliver: (message: Message) => void;
  logger: Logger;
  now: () => number;
  decompress?: Decompressor;
  /** How often to look for newly created topics or partitions (ms). */
  refreshMs?: number;
  onSkipped?: () => void;
}

/** Tails reverse-mapped topics and hands their records to MQTT fan-out. */
export class KafkaToMqtt {
  #o: KafkaToMqttOptions;
  #tails = new Map<string, Tail>();
  #byTopic = new Map<string, CompiledRule[]>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #refreshing: Promise<void> = Promise.resolve();
  /** Set after the first refresh: partitions found later were created while we run. */
  #started = false;

  constructor(options: KafkaToMqttOptions) {
    this.#o = options;
    for (const r of options.rules) {
      if (r.rule.reverse === false) continue;
      const list = this.#byTopic.get(r.rule.topic) ?? [];
      list.push(r);
      this.#byTopic.set(r.rule.topic, list);
    }
  }

  /** Kafka topics tailed (ingest tracks its own offsets for these). */
  get topics(): Set<string> {
    return new Set(this.#byTopic.keys());
  }

  async start(): Promise<void> {
    await this.refresh();
    this.#started = true;
    const tick = () => {
      if (this.#closed) return;
      void this.refresh().finally(() => {
        if (!this.#closed) this.#timer = setTimeout(tick, this.#o.refreshMs ?? 2000);
      });
    };
    this.#timer = setTimeout(tick, this.#o.refreshMs ?? 2000);
  }

  /** Attach to partitions of mapped topics that exist now (serialized: no double attach). */
  refresh(): Promise<void> {
    this.#refreshing = this.#refreshing.then(() => this.#refreshOnce(), () => this.#refreshOnce());
    return this.#refreshing;
  }

  async #refreshOnce(): Promise<void> {
    for (const topic of this.#byTopic.keys()) {
      const meta = this.#o.log.getTopic(topic);
      if (!meta) continue;
      for (let p = 0; p < meta.partitions; p++) {
        const id = `${topic}\u0000${p}`;
        if (this.#tails.has(id)) continue;
        const log = await this.#o.log.partition(topic, p);
        if (!log || this.#closed) continue;
        // History is not replayed, but a partition created after start (e.g. auto-created by a
        // Kafka producer's first record) is read from its start: all of it is new.
        const cursor = this.#started ? log.logStartOffset : log.highWatermark;
        const tail: Tail = { topic, partition: p, log, cursor, busy: false, again: false, unsubscribe: () => {} };
        tail.unsubscribe = log.onHighWatermark(() => void this.#poll(tail));
        this.#tails.set(id, tail);
        if (cursor < log.highWatermark) void this.#poll(tail);
      }
    }
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    for (const t of this.#tails.values()) t.unsubscribe();
    this.#tails.clear();
  }

  async #poll(tail: Tail): Promise<void> {
    if (tail.busy) {
      tail.again = true;
      return;
    }
    tail.busy = true;
    try {
      do {
        tail.again = false;
        const ingest = this.#o.ingest;
        await ingest.settled(tail.topic, tail.partition);
        // Never read past the start of an append still in flight: its offsets are not yet known.
        const limit = ingest.unsettledFrom(tail.topic, tail.partition);
        const options = { limit: limit === undefined ? Infinity : Math.max(0, limit), ...(this.#o.decompress ? { decompress: this.#o.decompress } : {}) };
        tail.cursor = ingest.skipOwn(tail.topic, tail.partition, tail.cursor);
        tail.cursor = await readRecords(tail.log, tail.cursor, (r) => this.#visit(tail, r), options);
        ingest.forgetBefore(tail.topic, tail.partition, tail.cursor);
        if (limit !== undefined && tail.cursor < tail.log.highWatermark) tail.again = true;
      } while (tail.again && !this.#closed);
    } catch (error) {
      this.#o.logger.warn("kafka->mqtt read failed", { topic: tail.topic, partition: tail.partition, error });
    } finally {
      tail.busy = false;
    }
  }

  #visit(tail: Tail, record: LogRecord): void {
    try {
      this.#deliver(tail, record);
    } catch (error) {
      // One bad record must not wedge the partition: skip it, count it, move on.
      this.#o.onSkipped?.();
      this.#o.logger.warn("kafka->mqtt record skipped", { topic: tail.topic, offset: record.offset, error });
    }
  }

  #deliver(tail: Tail, record: LogRecord): void {
    if (this.#o.ingest.isOwn(tail.topic, tail.partition, record.offset)) return;
    const h = readHeaders(record.headers);
    let topic = h.topic;
    const rules = this.#byTopic.get(tail.topic) ?? [];
    // An explicit MQTT topic must still fall under one of this Kafka topic's rules, so a Kafka
    // producer cannot inject into arbitrary MQTT topics.
    if (topic !== undefined && !rules.some((r) => topicMatches(r.rule.filter, topic!))) topic = "";
    if (topic === undefined) {
      const key = record.key === null ? null : dec.decode(record.key);
      for (const rule of rules) {
        topic = reverseTopic(rule, key);
        if (topic !== undefined) break;
      }
    }
    if (topic === undefined || topic === "" || validateTopicName(topic)) {
      this.#o.onSkipped?.();
      return;
    }
    const now = this.#o.now();
    this.#o.deliver({
      topic,
      payload: record.value === null ? new Uint8Array(0) : new Uint8Array(record.value),
      qos: h.qos ?? 1,
      retain: h.retain,
      properties: h.properties,
      expiresAt: h.expirySeconds === undefined ? undefined : now + h.expirySeconds * 1000,
      origin: undefined,
    });
  }
}
