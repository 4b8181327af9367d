/**
 * The Kafka port: listener, handlers, group coordinator, idempotent producers, compression
 * and the error table. `broker/kafka/protocol/` (generated codecs) has its own surface.
 *
 * @example
 * ```ts
 * const kafka = await startKafkaServer({ runtime, log, hostname: "0.0.0.0", port: 9092,
 *   advertisedHost: "gateway.local", logger, metrics, stateDir: config.dataDir });
 * // …
 * await kafka.close();
 * ```
 *
 * @module
 */
export { type KafkaServer, type KafkaServerOptions, startKafkaServer } from "./server.ts";
export {
  type ConnectionSession,
  type GroupOperation,
  type KafkaAuth,
  mayGroup,
  mayTopic,
  parsePlain,
  type ScramLookup,
  type TopicOperation,
} from "./auth.ts";
export {
  deriveScramCredential,
  SCRAM_MECHANISMS,
  type ScramCredential,
  type ScramMechanism,
} from "./sasl/scram.ts";
export { ScramAuthenticationError, type ScramCredentialLookup, ScramServer } from "./sasl/scram_server.ts";
export { defaultKafkaLimits, type KafkaLimits, type KafkaServerContext } from "./context.ts";
export { ErrorCode, errorForCode, isRetriable, type KafkaError, kafkaErrors, type KafkaErrorName } from "./errors.ts";
export { DEFAULT_MAX_FRAME_BYTES, encodeFrame, FrameDecoder, FrameSizeError, FrameTruncatedError } from "./framing.ts";
export {
  type Compression,
  CompressionCodec,
  CompressionFormatError,
  type CompressionOptions,
  createCompression,
  UnsupportedCodecError,
} from "./compression/mod.ts";
export { GroupCoordinator, groupLag, OFFSETS_TOPIC, OffsetStore, type PartitionLag } from "./groups/mod.ts";
export { ProducerIdAllocator, ProducerStateManager } from "./producers/mod.ts";
export { type AnyApiHandler, type ApiHandler, defineHandler, HandlerRegistry, type RequestInfo } from "./registry.ts";
