/** The bun:test shim behaves like bun:test: hook order, matchers, skips (runs on both hosts). */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
const log: string[] = [];
beforeAll(() => {
  log.push("root-ba");
});
describe("outer", () => {
  beforeAll(() => {
    log.push("outer-ba");
  });
  beforeEach(() => {
    log.push("outer-be");
  });
  afterEach(() => {
    log.push("outer-ae");
  });
  afterAll(() => {
    log.push("outer-aa");
  });
  test("one", () => {
    log.push("one");
    expect([1, { a: undefined }] as unknown[]).toEqual([1, {}]);
  });
  describe("inner", () => {
    beforeEach(() => {
      log.push("inner-be");
    });
    test("two", async () => {
      log.push("two");
      await expect(Promise.reject(new Error("boom"))).rejects.toThrow("boom");
      await expect(Promise.resolve(3)).resolves.toBe(3);
      expect(() => {
        throw new TypeError("x");
      }).toThrow(TypeError);
      expect(new Uint8Array([1, 2])).toEqual(new Uint8Array([1, 2]));
      expect({ a: undefined }).not.toStrictEqual({});
      expect("hello").toMatch(/ell/);
      expect([1, 2, 3]).toContain(2);
      expect([1, 2, 3]).toHaveLength(3);
      expect(2).toBeGreaterThan(1);
      expect(null).toBeNull();
      expect(() => {}).not.toThrow();
    }, 5000);
  });
  test.skip("skipped", () => {
    throw new Error("no");
  });
  test.if(false)("if-false", () => {
    throw new Error("no");
  });
});
test("order", () => {
  expect(log).toEqual([
    "root-ba",
    "outer-ba",
    "outer-be",
    "one",
    "outer-ae",
    "outer-be",
    "inner-be",
    "two",
    "outer-ae",
    "outer-aa",
  ]);
});
test("failing expectations throw", () => {
  expect(() => expect(1).toBe(2)).toThrow();
  expect(() => expect({ a: 1 }).toEqual({ a: 2 })).toThrow();
});
