/**
 * Rebuild the batches a checkpoint lists as pending: read each batch's local range again and
 * keep the records its route sends to the batch's partition. The rebuilt batch has the same
 * number of records, so with the same producer id, epoch and base sequence it has the same
 * sequence range, and an upstream that already appended it answers with the original offset
 * (KIP-98 de-duplication). A range that cannot be read back whole (records deleted under a disk
 * budget, or a changed route) is reported `complete: false`: the caller resends what remains
 * at-least-once under a new producer id.
 *
 * @module
 */
import type { Decompressor, RecordInput } from "../../broker/log/record_codec.ts";
import type { LogManager } from "../../broker/log/types.ts";
import type { PendingBatch, Route } from "../checkpoint/types.ts";
import { readRecords } from "../client/record_reader.ts";
import { provenanceSource, withProvenance } from "./provenance.ts";
import { upstreamPartition } from "./routing.ts";

/** A pending batch read back from the local log. */
export interface RebuiltBatch {
  pending: PendingBatch;
  records: RecordInput[];
  offsets: number[];
  /** Exactly `pending.recordCount` records were found. */
  complete: boolean;
}

/**
 * @example
 * ```ts
 * const rebuilt = await rebuildPending(log, checkpoint.pending, checkpoint.routes, "gw-1", decompress);
 * ```
 */
export async function rebuildPending(
  log: LogManager,
  pending: readonly PendingBatch[],
  routes: Readonly<Record<string, Route>>,
  gatewayId: string,
  decompress: Decompressor,
): Promise<RebuiltBatch[]> {
  const out: RebuiltBatch[] = [];
  for (const p of pending) {
    const { topic, partition, from, to } = p.source;
    const route = routes[topic];
    const local = await log.partition(topic, partition);
    const records: RecordInput[] = [];
    const offsets: number[] = [];
    if (route && local) {
      const source = provenanceSource(gatewayId, topic, partition);
      let position = Math.max(from, local.logStartOffset);
      while (position <= to && position < local.highWatermark) {
        const { bytes } = await local.read(position, 1 << 20);
        const { records: read, end } = readRecords(bytes, position, decompress);
        if (end <= position) break;
        for (const r of read) {
          if (r.offset > to) break;
          if (upstreamPartition(route, partition, r.key) !== p.partition) continue;
          records.push(withProvenance(r, source));
          offsets.push(r.offset);
        }
        position = end;
      }
    }
    out.push({ pending: p, records, offsets, complete: records.length === p.recordCount });
  }
  return out;
}
