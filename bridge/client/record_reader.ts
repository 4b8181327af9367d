/**
 * Decode the data records of concatenated RecordBatch v2 bytes (a local log read or a Fetch
 * answer), from a given offset on. Control batches (transaction markers) are skipped; a
 * truncated last batch — Fetch may cut one at its size limit — is left for the next read.
 *
 * @module
 */
import { CONTROL_BIT, iterateBatches } from "../../broker/log/record_batch.ts";
import { decodeRecords, type Decompressor } from "../../broker/log/record_codec.ts";
import type { LogRecord } from "../../broker/log/types.ts";

/**
 * Records at or after `from`, and the offset after the last whole batch (`from` when none).
 *
 * @example
 * ```ts
 * const { records, end } = readRecords((await log.read(next, 1 << 20)).bytes, next, decompress);
 * ```
 */
export function readRecords(bytes: Uint8Array, from: number, decompress: Decompressor): { records: LogRecord[]; end: number } {
  const records: LogRecord[] = [];
  let end = from;
  for (const { position, header } of iterateBatches(bytes)) {
    const last = header.baseOffset + header.lastOffsetDelta;
    if (last < from) continue;
    end = Math.max(end, last + 1);
    if (header.attributes & CONTROL_BIT) continue;
    for (const r of decodeRecords(bytes, position, decompress)) if (r.offset >= from) records.push(r);
  }
  return { records, end };
}
