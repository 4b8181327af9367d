/** A bare MQTT client over a raw TCP connection, for exact protocol tests (no auto-acks). */
import { encodePacket, PacketDecoder } from "../../broker/mqtt/codec.ts";
import type { ConnectPacket, Packet, ProtocolVersion } from "../../broker/mqtt/packets.ts";
import type { TcpConnection } from "../../broker/runtime/types.ts";
import { runtime } from "./_harness.ts";

type Distribute<P, C> = P extends { cmd: infer K } ? (C extends K ? P : never) : never;
/** The packet type whose `cmd` can be C. */
export type PacketOf<C extends Packet["cmd"]> = Distribute<Packet, C>;

export class RawClient {
  readonly socket: TcpConnection;
  readonly version: ProtocolVersion;
  readonly received: Packet[] = [];
  closed = false;
  #decoder: PacketDecoder;
  #waiters: Array<() => void> = [];

  private constructor(socket: TcpConnection, version: ProtocolVersion) {
    this.socket = socket;
    this.version = version;
    this.#decoder = new PacketDecoder({ maxPacketSize: 1 << 28, protocolVersion: version });
    void this.#loop();
  }

  static async open(port: number, version: ProtocolVersion = 5): Promise<RawClient> {
    const socket = await runtime.connect({ hostname: "127.0.0.1", port });
    return new RawClient(socket, version);
  }

  /** Open and CONNECT; waits for CONNACK. */
  static async connect(port: number, connect: Partial<ConnectPacket> & { protocolVersion?: ProtocolVersion }): Promise<RawClient> {
    const version = connect.protocolVersion ?? 5;
    const c = await RawClient.open(port, version);
    await c.send({
      cmd: "connect",
      protocolId: "MQTT",
      protocolVersion: version,
      clientId: "raw",
      clean: true,
      keepalive: 0,
      ...connect,
    } as ConnectPacket);
    await c.next("connack");
    return c;
  }

  async #loop(): Promise<void> {
    for (;;) {
      const chunk = await this.socket.read();
      if (chunk === null) break;
      for (const p of this.#decoder.push(chunk)) this.received.push(p);
      this.#wake();
    }
    this.closed = true;
    this.#wake();
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  send(packet: Packet): Promise<void> {
    return this.socket.write(encodePacket(packet, this.version));
  }

  writeRaw(bytes: Uint8Array): Promise<void> {
    return this.socket.write(bytes);
  }

  /** Next received packet of the given type (removed from `received`). */
  async next<C extends Packet["cmd"]>(cmd: C, ms = 3000): Promise<PacketOf<C>> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.received.findIndex((p) => p.cmd === cmd);
      if (i >= 0) return this.received.splice(i, 1)[0] as PacketOf<C>;
      if (this.closed) throw new Error(`connection closed while waiting for ${cmd}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${cmd}`);
      await new Promise<void>((r) => {
        this.#waiters.push(r);
        setTimeout(r, 20);
      });
    }
  }

  async waitClosed(ms = 3000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error("connection still open");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.socket.close();
  }
}
