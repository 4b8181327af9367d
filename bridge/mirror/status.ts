/**
 * The bridge's state machine and metrics.
 *
 * States: `starting` (no successful exchange yet) → `connected` (caught up) ⇄ `draining`
 * (backlog above the threshold, sending at full speed) and `backing_off` (the last attempt
 * failed; retrying with backoff; `lastError` says why) → `stopped`. An acknowledged batch or a
 * successful metadata exchange leaves `backing_off`.
 *
 * @module
 */
import type { Logger } from "../../broker/observe/logger.ts";
import type { Counter, Gauge, MetricsRegistry } from "../../broker/observe/metrics.ts";
import type { Clock } from "../client/clock.ts";

/** Where the bridge stands. */
export type BridgeState = "starting" | "connected" | "draining" | "backing_off" | "stopped";
const STATES: readonly BridgeState[] = ["starting", "connected", "draining", "backing_off", "stopped"];

/** Lag of one mirrored local partition. */
export interface PartitionLag {
  topic: string;
  partition: number;
  upstreamTopic: string;
  /** Records in the local log not yet acknowledged upstream. */
  records: number;
  /** Age of the oldest unacknowledged record (by its timestamp), 0 when caught up. */
  seconds: number;
  acked: number;
  highWatermark: number;
}

/** What the admin API shows. */
export interface BridgeStatusSnapshot {
  state: BridgeState;
  since: number;
  lastError: { message: string; at: number } | null;
  bytesSent: number;
  compressionRatio: number;
  recordsSent: number;
  duplicatesPossible: number;
  recordsLost: number;
  lag: { records: number; seconds: number; partitions: PartitionLag[] };
}

/** The counters the mirror bumps. */
export interface BridgeCounters {
  bytesSent: Counter;
  bytesUncompressed: Counter;
  recordsSent: Counter;
  batchesAcked: Counter;
  retries: Counter;
  resets: Counter;
  duplicatesPossible: Counter;
  recordsLost: Counter;
  checkpointSaves: Counter;
  downstreamRecords: Counter;
}

/**
 * @example
 * ```ts
 * const status = new BridgeStatus(metrics, clock, logger, () => mirror.lag(), 1000);
 * status.failed("connect to kafka:9092 failed");
 * status.snapshot().state; // "backing_off"
 * ```
 */
export class BridgeStatus {
  #state: BridgeState = "starting";
  #since: number;
  #lastError: { message: string; at: number } | null = null;
  readonly counters: BridgeCounters;
  readonly #stateGauges: Map<BridgeState, Gauge>;

  constructor(
    metrics: MetricsRegistry,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly lag: () => PartitionLag[],
    private readonly drainThresholdRecords: number,
  ) {
    this.#since = clock.now();
    const c = (name: string, help: string) => metrics.counter(`tributary_bridge_${name}`, help);
    this.counters = {
      bytesSent: c("bytes_sent_total", "Record batch bytes sent upstream (after compression, retries included)"),
      bytesUncompressed: c("bytes_uncompressed_total", "Record batch bytes sent upstream before compression"),
      recordsSent: c("records_sent_total", "Records acknowledged by the upstream cluster"),
      batchesAcked: c("batches_acked_total", "Batches acknowledged by the upstream cluster"),
      retries: c("retries_total", "Failed produce attempts that will be retried"),
      resets: c("producer_resets_total", "Times the idempotent producer took a new id"),
      duplicatesPossible: c("duplicates_possible_total", "Records resent at-least-once after the upstream lost the producer state"),
      recordsLost: c("records_lost_total", "Local records deleted (disk budget) before they were mirrored"),
      checkpointSaves: c("checkpoint_saves_total", "Checkpoint documents written"),
      downstreamRecords: c("downstream_records_total", "Records mirrored from upstream into local topics"),
    };
    this.#stateGauges = new Map(STATES.map((s) => [s, metrics.gauge("tributary_bridge_state", "1 for the bridge's current state", { state: s })]));
    this.#stateGauges.get("starting")!.set(1);
    metrics.collectedGauge("tributary_bridge_compression_ratio", "Uncompressed over compressed bytes sent", () => [{ labels: {}, value: this.compressionRatio }]);
    metrics.collectedGauge("tributary_bridge_lag_records", "Local records not yet acknowledged upstream", () =>
      this.lag().map((l) => ({ labels: { topic: l.topic, partition: String(l.partition) }, value: l.records })));
    metrics.collectedGauge("tributary_bridge_lag_seconds", "Age of the oldest record not yet acknowledged upstream", () =>
      this.lag().map((l) => ({ labels: { topic: l.topic, partition: String(l.partition) }, value: l.seconds })));
  }

  get state(): BridgeState {
    return this.#state;
  }

  get compressionRatio(): number {
    const sent = this.counters.bytesSent.value;
    return sent > 0 ? this.counters.bytesUncompressed.value / sent : 1;
  }

  /** Something failed and will be retried. */
  failed(message: string): void {
    this.#lastError = { message, at: this.clock.now() };
    this.#enter("backing_off");
  }

  /** An exchange with the upstream succeeded; `retrying` when some partitions still back off. */
  succeeded(retrying = false): void {
    if (retrying || this.#state === "stopped") return;
    this.refresh(true);
  }

  /** Re-evaluate connected versus draining (after acks, on the progress timer). */
  refresh(healthy = this.#state !== "backing_off" && this.#state !== "starting"): void {
    if (!healthy || this.#state === "stopped") return;
    const records = this.lag().reduce((n, l) => n + l.records, 0);
    this.#enter(records > this.drainThresholdRecords ? "draining" : "connected");
  }

  stopped(): void {
    this.#enter("stopped");
  }

  snapshot(): BridgeStatusSnapshot {
    const partitions = this.lag();
    return {
      state: this.#state,
      since: this.#since,
      lastError: this.#lastError,
      bytesSent: this.counters.bytesSent.value,
      compressionRatio: this.compressionRatio,
      recordsSent: this.counters.recordsSent.value,
      duplicatesPossible: this.counters.duplicatesPossible.value,
      recordsLost: this.counters.recordsLost.value,
      lag: {
        records: partitions.reduce((n, l) => n + l.records, 0),
        seconds: partitions.reduce((n, l) => Math.max(n, l.seconds), 0),
        partitions,
      },
    };
  }

  #enter(state: BridgeState): void {
    if (state === this.#state) return;
    this.logger.info("bridge state", { from: this.#state, to: state, ...(state === "backing_off" && this.#lastError ? { error: this.#lastError.message } : {}) });
    this.#stateGauges.get(this.#state)!.set(0);
    this.#stateGauges.get(state)!.set(1);
    this.#state = state;
    this.#since = this.clock.now();
  }
}
