/**
 * Kafka wire codecs: the sticky-error {@link ByteReader}, the growable {@link ByteWriter}, and
 * the codecs generated from Kafka's message schemas (`generated/`, one file per message).
 *
 * Sans-I/O: everything takes and returns bytes; framing (the int32 size prefix) belongs to
 * the connection layer.
 *
 * @example Broker side: decode a Produce request, answer it.
 * ```ts
 * const r = new ByteReader(frame); // frame = bytes after the size prefix
 * const h = decodeRequestHeader(r);
 * const req = decodeProduceRequest(r, h.requestApiVersion);
 * const w = new ByteWriter();
 * encodeResponseHeader(w, h.correlationId, h.requestApiKey, h.requestApiVersion);
 * encodeProduceResponse(w, {
 *   responses: req.topicData.map((t) => ({
 *     name: t.name,
 *     partitionResponses: t.partitionData.map((p) => ({ index: p.index, errorCode: 0, baseOffset: 0n })),
 *   })),
 * }, h.requestApiVersion);
 * const chunks = w.chunks();
 * ```
 *
 * @module
 */

export { ByteReader } from "./reader.ts";
export { ByteWriter, type ByteWriterOptions } from "./writer.ts";
export {
  KafkaDecodeError,
  KafkaEncodeError,
  nullFieldError,
  unsupportedFieldError,
  unsupportedVersionError,
} from "./errors.ts";
export { uuidToBytes, uuidToString, ZERO_UUID } from "./uuid.ts";
export * from "./generated/mod.ts";
