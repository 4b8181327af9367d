/**
 * Virtual time for the broker under fuzz: one clock serving both the Kafka side
 * (`schedule`) and the MQTT side (`setTimeout`). Timers fire only when the fuzzer advances it,
 * so idle, keep-alive, connect and session timeouts are reached in microseconds.
 */
import type { GroupClock } from "../../broker/kafka/groups/types.ts";
import type { Clock, TimerId } from "../../broker/mqtt/clock.ts";

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

export class VirtualClock implements GroupClock, Clock {
  time = 1_700_000_000_000;
  #timers = new Map<number, Timer>();
  #seq = 0;
  now(): number {
    return this.time;
  }
  schedule(delayMs: number, fn: () => void): () => void {
    const id = this.setTimeout(fn, delayMs) as number;
    return () => this.#timers.delete(id);
  }
  setTimeout(fn: () => void, ms: number): TimerId {
    const seq = ++this.#seq;
    this.#timers.set(seq, { at: this.time + Math.max(0, Number.isFinite(ms) ? ms : 0), seq, fn });
    return seq;
  }
  clearTimeout(id: TimerId): void {
    this.#timers.delete(id as number);
  }
  /** Fire the timers due by `time + ms`, earliest first; returns how many fired. */
  advance(ms: number): number {
    const end = this.time + ms;
    let fired = 0;
    for (;;) {
      let due: Timer | undefined;
      for (const t of this.#timers.values()) if (t.at <= end && (!due || t.at < due.at || (t.at === due.at && t.seq < due.seq))) due = t;
      if (!due) break;
      this.#timers.delete(due.seq);
      this.time = Math.max(this.time, due.at);
      fired++;
      due.fn();
    }
    this.time = end;
    return fired;
  }
  get pending(): number {
    return this.#timers.size;
  }
}
