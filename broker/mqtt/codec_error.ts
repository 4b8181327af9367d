/**
 * The error the MQTT codec raises; every kind closes the connection.
 *
 * @module
 */

/** Why a byte stream was rejected; every kind closes the connection [MQTT-4.13.1-1]. */
export type CodecErrorKind = "malformed" | "too-large" | "unencodable" | "unsupported-protocol";

/** A packet could not be framed, parsed or generated. */
export class MqttCodecError extends Error {
  override readonly name = "MqttCodecError";
  readonly kind: CodecErrorKind;
  /** For "unsupported-protocol": the Protocol Level the CONNECT asked for. */
  readonly protocolLevel: number | undefined;
  constructor(kind: CodecErrorKind, message: string, options?: { cause?: unknown; protocolLevel?: number }) {
    super(message, options);
    this.kind = kind;
    this.protocolLevel = options?.protocolLevel;
  }
}
