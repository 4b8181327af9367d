/**
 * TCP, TLS and HTTP on Bun.
 *
 * Bun's sockets push: `data` fires whenever bytes arrive and `write()` takes what the kernel
 * accepts right now. This file turns that into the pull-based {@link TcpConnection}: incoming
 * chunks queue until read, and the socket is paused while more than {@link READ_HIGH_WATER}
 * bytes are unread (so a slow consumer pushes back on its peer through TCP); unsent bytes queue
 * until `drain`, and `write()` stays pending while more than {@link WRITE_HIGH_WATER} are queued.
 *
 * @module
 */

import type {
  ConnectOptions,
  HttpServeOptions,
  HttpServer,
  ListenOptions,
  PeerCertificate,
  TcpConnection,
  TcpListener,
} from "./types.ts";
import type { BunApi, BunSocket, BunSocketHandler } from "./_bun_api.ts";
import { connectionClosedError, systemError } from "./errors.ts";
import { unrefTimer, withTimeout } from "./_private.ts";

/** Unread bytes above which the socket stops reading. */
export const READ_HIGH_WATER = 1024 * 1024;
/** Unsent bytes above which `write()` waits for `drain`. */
export const WRITE_HIGH_WATER = 256 * 1024;
/** How long `close()` keeps flushing queued bytes to a peer that does not read. */
const CLOSE_LINGER_MS = 5_000;

type Socket = BunSocket<BunTcpConnection>;

class BunTcpConnection implements TcpConnection {
  #socket: Socket | undefined;
  readonly #chunks: Uint8Array[] = [];
  #unread = 0;
  #paused = false;
  readonly #readers: Array<(chunk: Uint8Array | null) => void> = [];
  #ended = false; // no more bytes will arrive
  #closed = false; // close() called: reads end, writes reject, queued bytes still flush
  #gone = false; // the socket itself is closed
  #finSent = false;
  #unsent: Uint8Array[] = [];
  #unsentBytes = 0;
  #writers: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  peerCertificate: PeerCertificate | undefined;

  get remoteAddress(): string {
    return this.#socket?.remoteAddress ?? "";
  }
  get remotePort(): number {
    return this.#socket?.remotePort ?? 0;
  }
  get localPort(): number {
    return this.#socket?.localPort ?? 0;
  }
  get bufferedAmount(): number {
    return this.#unsentBytes;
  }

  attach(socket: Socket): void {
    this.#socket = socket;
    socket.setNoDelay?.(true); // whole responses are framed above; Nagle only adds latency
  }

