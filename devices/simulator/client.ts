/**
 * A minimal MQTT 3.1.1 publisher for the simulator over the runtime's TCP (no MQTT.js in the
 * binary): CONNECT, QoS 0/1 PUBLISH with a bounded in-flight window, DISCONNECT. Packets go
 * through the project's one `mqtt-packet` wrapper.
 *
 * @module
 */
import { encodePacket, PacketDecoder } from "../../broker/mqtt/codec.ts";
import type { QoS } from "../../broker/mqtt/packets.ts";
import type { Runtime, TcpConnection } from "../../broker/runtime/types.ts";

/** Where and how to connect. */
export interface SimClientOptions {
  hostname: string;
  port: number;
  clientId: string;
  username?: string;
  password?: string;
  tls?: { ca?: string; insecureSkipVerify?: boolean };
  /** Unacknowledged QoS 1 publishes allowed before `publish` reports "busy". */
  maxInflight?: number;
}

/** Raised when the broker refuses the CONNECT. */
export class ConnectRefusedError extends Error {
  override name = "ConnectRefusedError";
  constructor(readonly returnCode: number) {
    super(`CONNECT refused with return code ${returnCode}`);
  }
}

/** One simulated device's connection. */
export class SimClient {
  #socket: TcpConnection;
  #decoder = new PacketDecoder({ maxPacketSize: 1 << 20, protocolVersion: 4 });
  #inflight = new Set<number>();
  #nextId = 1;
  #maxInflight: number;
  #closed = false;
  /** Publishes acknowledged by the broker (QoS 1) or written (QoS 0). */
  acked = 0;
  /** Called for each PUBACK. */
  onAck: () => void = () => {};
  /** Resolves when the connection ends. */
  readonly done: Promise<void>;

  private constructor(socket: TcpConnection, maxInflight: number, connack: (code: number) => void) {
    this.#socket = socket;
    this.#maxInflight = maxInflight;
    this.done = this.#readLoop(connack);
  }

  /** Connect and wait for CONNACK; rejects with {@link ConnectRefusedError} on refusal. */
  static async connect(runtime: Pick<Runtime, "connect">, o: SimClientOptions): Promise<SimClient> {
    const socket = await runtime.connect({ hostname: o.hostname, port: o.port, timeoutMs: 10_000, ...(o.tls ? { tls: o.tls } : {}) });
    let settle!: (code: number) => void;
    const connack = new Promise<number>((resolve) => (settle = resolve));
    const client = new SimClient(socket, o.maxInflight ?? 64, settle);
    const connect = {
      cmd: "connect" as const,
      protocolId: "MQTT",
      protocolVersion: 4 as const,
      clientId: o.clientId,
      clean: true,
      keepalive: 0,
      ...(o.username !== undefined ? { username: o.username } : {}),
      // mqtt-packet encodes a password only from a string or a Node Buffer, and the codec
      // wrapper passes Uint8Array through unconverted (reported to the MQTT owners): hand it
      // the string, which it UTF-8 encodes exactly as a Uint8Array of the same text.
      ...(o.password !== undefined ? { password: o.password as unknown as Uint8Array } : {}),
    };
    await socket.write(encodePacket(connect, 4));
    const code = await connack;
    if (code !== 0) {
      socket.close();
      throw code < 0 ? new Error("connection closed before CONNACK") : new ConnectRefusedError(code);
    }
    return client;
  }

  /** Room for another QoS 1 publish? */
  get ready(): boolean {
    return !this.#closed && this.#inflight.size < this.#maxInflight;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Send a PUBLISH; false when the window is full or the connection is gone. */
  publish(topic: string, payload: Uint8Array, qos: QoS = 1): boolean {
    if (!this.ready) return false;
    const packet = { cmd: "publish" as const, topic, payload, qos, dup: false, retain: false } as Parameters<typeof encodePacket>[0];
    if (qos > 0) {
      const id = this.#nextId;
      this.#nextId = id === 65535 ? 1 : id + 1;
      this.#inflight.add(id);
      (packet as { messageId?: number }).messageId = id;
    }
    this.#socket.write(encodePacket(packet, 4)).catch(() => this.close());
    if (qos === 0) this.acked++;
    return true;
  }

  /** DISCONNECT and close. */
  async disconnect(): Promise<void> {
    if (this.#closed) return;
    await this.#socket.write(encodePacket({ cmd: "disconnect" }, 4)).catch(() => {});
    this.close();
    await this.done;
  }

  close(): void {
    this.#closed = true;
    this.#socket.close();
  }

  async #readLoop(connack: (code: number) => void): Promise<void> {
    try {
      for (;;) {
        const chunk = await this.#socket.read();
        if (chunk === null) break;
        for (const packet of this.#decoder.push(chunk)) {
          if (packet.cmd === "connack") connack(packet.reasonCode);
          else if (packet.cmd === "puback" && this.#inflight.delete(packet.messageId)) {
            this.acked++;
            this.onAck();
          }
        }
      }
    } catch {
      // A decode error or reset ends this client; the runner counts it as disconnected.
    } finally {
      this.#closed = true;
      connack(-1);
      this.#socket.close();
    }
  }
}
