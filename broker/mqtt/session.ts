/**
 * Session state [MQTT-4.1.0-*]: subscriptions, QoS 1/2 messages queued or in flight to the
 * client with their packet ids, and QoS 2 packet ids received but not yet released.
 *
 * Outbound flow: at most `window` QoS 1/2 messages are in flight (the client's Receive
 * Maximum capped by the server's limit [MQTT-3.3.4-9]); the rest wait in a bounded queue whose
 * oldest entry is dropped (and counted) when full. QoS 0 goes straight to the socket unless it
 * is backlogged or the client is offline, in which case it is dropped and counted.
 *
 * @module
 */

import type { Message } from "./message.ts";
import { isExpired } from "./message.ts";
import type { QoS } from "./packets.ts";
import type { Subscription } from "./subscription_tree.ts";
import { Fifo } from "./fifo.ts";

/** One message on its way to this session's client. */
export interface Outbound {
  /** Broker-wide sequence number; the persistence key. */
  seq: number;
  message: Message;
  qos: QoS;
  retain: boolean;
  subscriptionIds: number[];
  packetId: number | undefined;
  /** "queued": not sent; "sent": PUBLISH out, awaiting PUBACK/PUBREC; "released": PUBREL out. */
  state: "queued" | "sent" | "released";
}

/** The live connection a session sends through (implemented by `Connection`). */
export interface SessionLink {
  /** Send a PUBLISH for `out`; false when it was discarded (over the client's packet size). */
  sendPublish(out: Outbound, dup: boolean): boolean;
  sendPubrel(packetId: number): void;
  /** True when the socket has more unsent bytes than the QoS 0 limit. */
  readonly backlogged: boolean;
  /** In-flight window for QoS 1/2. */
  readonly window: number;
}

/** Side effects a session needs from the broker: persistence and counters. */
export interface SessionEvents {
  /** A QoS 1/2 message entered or changed state in a persistent session. */
  saved(session: Session, out: Outbound): void;
  /** A QoS 1/2 message left the session (acknowledged, dropped or expired). */
  removed(session: Session, out: Outbound): void;
  dropped(reason: "qos0-backlog" | "qos0-offline" | "queue-full" | "expired" | "too-large"): void;
}

/** Server-side session of one client id. */
export class Session {
  readonly clientId: string;
  /** Seconds the session outlives its connection; 0 = ends with it. */
  expiryInterval: number;
  protocolVersion: 3 | 4 | 5 = 4;
  readonly subscriptions = new Map<string, Subscription>();
  readonly inflight = new Map<number, Outbound>();
  /** QoS 1/2 messages waiting for the in-flight window, oldest first. */
  readonly queue = new Fifo<Outbound>();
  readonly inboundQos2 = new Set<number>();
  link: SessionLink | undefined;
  /** Wall time the last connection ended (for expiry across restarts). */
  disconnectedAt: number | undefined;
  #nextPacketId = 1;
  #events: SessionEvents;
  #maxQueued: number;
  #maxQueuedBytes: number;
  #queuedBytes = 0;
  #now: () => number;

  constructor(
    clientId: string,
    expiryInterval: number,
    events: SessionEvents,
    limits: { maxQueued: number; maxQueuedBytes: number },
    now: () => number,
  ) {
    this.clientId = clientId;
    this.expiryInterval = expiryInterval;
    this.#events = events;
    this.#maxQueued = limits.maxQueued;
    this.#maxQueuedBytes = limits.maxQueuedBytes;
    this.#now = now;
  }

  get persistent(): boolean {
    return this.expiryInterval > 0;
  }

  /** Messages held for the client: queued plus in flight (the shared-subscription load). */
  get depth(): number {
    return this.queue.length + this.inflight.size;
  }

