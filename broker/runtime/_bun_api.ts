/**
 * The slice of the `Bun` global the Bun adapter calls, typed structurally so the adapter also
 * type-checks under Deno (which imports this folder through `mod.ts`) and under `tsc`.
 *
 * @module
 */

/** `Bun.Socket`, the members we use. `data` holds the adapter's connection object. */
export interface BunSocket<Data> {
  data: Data;
  readonly remoteAddress: string;
  readonly remotePort?: number;
  readonly localPort: number;
  /** Bytes the kernel accepted (may be fewer than given; -1 when closed). */
  write(bytes: Uint8Array): number;
  end(): void;
  terminate(): void;
  pause(): void;
  resume(): void;
  setNoDelay?(noDelay?: boolean): boolean;
  /** TLS sockets: the peer's certificate (node:tls shape), empty or undefined without one. */
  getPeerCertificate?(): { subject?: { CN?: string | string[] } } | undefined;
}

/** `Bun.SocketHandler`. */
export interface BunSocketHandler<Data> {
  open?(socket: BunSocket<Data>): void;
  data?(socket: BunSocket<Data>, chunk: Uint8Array): void;
  drain?(socket: BunSocket<Data>): void;
  end?(socket: BunSocket<Data>): void;
  close?(socket: BunSocket<Data>, error?: Error): void;
  error?(socket: BunSocket<Data>, error: Error): void;
  connectError?(socket: BunSocket<Data>, error: Error): void;
  handshake?(socket: BunSocket<Data>, success: boolean, authorizationError: Error | null): void;
  binaryType?: "uint8array";
}

/** Bun's TLS options for sockets and `Bun.serve`. */
export interface BunTlsOptions {
  cert?: string;
  key?: string;
  ca?: string;
  serverName?: string;
  requestCert?: boolean;
  rejectUnauthorized?: boolean;
}

/** The `Bun` global, as far as the adapter uses it. */
export interface BunApi {
  readonly version: string;
  listen<Data>(options: {
    hostname: string;
    port: number;
    tls?: BunTlsOptions;
    socket: BunSocketHandler<Data>;
  }): { readonly port: number; stop(closeActiveConnections?: boolean): void };
  connect<Data>(options: {
    hostname: string;
    port: number;
    tls?: BunTlsOptions | boolean;
    socket: BunSocketHandler<Data>;
    data: Data;
  }): Promise<BunSocket<Data>>;
  serve(options: {
    hostname: string;
    port: number;
    tls?: BunTlsOptions;
    fetch: (request: Request) => Response | Promise<Response>;
  }): { readonly port?: number; stop(closeActiveConnections?: boolean): Promise<void> | void };
}

/** The host's `Bun` global; call only inside functions, never at module top level. */
export function bunGlobal(): BunApi {
  const bun = (globalThis as { Bun?: BunApi }).Bun;
  if (bun === undefined) throw new Error("not running on Bun");
  return bun;
}
