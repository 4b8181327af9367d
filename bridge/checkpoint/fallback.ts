/**
 * Making a previous upstream checkpoint safe to resume from after the newest one was found torn.
 *
 * The previous document may be one save behind: the batch the newest one listed may already
 * have been sent and acknowledged, under sequences the previous document would hand out again
 * for differently formed batches — which the upstream could refuse (OUT_OF_ORDER_SEQUENCE) or
 * take twice. So nothing in flight is trusted: a new producer id (fresh sequences), no pending
 * batches, and every source resumes at its acknowledged offset. Records between that offset
 * and what the lost checkpoint covered may then reach the upstream twice; none is lost.
 *
 * @module
 */
import type { BridgeCheckpoint } from "./types.ts";

/** `previous` without anything in flight: resume every source at its acknowledged offset. */
export function forgetInFlight(previous: BridgeCheckpoint): BridgeCheckpoint {
  const sources: BridgeCheckpoint["sources"] = {};
  for (const [key, p] of Object.entries(previous.sources)) sources[key] = { acked: p.acked, next: p.acked };
  return { ...previous, producer: null, sequences: {}, sources, pending: [] };
}
