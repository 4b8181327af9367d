/** Every batch in the user topics of a log, read back through the partition API. */
import { BATCH_HEADER_SIZE, LOG_OVERHEAD, readBatchHeader } from "../../broker/log/record_batch.ts";
import type { LogManager } from "../../broker/log/types.ts";
import type { FileSystem } from "../../broker/runtime/types.ts";

export interface StoredBatch {
  topic: string;
  partition: number;
  baseOffset: number;
  /** The whole batch as stored (header included). */
  bytes: Uint8Array;
}

/** Split concatenated RecordBatch bytes; stops at a short or impossible length. */
export function splitBatches(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  while (bytes.length - pos >= LOG_OVERHEAD) {
    const length = new DataView(bytes.buffer, bytes.byteOffset + pos + 8, 4).getInt32(0);
    if (length < 0 || pos + LOG_OVERHEAD + length > bytes.length) break;
    out.push(bytes.subarray(pos, pos + LOG_OVERHEAD + length));
    pos += LOG_OVERHEAD + length;
  }
  return out;
}

/**
 * A batch's identity for "was this sent?": everything the broker must keep as sent — all but
 * base offset and leader epoch (assigned), CRC and max timestamp (rewritten under
 * LogAppendTime).
 */
export function batchIdentity(batch: Uint8Array): string {
  if (batch.length < BATCH_HEADER_SIZE) return `short:${hex(batch)}`;
  return hex(batch.subarray(8, 12)) + hex(batch.subarray(16, 17)) + hex(batch.subarray(21, 35)) + hex(batch.subarray(43));
}

export function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/**
 * Read every batch below the high watermark of every non-internal topic. Only partitions with
 * a directory in `dataDir` are opened (a partition gets one when first used), so a topic grown
 * to thousands of partitions is not opened whole by the check itself.
 */
export async function snapshotLog(log: LogManager, fs: FileSystem, dataDir: string): Promise<StoredBatch[]> {
  const out: StoredBatch[] = [];
  const onDisk = new Set(((await fs.readDir(dataDir)) ?? []).filter((e) => e.isDirectory).map((e) => e.name));
  for (const meta of log.listTopics()) {
    if (meta.internal || meta.name.startsWith("__")) continue;
    for (let partition = 0; partition < meta.partitions; partition++) {
      if (!onDisk.has(`${meta.name}-${partition}`)) continue;
      const p = await log.partition(meta.name, partition);
      if (!p) continue;
      let offset = p.logStartOffset;
      while (offset < p.highWatermark) {
        const { bytes } = await p.read(offset, 1 << 20);
        const batches = splitBatches(bytes);
        if (batches.length === 0) break;
        let next = offset;
        for (const batch of batches) {
          const h = readBatchHeader(batch);
          if (h.baseOffset + h.lastOffsetDelta < offset) continue;
          out.push({ topic: meta.name, partition, baseOffset: h.baseOffset, bytes: batch.slice() });
          next = h.baseOffset + h.lastOffsetDelta + 1;
        }
        if (next <= offset) break;
        offset = next;
      }
    }
  }
  return out;
}
