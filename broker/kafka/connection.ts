/**
 * One Kafka client connection: frames in, requests dispatched by API key, responses out in
 * request order (Kafka guarantees per-connection ordering; clients pipeline up to
 * max.in.flight requests and match responses by order and correlation id).
 *
 * Headers and bodies are decoded as frames arrive, so a malformed frame, an unknown API key
 * or an unsupported version closes the connection at once — after the responses to earlier
 * requests are written — as Kafka's `SocketServer` does. The one exception is ApiVersions: an
 * unknown version is answered in v0 format with UNSUPPORTED_VERSION and the supported ranges
 * (KIP-511), so a newer client can downgrade. Handlers run concurrently (a long-polling Fetch
 * does not block a Heartbeat's processing), but answers are written strictly in order.
 *
 * @module
 */
import type { TcpConnection } from "../runtime/types.ts";
import { type ConnectionSession, mayRequest, newSession, PRE_AUTH_API_KEYS, saslStep } from "./auth.ts";
import type { KafkaServerContext } from "./context.ts";
import { ErrorCode } from "./errors.ts";
import { FrameDecoder, FrameSizeError } from "./framing.ts";
import { encodeApiVersionsResponse } from "./protocol/generated/api_versions_response.ts";
import { decodeRequestHeader, encodeResponseHeader } from "./protocol/generated/headers.ts";
import { ByteReader } from "./protocol/reader.ts";
import { ByteWriter } from "./protocol/writer.ts";
import type { RequestInfo } from "./registry.ts";
import { RequestDeadline } from "./request_deadline.ts";

/** A condition that ends the connection (after earlier responses are sent). */
class CloseConnection extends Error {
  override readonly name = "CloseConnection";
}

type Pending = Promise<Uint8Array[] | null>;

/** Serve one connection until the peer closes it or it must be closed. */
export async function serveConnection(connection: TcpConnection, context: KafkaServerContext): Promise<void> {
  const logger = context.logger.child({ peer: `${connection.remoteAddress}:${connection.remotePort}` });
  const decoder = new FrameDecoder({ maxFrameBytes: context.limits.maxRequestBytes });
  const clientHost = `/${connection.remoteAddress}`;
  const session = newSession(context.auth);
  let tail: Promise<void> = Promise.resolve();
  let inFlight = 0;
  let failed = false;
  let cancelIdle = () => {};
  const armIdle = () => {
    cancelIdle();
    cancelIdle = context.clock.schedule(context.limits.connectionIdleMs, () => connection.close());
  };
  const peer = connection.remoteAddress;
  const deadline = new RequestDeadline(context.clock, context.limits, (kind) => {
    const key = kind === "first-request-timeout" ? "kafka.firstRequestTimeoutMs" : "kafka.requestTimeoutMs";
    context.limitReporter.refused("kafka", kind, key, { remote: peer, bufferedBytes: decoder.bufferedBytes });
    connection.close();
  });

  const enqueue = (pending: Pending) => {
    inFlight++;
    tail = tail.then(async () => {
      try {
        let frame: Uint8Array[] | null;
        try {
          frame = await pending;
        } catch (error) {
          // A handler fault, not a wire error: log it and drop the connection (never crash).
          if (!failed) logger.error("kafka request failed; closing connection", { error: String(error) });
          failed = true;
          return;
        }
        if (frame && !failed) for (const part of frame) await connection.write(part);
        if (session.closeAfterResponse) failed = true;
      } catch (error) {
        // The peer went away while we were answering.
        if (!failed) logger.debug("kafka connection write failed", { error: String(error) });
        failed = true;
      } finally {
        if (failed) connection.close();
        inFlight--;
      }
    });
  };

  // On shutdown the pending read ends with null: no new requests are read, the ones in flight
  // are still answered below (`await tail`) before the connection closes. Each read gets its own
  // promise that the stop signal can settle; racing every read against one long-lived promise
  // kept each chunk reachable from it until shutdown (issue 8).
  let interruptRead = () => {};
  const onStopping = () => interruptRead();
  context.stopping.addEventListener("abort", onStopping);
  const next = () =>
    context.stopping.aborted ? Promise.resolve(null) : new Promise<Uint8Array | null>((resolve, reject) => {
      interruptRead = () => resolve(null);
      connection.read().then(resolve, reject);
    });
  try {
    armIdle();
    for (let chunk = await next(); chunk !== null && !failed && !session.closeAfterResponse; chunk = await next()) {
      armIdle();
      const frames = decoder.push(chunk);
      deadline.received(frames.length, decoder.bufferedBytes);
      for (const frame of frames) {
        // A SASL step is a barrier, as Kafka mutes the channel while it authenticates: later
        // requests wait for its outcome, and none runs once it decided to close the connection
        // (a request after a failed SaslAuthenticate must not reach the log unanswered).
        const saslStep = changesAuthentication(frame, session);
        enqueue(dispatch(frame, clientHost, session, context));
        if (saslStep) await tail;
        if (failed || session.closeAfterResponse) break;
        if (inFlight >= context.limits.maxInFlightPerConnection) {
          // Backpressure, not an error: read no further until the answers have gone out.
          context.limitReporter.backpressure("kafka", "max-inflight-requests");
          deadline.pause();
          await tail;
          deadline.resume(decoder.bufferedBytes);
        }
      }
    }
  } catch (error) {
    context.requestMetrics.closedOnError();
    if (error instanceof FrameSizeError && error.size > error.limit) {
      context.limitReporter.refused("kafka", "max-request-bytes", "kafka.maxRequestBytes", { remote: peer, size: error.size });
    }
    logger.warn("closing kafka connection", { reason: error instanceof CloseConnection ? error.message : String(error) });
  } finally {
    context.stopping.removeEventListener("abort", onStopping);
    cancelIdle();
    deadline.cancel();
    await tail;
    connection.close();
  }
}

