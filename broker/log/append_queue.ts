/**
 * The per-partition append queue (STYLE item 8) and the heart of group commit.
 *
 * Appends are queued; one loop drains them. Everything that arrived while the previous write
 * and fdatasync were in flight is committed together: one write(2) of the concatenated bytes,
 * one fdatasync, then every append in the group resolves. Under load the group grows by itself
 * (the slower the fsync, the more appends share it), so throughput tracks device bandwidth
 * rather than fsync latency — the same idea as a database WAL group commit.
 *
 * @module
 */

/** One queued item with its promise settlers. */
export interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/** Serializes commits of queued items; also runs background syncs between groups. */
export class AppendQueue<T, R> {
  #pending: Pending<T, R>[] = [];
  #running: Promise<void> | undefined;
  #syncDue = false;

  constructor(
    /** Commit a whole group; it settles each item's promise itself. */
    readonly commitGroup: (group: Pending<T, R>[]) => Promise<void>,
    /** A background fsync (interval policy), serialized with groups. */
    readonly sync: () => Promise<void>,
  ) {}

  /** Queue an item; resolves when its group commits. */
  push(item: T): Promise<R> {
    const p = new Promise<R>((resolve, reject) => this.#pending.push({ item, resolve, reject }));
    this.#kick();
    return p;
  }

  /** Ask for a background sync after the current group. */
  requestSync(): void {
    this.#syncDue = true;
    this.#kick();
  }

  /** Number of appends waiting for the next group. */
  get depth(): number {
    return this.#pending.length;
  }

  /** Resolves when nothing is queued or in flight. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  #kick(): void {
    if (this.#running === undefined) this.#running = this.#loop();
  }

  async #loop(): Promise<void> {
    try {
      // Yield once so appends issued in the same tick join the first group.
      await Promise.resolve();
      while (this.#pending.length > 0 || this.#syncDue) {
        if (this.#pending.length > 0) {
          const group = this.#pending;
          this.#pending = [];
          try {
            await this.commitGroup(group);
          } catch (error) {
            for (const g of group) g.reject(error); // commitGroup settles; this is a backstop
          }
        } else {
          this.#syncDue = false;
          await this.sync().catch(() => {}); // sync reports its own failures
        }
      }
    } finally {
      this.#running = undefined;
    }
  }
}
