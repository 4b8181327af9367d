/**
 * TCP, TLS and HTTP on Deno.
 *
 * Deno's connections are pull-based already: `read()` reads the socket only when asked, so an
 * unread connection pushes back on its peer through the kernel, and `write()` resolves when the
 * kernel has taken the bytes. Writes are chained so that concurrent `write()` calls keep order.
 *
 * @module
 */

import type {
  ConnectOptions,
  HttpServeOptions,
  HttpServer,
  ListenOptions,
  TcpConnection,
  TcpListener,
} from "./types.ts";
import type { DenoApi, DenoConn, DenoListener, DenoNetAddr } from "./_deno_api.ts";
import { connectionClosedError, errorCode, systemError } from "./errors.ts";
import { READ_CHUNK, unrefTimer, withTimeout } from "./_private.ts";

/** First read buffer of a connection; see `DenoTcpConnection.#buffer`. */
const INITIAL_READ_BYTES = 1024;

/** How long `close()` keeps flushing queued bytes to a peer that does not read. */
const CLOSE_LINGER_MS = 5_000;

function netAddr(addr: unknown): DenoNetAddr {
  const { hostname, port } = addr as Partial<DenoNetAddr>;
  return { hostname: hostname ?? "", port: port ?? 0 };
}

class DenoTcpConnection implements TcpConnection {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localPort: number;
  readonly #conn: DenoConn;
  /** Reads and writes issued and not yet settled, and the latest of each (see `read()`). */
  #readsInFlight = 0;
  #lastRead: Promise<Uint8Array | null> | undefined;
  #writesInFlight = 0;
  #lastWrite: Promise<void> | undefined;
  /**
   * Read buffer, held for as long as a read is pending (always, for an idle connection). It
   * starts at 1 KiB (a sensor's packets are smaller) and doubles up to READ_CHUNK when reads
   * fill it, so 2,000 idle sensors cost 2 MiB rather than 128 MiB, while a bulk producer
   * reaches 64 KiB reads after six full ones. 4 KiB measured ~3 KiB more per idle connection.
   */
  #buffer = new Uint8Array(INITIAL_READ_BYTES);
  #buffered = 0;
  #closed = false; // close() called: reads end, new writes reject, queued writes still flush
  #aborted = false; // the host connection is closed
  #cancelRead: (() => void) | undefined;

  constructor(conn: DenoConn) {
    this.#conn = conn;
    const remote = netAddr(conn.remoteAddr);
    this.remoteAddress = remote.hostname;
    this.remotePort = remote.port;
    this.localPort = netAddr(conn.localAddr).port;
    try {
      conn.setNoDelay?.(true); // the broker frames whole responses; Nagle only adds latency
    } catch {
      // TLS connections before the handshake may refuse; not worth failing the connection.
    }
  }

  get bufferedAmount(): number {
    return this.#buffered;
  }

  /**
   * Reads and writes each run one at a time, in call order. The common case, nothing in
   * flight, calls the host directly: the queue's extra promises cost ~10% of the main thread
   * with many sensors publishing one message at a time (a read and an ack write per message).
   */
  read(): Promise<Uint8Array | null> {
    const next = this.#readsInFlight++ === 0 ? this.#readOnce() : this.#lastRead!.then(() => this.#readOnce());
    this.#lastRead = next;
    return next;
  }

