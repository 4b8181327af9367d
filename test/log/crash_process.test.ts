import { afterAll, describe, expect, test } from "bun:test";
import { runCrashCycles } from "./_crash.ts";
import { tempDir } from "./_helpers.ts";

const t = tempDir("tributary-crash-");
afterAll(() => t.cleanup());

describe("crash with a real process", () => {
  test("SIGKILL at random moments never loses or corrupts an acknowledged append", async () => {
    const cycles = Number(process.env.CRASH_CYCLES ?? 20);
    const result = await runCrashCycles(t.dir, cycles);
    expect(result.cycles).toBe(cycles);
    expect(result.acks).toBeGreaterThan(cycles);
    expect(result.records).toBeGreaterThan(0);
  }, 600_000);
});
