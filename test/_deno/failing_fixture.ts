/**
 * A suite that fails on purpose, run by `test/deno_host.test.ts` under `deno test` to prove the
 * shim reports failures (non-zero exit) and still runs `afterAll` and `afterEach` after them.
 * Not named `*.test.ts`, so neither host collects it on its own.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";

describe("failing test", () => {
  afterEach(() => console.log("MARK afterEach"));
  afterAll(() => console.log("MARK afterAll after a failed test"));
  test("fails", () => {
    expect(1).toBe(2);
  });
  test("passes", () => {
    expect(1).toBe(1);
  });
});

describe("failing beforeAll", () => {
  beforeAll(() => {
    throw new Error("setup failed");
  });
  afterAll(() => console.log("MARK afterAll after a failed beforeAll"));
  test("cannot run", () => {});
});
