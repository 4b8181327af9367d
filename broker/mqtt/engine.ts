/**
 * The broker core, independent of sockets: sessions, the subscription trie, retained
 * messages, the publish path (log ingest + local fan-out) and durable session state.
 *
 * Publish path: rule lookup → payload codec (refuse on failure) → batched log append →
 * retained update → fan-out to matching sessions. The returned `durable` promise covers the
 * append, the retained write and the persistent-session copies, so the publisher's
 * PUBACK/PUBREC goes out only when all of them are durable. Fan-out itself happens at once
 * (subscribers do not wait for the fsync).
 *
 * @module
 */

import type { LogManager } from "../log/types.ts";
import type { Logger } from "../observe/logger.ts";
import { Ingest } from "../routing/ingest.ts";
import { applyPayloadCodec } from "../routing/payload_codec.ts";
import { EncodedHeadersCache, headersFor } from "../routing/record_mapping.ts";
import { type CompiledRule, recordKey, RuleLookup } from "../routing/rules.ts";
import { Utf8Cache } from "../log/utf8_cache.ts";
import type { Clock } from "./clock.ts";
import type { CompactedStore } from "./compacted_store.ts";
import type { MqttHooks } from "./hooks.ts";
import type { MqttLimits } from "./limits.ts";
import type { Message } from "./message.ts";
import type { MqttMetrics } from "./metrics.ts";
import type { QoS } from "./packets.ts";
import { ownedCopy } from "./publish_codec.ts";
import { RetainedStore } from "./retained_store.ts";
import { Session, type SessionEvents } from "./session.ts";
import { SessionPersistence } from "./session_persistence.ts";
import { pickShared, type Subscription, SubscriptionTree } from "./subscription_tree.ts";

/** Everything the engine is built from. */
export interface EngineDeps {
  log: LogManager | undefined;
  rules: CompiledRule[];
  limits: MqttLimits;
  hooks: MqttHooks;
  logger: Logger;
  metrics: MqttMetrics;
  clock: Clock;
  sessionStore: { store: CompactedStore; state: Map<string, Uint8Array> } | undefined;
  retainedStore: { store: CompactedStore; state: Map<string, Uint8Array> } | undefined;
  /** Topics tailed for Kafka → MQTT (own ingest offsets are remembered for them). */
  trackOwn: (topic: string) => boolean;
}

/** Outcome of accepting a message from a client. */
export interface PublishOutcome {
  /** Set when the payload codec refused the message (nothing stored or forwarded). */
  refused: string | undefined;
  /**
   * Resolves when the message (and its persistent copies) are durable. Messages that went
   * into the same log batch and wrote nothing else share one promise; a failure is already
   * logged and counted (callers need not attach a handler).
   */
  durable: Promise<void>;
}

/** Shared state of one MQTT server. */
export class Engine {
  readonly sessions = new Map<string, Session>();
  readonly tree = new SubscriptionTree();
  readonly retained: RetainedStore;
  readonly ingest: Ingest | undefined;
  readonly deps: EngineDeps;
  readonly persistence: SessionPersistence;
  #seq = 0;
  #collect: Array<Promise<void>> | undefined;
  #rules: RuleLookup;
  /** Record keys (topic segments, client ids) repeat: encoded once. */
  #keys = new Utf8Cache();
  #headers = new EncodedHeadersCache();
  /** The last ingest promise a failure handler was attached to, and how many messages share it. */
  #watched: { append: Promise<void>; messages: number } | undefined;
  readonly events: SessionEvents;

  constructor(deps: EngineDeps) {
    this.deps = deps;
    this.#rules = new RuleLookup(deps.rules);
    this.retained = new RetainedStore(deps.limits.maxRetainedMessages, deps.retainedStore?.store, deps.retainedStore?.state);
    this.ingest = deps.log
      ? new Ingest({ log: deps.log, trackOwn: deps.trackOwn, maxPendingBytes: deps.limits.maxIngestPendingBytes })
      : undefined;
    this.persistence = new SessionPersistence(deps.sessionStore?.store);
    const m = deps.metrics;
    this.events = {
      saved: (s, out) => this.#track(this.persistence.saveOutbound(s, out)),
      removed: (s, out) => this.#track(this.persistence.removeOutbound(s, out)),
      dropped: (reason) => m.dropped[reason].inc(),
    };
    if (deps.sessionStore) {
      const restored = this.persistence.restore(deps.sessionStore.state, (id, expiry) => this.newSession(id, expiry));
      for (const session of restored.sessions) {
        this.sessions.set(session.clientId, session);
        for (const sub of session.subscriptions.values()) this.tree.add(sub);
      }
      this.#seq = restored.maxSeq;
    }
  }

