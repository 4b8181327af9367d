/**
 * A TCP fault proxy for network-failure tests: sits between a client and a server on loopback
 * and, on command, cuts every connection, delays traffic, resets a connection in the middle of
 * a response, black-holes one or both directions (bytes vanish, sockets stay open), or refuses
 * new connections. It only listens on and connects to loopback addresses, and `close()` closes
 * everything it opened.
 *
 * @example
 * ```ts
 * const proxy = await FaultProxy.start(runtime, { host: "127.0.0.1", port: central.port });
 * proxy.blackhole("down");   // requests arrive, answers are lost
 * proxy.cut();               // drop every connection
 * await proxy.close();
 * ```
 */
import type { Runtime, TcpConnection, TcpListener } from "../../broker/runtime/types.ts";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

interface Pair {
  client: TcpConnection;
  server: TcpConnection | undefined;
  closed: boolean;
}

export class FaultProxy {
  /** Extra latency per forwarded chunk, in ms (both directions, order kept). */
  delayMs = 0;
  /** New connections are accepted and closed at once. */
  refuse = false;
  #blackholeUp = false;
  #blackholeDown = false;
  #resetNextResponse = false;
  #pairs = new Set<Pair>();
  #listener!: TcpListener;
  /** Connections accepted so far. */
  accepted = 0;
  /** Bytes forwarded server → client so far. */
  bytesDown = 0;
  /** Bytes forwarded client → server so far. */
  bytesUp = 0;
  /** Bytes dropped by a black hole so far (either direction). */
  bytesDropped = 0;

  private constructor(
    private readonly runtime: Runtime,
    private target: { host: string; port: number },
  ) {}

  /** Listen on a free loopback port and forward to `target` (which must be loopback). */
  static async start(runtime: Runtime, target: { host: string; port: number }): Promise<FaultProxy> {
    if (!LOOPBACK.has(target.host)) throw new Error(`fault proxy only forwards to loopback, not ${target.host}`);
    const proxy = new FaultProxy(runtime, target);
    proxy.#listener = await runtime.listen({ hostname: "127.0.0.1", port: 0 }, (c) => void proxy.#accept(c));
    return proxy;
  }

  /** Forward new connections to another loopback port (start the proxy first, then the server it fronts). */
  retarget(port: number): void {
    this.target = { ...this.target, port };
  }

  get port(): number {
    return this.#listener.port;
  }

  /** Open connection pairs. */
  get connections(): number {
    return this.#pairs.size;
  }

  /** Drop bytes going "up" (client → server), "down" (server → client), "both" or "none". */
  blackhole(direction: "up" | "down" | "both" | "none"): void {
    this.#blackholeUp = direction === "up" || direction === "both";
    this.#blackholeDown = direction === "down" || direction === "both";
  }

  /** The next server → client chunk is cut in half: the first half is delivered, then that connection is reset. */
  resetMidResponse(): void {
    this.#resetNextResponse = true;
  }

  /** Close every open connection, both sides. */
  cut(): void {
    for (const pair of [...this.#pairs]) this.#closePair(pair);
  }

  /** Stop listening and close every connection. */
  async close(): Promise<void> {
    await this.#listener.close();
    this.cut();
  }

  async #accept(client: TcpConnection): Promise<void> {
    this.accepted++;
    if (this.refuse) return client.close();
    const pair: Pair = { client, server: undefined, closed: false };
    this.#pairs.add(pair);
    try {
      pair.server = await this.runtime.connect({ hostname: this.target.host, port: this.target.port, timeoutMs: 2000 });
    } catch {
      return this.#closePair(pair);
    }
    if (pair.closed) return pair.server.close();
    void this.#pump(pair, pair.client, pair.server, "up");
    void this.#pump(pair, pair.server, pair.client, "down");
  }

  async #pump(pair: Pair, from: TcpConnection, to: TcpConnection, direction: "up" | "down"): Promise<void> {
    try {
      for (;;) {
        const chunk = await from.read();
        if (chunk === null || pair.closed) break;
        if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
        if (pair.closed) break;
        if (direction === "up" ? this.#blackholeUp : this.#blackholeDown) {
          this.bytesDropped += chunk.length;
          continue;
        }
        if (direction === "down" && this.#resetNextResponse) {
          this.#resetNextResponse = false;
          const half = chunk.subarray(0, Math.max(1, chunk.length >> 1));
          await to.write(half.slice());
          this.bytesDown += half.length;
          break;
        }
        await to.write(chunk.slice());
        if (direction === "down") this.bytesDown += chunk.length;
        else this.bytesUp += chunk.length;
      }
    } catch {
      // a write to a closed peer: the pair is going away anyway
    }
    this.#closePair(pair);
  }

  #closePair(pair: Pair): void {
    if (pair.closed) return;
    pair.closed = true;
    this.#pairs.delete(pair);
    pair.client.close();
    pair.server?.close();
  }
}
