/**
 * The slice of the `Deno` namespace the Deno adapter calls, typed structurally so the adapter
 * type-checks under `tsc` (which has no Deno types) as well as under `deno check`.
 *
 * @module
 */

/** `Deno.NetAddr`, the fields we read. */
export interface DenoNetAddr {
  hostname: string;
  port: number;
}

/** `Deno.Conn` / `Deno.TlsConn`, the methods we call. */
export interface DenoConn {
  readonly remoteAddr: unknown;
  readonly localAddr: unknown;
  read(buffer: Uint8Array): Promise<number | null>;
  write(bytes: Uint8Array): Promise<number>;
  close(): void;
  setNoDelay?(noDelay?: boolean): void;
  handshake?(): Promise<unknown>;
}

/** `Deno.Listener`. */
export interface DenoListener {
  readonly addr: unknown;
  accept(): Promise<DenoConn>;
  close(): void;
}

/** `Deno.FsFile`. */
export interface DenoFile {
  read(buffer: Uint8Array): Promise<number | null>;
  write(bytes: Uint8Array): Promise<number>;
  seek(offset: number, whence: number): Promise<number>;
  sync(): Promise<void>;
  syncData(): Promise<void>;
  truncate(length?: number): Promise<void>;
  stat(): Promise<{ size: number }>;
  close(): void;
}

/** `Deno.FileInfo`, the fields we read. */
export interface DenoFileInfo {
  size: number;
  isFile: boolean;
  isDirectory: boolean;
  mtime: Date | null;
}

/** `Deno.HttpServer`. */
export interface DenoHttpServer {
  readonly addr: unknown;
  shutdown(): Promise<void>;
}

/** The `Deno` global, as far as the adapter uses it. */
export interface DenoApi {
  readonly version: { deno: string };
  readonly args: string[];
  readonly env: { toObject(): Record<string, string> };
  readonly stdout: { writeSync(bytes: Uint8Array): number };
  readonly stderr: { writeSync(bytes: Uint8Array): number };
  listen(options: { hostname: string; port: number; transport?: "tcp" }): DenoListener;
  listenTls(options: { hostname: string; port: number; cert: string; key: string }): DenoListener;
  connect(options: { hostname: string; port: number; transport?: "tcp" }): Promise<DenoConn>;
  startTls(
    conn: DenoConn,
    options: { hostname: string; caCerts?: string[] },
  ): Promise<DenoConn>;
  open(
    path: string,
    options: {
      read: boolean;
      write: boolean;
      create: boolean;
      createNew: boolean;
      truncate: boolean;
    },
  ): Promise<DenoFile>;
  readFile(path: string): Promise<Uint8Array>;
  readTextFile(path: string): Promise<string>;
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string, options: { recursive: boolean }): Promise<void>;
  mkdir(path: string, options: { recursive: boolean }): Promise<void>;
  readDir(path: string): AsyncIterable<{ name: string; isFile: boolean; isDirectory: boolean }>;
  stat(path: string): Promise<DenoFileInfo>;
  serve(
    options: {
      hostname: string;
      port: number;
      cert?: string;
      key?: string;
      onListen?: (addr: unknown) => void;
    },
    handler: (request: Request) => Response | Promise<Response>,
  ): DenoHttpServer;
  addSignalListener(signal: string, handler: () => void): void;
  removeSignalListener(signal: string, handler: () => void): void;
  memoryUsage(): { rss: number };
  exit(code: number): never;
}

/** The host's `Deno` global; call only inside functions, never at module top level. */
export function denoGlobal(): DenoApi {
  const deno = (globalThis as { Deno?: DenoApi }).Deno;
  if (deno === undefined) throw new Error("not running on Deno");
  return deno;
}
