/**
 * One client connection: the read loop (bytes → packets → dispatcher), an ordered write queue
 * that coalesces packets into few socket writes, keep-alive enforcement at 1.5 × the interval
 * [MQTT-3.1.2-22], topic alias maps, and the cleanup that hands the session back to the
 * lifecycle (will, expiry) when the connection ends.
 *
 * Writes are awaited per connection, never globally: a client that stops reading only fills
 * its own queue (QoS 0 then drops, QoS 1/2 stops at the in-flight window).
 *
 * @module
 */

import type { TcpConnection } from "../runtime/types.ts";
import { encodePacket, MqttCodecError, PacketDecoder, PROTOCOL_MAX_PACKET_SIZE } from "./codec.ts";
import type { TimerId } from "./clock.ts";
import { type Message, publishFor } from "./message.ts";
import type { Packet, ProtocolVersion, WillMessage } from "./packets.ts";
import { Reason } from "./reason_codes.ts";
import type { ServerContext } from "./server_context.ts";
import type { Outbound, Session, SessionLink } from "./session.ts";
import { WriteQueue } from "./write_queue.ts";

/** Largest packet read before CONNECT is accepted. */
const PRE_CONNECT_MAX_PACKET_SIZE = 256 * 1024;

/** Encoded QoS 0 PUBLISH bytes per message, keyed by version, retain flag and expiry left. */
const encodedQos0 = new WeakMap<Message, Map<string, Uint8Array>>();

/** Why an awaited write failed (see {@link Connection.queueAck}). */
export interface AckFailure {
  error: unknown;
}

/** Sends one ack; `failure` is set when what it waited for failed. */
export type AckStep = (failure: AckFailure | undefined) => void;

/** Acks that wait on one promise; settled once it has. */
interface AckGroup {
  settled: boolean;
  failure: AckFailure | undefined;
}

/** The group of acks that wait for nothing. */
const SETTLED: AckGroup = Object.freeze({ settled: true, failure: undefined }) as AckGroup;

/** Per-connection protocol state. */
export class Connection implements SessionLink {
  readonly ctx: ServerContext;
  readonly socket: TcpConnection;
  state: "new" | "connected" | "closed" = "new";
  protocolVersion: ProtocolVersion = 4;
  clientId = "";
  session: Session | undefined;
  will: WillMessage | undefined;
  /** Effective keep-alive in seconds (0 = none). */
  keepalive = 0;
  lastActivity: number;
  clientMaxPacketSize = PROTOCOL_MAX_PACKET_SIZE;
  clientReceiveMaximum = 65535;
  clientTopicAliasMaximum = 0;
  readonly inboundAliases = new Map<number, string>();
  readonly outboundAliases = new Map<string, number>();
  /** The topic name of the last PUBLISH that passed validation (checked again only when it changes). */
  lastValidTopic: string | undefined;
  /** QoS 1/2 publishes from the client not yet fully acknowledged (Receive Maximum). */
  inboundPending = 0;
  /**
   * Acks wait here so they leave in the order the publishes arrived [MQTT-4.6.0-2]; each runs
   * once its group has settled.
   */
  #acks: Array<{ group: AckGroup; step: AckStep }> = [];
  /** The promise most recently waited on, and its group: acks of one log batch share both. */
  #lastWait: Promise<void> | undefined;
  #lastGroup: AckGroup = SETTLED;
  #ackWaiters: Array<{ below: number; resolve: () => void }> = [];
  /** DISCONNECT with reason 0x00 received: the will is discarded [MQTT-3.1.2-10]. */
  normalDisconnect = false;
  #decoder: PacketDecoder;
  #output: WriteQueue;
  #timer: TimerId | undefined;
  #dispatch: (connection: Connection, packet: Packet) => void | Promise<void>;

