/**
 * Read records from a partition in order, from an offset up to the high watermark, batch by
 * batch (shared by the compacted-state replay and the Kafka → MQTT tailer).
 *
 * @module
 */

import { iterateBatches } from "../log/record_batch.ts";
import { decodeRecords, type Decompressor } from "../log/record_codec.ts";
import type { LogRecord, PartitionLog } from "../log/types.ts";

/**
 * Visit every record at or after `from` and below the high watermark (and `limit`); returns the next offset
 * to read. Records inside a batch before `from` are skipped (reads start at a batch boundary).
 */
export async function readRecords(
  log: PartitionLog,
  from: number,
  visit: (record: LogRecord) => void,
  options: { maxBytes?: number; decompress?: Decompressor; limit?: number } = {},
): Promise<number> {
  let offset = Math.max(from, log.logStartOffset);
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const limit = options.limit ?? Infinity;
  while (offset < Math.min(log.highWatermark, limit)) {
    const result = await log.read(offset, maxBytes);
    let advanced = false;
    for (const { position, header } of iterateBatches(result.bytes)) {
      const last = header.baseOffset + header.lastOffsetDelta;
      if (last < offset) continue;
      for (const record of decodeRecords(result.bytes, position, options.decompress)) {
        if (record.offset >= offset && record.offset < result.highWatermark && record.offset < limit) visit(record);
      }
      offset = Math.max(offset, Math.min(last + 1, result.highWatermark, limit));
      advanced = true;
    }
    if (!advanced) break;
  }
  return offset;
}
