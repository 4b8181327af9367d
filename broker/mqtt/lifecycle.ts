/**
 * Timers that outlive connections: delayed wills [MQTT-3.1.3-9] and session expiry
 * [MQTT-3.1.2-23]. A will waits min(Will Delay Interval, Session Expiry Interval); a new
 * connection to the session cancels it; the session ending publishes it at once.
 *
 * On a broker shutdown every will still pending is published at once, delayed ones included,
 * before the connections close (what Mosquitto does): wills do not survive a restart, so
 * holding them back would lose them, and the server does close those connections without a
 * DISCONNECT from the client (§3.1.2.5).
 *
 * @module
 */

import { type Clock, type LongTimer, longTimer } from "./clock.ts";
import type { Engine } from "./engine.ts";
import { messageFromPublish } from "./message.ts";
import type { WillMessage } from "./packets.ts";
import type { Session } from "./session.ts";

const NEVER = 0xffffffff;

/** Will and expiry timers of every offline session. */
export class SessionLifecycle {
  #engine: Engine;
  #clock: Clock;
  #wills = new Map<string, { will: WillMessage; timer: LongTimer }>();
  #expiry = new Map<string, LongTimer>();

  constructor(engine: Engine, clock: Clock) {
    this.#engine = engine;
    this.#clock = clock;
  }

  /** A connection ended. `will` is set when it ended without a normal DISCONNECT. */
  connectionEnded(session: Session, will: WillMessage | undefined): void {
    if (will) {
      const delay = Math.min(will.properties?.willDelayInterval ?? 0, session.expiryInterval);
      if (delay === 0) this.#publishWill(session.clientId, will);
      else {
        const timer = longTimer(this.#clock, delay * 1000, () => this.#fireWill(session.clientId));
        this.#wills.set(session.clientId, { will, timer });
      }
    }
    this.scheduleExpiry(session);
  }

  /** Start the expiry timer of an offline session (also used after a restart). */
  scheduleExpiry(session: Session): void {
    if (session.expiryInterval === 0) return this.#end(session);
    if (session.expiryInterval >= NEVER) return;
    const since = session.disconnectedAt === undefined ? 0 : this.#clock.now() - session.disconnectedAt;
    const left = Math.max(0, session.expiryInterval * 1000 - since);
    const timer = longTimer(this.#clock, left, () => {
      this.#expiry.delete(session.clientId);
      if (this.#engine.sessions.get(session.clientId) === session && !session.link) this.#end(session);
    });
    this.#expiry.set(session.clientId, timer);
  }

  /**
   * A client connected with this id. The pending will is cancelled when the session
   * continues, and published when the old session ends (clean start) [MQTT-3.1.3-9].
   */
  connected(clientId: string, sessionContinues: boolean): void {
    const timer = this.#expiry.get(clientId);
    if (timer !== undefined) {
      timer.cancel();
      this.#expiry.delete(clientId);
    }
    const pending = this.#wills.get(clientId);
    if (!pending) return;
    pending.timer.cancel();
    this.#wills.delete(clientId);
    if (!sessionContinues) this.#publishWill(clientId, pending.will);
  }

  /**
   * Broker shutdown: publish `connected` clients' wills and every delayed will now; resolves
   * once each is authorized and durable (or refused/failed). Call before {@link close}.
   */
  async publishWillsOnShutdown(connected: Array<{ clientId: string; will: WillMessage }>): Promise<void> {
    const pending = [...this.#wills].map(([clientId, { will, timer }]) => {
      timer.cancel();
      return { clientId, will };
    });
    this.#wills.clear();
    await Promise.all([...connected, ...pending].map(({ clientId, will }) => this.#publishWill(clientId, will)));
  }

  /** Cancel every timer (server shutdown). */
  close(): void {
    for (const t of this.#expiry.values()) t.cancel();
    for (const w of this.#wills.values()) w.timer.cancel();
    this.#expiry.clear();
    this.#wills.clear();
  }

  #end(session: Session): void {
    const pending = this.#wills.get(session.clientId);
    if (pending) {
      pending.timer.cancel();
      this.#wills.delete(session.clientId);
      this.#publishWill(session.clientId, pending.will);
    }
    this.#engine.deleteSession(session);
  }

  #fireWill(clientId: string): void {
    const pending = this.#wills.get(clientId);
    if (!pending) return;
    this.#wills.delete(clientId);
    this.#publishWill(clientId, pending.will);
  }

  /** Resolves once the will is refused, or published and durable (failures are reported by the engine). */
  #publishWill(clientId: string, will: WillMessage): Promise<void> {
    // Authorized when published (the ACL may have changed since CONNECT).
    return Promise.resolve(this.#engine.deps.hooks.authorizePublish(clientId, will.topic, will.qos)).then(
      (allowed) => (allowed ? this.#sendWill(clientId, will) : undefined),
      () => {},
    );
  }

  #sendWill(clientId: string, will: WillMessage): Promise<void> {
    const props = { ...will.properties };
    delete props.willDelayInterval;
    const message = messageFromPublish(
      { cmd: "publish", topic: will.topic, payload: will.payload, qos: will.qos, retain: will.retain, dup: false, properties: props },
      will.topic,
      clientId,
      this.#clock.now(),
    );
    const outcome = this.#engine.publish(message, clientId);
    return outcome.durable.catch(() => {});
  }
}
