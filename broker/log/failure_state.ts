/**
 * A partition's storage-failure state as operators see it: the error counters by kind, the
 * gauge of partitions in error, and the log lines — loud when a failing streak starts, then at
 * most every 10 s with a count (a full disk with retrying clients would otherwise flood the
 * log), and one line when the partition can write again.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import type { StorageError } from "./errors.ts";
import type { LogMetrics } from "./log_metrics.ts";

/** While writes keep failing, the failure is logged as an error at most this often. */
const LOUD_EVERY_MS = 10_000;

/** What the state reports through, and about whom. */
export interface FailureStateOptions {
  topic: string;
  partition: number;
  policy: string;
  logger: Logger;
  metrics: LogMetrics;
  now: () => number;
  /** Told when a failing streak starts (the manager then watches free space). */
  onStorageFailure?: () => void;
}

/** The failing state of one partition: from its first failure until it can write again. */
export class FailureState {
  #o: FailureStateOptions;
  #failing: StorageError | undefined;
  #notLogged = 0;
  #loudAt = 0;

  constructor(o: FailureStateOptions) {
    this.#o = o;
  }

  /** The last failure while no write has succeeded since; undefined when healthy. */
  get current(): StorageError | undefined {
    return this.#failing;
  }

  /** Count a failure (`failedAppends` appends failed with it) and log it. */
  failed(error: StorageError, failedAppends: number): void {
    const m = this.#o.metrics;
    m.storageFailures.inc();
    m.storageErrors(error.kind).inc();
    const now = this.#o.now();
    if (this.#failing === undefined) {
      m.partitionsInError.inc();
      this.#o.onStorageFailure?.();
    }
    const quiet = this.#failing !== undefined && now - this.#loudAt < LOUD_EVERY_MS;
    this.#failing = error;
    if (quiet) {
      this.#notLogged++;
      return;
    }
    this.#o.logger.error("storage failure: appends to this partition fail until the device accepts writes again", {
      topic: this.#o.topic,
      partition: this.#o.partition,
      kind: error.kind,
      error: error.message,
      cause: error.cause instanceof Error ? error.cause.message : String(error.cause),
      failedAppends,
      failuresNotLogged: this.#notLogged,
      policy: this.#o.policy,
    });
    this.#loudAt = now;
    this.#notLogged = 0;
  }

  /** The partition can write again (`why`: a write succeeded, space returned): leave the state. */
  recovered(why: string): void {
    if (this.#failing === undefined) return;
    this.#o.logger.warn("storage writable again: partition accepts appends", {
      topic: this.#o.topic,
      partition: this.#o.partition,
      after: this.#failing.kind,
      why,
    });
    this.#failing = undefined;
    this.#notLogged = 0;
    this.#o.metrics.partitionsInError.dec();
  }

  /** The partition closes: it no longer counts in the gauge. */
  close(): void {
    if (this.#failing !== undefined) this.#o.metrics.partitionsInError.dec();
    this.#failing = undefined;
  }
}
