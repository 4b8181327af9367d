/**
 * Retained messages [MQTT-3.3.1-5..7]: one per topic, replaced by each retained PUBLISH,
 * removed by a retained PUBLISH with an empty payload, kept durably in the compacted topic
 * `__mqtt_retained` (key = topic) when a store is attached.
 *
 * Lookup by wildcard filter walks every retained topic; gateways hold thousands, not millions.
 *
 * @module
 */

import type { CompactedStore } from "./compacted_store.ts";
import { isExpired, type Message } from "./message.ts";
import { decodeRetained, encodeRetained } from "./state_codec.ts";
import { hasWildcard, topicMatches } from "./topic_filter.ts";

/** Retained messages by topic. */
export class RetainedStore {
  #messages = new Map<string, Message>();
  #store: CompactedStore | undefined;
  #max: number;
  /** Retained publishes for new topics refused because the store is full. */
  refused = 0;

  constructor(max: number, store?: CompactedStore, state?: Map<string, Uint8Array>) {
    this.#max = max;
    this.#store = store;
    for (const [topic, value] of state ?? []) {
      try {
        this.#messages.set(topic, decodeRetained(value));
      } catch {
        // An undecodable entry is skipped rather than failing start-up.
      }
    }
  }

  get size(): number {
    return this.#messages.size;
  }

  /** Store or clear (empty payload) the retained message for its topic; resolves when durable. */
  set(message: Message): Promise<void> {
    if (message.payload.length === 0) {
      // [MQTT-3.3.1-6] [MQTT-3.3.1-7]: empty payload removes, and is itself not retained.
      if (!this.#messages.delete(message.topic)) return Promise.resolve();
      return this.#store?.put(message.topic, null) ?? Promise.resolve();
    }
    if (!this.#messages.has(message.topic) && this.#messages.size >= this.#max) {
      this.refused++;
      return Promise.resolve();
    }
    const stored: Message = { ...message, retain: true };
    this.#messages.set(message.topic, stored);
    return this.#store?.put(message.topic, encodeRetained(stored)) ?? Promise.resolve();
  }

  /** Unexpired retained messages matching a filter. */
  match(filter: string, now: number): Message[] {
    if (!hasWildcard(filter)) {
      const m = this.#messages.get(filter);
      return m && !isExpired(m, now) ? [m] : [];
    }
    const out: Message[] = [];
    for (const [topic, m] of this.#messages) {
      if (!topicMatches(filter, topic)) continue;
      if (isExpired(m, now)) {
        this.#messages.delete(topic);
        void this.#store?.put(topic, null).catch(() => {});
        continue;
      }
      out.push(m);
    }
    return out;
  }
}
