/** A manual clock for the group coordinator and the Kafka port: timers fire on `advance`. */
import type { GroupClock } from "../../broker/kafka/groups/types.ts";

export class FakeClock implements GroupClock {
  time = 1_700_000_000_000;
  #timers: Array<{ at: number; seq: number; fn: () => void }> = [];
  #seq = 0;
  now(): number {
    return this.time;
  }
  schedule(delayMs: number, fn: () => void): () => void {
    const timer = { at: this.time + delayMs, seq: this.#seq++, fn };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }
  /** Move time forward, firing due timers in order (timers they schedule fire too if due). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers[0];
      if (!next || next.at > end) break;
      this.#timers.shift();
      this.time = next.at;
      next.fn();
    }
    this.time = end;
  }
  get pending(): number {
    return this.#timers.length;
  }
}
