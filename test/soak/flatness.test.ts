/** The soak's flatness verdict on synthetic series: a GC sawtooth is flat, a leak is not. */
import { describe, expect, test } from "bun:test";
import { judgeFlatness } from "./flatness.ts";

const at = Array.from({ length: 180 }, (_, i) => i * 10_000); // 30 min, every 10 s
const MiB = 1024;

describe("judgeFlatness", () => {
  test("a garbage-collector sawtooth around a steady level is flat", () => {
    const sawtooth = at.map((_, i) => 150 * MiB + (i % 12) * 20 * MiB);
    const v = judgeFlatness(at, sawtooth, 0.1, 16 * MiB);
    expect(v.flat).toBe(true);
    expect(v.max).toBe(150 * MiB + 11 * 20 * MiB);
  });

  test("steady growth (a leak of 1 MiB a minute) is not flat", () => {
    const leak = at.map((t) => 150 * MiB + (t / 60_000) * MiB);
    const v = judgeFlatness(at, leak, 0.1, 16 * MiB);
    expect(v.flat).toBe(false);
    expect(v.slopePerHour).toBeCloseTo(60 * MiB, 0);
  });

  test("a step up in the last third is not flat; file descriptors held constant are", () => {
    const step = at.map((_, i) => (i < 140 ? 1000 : 1100));
    expect(judgeFlatness(at, step, 0.05, 16).flat).toBe(false);
    expect(judgeFlatness(at, at.map(() => 1033), 0.05, 16)).toMatchObject({ flat: true, slopePerHour: 0, first: 1033, last: 1033 });
  });

  test("too few samples is an error, not a verdict", () => {
    expect(() => judgeFlatness([0, 1], [1, 2], 0.1, 1)).toThrow("at least 6");
  });
});
