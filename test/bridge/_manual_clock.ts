/** A manual {@link Clock} for bridge tests: timers fire when `advance` passes them. */
import type { Clock } from "../../bridge/client/clock.ts";

export class ManualClock implements Clock {
  time = 1_700_000_000_000;
  #timers: Array<{ at: number; seq: number; fn: () => void }> = [];
  #seq = 0;

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = { at: this.time + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Let pending promise callbacks run. */
  async settle(): Promise<void> {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  }

  /** Move time forward, firing due timers in order and letting their callbacks settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await this.settle();
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers[0];
      if (!next || next.at > end) break;
      this.#timers.shift();
      this.time = next.at;
      next.fn();
      await this.settle();
    }
    this.time = end;
    await this.settle();
  }
}