/** SaslHandshake (17), SaslAuthenticate (36) or a raw SASL token: the frame may change who the connection is. */
function changesAuthentication(frame: Uint8Array, session: ConnectionSession): boolean {
  if (session.rawTokenNext) return true;
  const apiKey = frame.length >= 2 ? (frame[0]! << 8) | frame[1]! : -1;
  return apiKey === 17 || apiKey === 36;
}

/** Decode synchronously (fatal problems throw here), then run the handler. */
function dispatch(frame: Uint8Array, clientHost: string, session: ConnectionSession, context: KafkaServerContext): Pending {
  if (session.rawTokenNext) return rawSaslToken(frame, clientHost, session, context);
  const reader = new ByteReader(frame);
  let header;
  try {
    header = decodeRequestHeader(reader);
  } catch (error) {
    throw new CloseConnection(`malformed request header: ${String(error)}`);
  }
  const { requestApiKey: apiKey, requestApiVersion: version, correlationId } = header;
  const handler = context.registry.get(apiKey);
  if (!handler) throw new CloseConnection(`unsupported api key ${apiKey}`);
  if (!mayRequest(session) && !PRE_AUTH_API_KEYS.has(apiKey)) {
    throw new CloseConnection(`${handler.name} request before SASL authentication`);
  }
  if (version < handler.minVersion || version > handler.maxVersion) {
    if (apiKey === 18) return Promise.resolve(apiVersionsFallback(correlationId, context));
    throw new CloseConnection(`unsupported ${handler.name} version ${version}`);
  }
  let request: unknown;
  try {
    request = handler.decode(reader, version);
  } catch (error) {
    throw new CloseConnection(`malformed ${handler.name} v${version} request: ${String(error)}`);
  }
  const info: RequestInfo = { apiKey, apiVersion: version, correlationId, clientId: header.clientId ?? "", clientHost, session };
  const done = context.requestMetrics.start(handler.name);
  return Promise.resolve(handler.handle(request, info, context)).then((response) => {
    done();
    if (response === null) return null;
    const writer = new ByteWriter();
    encodeResponseHeader(writer, correlationId, apiKey, version);
    handler.encode(writer, response, version);
    return frameChunks(writer);
  });
}

/**
 * A raw SASL token after a SaslHandshake v0 (KIP-43): no Kafka header. Each step is answered
 * by a raw frame (empty for PLAIN, the server-first and server-final messages for SCRAM);
 * failure closes the connection.
 */
function rawSaslToken(frame: Uint8Array, clientHost: string, session: ConnectionSession, context: KafkaServerContext): Pending {
  session.rawTokenNext = false;
  const auth = context.auth;
  if (!auth) throw new CloseConnection("SASL token without authentication configured");
  const token = frame.slice();
  return saslStep(auth, session, token, clientHost).then((step) => {
    if (!step.ok) {
      context.logger.warn("kafka authentication failed", { clientHost, mechanism: session.mechanism, user: step.username ?? null, reason: step.message });
      session.closeAfterResponse = true;
      return null;
    }
    // More tokens follow until the exchange completes.
    if (!step.complete) session.rawTokenNext = true;
    const out = new Uint8Array(4 + step.token.length);
    new DataView(out.buffer).setInt32(0, step.token.length);
    out.set(step.token, 4);
    return [out];
  });
}

/** KIP-511: an ApiVersions request of an unknown version gets a v0 response listing our ranges. */
function apiVersionsFallback(correlationId: number, context: KafkaServerContext): Uint8Array[] {
  const writer = new ByteWriter();
  encodeResponseHeader(writer, correlationId, 18, 0);
  encodeApiVersionsResponse(writer, { errorCode: ErrorCode.UNSUPPORTED_VERSION, apiKeys: context.registry.versions() }, 0);
  return frameChunks(writer);
}

/** Size prefix plus body; small responses become one buffer (one write), large ones stay zero-copy. */
function frameChunks(writer: ByteWriter): Uint8Array[] {
  const size = writer.length;
  const prefix = new Uint8Array(4);
  new DataView(prefix.buffer).setInt32(0, size);
  const chunks = writer.chunks();
  if (size >= 64 * 1024) return [prefix, ...chunks];
  const out = new Uint8Array(4 + size);
  out.set(prefix, 0);
  let pos = 4;
  for (const chunk of chunks) {
    out.set(chunk, pos);
    pos += chunk.length;
  }
  return [out];
}