  /** Next broker-wide message sequence number. */
  nextSeq(): number {
    return ++this.#seq;
  }

  newSession(clientId: string, expiryInterval: number): Session {
    const limits = { maxQueued: this.deps.limits.maxQueuedMessages, maxQueuedBytes: this.deps.limits.maxQueuedBytes };
    return new Session(clientId, expiryInterval, this.events, limits, () => this.deps.clock.now());
  }

  /** Accept a message from a client (or a will): log, retain, fan out. */
  publish(message: Message, clientId: string | undefined, now = this.deps.clock.now()): PublishOutcome {
    const rule = this.#rules.find(message.topic);
    let append: Promise<void> | undefined;
    if (!rule) this.deps.metrics.unmapped.inc();
    else if (this.ingest) {
      let value = message.payload;
      // An empty retained payload only clears the retained message; no codec applies.
      if (!(message.retain && value.length === 0)) {
        const outcome = applyPayloadCodec(rule.codec, message.payload);
        if (!outcome.ok) {
          this.deps.metrics.payloadInvalid.inc();
          return { refused: outcome.reason, durable: Promise.resolve() };
        }
        value = outcome.value;
      }
      const key = recordKey(rule, message.topic, clientId);
      const encodedHeaders = this.#headers.encoded(message, clientId);
      // Both fields always present: one object shape for the record builder.
      append = this.ingest.append(rule.rule.topic, rule.rule.partitions, {
        timestamp: now,
        key: key === null ? null : this.#keys.bytes(key),
        value,
        headers: encodedHeaders === undefined ? headersFor(message, clientId, now) : undefined,
        encodedHeaders,
      });
      this.#watchAppend(append, rule.rule.topic);
    }
    // The payload may be a view of the publisher's socket chunk: kept messages get their own copy.
    if (message.retain) message.payload = ownedCopy(message.payload);
    const retained = message.retain ? this.retained.set(message) : undefined; // [MQTT-3.3.1-5]
    this.deps.metrics.received.inc();
    const copies = this.fanout(message, !message.retain);
    if (retained === undefined && copies.length === 0) {
      // The common case: the ingest promise itself, shared by the whole batch.
      return { refused: undefined, durable: append ?? Promise.resolve() };
    }
    const writes = copies;
    if (append) writes.push(append);
    if (retained) writes.push(retained);
    const durable = Promise.all(writes).then(() => {});
    durable.catch(() => {}); // each write reports its own failure
    return { refused: undefined, durable };
  }

