/**
 * Progress lines while a backlog drains: every interval, if the bridge is draining, one info
 * line with the remaining lag, the record and byte rates over the interval and an estimate of
 * the time left. The same tick re-evaluates connected versus draining.
 *
 * @module
 */
import type { Logger } from "../../broker/observe/logger.ts";
import type { BridgeStatus, PartitionLag } from "./status.ts";

/**
 * @example
 * ```ts
 * const progress = new DrainProgress(status, logger, () => mirror.lag());
 * setInterval(() => progress.tick(10_000), 10_000);
 * ```
 */
export class DrainProgress {
  #records: number;
  #bytes: number;

  constructor(
    private readonly status: BridgeStatus,
    private readonly logger: Logger,
    private readonly lag: () => PartitionLag[],
  ) {
    this.#records = status.counters.recordsSent.value;
    this.#bytes = status.counters.bytesSent.value;
  }

  /** Called every `intervalMs`. Returns the line's fields when one was logged. */
  tick(intervalMs: number): Record<string, number | null> | undefined {
    this.status.refresh();
    const records = this.status.counters.recordsSent.value, bytes = this.status.counters.bytesSent.value;
    const seconds = intervalMs / 1000;
    const rate = (records - this.#records) / seconds;
    const byteRate = (bytes - this.#bytes) / seconds;
    this.#records = records;
    this.#bytes = bytes;
    if (this.status.state !== "draining") return undefined;
    const lag = this.lag().reduce((n, l) => n + l.records, 0);
    const fields = {
      lagRecords: lag,
      recordsPerSecond: Math.round(rate),
      bytesPerSecond: Math.round(byteRate),
      etaSeconds: rate > 0 ? Math.round(lag / rate) : null,
    };
    this.logger.info("draining backlog", fields);
    return fields;
  }
}