  #readOnce(): Promise<Uint8Array | null> {
    return new Promise<Uint8Array | null>((resolve) => {
      let settled = false;
      const done = (chunk: Uint8Array | null) => {
        if (settled) return;
        settled = true;
        this.#cancelRead = undefined;
        this.#readsInFlight--;
        resolve(chunk);
      };
      if (this.#closed) return done(null);
      // close() may keep the host connection open while writes flush, so it ends this read
      // itself rather than waiting for the host read to fail.
      this.#cancelRead = () => done(null);
      this.#conn.read(this.#buffer).then(
        (n) => {
          if (n === null || this.#closed) return done(null);
          const chunk = this.#buffer.slice(0, n);
          if (n === this.#buffer.length && n < READ_CHUNK) this.#buffer = new Uint8Array(n * 2);
          done(chunk);
        },
        // Reset, bad resource after close(), failed TLS handshake: all mean "no more bytes".
        () => done(null),
      );
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.#closed) return Promise.reject(connectionClosedError());
    this.#buffered += bytes.length;
    const next = this.#writesInFlight++ === 0 ? this.#writeAll(bytes) : this.#lastWrite!.then(() => this.#writeAll(bytes), () => this.#writeAll(bytes));
    this.#lastWrite = next;
    return next;
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    let written = 0;
    try {
      while (written < bytes.length) {
        if (this.#aborted) throw connectionClosedError();
        const n = await this.#conn.write(bytes.subarray(written));
        written += n;
        this.#buffered -= n;
      }
    } catch (error) {
      this.#buffered -= bytes.length - written;
      if (this.#aborted || errorCode(error) === undefined) throw connectionClosedError();
      throw error;
    } finally {
      this.#writesInFlight--;
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#cancelRead?.();
    if (this.#buffered === 0) return this.#abort();
    // Like Bun's adapter: bytes already accepted by write() still go out, unless the peer
    // stops reading for CLOSE_LINGER_MS.
    const timer = setTimeout(() => this.#abort(), CLOSE_LINGER_MS);
    unrefTimer(timer);
    const flushed = () => {
      clearTimeout(timer);
      this.#abort();
    };
    this.#lastWrite!.then(flushed, flushed);
  }

  #abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    try {
      this.#conn.close();
    } catch {
      // Already closed by the host (peer reset); close() stays idempotent.
    }
  }
}

/** Listen on TCP or TLS; each accepted connection is handed to `onConnection`. */
export function denoListen(
  deno: DenoApi,
  options: ListenOptions,
  onConnection: (connection: TcpConnection) => void,
): Promise<TcpListener> {
  const { hostname, port, tls } = options;
  if (tls?.requestClientCert === true) {
    // Investigated on Deno 2.9 (devices/README.md): Deno.listenTls has no client-certificate
    // option, and node:tls.createServer with requestCert either refuses every certificate
    // (rejectUnauthorized) or accepts one without proof that the client holds its key.
    throw systemError("ENOTSUP", "Deno cannot verify TLS client certificates (Deno.listenTls cannot request them; node:tls does not verify them); use Bun for mqtt.tls.requestClientCert");
  }
  const listener: DenoListener = tls === undefined
    ? deno.listen({ hostname, port, transport: "tcp" })
    : deno.listenTls({ hostname, port, cert: tls.cert, key: tls.key });
  let closed = false;
  const loop = (async () => {
    while (!closed) {
      let conn: DenoConn;
      try {
        conn = await listener.accept();
      } catch (error) {
        if (closed || errorCode(error) === undefined) return;
        // EMFILE and friends: back off briefly instead of spinning.
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      try {
        onConnection(new DenoTcpConnection(conn));
      } catch (error) {
        // A throwing handler is a bug to surface, not a reason to stop accepting.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  })();
  return Promise.resolve({
    hostname,
    port: netAddr(listener.addr).port,
    async close() {
      if (closed) return;
      closed = true;
      listener.close();
      await loop;
    },
  });
}

/** Connect over TCP, or TLS when `options.tls` is set (the handshake completes before return). */
export async function denoConnect(deno: DenoApi, options: ConnectOptions): Promise<TcpConnection> {
  const { hostname, port, tls } = options;
  if (tls?.insecureSkipVerify === true) {
    throw systemError("ENOTSUP", "Deno cannot skip TLS verification per connection");
  }
  const opened = (async () => {
    const plain = await deno.connect({ hostname, port, transport: "tcp" });
    if (tls === undefined) return plain;
    try {
      // startTls rather than connectTls: it lets the verified name differ from the address.
      const secure = await deno.startTls(plain, {
        hostname: tls.serverName ?? hostname,
        ...(tls.ca === undefined ? {} : { caCerts: [tls.ca] }),
      });
      await secure.handshake?.();
      return secure;
    } catch (error) {
      try {
        plain.close();
      } catch {
        // startTls took ownership and already closed it.
      }
      // Same code as the Bun adapter (and Node) for any failed handshake or verification.
      throw systemError("EPROTO", error instanceof Error ? error.message : String(error), error);
    }
  })();
  const conn = await withTimeout(opened, options.timeoutMs, (late) => late.close());
  return new DenoTcpConnection(conn);
}

/** Serve HTTP(S) with `Deno.serve`. */
export function denoServeHttp(
  deno: DenoApi,
  options: HttpServeOptions,
  handler: (request: Request) => Response | Promise<Response>,
): Promise<HttpServer> {
  const { hostname, port, tls } = options;
  const server = deno.serve({
    hostname,
    port,
    ...(tls === undefined ? {} : { cert: tls.cert, key: tls.key }),
    onListen: () => {}, // Deno prints "Listening on" by default
  }, handler);
  let closing: Promise<void> | undefined;
  return Promise.resolve({
    port: netAddr(server.addr).port,
    close: () => (closing ??= server.shutdown()),
  });
}
