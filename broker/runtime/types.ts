/**
 * The runtime interface: everything Tributary needs from its host (Deno or Bun).
 *
 * Only `broker/runtime/` may touch `Deno.*`, `Bun.*` or `node:*` I/O; every other module
 * receives a {@link Runtime} as an argument. Types are structural and declare only what the
 * broker calls, so a test can hand in an in-memory implementation.
 *
 * @module
 */

/** A byte stream to a peer: pull-based reads, awaited writes (backpressure). */
export interface TcpConnection {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localPort: number;
  /**
   * Next chunk of bytes from the peer, or `null` at end of stream (peer closed, reset or
   * `close()` called). The adapter stops reading from the socket while chunks are unread, so a
   * slow consumer pushes back on the peer instead of buffering without bound.
   */
  read(): Promise<Uint8Array | null>;
  /**
   * Queue bytes for the peer. Resolves once the bytes are handed to the kernel or the adapter's
   * unsent buffer is below its high-water mark; rejects if the connection is closed.
   */
  write(bytes: Uint8Array): Promise<void>;
  /** Close both directions; pending reads resolve `null`. Idempotent. */
  close(): void;
  /** Bytes queued in user space and not yet accepted by the kernel. */
  readonly bufferedAmount: number;
  /**
   * The client certificate a TLS listener with `requestClientCert` verified against its CA
   * (set once the handshake completes, before the first byte is read); undefined otherwise.
   */
  readonly peerCertificate?: PeerCertificate | undefined;
}

/** A verified client certificate, as far as the broker uses it. */
export interface PeerCertificate {
  /** The subject's common name (CN), "" when the certificate has none. */
  subjectCN: string;
}

export interface TlsOptions {
  /** PEM certificate chain. */
  cert: string;
  /** PEM private key. */
  key: string;
  /** PEM CA bundle used to verify peers (client certificates on listeners). */
  ca?: string;
  /**
   * Listener: ask for a client certificate and refuse the handshake without one that chains
   * to `ca`; the verified subject is {@link TcpConnection.peerCertificate}. Bun only.
   */
  requestClientCert?: boolean;
}

export interface ListenOptions {
  hostname: string;
  /** 0 picks a free port; read it back from {@link TcpListener.port}. */
  port: number;
  tls?: TlsOptions;
}

export interface TcpListener {
  readonly hostname: string;
  readonly port: number;
  /** Stop accepting new connections. Existing connections stay open. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  hostname: string;
  port: number;
  /** Connect with TLS; `ca` replaces the system roots when given. */
  tls?: { ca?: string; serverName?: string; insecureSkipVerify?: boolean };
  /** Give up connecting after this long. */
  timeoutMs?: number;
}

export interface FileInfo {
  size: number;
  isFile: boolean;
  isDirectory: boolean;
  /** Last modification time, ms since the epoch. */
  mtimeMs: number;
}

export interface DirEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
}

export interface OpenOptions {
  /** Open for writing as well as reading. */
  write?: boolean;
  /** Create the file when missing (implies write). */
  create?: boolean;
  /** Fail when the file exists (with create). */
  createNew?: boolean;
  /** Truncate to zero length on open (with write). */
  truncate?: boolean;
}

/** An open file with positioned I/O. Positions are byte offsets from the start. */
export interface FileHandle {
  /** Read up to `buffer.length` bytes at `position`; returns the count (0 at end of file). */
  read(buffer: Uint8Array, position: number): Promise<number>;
  /** Write all of `bytes` at `position`. */
  write(bytes: Uint8Array, position: number): Promise<void>;
  /** Flush data and metadata to the device (fsync). */
  sync(): Promise<void>;
  /** Flush data to the device (fdatasync where the host has it, else fsync). */
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  size(): Promise<number>;
  close(): Promise<void>;
}

/** The filesystem operations the log and the small-state stores need. */
export interface FileSystem {
  open(path: string, options?: OpenOptions): Promise<FileHandle>;
  /** Whole file, or `null` when it does not exist. */
  readFile(path: string): Promise<Uint8Array | null>;
  /** Replace a file's contents (not atomic; see `writeFileAtomic` in `broker/runtime/atomic.ts`). */
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Remove a file, or a directory with `recursive`. Missing paths are not an error. */
  remove(path: string, options?: { recursive?: boolean }): Promise<void>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
  /** Entries of a directory (unsorted), or `null` when it does not exist. */
  readDir(path: string): Promise<DirEntry[] | null>;
  /** Metadata, or `null` when the path does not exist. */
  stat(path: string): Promise<FileInfo | null>;
  /** fsync a directory so that creations, renames and deletions in it are durable. */
  syncDir(path: string): Promise<void>;
  /** Free and total bytes of the filesystem holding `path`, when the host can tell. */
  diskSpace?(path: string): Promise<{ free: number; total: number } | null>;
}

/** What an HTTP server needs: the fetch-style handler is hono's `app.fetch`. */
export interface HttpServer {
  readonly port: number;
  close(): Promise<void>;
}

export interface HttpServeOptions {
  hostname: string;
  port: number;
  tls?: TlsOptions;
}

export type Signal = "SIGINT" | "SIGTERM" | "SIGHUP";

/** Cumulative I/O of this process as the kernel counts it (Linux `/proc/self/io`). */
export interface ProcessIo {
  /** Bytes this process caused to be sent to the storage layer. */
  writeBytes: number;
  /** Bytes passed to write(2) and friends, whether or not they reached the device. */
  writeChars: number;
}

export interface Runtime {
  /** "deno", "bun", or "memory" in tests. */
  readonly name: string;
  /** Host version, for `--version` and `/metrics`. */
  readonly version: string;
  readonly fs: FileSystem;
  listen(
    options: ListenOptions,
    onConnection: (connection: TcpConnection) => void,
  ): Promise<TcpListener>;
  connect(options: ConnectOptions): Promise<TcpConnection>;
  serveHttp(
    options: HttpServeOptions,
    handler: (request: Request) => Response | Promise<Response>,
  ): Promise<HttpServer>;
  /** Register a signal handler; returns a function that removes it. */
  onSignal(signal: Signal, handler: () => void): () => void;
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** Monotonic milliseconds with sub-millisecond precision, for durations. */
  monotonic(): number;
  /** Resident set size in bytes. */
  rss(): number;
  /** Cumulative CPU time (user + system) of this process in microseconds. */
  cpuUsageMicros(): number;
  /** `/proc/self/io` counters, or `null` where unavailable. */
  processIo(): Promise<ProcessIo | null>;
  /** Environment variables (a copy). */
  env(): Record<string, string>;
  /** Command-line arguments after the script (or binary) name. */
  args(): string[];
  exit(code: number): never;
  /** Write to standard error without a trailing newline. */
  writeStderr(text: string): void;
  /** Write to standard output without a trailing newline. */
  writeStdout(text: string): void;
}
