/** The session queue's FIFO: order, put-back, and compaction of a deep queue. */
import { describe, expect, test } from "bun:test";
import { Fifo } from "../../broker/mqtt/fifo.ts";

describe("Fifo", () => {
  test("items leave in the order they came, across compactions of a deep queue", () => {
    const q = new Fifo<number>();
    const out: number[] = [];
    // 100,000 deep (a session with mqtt.maxQueuedMessages 100000), drained while refilled.
    for (let i = 0; i < 100_000; i++) q.push(i);
    for (let i = 100_000; i < 250_000; i++) {
      out.push(q.shift()!);
      q.push(i);
    }
    while (q.length > 0) out.push(q.shift()!);
    expect(out.length).toBe(250_000);
    expect(out.every((v, i) => v === i)).toBe(true);
    expect(q.shift()).toBeUndefined();
  });

  test("unshift puts an item back at the front; at() and iteration see the live items only", () => {
    const q = new Fifo<string>();
    q.unshift("b"); // empty queue, no consumed prefix
    q.push("c");
    q.unshift("a");
    expect([...q]).toEqual(["a", "b", "c"]);
    expect(q.shift()).toBe("a");
    q.unshift("a2"); // into the consumed slot
    expect(q.at(0)).toBe("a2");
    expect(q.at(2)).toBe("c");
    expect(q.at(3)).toBeUndefined();
    expect(q.at(-1)).toBeUndefined();
    expect(q.length).toBe(3);
    q.clear();
    expect(q.length).toBe(0);
    expect([...q]).toEqual([]);
  });
});
