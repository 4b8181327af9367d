/**
 * One TCP (or TLS) connection to one Kafka broker: ApiVersions negotiation, optional SASL, then
 * pipelined requests matched to responses by correlation id.
 *
 * Kafka answers the requests of one connection in order, but matching by id is what lets a
 * stray or corrupt frame be detected instead of silently answering the wrong caller. A request
 * that outlives its timeout closes the whole connection (as Kafka's `NetworkClient` does): a
 * late answer can no longer be told apart from a lost one, and every other request on the
 * connection is failed as "maybe delivered" so idempotent produces are resent, never guessed.
 *
 * @module
 */
import { FrameDecoder } from "../../broker/kafka/framing.ts";
import { ApiKey } from "../../broker/kafka/protocol/generated/api_keys.ts";
import { CLIENT_CODECS, type ClientApiKey } from "../../broker/kafka/protocol/generated/client_codecs.ts";
import {
  decodeApiVersionsResponseWithFallback,
  decodeResponseHeader,
  encodeRequestHeader,
} from "../../broker/kafka/protocol/generated/headers.ts";
import { ByteReader } from "../../broker/kafka/protocol/reader.ts";
import { ByteWriter } from "../../broker/kafka/protocol/writer.ts";
import type { Runtime, TcpConnection } from "../../broker/runtime/types.ts";
import type { Clock } from "./clock.ts";
import { BrokerConnectionError, KafkaResponseError, RequestTimeoutError } from "./errors.ts";
import { authenticate, type SaslSettings } from "./sasl/authenticate.ts";
import { ApiVersionTable, CLIENT_API_RANGES } from "./versions.ts";

type Codec<K extends ClientApiKey> = (typeof CLIENT_CODECS)[K];
/** What the encoder of API `K` accepts. */
export type RequestOf<K extends ClientApiKey> = Parameters<Codec<K>["encodeRequest"]>[1];
/** What the decoder of API `K` returns. */
export type ResponseOf<K extends ClientApiKey> = ReturnType<Codec<K>["decodeResponse"]>;

/** TLS towards the broker; `ca` replaces the system roots (a private CA). */
export interface TlsSettings {
  ca?: string;
  serverName?: string;
  insecureSkipVerify?: boolean;
}

/** How to reach and talk to one broker. */
export interface ConnectionOptions {
  runtime: Pick<Runtime, "connect">;
  host: string;
  port: number;
  clientId: string;
  clock: Clock;
  tls?: TlsSettings | undefined;
  sasl?: SaslSettings | undefined;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** Largest response frame accepted. Default 100 MiB. */
  maxFrameBytes?: number;
}

interface Pending {
  apiKey: number;
  version: number;
  resolve(body: unknown): void;
  reject(error: Error): void;
  cancelTimer(): void;
}

/**
 * A negotiated, authenticated broker connection.
 *
 * @example
 * ```ts
 * const conn = await BrokerConnection.open({ runtime, host: "kafka.example", port: 9093,
 *   clientId: "gw-1", clock: systemClock, connectTimeoutMs: 10_000, requestTimeoutMs: 30_000,
 *   tls: { ca }, sasl: { mechanism: "SCRAM-SHA-512", username, password } });
 * const md = await conn.send(ApiKey.Metadata, { topics: null });
 * ```
 */
export class BrokerConnection {
  readonly host: string;
  readonly port: number;
  #versions: ApiVersionTable | undefined;
  #pending = new Map<number, Pending>();
  #correlation = 0;
  #writing: Promise<void> = Promise.resolve();
  #closedWith: Error | undefined;
  #closeListeners: Array<(error: Error) => void> = [];
  /** Wall time after which the SASL session must be renewed (KIP-368); Infinity when none. */
  expiresAt = Infinity;

  private constructor(
    private readonly tcp: TcpConnection,
    private readonly options: ConnectionOptions,
  ) {
    this.host = options.host;
    this.port = options.port;
    void this.#readLoop();
  }

