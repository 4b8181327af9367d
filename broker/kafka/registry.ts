/**
 * The handler registry: one handler per API key (STYLE item 5), each declaring the version
 * range it serves. ApiVersions is built from here, so what the broker advertises is exactly
 * what its code handles.
 *
 * @module
 */
import type { ByteReader } from "./protocol/reader.ts";
import type { ByteWriter } from "./protocol/writer.ts";
import type { ConnectionSession } from "./auth.ts";
import type { KafkaServerContext } from "./context.ts";

/** What a handler knows about the request beyond its body. */
export interface RequestInfo {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string;
  /** Peer address, e.g. "/192.168.1.7" as Kafka prints client hosts. */
  clientHost: string;
  /** The connection's authentication state (SASL handlers update it). */
  session: ConnectionSession;
}

/** One API: codecs for its range and the logic. */
export interface ApiHandler<Request, Response> {
  apiKey: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  decode(reader: ByteReader, version: number): Request;
  encode(writer: ByteWriter, response: Response, version: number): void;
  /** The response, or `null` when the protocol sends none (Produce with acks=0). */
  handle(request: Request, info: RequestInfo, context: KafkaServerContext): Promise<Response | null> | Response | null;
}

/** A handler with its types erased, as the dispatcher holds it. */
export type AnyApiHandler = ApiHandler<unknown, unknown>;

/** Type-check a handler against its codecs, then erase the types for the registry. */
export function defineHandler<Request, Response>(handler: ApiHandler<Request, Response>): AnyApiHandler {
  return handler as unknown as AnyApiHandler;
}

/** Handlers by API key. */
export class HandlerRegistry {
  readonly #handlers = new Map<number, AnyApiHandler>();
  #load: (() => Promise<readonly AnyApiHandler[]>) | undefined;
  #ready: Promise<void> | undefined;

  constructor(handlers: readonly AnyApiHandler[] = []) {
    for (const handler of handlers) this.register(handler);
  }

  /**
   * A registry filled by `load` when first needed ({@link ready}): the handlers and the
   * generated codecs behind them cost an idle broker a few MB of RSS until a Kafka client
   * connects, which many MQTT-only gateways never see.
   *
   * @example
   * ```ts
   * const registry = HandlerRegistry.deferred(async () => (await import("./handlers/mod.ts")).allHandlers);
   * await registry.ready(); // before the first request is dispatched
   * ```
   */
  static deferred(load: () => Promise<readonly AnyApiHandler[]>): HandlerRegistry {
    const registry = new HandlerRegistry();
    registry.#load = load;
    return registry;
  }

  /** Resolves once every handler is registered (at once unless {@link deferred}). */
  ready(): Promise<void> {
    const load = this.#load;
    this.#ready ??= load
      ? load().then((handlers) => {
        for (const handler of handlers) this.register(handler);
        this.#load = undefined;
      })
      : Promise.resolve();
    return this.#ready;
  }

  register(handler: AnyApiHandler): void {
    if (this.#handlers.has(handler.apiKey)) throw new Error(`api key ${handler.apiKey} registered twice`);
    if (handler.minVersion !== 0) {
      // librdkafka treats an API whose range does not start at 0 as unusable; keep every v0.
      throw new Error(`${handler.name} must serve version 0`);
    }
    this.#handlers.set(handler.apiKey, handler);
  }

  get(apiKey: number): AnyApiHandler | undefined {
    return this.#handlers.get(apiKey);
  }

  /** The ApiVersions list, ascending by key. */
  versions(): Array<{ apiKey: number; minVersion: number; maxVersion: number }> {
    return [...this.#handlers.values()]
      .sort((a, b) => a.apiKey - b.apiKey)
      .map((h) => ({ apiKey: h.apiKey, minVersion: h.minVersion, maxVersion: h.maxVersion }));
  }
}
