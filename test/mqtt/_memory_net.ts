/**
 * In-memory TCP for deterministic flow-control tests: a `listen` that hands the server one end
 * of a pipe and the test the other. A peer can be "stalled": the server's writes to it stay
 * pending and accumulate in `bufferedAmount`, like a client that stopped reading.
 */
import type { ListenOptions, TcpConnection, TcpListener } from "../../broker/runtime/types.ts";

class End implements TcpConnection {
  readonly remoteAddress = "127.0.0.1";
  readonly remotePort = 1;
  readonly localPort = 1;
  peer!: End;
  #chunks: Uint8Array[] = [];
  #readers: Array<(c: Uint8Array | null) => void> = [];
  #closed = false;
  stalled = false;
  #held: Array<{ bytes: Uint8Array; resolve: () => void }> = [];
  bufferedAmount = 0;

  read(): Promise<Uint8Array | null> {
    const chunk = this.#chunks.shift();
    if (chunk) return Promise.resolve(chunk);
    if (this.#closed) return Promise.resolve(null);
    return new Promise((r) => this.#readers.push(r));
  }
  deliver(chunk: Uint8Array | null): void {
    if (chunk === null) {
      this.#closed = true;
      for (const r of this.#readers.splice(0)) r(null);
      return;
    }
    const reader = this.#readers.shift();
    if (reader) reader(chunk);
    else this.#chunks.push(chunk);
  }
  write(bytes: Uint8Array): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("EPIPE"));
    if (this.peer.stalled) {
      this.bufferedAmount += bytes.length;
      return new Promise((resolve) => this.#held.push({ bytes, resolve }));
    }
    this.peer.deliver(bytes.slice());
    return Promise.resolve();
  }
  /** Release everything held for a stalled peer. */
  release(): void {
    for (const h of this.#held.splice(0)) {
      this.bufferedAmount -= h.bytes.length;
      this.peer.deliver(h.bytes);
      h.resolve();
    }
  }
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const r of this.#readers.splice(0)) r(null);
    this.peer.deliver(null);
  }
}

/** A runtime-shaped object with `listen`, plus `connect()` returning the client end. */
export class MemoryNet {
  #onConnection: ((c: TcpConnection) => void) | undefined;
  /** Server-side ends, in accept order. */
  readonly serverEnds: End[] = [];

  listen(_options: ListenOptions, onConnection: (c: TcpConnection) => void): Promise<TcpListener> {
    this.#onConnection = onConnection;
    return Promise.resolve({ hostname: "memory", port: 1, close: () => Promise.resolve() });
  }

  connect(): End {
    const client = new End();
    const server = new End();
    client.peer = server;
    server.peer = client;
    this.serverEnds.push(server);
    this.#onConnection!(server);
    return client;
  }
}