  /** Count and log a failed append once per batch, with the number of messages it held. */
  #watchAppend(append: Promise<void>, topic: string): void {
    const watched = this.#watched;
    if (watched?.append === append) {
      watched.messages++;
      return;
    }
    const entry = { append, messages: 1 };
    this.#watched = entry;
    append.catch((error) => {
      this.deps.metrics.ingestFailed.inc(entry.messages);
      // A topic-limit refusal is logged by the limit reporter, at most once per interval.
      if ((error as { name?: string }).name === "TopicLimitError") return;
      this.deps.logger.warn("mqtt ingest append failed", { topic, messages: entry.messages, error });
    });
  }

  /**
   * Deliver to every matching session; returns the persistence writes it caused. With
   * `ownPayload`, a message that matches anything gets its own copy of its payload first (it
   * may be a view of a socket chunk, which queued copies must not pin).
   */
  fanout(message: Message, ownPayload = false): Array<Promise<void>> {
    const collected: Array<Promise<void>> = [];
    this.#collect = collected;
    try {
      const match = this.tree.match(message.topic);
      if (match.subscriptions.length === 0 && match.groups.length === 0) return collected;
      if (ownPayload) message.payload = ownedCopy(message.payload);
      // One delivery per client for overlapping subscriptions: max QoS, all identifiers [MQTT-3.3.4-2..5].
      const merged = new Map<string, { qos: QoS; rap: boolean; ids: number[] }>();
      for (const sub of match.subscriptions) {
        if (sub.noLocal && sub.clientId === message.origin) continue; // [MQTT-3.8.3-3]
        const entry = merged.get(sub.clientId);
        if (!entry) merged.set(sub.clientId, { qos: sub.qos, rap: sub.retainAsPublished, ids: sub.identifier ? [sub.identifier] : [] });
        else {
          entry.qos = Math.max(entry.qos, sub.qos) as QoS;
          entry.rap ||= sub.retainAsPublished;
          if (sub.identifier) entry.ids.push(sub.identifier);
        }
      }
      for (const [clientId, entry] of merged) {
        // [MQTT-3.3.1-12] [MQTT-3.3.1-13]: retain flag kept only with Retain As Published.
        this.#deliverTo(clientId, message, entry.qos, entry.rap && message.retain, entry.ids);
      }
      const strategy = this.deps.limits.sharedSubscriptionStrategy;
      for (const group of match.groups) {
        const member = pickShared(group, strategy, (id) => {
          const s = this.sessions.get(id);
          return s?.link ? s.depth : undefined;
        });
        if (member) {
          this.#deliverTo(member.clientId, message, member.qos, member.retainAsPublished && message.retain, member.identifier ? [member.identifier] : []);
        }
      }
    } finally {
      this.#collect = undefined;
    }
    return collected;
  }

  /** Deliver one message to one session at min(subscription QoS, message QoS). */
  #deliverTo(clientId: string, message: Message, subQos: QoS, retain: boolean, ids: number[]): void {
    const session = this.sessions.get(clientId);
    if (!session) return;
    const qos = Math.min(subQos, message.qos) as QoS; // [MQTT-3.8.4-8]
    session.deliver({ seq: this.nextSeq(), message, qos, retain, subscriptionIds: ids, packetId: undefined, state: "queued" });
  }

  /** Send retained messages for a new subscription per Retain Handling [MQTT-3.3.1-9..11]. */
  sendRetained(session: Session, sub: Subscription, existed: boolean): void {
    if (sub.share !== undefined) return; // no retained messages for shared subscriptions (§4.8.2)
    if (sub.retainHandling === 2 || (sub.retainHandling === 1 && existed)) return;
    const now = this.deps.clock.now();
    for (const m of this.retained.match(sub.filter, now)) {
      const qos = Math.min(sub.qos, m.qos) as QoS;
      // Retained messages sent because of a subscription carry RETAIN=1 (§3.3.1.3; v3.1.1 [MQTT-3.3.1-8]).
      session.deliver({ seq: this.nextSeq(), message: m, qos, retain: true, subscriptionIds: sub.identifier ? [sub.identifier] : [], packetId: undefined, state: "queued" });
    }
  }

  /** Add or replace a subscription in the session and the trie. Returns whether it existed. */
  subscribe(session: Session, sub: Subscription): boolean {
    const existed = session.subscriptions.has(sub.rawFilter);
    session.subscriptions.set(sub.rawFilter, sub);
    this.tree.add(sub);
    return existed;
  }

  unsubscribe(session: Session, rawFilter: string): boolean {
    const sub = session.subscriptions.get(rawFilter);
    if (!sub) return false;
    session.subscriptions.delete(rawFilter);
    this.tree.remove(session.clientId, sub.filter, sub.share);
    return true;
  }

  /** End a session: remove its subscriptions and every persisted trace. */
  deleteSession(session: Session): void {
    for (const sub of session.subscriptions.values()) this.tree.remove(session.clientId, sub.filter, sub.share);
    session.subscriptions.clear();
    session.clear();
    void this.persistence.deleteSession(session);
    if (this.sessions.get(session.clientId) === session) this.sessions.delete(session.clientId);
  }

  #track(write: Promise<void> | undefined): void {
    if (!write) return;
    write.catch((error) => this.deps.logger.warn("mqtt session state write failed", { error }));
    this.#collect?.push(write);
  }
}
