/**
 * Error classes of the upstream Kafka client — only for conditions callers catch (STYLE item 6).
 * Every class says whether a retry can help (`retriable`) and whether the request may have
 * reached the broker (`maybeDelivered`): a produce that fails after its bytes were written is
 * "in doubt" and must be resent with the same producer id, epoch and sequence (KIP-98) so the
 * broker can de-duplicate it.
 *
 * @module
 */
import { errorForCode } from "../../broker/kafka/errors.ts";

/** A broker answered with a non-zero error code where the whole call fails. */
export class KafkaResponseError extends Error {
  override readonly name = "KafkaResponseError";
  readonly errorName: string;
  readonly retriable: boolean;
  constructor(
    readonly api: string,
    readonly code: number,
    detail?: string | null,
  ) {
    const known = errorForCode(code);
    super(`${api} failed: ${known.name} (${code})${detail ? `: ${detail}` : ""}`);
    this.errorName = known.name;
    this.retriable = known.retriable;
  }
}

/** Connecting failed, or the connection broke while requests were outstanding. */
export class BrokerConnectionError extends Error {
  override readonly name = "BrokerConnectionError";
  readonly retriable = true;
  constructor(
    message: string,
    /** True when request bytes had been written before the failure. */
    readonly maybeDelivered: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No response within the request timeout; the connection is closed (Kafka's NetworkClient does the same). */
export class RequestTimeoutError extends Error {
  override readonly name = "RequestTimeoutError";
  readonly retriable = true;
  readonly maybeDelivered = true;
  constructor(
    readonly api: string,
    readonly timeoutMs: number,
  ) {
    super(`${api} request timed out after ${timeoutMs} ms`);
  }
}

/** SASL handshake or authentication failed; retrying with the same credentials will not help. */
export class SaslAuthenticationError extends Error {
  override readonly name = "SaslAuthenticationError";
  readonly retriable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The broker does not offer a version of an API that this client can speak. */
export class UnsupportedApiError extends Error {
  override readonly name = "UnsupportedApiError";
  readonly retriable = false;
  constructor(
    readonly api: string,
    readonly broker: { min: number; max: number } | null,
    readonly client: { min: number; max: number },
  ) {
    super(
      broker
        ? `broker speaks ${api} v${broker.min}-${broker.max}, this client v${client.min}-${client.max}`
        : `broker does not offer ${api}`,
    );
  }
}

/** Whether retrying the failed call may succeed (network faults, timeouts, retriable codes). */
export function isRetriableError(error: unknown): boolean {
  if (error instanceof KafkaResponseError) return error.retriable;
  return error instanceof BrokerConnectionError || error instanceof RequestTimeoutError;
}

/** Whether the request behind `error` may have been applied by the broker. */
export function maybeDelivered(error: unknown): boolean {
  if (error instanceof BrokerConnectionError) return error.maybeDelivered;
  return error instanceof RequestTimeoutError;
}

/** A short text for logs and the status endpoint. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