  constructor(ctx: ServerContext, socket: TcpConnection, dispatch: (c: Connection, p: Packet) => void | Promise<void>) {
    this.ctx = ctx;
    this.socket = socket;
    this.#dispatch = dispatch;
    // Until CONNECT is accepted, only a CONNECT-sized packet is buffered (a 64 KiB will and
    // credentials fit), so unauthenticated sockets cannot pin megabytes each.
    this.#decoder = new PacketDecoder({ maxPacketSize: Math.min(ctx.limits.maxPacketSize, PRE_CONNECT_MAX_PACKET_SIZE) });
    this.#output = new WriteQueue(socket, ctx.limits.maxPendingBytes, () => this.close(), () => {
      // The socket caught up: move more QoS 1/2 messages into flight.
      if (!this.closed && this.session?.link === this) this.session.pump();
    });
    this.lastActivity = ctx.clock.now();
    this.#timer = ctx.clock.setTimeout(() => {
      if (this.state !== "new") return;
      ctx.limitReporter.refused("mqtt", "connect-timeout", "mqtt.connectTimeoutMs", { remote: socket.remoteAddress, bufferedBytes: this.#decoder.buffered });
      this.close();
    }, ctx.limits.connectTimeoutMs);
  }

  get closed(): boolean {
    return this.state === "closed";
  }

  get v5(): boolean {
    return this.protocolVersion === 5;
  }

  get window(): number {
    return Math.min(this.clientReceiveMaximum, this.ctx.limits.maxInflight);
  }

  /** More than `maxPendingBytes` wait behind a pending socket write (see {@link WriteQueue}). */
  get backlogged(): boolean {
    return this.#output.backlogged;
  }

  /** Read and dispatch until the peer goes away or the connection is closed. */
  async run(): Promise<void> {
    try {
      while (this.state !== "closed") {
        const chunk = await this.socket.read();
        if (chunk === null) break;
        this.lastActivity = this.ctx.clock.now();
        this.#decoder.feed(chunk);
        while (!this.closed) {
          // A client whose replies pile up (it does not read) is not read from until they drain.
          const stalled = this.#output.whenWritable();
          if (stalled) await stalled;
          let packet: Packet | undefined;
          try {
            packet = this.#decoder.next();
          } catch (error) {
            this.ctx.metrics.malformed.inc();
            const tooLarge = error instanceof MqttCodecError && error.kind === "too-large";
            if (tooLarge) this.ctx.limitReporter.refused("mqtt", "max-packet-bytes", "mqtt.maxPacketBytes", { clientId: this.clientId, error: String(error) });
            this.ctx.logger.debug("mqtt malformed input", { clientId: this.clientId, error });
            if (error instanceof MqttCodecError && error.kind === "unsupported-protocol" && this.state === "new") {
              // v3.1.1 [MQTT-3.1.2-2]: CONNACK 0x01, then close. A level above 5 is a newer
              // client: MQTT 5's 0x84 in v5 form (§3.1.2.2). Mosquitto does the former for all.
              const v5 = (error.protocolLevel ?? 0) > 5;
              this.ctx.metrics.connectionsRefused.inc();
              this.#output.push(encodePacket({ cmd: "connack", sessionPresent: false, reasonCode: v5 ? Reason.UnsupportedProtocolVersion : 1 }, v5 ? 5 : 4));
            }
            this.close(tooLarge ? Reason.PacketTooLarge : Reason.MalformedPacket); // [MQTT-4.13.1-1]
            break;
          }
          if (!packet) break;
          const pending = this.#dispatch(this, packet);
          if (pending) await pending; // only async handlers (hooks returning promises) wait
        }
      }
    } catch (error) {
      this.ctx.logger.warn("mqtt connection failed", { clientId: this.clientId, error });
    } finally {
      this.close();
    }
  }

  /** Encode and queue a packet; false when it exceeds the client's Maximum Packet Size. */
  send(packet: Packet): boolean {
    if (this.state === "closed") return false;
    return this.#enqueue(encodePacket(packet, this.protocolVersion));
  }

  /** Queue a success ack (4 bytes, see {@link encodeSuccessAck}) without allocating for it. */
  sendSuccessAck(firstByte: number, packetId: number): boolean {
    if (this.state === "closed" || this.clientMaxPacketSize < 4) return false;
    this.#output.pushAck(firstByte, packetId);
    return true;
  }

  #enqueue(bytes: Uint8Array): boolean {
    if (this.state === "closed") return false;
    if (bytes.length > this.clientMaxPacketSize) return false; // [MQTT-3.1.2-24]
    this.#output.push(bytes);
    return true;
  }

  sendPublish(out: Outbound, dup: boolean): boolean {
    if (out.qos === 0 && out.subscriptionIds.length === 0 && this.clientTopicAliasMaximum === 0) {
      // QoS 0 fan-out: every such subscriber gets identical bytes; encode once per message.
      const now = this.ctx.clock.now();
      const left = out.message.expiresAt === undefined ? 0 : Math.ceil((out.message.expiresAt - now) / 1000);
      const key = `${this.protocolVersion}:${out.retain ? 1 : 0}:${left}`;
      let cache = encodedQos0.get(out.message);
      if (!cache) encodedQos0.set(out.message, (cache = new Map()));
      let bytes = cache.get(key);
      if (!bytes) {
        const packet = publishFor(out.message, { qos: 0, retain: out.retain, dup: false, messageId: undefined, subscriptionIds: [], v5: this.v5, now });
        bytes = encodePacket(packet, this.protocolVersion);
        cache.set(key, bytes);
      }
      const sent = this.#enqueue(bytes);
      if (sent) this.ctx.metrics.delivered.inc();
      return sent;
    }
    const packet = publishFor(out.message, {
      qos: out.qos,
      retain: out.retain,
      dup,
      messageId: out.qos > 0 ? out.packetId : undefined,
      subscriptionIds: out.subscriptionIds,
      v5: this.v5,
      now: this.ctx.clock.now(),
    });
    if (this.clientTopicAliasMaximum > 0) this.#applyAlias(packet);
    const sent = this.send(packet);
    if (sent) this.ctx.metrics.delivered.inc();
    return sent;
  }

  /**
   * Run `step` once `wait` settles (at once when undefined) and every earlier queued ack has
   * run, so acks leave in arrival order [MQTT-4.6.0-2]; `step` gets the failure, if any. Acks
   * that wait on the same promise (the publishes of one log batch) share one reaction and run
   * in one pass, so they leave in one socket write. A throwing step closes the connection.
   */
  queueAck(wait: Promise<void> | undefined, step: AckStep): void {
    let group = SETTLED;
    if (wait !== undefined) {
      if (wait === this.#lastWait) group = this.#lastGroup;
      else {
        const fresh: AckGroup = { settled: false, failure: undefined };
        wait.then(() => {
          fresh.settled = true;
          this.#runAcks();
        }, (error: unknown) => {
          fresh.settled = true;
          fresh.failure = { error };
          this.#runAcks();
        });
        this.#lastWait = wait;
        this.#lastGroup = group = fresh;
      }
    }
    this.#acks.push({ group, step });
    if (group.settled) this.#runAcks();
  }

  #runAcks(): void {
    const acks = this.#acks;
    for (;;) {
      // Take the settled prefix in one splice (a shift per ack moves the rest every time).
      let ready = 0;
      while (ready < acks.length && acks[ready]!.group.settled) ready++;
      if (ready === 0) break;
      for (const { group, step } of acks.splice(0, ready)) {
        try {
          step(group.failure);
        } catch (error) {
          this.ctx.logger.warn("mqtt ack failed", { clientId: this.clientId, error });
          this.close(Reason.ImplementationSpecificError);
        }
      }
    }
    if (this.#ackWaiters.length > 0) this.#wakeAckWaiters();
  }

  /** Resolves once fewer than `n` acks wait to be sent (or the connection closes); undefined when already so. */
  whenAcksBelow(n: number): Promise<void> | undefined {
    if (this.#acks.length < n || this.state === "closed") return undefined;
    return new Promise((resolve) => this.#ackWaiters.push({ below: n, resolve }));
  }

  #wakeAckWaiters(): void {
    const closed = this.state === "closed";
    this.#ackWaiters = this.#ackWaiters.filter((w) => {
      if (!closed && this.#acks.length >= w.below) return true;
      w.resolve();
      return false;
    });
  }

  sendPubrel(packetId: number): void {
    this.send({ cmd: "pubrel", messageId: packetId });
  }

  /** Outbound topic alias: assign while the client's maximum allows, then send full topics. */
  #applyAlias(packet: { topic: string; properties?: { topicAlias?: number } }): void {
    const known = this.outboundAliases.get(packet.topic);
    if (known !== undefined) {
      packet.properties = { ...packet.properties, topicAlias: known };
      packet.topic = ""; // an established alias is sent with a zero-length topic (§3.3.2.3.4)
      return;
    }
    if (this.outboundAliases.size >= this.clientTopicAliasMaximum) return; // [MQTT-3.3.2-11]
    const alias = this.outboundAliases.size + 1;
    this.outboundAliases.set(packet.topic, alias);
    packet.properties = { ...packet.properties, topicAlias: alias };
  }

  /** CONNECT accepted: packets up to the configured maximum are allowed from now on. */
  connected(): void {
    this.state = "connected";
    this.#decoder.maxPacketSize = this.ctx.limits.maxPacketSize;
  }

  /** Keep-alive: close if nothing arrived within 1.5 × the interval [MQTT-3.1.2-22]. */
  startKeepAlive(): void {
    this.#clearTimer();
    if (this.keepalive === 0) return;
    const limit = this.keepalive * 1500;
    const check = () => {
      if (this.state === "closed") return;
      const idle = this.ctx.clock.now() - this.lastActivity;
      if (idle >= limit) this.close(Reason.KeepAliveTimeout);
      else this.#timer = this.ctx.clock.setTimeout(check, limit - idle);
    };
    this.#timer = this.ctx.clock.setTimeout(check, limit);
  }

  /**
   * Close the connection. With a reason and a connected v5 client, a DISCONNECT carrying it
   * is sent first [MQTT-4.13.2-1]. Idempotent.
   */
  close(reason?: number): void {
    if (this.state === "closed") return;
    if (reason !== undefined && this.v5 && this.state === "connected") {
      this.send({ cmd: "disconnect", reasonCode: reason });
    }
    const wasConnected = this.state === "connected";
    this.state = "closed";
    this.#wakeAckWaiters();
    this.#clearTimer();
    const socket = this.socket;
    if (this.#output.busy) void this.#output.drained().then(() => socket.close());
    else socket.close();
    this.ctx.connectionClosed(this, wasConnected);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.ctx.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