  /** Connect, negotiate versions (KIP-511) and authenticate. Rejects with the client's errors. */
  static async open(options: ConnectionOptions): Promise<BrokerConnection> {
    let tcp: TcpConnection;
    try {
      tcp = await options.runtime.connect({
        hostname: options.host,
        port: options.port,
        timeoutMs: options.connectTimeoutMs,
        ...(options.tls ? { tls: options.tls } : {}),
      });
    } catch (cause) {
      throw new BrokerConnectionError(`connect to ${options.host}:${options.port} failed: ${String(cause)}`, false, { cause });
    }
    const connection = new BrokerConnection(tcp, options);
    try {
      connection.#versions = await connection.#negotiate();
      if (options.sasl) {
        const lifetimeMs = await authenticate(connection, options.sasl);
        // Renew well before the broker's deadline (KIP-368): reconnecting is the simplest renewal.
        if (lifetimeMs > 0) connection.expiresAt = options.clock.now() + lifetimeMs * 0.85;
      }
    } catch (error) {
      connection.close(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    return connection;
  }

  /** Versions negotiated with this broker. */
  get versions(): ApiVersionTable {
    if (!this.#versions) throw new Error("connection not negotiated yet");
    return this.#versions;
  }

  /** False once closed, broken, or past its SASL session lifetime. */
  get usable(): boolean {
    return this.#closedWith === undefined && this.options.clock.now() < this.expiresAt;
  }

  /** Requests awaiting their response. */
  get inFlight(): number {
    return this.#pending.size;
  }

  /**
   * Send one request at the negotiated version (or `version`) and resolve with the decoded
   * response body. Rejects with {@link BrokerConnectionError} or {@link RequestTimeoutError}.
   */
  send<K extends ClientApiKey>(
    apiKey: K,
    body: RequestOf<K>,
    options: { version?: number; timeoutMs?: number } = {},
  ): Promise<ResponseOf<K>> {
    const version = options.version ?? this.versions.version(apiKey);
    return this.#send(apiKey, version, body, options.timeoutMs ?? this.options.requestTimeoutMs) as Promise<ResponseOf<K>>;
  }

  /** Called once with the reason when the connection closes. */
  onClose(listener: (error: Error) => void): void {
    if (this.#closedWith) listener(this.#closedWith);
    else this.#closeListeners.push(listener);
  }

  /** Close and fail every outstanding request with `reason`. Idempotent. */
  close(reason: Error = new BrokerConnectionError("connection closed", true)): void {
    if (this.#closedWith) return;
    this.#closedWith = reason;
    this.tcp.close();
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) {
      p.cancelTimer();
      p.reject(reason instanceof BrokerConnectionError
        ? reason
        : new BrokerConnectionError(`connection to ${this.host}:${this.port} closed: ${reason.message}`, true, { cause: reason }));
    }
    for (const listener of this.#closeListeners.splice(0)) listener(reason);
  }

  async #negotiate(): Promise<ApiVersionTable> {
    const ours = CLIENT_API_RANGES.get(ApiKey.ApiVersions)!;
    const request = { clientSoftwareName: "tributary-bridge", clientSoftwareVersion: "1" };
    let response = await this.#send(ApiKey.ApiVersions, ours.max, request, this.options.requestTimeoutMs) as ResponseOf<18>;
    if (response.errorCode === 35) {
      // UNSUPPORTED_VERSION: the v0-shaped answer lists the broker's ApiVersions range (KIP-511).
      const theirs = response.apiKeys.find((k) => k.apiKey === ApiKey.ApiVersions);
      const retry = Math.min(ours.max, theirs?.maxVersion ?? 0);
      response = await this.#send(ApiKey.ApiVersions, retry, request, this.options.requestTimeoutMs) as ResponseOf<18>;
    }
    if (response.errorCode !== 0) throw new KafkaResponseError("ApiVersions", response.errorCode);
    return new ApiVersionTable(response);
  }

  #send(apiKey: number, version: number, body: unknown, timeoutMs: number): Promise<unknown> {
    if (this.#closedWith) {
      return Promise.reject(new BrokerConnectionError(`connection to ${this.host}:${this.port} is closed`, false));
    }
    const correlationId = this.#correlation = (this.#correlation + 1) | 0;
    const w = new ByteWriter();
    w.int32(0); // size, patched below
    encodeRequestHeader(w, { requestApiKey: apiKey, requestApiVersion: version, correlationId, clientId: this.options.clientId });
    const codec = CLIENT_CODECS[apiKey as ClientApiKey];
    (codec.encodeRequest as (w: ByteWriter, m: unknown, v: number) => void)(w, body, version);
    const frame = w.finish();
    new DataView(frame.buffer, frame.byteOffset, 4).setInt32(0, frame.length - 4);
    return new Promise((resolve, reject) => {
      const cancelTimer = this.options.clock.setTimer(timeoutMs, () => {
        const timedOut = new RequestTimeoutError(codec.name, timeoutMs);
        this.#pending.delete(correlationId);
        reject(timedOut);
        this.close(new BrokerConnectionError(`connection to ${this.host}:${this.port} closed: ${timedOut.message}`, true, { cause: timedOut }));
      });
      this.#pending.set(correlationId, { apiKey, version, resolve, reject, cancelTimer });
      this.#writing = this.#writing.then(() => this.tcp.write(frame)).catch((cause) => {
        this.close(new BrokerConnectionError(`write to ${this.host}:${this.port} failed: ${String(cause)}`, true, { cause }));
      });
    });
  }

  async #readLoop(): Promise<void> {
    const decoder = new FrameDecoder({ maxFrameBytes: this.options.maxFrameBytes ?? 100 * 1024 * 1024 });
    try {
      for (;;) {
        const chunk = await this.tcp.read();
        if (chunk === null) break;
        for (const frame of decoder.push(chunk)) this.#dispatch(frame);
      }
      this.close(new BrokerConnectionError(`${this.host}:${this.port} closed the connection`, true));
    } catch (cause) {
      this.close(new BrokerConnectionError(`connection to ${this.host}:${this.port} failed: ${String(cause)}`, true, { cause }));
    }
  }

  #dispatch(frame: Uint8Array): void {
    if (this.#closedWith) return;
    const id = frame.length >= 4 ? new DataView(frame.buffer, frame.byteOffset, 4).getInt32(0) : NaN;
    const pending = this.#pending.get(id);
    if (!pending) throw new Error(`response with unknown correlation id ${id}`);
    this.#pending.delete(id);
    pending.cancelTimer();
    let body: unknown;
    try {
      const r = new ByteReader(frame);
      decodeResponseHeader(r, pending.apiKey, pending.version);
      body = pending.apiKey === ApiKey.ApiVersions
        ? decodeApiVersionsResponseWithFallback(r, pending.version)
        : (CLIENT_CODECS[pending.apiKey as ClientApiKey].decodeResponse as (r: ByteReader, v: number) => unknown)(r, pending.version);
    } catch (error) {
      // The request was answered, just not readably: it may well have been applied.
      pending.reject(new BrokerConnectionError(`undecodable response: ${String(error)}`, true, { cause: error }));
      throw error;
    }
    pending.resolve(body);
  }
}
