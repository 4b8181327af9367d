/**
 * What the bridge persists, and the store interface with its two implementations
 * (`file_store.ts`, `memory_store.ts`; STYLE item 9).
 *
 * The upstream checkpoint holds, in one atomically replaced document, everything a restart
 * needs to continue exactly where the upstream left off: per local partition the acknowledged
 * and the handed-over offsets, the idempotent producer's id and epoch, the next sequence per
 * upstream partition, and every batch that was (or was about to be) sent without an answer —
 * its sequence range and the local offset range it was built from. Keeping them in one file
 * is the point: a producer id without its sequences, or sequences without the batches they
 * cover, could not be resent so that the upstream de-duplicates them (KIP-98).
 *
 * @module
 */

/** Progress of one local (source) partition. */
export interface SourceProgress {
  /** Every record below this offset is acknowledged upstream; the retention floor. */
  acked: number;
  /** Every record below this offset is in an acknowledged or a pending batch; reading resumes here. */
  next: number;
}

/** A batch sent (or about to be sent) without an answer yet: rebuilt and resent after a restart. */
export interface PendingBatch {
  /** Upstream topic and partition. */
  topic: string;
  partition: number;
  baseSequence: number;
  recordCount: number;
  /** Local records it holds: those in [from, to] that the route sends to `partition`. */
  source: { topic: string; partition: number; from: number; to: number };
}

/** How a local topic was mapped when its pending batches were formed. */
export interface Route {
  upstreamTopic: string;
  upstreamPartitions: number;
  localPartitions: number;
}

/** The upstream mirror's durable state. */
export interface BridgeCheckpoint {
  version: 1;
  /** The idempotent producer's identity; null before the first InitProducerId. */
  producer: { id: number; epoch: number } | null;
  /** Next sequence per upstream `topic/partition` for batches not yet formed. */
  sequences: Record<string, number>;
  /** Per local `topic/partition`. */
  sources: Record<string, SourceProgress>;
  /** Per local topic. */
  routes: Record<string, Route>;
  pending: PendingBatch[];
}

/** The downstream mirror's durable state: next upstream offset per upstream `topic/partition`. */
export interface DownstreamCheckpoint {
  version: 1;
  positions: Record<string, number>;
}

/** Load and atomically replace one small document. */
export interface CheckpointStore<T> {
  /** The last saved value, or null when nothing was ever saved. Rejects on corruption. */
  load(): Promise<T | null>;
  /** Replace the value; after it resolves a crash cannot bring back an older one. Saves apply in call order. */
  save(value: T): Promise<void>;
}

/** A checkpoint that exists but cannot be trusted; the bridge refuses to guess. */
export class CheckpointCorruptError extends Error {
  override readonly name = "CheckpointCorruptError";
  constructor(where: string, reason: string, options?: { cause?: unknown }) {
    super(`checkpoint ${where} is unreadable (${reason}); move it aside to start over from the retention floor`, options);
  }
}

/** An empty upstream checkpoint. */
export function emptyCheckpoint(): BridgeCheckpoint {
  return { version: 1, producer: null, sequences: {}, sources: {}, routes: {}, pending: [] };
}
