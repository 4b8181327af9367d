/**
 * `expect` for the bun:test shim: the matchers Tributary's suites use, with `.not`,
 * `.resolves` and `.rejects`.
 *
 * @module
 */

import { deepEqual, show } from "./_equality.ts";

/** The matchers; `R` is `void`, or `Promise<void>` after `.resolves` / `.rejects`. */
export interface Matchers<R> {
  readonly not: Matchers<R>;
  toBe(expected: unknown): R;
  toEqual(expected: unknown): R;
  toStrictEqual(expected: unknown): R;
  toBeTruthy(): R;
  toBeFalsy(): R;
  toBeNull(): R;
  toBeUndefined(): R;
  toBeDefined(): R;
  toBeGreaterThan(expected: number | bigint): R;
  toBeGreaterThanOrEqual(expected: number | bigint): R;
  toBeLessThan(expected: number | bigint): R;
  toBeLessThanOrEqual(expected: number | bigint): R;
  toContain(expected: unknown): R;
  toHaveLength(expected: number): R;
  toMatch(expected: string | RegExp): R;
  toThrow(expected?: string | RegExp | Error | (new (...args: never[]) => unknown)): R;
  // deno-lint-ignore no-explicit-any
  toBeInstanceOf(expected: abstract new (...args: any[]) => unknown): R;
}

/** What `expect(value)` returns. */
export interface Expectation extends Matchers<void> {
  readonly resolves: Matchers<Promise<void>>;
  readonly rejects: Matchers<Promise<void>>;
}

/** Thrown when an expectation fails. */
export class AssertionError extends Error {
  override name = "AssertionError";
}

type Check = (actual: unknown, expected: unknown) => [pass: boolean, message: string];

const checks: Record<string, Check> = {
  toBe: (a, e) => [Object.is(a, e), `expected ${show(a)} to be ${show(e)}`],
  toEqual: (a, e) => [deepEqual(a, e, false), `expected ${show(a)} to equal ${show(e)}`],
  toStrictEqual: (
    a,
    e,
  ) => [deepEqual(a, e, true), `expected ${show(a)} to strictly equal ${show(e)}`],
  toBeTruthy: (a) => [Boolean(a), `expected ${show(a)} to be truthy`],
  toBeFalsy: (a) => [!a, `expected ${show(a)} to be falsy`],
  toBeNull: (a) => [a === null, `expected ${show(a)} to be null`],
  toBeUndefined: (a) => [a === undefined, `expected ${show(a)} to be undefined`],
  toBeDefined: (a) => [a !== undefined, `expected ${show(a)} to be defined`],
  toBeGreaterThan: (a, e) => [(a as number) > (e as number), `expected ${show(a)} > ${show(e)}`],
  toBeGreaterThanOrEqual: (
    a,
    e,
  ) => [(a as number) >= (e as number), `expected ${show(a)} >= ${show(e)}`],
  toBeLessThan: (a, e) => [(a as number) < (e as number), `expected ${show(a)} < ${show(e)}`],
  toBeLessThanOrEqual: (
    a,
    e,
  ) => [(a as number) <= (e as number), `expected ${show(a)} <= ${show(e)}`],
  toContain: (a, e) => [contains(a, e), `expected ${show(a)} to contain ${show(e)}`],
  toHaveLength: (a, e) => [
    (a as { length?: unknown } | null)?.length === e,
    `expected length ${show((a as { length?: unknown } | null)?.length)} to be ${show(e)}`,
  ],
  toMatch: (a, e) => [
    typeof a === "string" && (typeof e === "string" ? a.includes(e) : (e as RegExp).test(a)),
    `expected ${show(a)} to match ${String(e)}`,
  ],
  toBeInstanceOf: (a, e) => [
    a instanceof (e as abstract new () => unknown),
    `expected ${show(a)} to be an instance of ${(e as { name?: string }).name}`,
  ],
};

function contains(actual: unknown, item: unknown): boolean {
  if (typeof actual === "string") return actual.includes(String(item));
  if (actual !== null && typeof actual === "object" && Symbol.iterator in actual) {
    for (const value of actual as Iterable<unknown>) if (Object.is(value, item)) return true;
  }
  return false;
}

/** Whether `error` satisfies `toThrow(expected)`. */
function throwMatches(error: unknown, expected: unknown): boolean {
  if (expected === undefined) return true;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof expected === "string") return message.includes(expected);
  if (expected instanceof RegExp) return expected.test(message);
  if (expected instanceof Error) return message === expected.message;
  if (typeof expected === "function") return error instanceof expected;
  return false;
}

type Mode = "sync" | "resolves" | "rejects";

function matchers(actual: unknown, mode: Mode, negate: boolean): Matchers<unknown> {
  const assert = (pass: boolean, message: string) => {
    if (pass === negate) throw new AssertionError(negate ? `not: ${message}` : message);
  };
  const run = (name: string, expected: unknown): unknown => {
    const evaluate = (value: unknown, thrown: { error: unknown } | undefined) => {
      if (name === "toThrow") {
        if (thrown === undefined) {
          return assert(false, `expected a throw matching ${show(expected)}, but nothing threw`);
        }
        return assert(
          throwMatches(thrown.error, expected),
          `expected ${show(thrown.error)} to match ${show(expected)}`,
        );
      }
      const [pass, message] = checks[name]!(value, expected);
      assert(pass, message);
    };
    if (mode === "sync") {
      if (name !== "toThrow") return evaluate(actual, undefined);
      if (typeof actual !== "function") {
        throw new AssertionError(`toThrow needs a function, got ${show(actual)}`);
      }
      try {
        (actual as () => unknown)();
      } catch (error) {
        return evaluate(undefined, { error });
      }
      return evaluate(undefined, undefined);
    }
    // A function is called inside the chain, so its synchronous throw counts as a rejection.
    const settled = Promise.resolve().then(() =>
      typeof actual === "function" ? (actual as () => unknown)() : actual
    );
    return settled.then(
      (value) => {
        if (mode === "rejects") {
          throw new AssertionError(`expected a rejection, got ${show(value)}`);
        }
        evaluate(value, undefined);
      },
      (error: unknown) => {
        if (mode === "resolves") {
          throw new AssertionError(`expected to resolve, rejected with ${show(error)}`);
        }
        // After .rejects the reason is the value: toThrow tests it as the error, others directly.
        if (name === "toThrow") evaluate(undefined, { error });
        else evaluate(error, undefined);
      },
    );
  };
  const result: Record<string, unknown> = {};
  for (const name of [...Object.keys(checks), "toThrow"]) {
    result[name] = (expected?: unknown) => run(name, expected);
  }
  Object.defineProperty(result, "not", { get: () => matchers(actual, mode, !negate) });
  return result as unknown as Matchers<unknown>;
}

/**
 * bun:test's `expect`.
 *
 * @example
 * ```ts
 * expect(1 + 1).toBe(2);
 * await expect(Promise.reject(new Error("boom"))).rejects.toThrow("boom");
 * ```
 */
export function expect<T = unknown>(actual: T): Expectation {
  const base = matchers(actual, "sync", false) as Matchers<void>;
  return Object.assign(Object.create(null), base, {
    get not() {
      return matchers(actual, "sync", true);
    },
    get resolves() {
      return matchers(actual, "resolves", false);
    },
    get rejects() {
      return matchers(actual, "rejects", false);
    },
  }) as Expectation;
}
