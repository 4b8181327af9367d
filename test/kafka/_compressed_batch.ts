/** Turn an uncompressed RecordBatch into a compressed one (tests only). */
import type { Compression } from "../../broker/kafka/compression/mod.ts";
import { crc32c } from "../../broker/log/crc32c.ts";
import { BATCH_HEADER_SIZE, LOG_OVERHEAD, OFFSET_ATTRIBUTES, OFFSET_BATCH_LENGTH, OFFSET_CRC } from "../../broker/log/record_batch.ts";

export function compressBatch(batch: Uint8Array, codec: number, compression: Compression): Uint8Array {
  const body = compression.compress(codec, batch.subarray(BATCH_HEADER_SIZE));
  const out = new Uint8Array(BATCH_HEADER_SIZE + body.length);
  out.set(batch.subarray(0, BATCH_HEADER_SIZE));
  out.set(body, BATCH_HEADER_SIZE);
  const view = new DataView(out.buffer);
  view.setInt32(OFFSET_BATCH_LENGTH, out.length - LOG_OVERHEAD);
  view.setInt16(OFFSET_ATTRIBUTES, (view.getInt16(OFFSET_ATTRIBUTES) & ~7) | codec);
  view.setUint32(OFFSET_CRC, crc32c(out, OFFSET_ATTRIBUTES, out.length));
  return out;
}
