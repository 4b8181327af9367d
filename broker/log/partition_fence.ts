/**
 * Whether a partition refuses appends after a storage failure, and when it tries again.
 *
 * A partition is fenced while it recovers (`recovering`) and stays fenced when the recovery
 * itself failed (`broken`); then a retry is due after 1 s, doubling to 30 s, until one succeeds.
 *
 * @module
 */

import { StorageError } from "./errors.ts";

/** Recovery retries of a partition that could not truncate or re-sync: first delay, cap. */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;

/** The fencing state of one partition. */
export class PartitionFence {
  /** The failure being recovered from right now. */
  recovering: StorageError | undefined;
  /** Set when recovery itself failed: fenced until a retry succeeds. */
  broken: StorageError | undefined;
  /** A retry's delay has passed; the writer runs it next. */
  retryDue = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #retryDelay = RETRY_FIRST_MS;

  constructor(
    readonly name: string,
    /** Called when a retry is due (the partition wakes its writer). */
    readonly onRetryDue: () => void,
  ) {}

  /** True while appends are refused. */
  get fenced(): boolean {
    return this.recovering !== undefined || this.broken !== undefined;
  }

  /** The error an append gets while fenced. */
  error(): StorageError {
    const cause = this.recovering ?? this.broken;
    return new StorageError(`partition ${this.name} is fenced after a storage failure: ${cause?.message}`, { cause, kind: "fenced" });
  }

  /** Milliseconds until the next retry, were one scheduled now (for the log line). */
  get retryDelay(): number {
    return this.#retryDelay;
  }

  /** Recovery succeeded: appends are accepted again and the backoff starts over. */
  cleared(): void {
    this.recovering = undefined;
    this.broken = undefined;
    this.#retryDelay = RETRY_FIRST_MS;
  }

  /** Recovery from `error` failed: stay fenced and retry after the current delay. */
  failed(error: StorageError, closed: boolean): void {
    this.broken = error;
    this.recovering = undefined;
    if (closed || this.#retryTimer !== undefined) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.retryDue = true;
      this.onRetryDue();
    }, this.#retryDelay);
    this.#retryDelay = Math.min(this.#retryDelay * 2, RETRY_MAX_MS);
  }

  close(): void {
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }
}
