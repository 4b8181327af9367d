/**
 * A loopback TCP proxy that records every client → broker frame (Kafka: size prefix + body;
 * MQTT: one control packet) while forwarding both directions untouched. Used by `capture.ts`
 * to build the corpus from real clients.
 */
import { FrameReader } from "../../broker/mqtt/frame_reader.ts";
import type { Runtime, TcpConnection, TcpListener } from "../../broker/runtime/types.ts";

export type Protocol = "kafka" | "mqtt";

/** Splits one direction of a stream into frames of `protocol`. */
class Framer {
  #pending = new Uint8Array(0);
  #mqtt = new FrameReader(1 << 28);
  constructor(readonly protocol: Protocol, readonly onFrame: (frame: Uint8Array, connection: number) => void, readonly connection: number) {}
  push(chunk: Uint8Array): void {
    if (this.protocol === "mqtt") {
      this.#mqtt.push(chunk.slice());
      for (let f = this.#mqtt.next(); f; f = this.#mqtt.next()) this.onFrame(f.slice(), this.connection);
      return;
    }
    const all = new Uint8Array(this.#pending.length + chunk.length);
    all.set(this.#pending);
    all.set(chunk, this.#pending.length);
    let pos = 0;
    while (all.length - pos >= 4) {
      const size = new DataView(all.buffer, pos, 4).getInt32(0);
      if (all.length - pos - 4 < size) break;
      this.onFrame(all.slice(pos, pos + 4 + size), this.connection);
      pos += 4 + size;
    }
    this.#pending = all.slice(pos);
  }
}

export class RecordingProxy {
  #listener!: TcpListener;
  #open = new Set<TcpConnection>();
  #accepted = 0;
  /** Port of the broker behind the proxy (set before clients connect). */
  targetPort = 0;
  private constructor(private readonly runtime: Runtime, readonly protocol: Protocol, readonly onFrame: (frame: Uint8Array, connection: number) => void) {}

  static async start(runtime: Runtime, protocol: Protocol, onFrame: (frame: Uint8Array, connection: number) => void): Promise<RecordingProxy> {
    const proxy = new RecordingProxy(runtime, protocol, onFrame);
    proxy.#listener = await runtime.listen({ hostname: "127.0.0.1", port: 0 }, (c) => void proxy.#accept(c));
    return proxy;
  }

  get port(): number {
    return this.#listener.port;
  }

  async #accept(client: TcpConnection): Promise<void> {
    this.#open.add(client);
    let server: TcpConnection;
    try {
      server = await this.runtime.connect({ hostname: "127.0.0.1", port: this.targetPort, timeoutMs: 2000 });
    } catch {
      client.close();
      return;
    }
    this.#open.add(server);
    const framer = new Framer(this.protocol, this.onFrame, this.#accepted++);
    const pump = async (from: TcpConnection, to: TcpConnection, record: boolean) => {
      try {
        for (let chunk = await from.read(); chunk; chunk = await from.read()) {
          if (record) framer.push(chunk);
          await to.write(chunk.slice());
        }
      } catch {
        // either side went away
      }
      from.close();
      to.close();
    };
    void pump(client, server, true);
    void pump(server, client, false);
  }

  async close(): Promise<void> {
    await this.#listener.close();
    for (const c of this.#open) c.close();
  }
}
