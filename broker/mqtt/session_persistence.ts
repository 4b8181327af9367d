/**
 * Persistent sessions in the compacted topic `__mqtt_sessions` (see `state_codec.ts` for the
 * keys). Only sessions with an expiry interval > 0 are written; clean sessions cost nothing.
 *
 * @module
 */

import type { CompactedStore } from "./compacted_store.ts";
import type { Outbound, Session } from "./session.ts";
import {
  decodeOutbound,
  decodeSession,
  encodeOutbound,
  encodeSession,
  messageKey,
  parseKey,
  qos2Key,
  sessionKey,
} from "./state_codec.ts";

const ONE = new Uint8Array([1]);

/** Writes session state changes; a no-op without a store. */
export class SessionPersistence {
  #store: CompactedStore | undefined;

  constructor(store: CompactedStore | undefined) {
    this.#store = store;
  }

  get enabled(): boolean {
    return this.#store !== undefined;
  }

  /** Session metadata and subscriptions. */
  saveSession(s: Session): Promise<void> | undefined {
    if (!this.#store || !s.persistent) return undefined;
    return this.#store.put(
      sessionKey(s.clientId),
      encodeSession({
        expiryInterval: s.expiryInterval,
        protocolVersion: s.protocolVersion,
        disconnectedAt: s.disconnectedAt,
        subscriptions: [...s.subscriptions.values()],
      }),
    );
  }

  saveOutbound(s: Session, out: Outbound): Promise<void> | undefined {
    if (!this.#store || !s.persistent) return undefined;
    return this.#store.put(messageKey(s.clientId, out.seq), encodeOutbound(out));
  }

  /** Removal is written whatever the session's current expiry: a tombstone for a key never written is free. */
  removeOutbound(s: Session, out: Outbound): Promise<void> | undefined {
    if (!this.#store) return undefined;
    return this.#store.put(messageKey(s.clientId, out.seq), null);
  }

  addQos2(s: Session, packetId: number): Promise<void> | undefined {
    if (!this.#store || !s.persistent) return undefined;
    return this.#store.put(qos2Key(s.clientId, packetId), ONE);
  }

  removeQos2(s: Session, packetId: number): Promise<void> | undefined {
    if (!this.#store) return undefined;
    return this.#store.put(qos2Key(s.clientId, packetId), null);
  }

  /** Remove the session record (queued messages are removed by `Session.clear`). */
  async deleteSession(s: Session): Promise<void> {
    if (!this.#store) return;
    const writes = [this.#store.put(sessionKey(s.clientId), null)];
    for (const id of s.inboundQos2) writes.push(this.#store.put(qos2Key(s.clientId, id), null));
    await Promise.all(writes).catch(() => {});
  }

  /** Rebuild sessions from replayed state. */
  restore(
    state: Map<string, Uint8Array>,
    create: (clientId: string, expiry: number) => Session,
  ): { sessions: Session[]; maxSeq: number } {
    const sessions = new Map<string, Session>();
    const outbound = new Map<string, Outbound[]>();
    const qos2 = new Map<string, number[]>();
    let maxSeq = 0;
    for (const [key, value] of state) {
      const k = parseKey(key);
      if (!k) continue;
      try {
        if (k.kind === "s") {
          const record = decodeSession(k.clientId, value);
          const session = create(k.clientId, record.expiryInterval);
          session.protocolVersion = record.protocolVersion;
          session.disconnectedAt = record.disconnectedAt;
          for (const sub of record.subscriptions) session.subscriptions.set(sub.rawFilter, sub);
          sessions.set(k.clientId, session);
        } else if (k.kind === "m") {
          maxSeq = Math.max(maxSeq, k.n);
          const list = outbound.get(k.clientId) ?? [];
          list.push(decodeOutbound(k.n, value));
          outbound.set(k.clientId, list);
        } else if (k.kind === "q") {
          const list = qos2.get(k.clientId) ?? [];
          list.push(k.n);
          qos2.set(k.clientId, list);
        }
      } catch {
        // Skip an undecodable entry rather than refuse to start.
      }
    }
    for (const [clientId, list] of outbound) {
      const session = sessions.get(clientId);
      if (!session) {
        // Orphans of a session whose record was deleted: drop them from the log too.
        for (const out of list) void this.#store?.put(messageKey(clientId, out.seq), null);
        continue;
      }
      list.sort((a, b) => a.seq - b.seq);
      for (const out of list) session.restore(out);
    }
    for (const [clientId, ids] of qos2) {
      const session = sessions.get(clientId);
      if (session) for (const id of ids) session.inboundQos2.add(id);
      else for (const id of ids) void this.#store?.put(qos2Key(clientId, id), null);
    }
    return { sessions: [...sessions.values()], maxSeq };
  }
}