  onData(chunk: Uint8Array): void {
    if (this.#closed) return;
    const reader = this.#readers.shift();
    if (reader !== undefined) return reader(chunk);
    this.#chunks.push(chunk);
    this.#unread += chunk.length;
    if (this.#unread > READ_HIGH_WATER && !this.#paused) {
      this.#paused = true;
      this.#socket?.pause();
    }
  }

  onEnd(): void {
    this.#ended = true;
    for (const reader of this.#readers.splice(0)) reader(null);
  }

  onClose(): void {
    this.#gone = true;
    this.onEnd();
    this.#unsent = [];
    this.#unsentBytes = 0;
    for (const writer of this.#writers.splice(0)) writer.reject(connectionClosedError());
  }

  read(): Promise<Uint8Array | null> {
    const chunk = this.#chunks.shift();
    if (chunk !== undefined) {
      this.#unread -= chunk.length;
      if (this.#paused && this.#unread <= READ_HIGH_WATER / 2) {
        this.#paused = false;
        this.#socket?.resume();
      }
      return Promise.resolve(chunk);
    }
    if (this.#ended || this.#closed) return Promise.resolve(null);
    return new Promise((resolve) => this.#readers.push(resolve));
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.#closed || this.#gone || this.#socket === undefined) {
      return Promise.reject(connectionClosedError());
    }
    if (bytes.length === 0) return Promise.resolve();
    this.#unsent.push(bytes);
    this.#unsentBytes += bytes.length;
    this.flush();
    if (this.#gone) return Promise.reject(connectionClosedError());
    if (this.#unsentBytes <= WRITE_HIGH_WATER) return Promise.resolve();
    return new Promise((resolve, reject) => this.#writers.push({ resolve, reject }));
  }

  /** Hand queued bytes to the kernel until it takes no more; called on write and `drain`. */
  flush(): void {
    const socket = this.#socket;
    if (socket === undefined || this.#gone) return;
    for (let head = this.#unsent[0]; head !== undefined; head = this.#unsent[0]) {
      const n = socket.write(head);
      if (n < 0) return this.onClose();
      this.#unsentBytes -= n;
      if (n < head.length) {
        this.#unsent[0] = head.subarray(n);
        break;
      }
      this.#unsent.shift();
    }
    if (this.#unsentBytes <= WRITE_HIGH_WATER) {
      for (const writer of this.#writers.splice(0)) writer.resolve();
    }
    if (this.#closed && this.#unsentBytes === 0) this.#end(socket);
  }

  #end(socket: Socket): void {
    if (this.#finSent) return;
    this.#finSent = true;
    socket.end();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#chunks.length = 0;
    this.#unread = 0;
    this.onEnd();
    const socket = this.#socket;
    if (socket === undefined || this.#gone) return;
    // A paused socket would not notice the peer's close; incoming bytes are dropped from now on.
    if (this.#paused) socket.resume();
    this.#paused = false;
    if (this.#unsentBytes === 0) return this.#end(socket);
    // Bytes already accepted by write() still go out, unless the peer stops reading.
    const timer = setTimeout(() => {
      if (!this.#gone) socket.terminate();
    }, CLOSE_LINGER_MS);
    unrefTimer(timer);
  }
}

function handlers(onOpen: (connection: BunTcpConnection) => void, verifyPeer: boolean) {
  const handler: BunSocketHandler<BunTcpConnection> = {
    binaryType: "uint8array",
    open(socket) {
      socket.data.attach(socket);
      onOpen(socket.data);
    },
    data: (socket, chunk) => socket.data.onData(chunk),
    drain: (socket) => socket.data.flush(),
    end: (socket) => socket.data.onEnd(),
    close: (socket) => socket.data.onClose(),
    error: (socket) => socket.data.onClose(),
    handshake(socket, success, authorizationError) {
      if (!verifyPeer) return;
      if (!success || authorizationError !== null) return socket.terminate();
      // Verified against the listener's CA; the handshake precedes every data event.
      socket.data.peerCertificate = { subjectCN: commonName(socket.getPeerCertificate?.()) };
    },
  };
  return handler;
}

/** The subject CN of a node:tls-shaped certificate; a repeated CN counts as none. */
function commonName(cert: { subject?: { CN?: string | string[] } } | undefined): string {
  const cn = cert?.subject?.CN;
  return typeof cn === "string" ? cn : "";
}

/** Listen on TCP or TLS; each accepted connection is handed to `onConnection`. */
export function bunListen(
  bun: BunApi,
  options: ListenOptions,
  onConnection: (connection: TcpConnection) => void,
): Promise<TcpListener> {
  const { hostname, port, tls } = options;
  const verifyClient = tls?.requestClientCert === true;
  const base = handlers(onConnection, verifyClient);
  // A listener's sockets start without data: give each its connection before `open` runs.
  const socket: BunSocketHandler<BunTcpConnection> = {
    ...base,
    open(s) {
      s.data = new BunTcpConnection();
      base.open?.(s);
    },
  };
  const listener = bun.listen<BunTcpConnection>({
    hostname,
    port,
    socket,
    ...(tls === undefined ? {} : {
      tls: {
        cert: tls.cert,
        key: tls.key,
        ...(tls.ca === undefined ? {} : { ca: tls.ca }),
        requestCert: verifyClient,
        rejectUnauthorized: verifyClient,
      },
    }),
  });
  let closed = false;
  return Promise.resolve({
    hostname,
    port: listener.port,
    close() {
      if (!closed) listener.stop(false); // existing connections stay open
      closed = true;
      return Promise.resolve();
    },
  });
}

/** Connect over TCP, or TLS when `options.tls` is set (the handshake completes before return). */
export async function bunConnect(bun: BunApi, options: ConnectOptions): Promise<TcpConnection> {
  const { hostname, port, tls } = options;
  const connection = new BunTcpConnection();
  let handshake: Promise<void> = Promise.resolve();
  const socket = handlers(() => {}, false);
  if (tls !== undefined) {
    handshake = new Promise((resolve, reject) => {
      socket.handshake = (s, success, authorizationError) => {
        // Bun reports verification as `success`, also when told not to reject.
        if (tls.insecureSkipVerify === true || (success && authorizationError === null)) {
          return resolve();
        }
        const reason = authorizationError?.message ?? "TLS handshake failed";
        reject(systemError("EPROTO", reason, authorizationError)); // before terminate() runs close
        s.terminate();
      };
      const onClose = socket.close;
      socket.close = (s) => {
        reject(systemError("EPROTO", "connection closed during TLS handshake"));
        onClose?.(s);
      };
    });
    handshake.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
  }
  const opened = (async () => {
    await bun.connect<BunTcpConnection>({
      hostname,
      port,
      socket,
      data: connection,
      ...(tls === undefined ? {} : {
        tls: {
          ...(tls.ca === undefined ? {} : { ca: tls.ca }),
          serverName: tls.serverName ?? hostname,
          rejectUnauthorized: tls.insecureSkipVerify !== true,
        },
      }),
    });
    await handshake;
    return connection;
  })();
  return await withTimeout(opened, options.timeoutMs, (late) => late.close());
}

/** Serve HTTP(S) with `Bun.serve`. */
export function bunServeHttp(
  bun: BunApi,
  options: HttpServeOptions,
  handler: (request: Request) => Response | Promise<Response>,
): Promise<HttpServer> {
  const { hostname, port, tls } = options;
  const server = bun.serve({
    hostname,
    port,
    fetch: handler,
    ...(tls === undefined ? {} : { tls: { cert: tls.cert, key: tls.key } }),
  });
  let closing: Promise<void> | undefined;
  return Promise.resolve({
    port: server.port ?? port,
    close: () => (closing ??= Promise.resolve(server.stop())),
  });
}