  /** Deliver a message at `qos` (already min(subscription, message) [MQTT-3.8.4-8]). */
  deliver(out: Outbound): void {
    if (out.qos === 0) {
      if (!this.link) return this.#events.dropped("qos0-offline");
      if (this.link.backlogged) return this.#events.dropped("qos0-backlog");
      if (!this.link.sendPublish(out, false)) this.#events.dropped("too-large");
      return;
    }
    const size = out.message.payload.length;
    while (this.queue.length > 0 && (this.queue.length >= this.#maxQueued || this.#queuedBytes + size > this.#maxQueuedBytes)) {
      const oldest = this.queue.shift()!;
      this.#queuedBytes -= oldest.message.payload.length;
      this.#events.removed(this, oldest);
      this.#events.dropped("queue-full");
    }
    this.queue.push(out);
    this.#queuedBytes += size;
    this.#events.saved(this, out);
    this.pump();
  }

  /** Move queued messages into flight while the window allows. */
  pump(): void {
    const link = this.link;
    if (!link) return;
    // Also stop while the socket is backlogged: the connection calls pump() again once it
    // drains, so a slow reader holds at most about maxPendingBytes of encoded messages.
    while (this.queue.length > 0 && this.inflight.size < link.window && !link.backlogged) {
      const out = this.queue.shift()!;
      this.#queuedBytes -= out.message.payload.length;
      if (isExpired(out.message, this.#now())) {
        this.#events.removed(this, out);
        this.#events.dropped("expired");
        continue;
      }
      const packetId = this.#allocatePacketId();
      if (packetId === undefined) {
        this.queue.unshift(out);
        this.#queuedBytes += out.message.payload.length;
        return;
      }
      out.packetId = packetId;
      out.state = "sent";
      this.inflight.set(packetId, out);
      if (!link.sendPublish(out, false)) {
        // [MQTT-3.1.2-25] too large for the client: discard as if delivered.
        this.inflight.delete(packetId);
        this.#events.removed(this, out);
        this.#events.dropped("too-large");
        continue;
      }
      this.#events.saved(this, out);
    }
  }

  /** PUBACK (QoS 1) or PUBCOMP (QoS 2) received: the message is done. */
  complete(packetId: number, expected: "sent" | "released"): boolean {
    const out = this.inflight.get(packetId);
    if (!out || out.state !== expected) return false;
    this.inflight.delete(packetId);
    this.#events.removed(this, out);
    this.pump();
    return true;
  }

  /** PUBREC received: answer PUBREL and remember that state [MQTT-4.3.3-4]. */
  received(packetId: number, failed: boolean): boolean {
    const out = this.inflight.get(packetId);
    if (!out || out.qos !== 2) return false;
    if (failed) {
      // A PUBREC reason ≥ 0x80 ends the exchange: no PUBREL [MQTT-4.3.3-4], no resend [MQTT-4.4.0-2].
      this.inflight.delete(packetId);
      this.#events.removed(this, out);
      this.pump();
      return true;
    }
    out.state = "released";
    this.#events.saved(this, out);
    this.link?.sendPubrel(packetId);
    return true;
  }

  /** A new connection took the session: resend in-flight messages with DUP [MQTT-4.4.0-1]. */
  resume(link: SessionLink): void {
    this.link = link;
    this.disconnectedAt = undefined;
    for (const out of [...this.inflight.values()]) {
      if (out.state === "released") link.sendPubrel(out.packetId!);
      else if (!link.sendPublish(out, true)) {
        this.inflight.delete(out.packetId!);
        this.#events.removed(this, out);
      }
    }
    this.pump();
  }

  detach(now: number): void {
    this.link = undefined;
    this.disconnectedAt = now;
  }

  /** Drop everything (session end); persistent entries are removed through the events. */
  clear(): void {
    for (const out of this.inflight.values()) this.#events.removed(this, out);
    for (const out of this.queue) this.#events.removed(this, out);
    this.inflight.clear();
    this.queue.clear();
    this.#queuedBytes = 0;
    this.inboundQos2.clear();
  }

  /** Restore an outbound message (replay at start-up). */
  restore(out: Outbound): void {
    if (out.packetId !== undefined && out.state !== "queued") {
      this.inflight.set(out.packetId, out);
      if (out.packetId >= this.#nextPacketId) this.#nextPacketId = (out.packetId % 65535) + 1;
    } else {
      out.state = "queued";
      out.packetId = undefined;
      this.queue.push(out);
      this.#queuedBytes += out.message.payload.length;
    }
  }

  #allocatePacketId(): number | undefined {
    for (let i = 0; i < 65535; i++) {
      const id = this.#nextPacketId;
      this.#nextPacketId = id === 65535 ? 1 : id + 1;
      if (!this.inflight.has(id)) return id;
    }
    return undefined;
  }
}
