/**
 * In-memory TCP for the fuzz targets: listeners by port, and client ends that record what the
 * server wrote and whether the server closed. Deterministic and free of sockets, so one input
 * runs in microseconds of I/O.
 */
import type { ListenOptions, TcpConnection, TcpListener } from "../../broker/runtime/types.ts";

/** The server's end of a pipe. */
class ServerEnd implements TcpConnection {
  readonly remoteAddress = "127.0.0.1";
  readonly remotePort: number;
  readonly localPort: number;
  readonly bufferedAmount = 0;
  #chunks: Uint8Array[] = [];
  #readers: Array<(c: Uint8Array | null) => void> = [];
  #eof = false;
  closed = false;
  constructor(readonly client: ClientEnd, port: number, remotePort: number) {
    this.localPort = port;
    this.remotePort = remotePort;
  }
  read(): Promise<Uint8Array | null> {
    const chunk = this.#chunks.shift();
    if (chunk) {
      this.client.bytesReadByServer += chunk.length;
      return Promise.resolve(chunk);
    }
    if (this.#eof || this.closed) return Promise.resolve(null);
    return new Promise((resolve) => this.#readers.push(resolve));
  }
  /** Bytes from the client (null: the client closed its end). */
  deliver(chunk: Uint8Array | null): void {
    if (this.closed || this.#eof) return;
    if (chunk === null) {
      this.#eof = true;
      for (const r of this.#readers.splice(0)) r(null);
      return;
    }
    const reader = this.#readers.shift();
    if (reader) {
      this.client.bytesReadByServer += chunk.length;
      reader(chunk);
    } else this.#chunks.push(chunk);
  }
  write(bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error("EPIPE: connection closed"));
    this.client.receive(bytes);
    return Promise.resolve();
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const r of this.#readers.splice(0)) r(null);
    this.client.serverClosed = true;
  }
}

/** The fuzzer's end: write chunks, look at what came back. */
export class ClientEnd {
  /** Everything the server wrote, in order. */
  readonly received: Uint8Array[] = [];
  receivedBytes = 0;
  /** Bytes of the client's chunks the server has pulled with read(). */
  bytesReadByServer = 0;
  serverClosed = false;
  clientClosed = false;
  server!: ServerEnd;
  receive(bytes: Uint8Array): void {
    this.received.push(bytes.slice());
    this.receivedBytes += bytes.length;
  }
  send(chunk: Uint8Array): void {
    if (!this.clientClosed) this.server.deliver(chunk.slice());
  }
  /** Half-close from the client: the server reads end of stream. */
  close(): void {
    if (this.clientClosed) return;
    this.clientClosed = true;
    this.server.deliver(null);
  }
}

/** Listeners by port; `connect(port)` makes a pipe and hands its server end to the listener. */
export class MemoryNet {
  #listeners = new Map<number, (c: TcpConnection) => void>();
  #nextPort = 10_000;
  #nextRemote = 40_000;
  readonly clients: ClientEnd[] = [];

  listen = (options: ListenOptions, onConnection: (c: TcpConnection) => void): Promise<TcpListener> => {
    const port = options.port === 0 ? this.#nextPort++ : options.port;
    this.#listeners.set(port, onConnection);
    return Promise.resolve({
      hostname: options.hostname,
      port,
      close: () => {
        this.#listeners.delete(port);
        return Promise.resolve();
      },
    });
  };

  connect(port: number): ClientEnd {
    const accept = this.#listeners.get(port);
    if (!accept) throw new Error(`nothing listens on memory port ${port}`);
    const client = new ClientEnd();
    client.server = new ServerEnd(client, port, this.#nextRemote++);
    this.clients.push(client);
    accept(client.server);
    return client;
  }
}
