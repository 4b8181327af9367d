/**
 * Error classes of the Kafka codecs.
 *
 * A decode failure means the peer sent bytes we cannot parse: the connection handler answers
 * with the protocol's error or closes the connection. An encode failure is a bug in our own
 * code (a value the chosen version cannot carry), raised where it happens.
 *
 * @module
 */

/**
 * Malformed or truncated input, raised once per message by {@link ByteReader.check}.
 *
 * @example
 * ```ts
 * try {
 *   decodeMetadataRequest(new ByteReader(bytes), 1);
 * } catch (e) {
 *   if (e instanceof KafkaDecodeError) console.log(e.api, e.version, e.offset);
 * }
 * ```
 */
export class KafkaDecodeError extends Error {
  override name = "KafkaDecodeError";
  /** Message name, e.g. `ProduceRequest` or `RequestHeader`. */
  readonly api: string;
  /** Version the message was decoded at. */
  readonly version: number;
  /** Byte offset of the first failure, relative to where the reader started. */
  readonly offset: number;
  /** What went wrong, without the API/version/offset prefix. */
  readonly reason: string;

  constructor(api: string, version: number, offset: number, reason: string) {
    super(`${api} v${version}: ${reason} at byte ${offset}`);
    this.api = api;
    this.version = version;
    this.offset = offset;
    this.reason = reason;
  }
}

/** A value that the requested message version cannot carry (a bug in the caller). */
export class KafkaEncodeError extends Error {
  override name = "KafkaEncodeError";
  /** Message or struct name. */
  readonly api: string;
  /** Version being encoded, or -1 when the failure is not version specific. */
  readonly version: number;

  constructor(api: string, version: number, reason: string) {
    super(version < 0 ? `${api}: ${reason}` : `${api} v${version}: ${reason}`);
    this.api = api;
    this.version = version;
  }
}

/** Error for a non-nullable field given `null` (used by generated encoders). */
export function nullFieldError(struct: string, field: string, version: number): KafkaEncodeError {
  return new KafkaEncodeError(struct, version, `field ${field} is not nullable in this version`);
}

/**
 * Error for a field that is not ignorable, absent from this version and set to a non-default
 * value: sending the message would silently change its meaning (README.upstream "Ignorable").
 */
export function unsupportedFieldError(
  struct: string,
  field: string,
  version: number,
): KafkaEncodeError {
  return new KafkaEncodeError(
    struct,
    version,
    `field ${field} has a non-default value but does not exist in this version`,
  );
}

/** Error for encoding at a version outside the schema's validVersions. */
export function unsupportedVersionError(api: string, version: number): KafkaEncodeError {
  return new KafkaEncodeError(api, version, "unsupported version");
}
