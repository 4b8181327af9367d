/**
 * The subset of `bun:test` Tributary's suites use, implemented on `Deno.test`, so one test file
 * runs on both hosts (`deno.json` maps the `bun:test` specifier here).
 *
 * Each `test` becomes one `Deno.test` named after its describe path ("outer > inner > name").
 * Hooks are scoped to their describe block: `beforeAll` runs once before the block's first test,
 * `afterAll` after its last (also when tests fail). A run filtered with `--filter` skips the
 * `afterAll` of blocks whose tests did not all run. Op and resource sanitizers are off, as in bun.
 *
 * @module
 */

import { AssertionError, expect, type Expectation, type Matchers } from "./_expect.ts";

export { AssertionError, expect };
export type { Expectation, Matchers };

type Hook = () => unknown;
type Body = () => unknown;

interface Scope {
  readonly name: string;
  readonly parent: Scope | undefined;
  readonly beforeAll: Hook[];
  readonly afterAll: Hook[];
  readonly beforeEach: Hook[];
  readonly afterEach: Hook[];
  /** Tests inside this block (nested ones too) that will run and have not finished. */
  pending: number;
  started: Promise<void> | undefined;
}

/** The part of `Deno.test`'s definition form this shim uses. */
interface DenoTestDefinition {
  name: string;
  fn: () => Promise<void>;
  ignore?: boolean;
  sanitizeOps: boolean;
  sanitizeResources: boolean;
}

interface DenoTestApi {
  test: (definition: DenoTestDefinition) => void;
}

const deno = (globalThis as unknown as { Deno: DenoTestApi }).Deno;

function newScope(name: string, parent: Scope | undefined): Scope {
  return {
    name,
    parent,
    beforeAll: [],
    afterAll: [],
    beforeEach: [],
    afterEach: [],
    pending: 0,
    started: undefined,
  };
}

let current: Scope = newScope("", undefined);

/** Scopes from the outermost to `scope`. */
function chain(scope: Scope): Scope[] {
  const scopes: Scope[] = [];
  for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) scopes.unshift(s);
  return scopes;
}

function fullName(scope: Scope, name: string): string {
  return [...chain(scope).map((s) => s.name).filter((n) => n !== ""), name].join(" > ");
}

async function runHooks(hooks: Hook[]): Promise<void> {
  for (const hook of hooks) await hook();
}

function withTimeout(body: Body, timeoutMs: number | undefined): Promise<unknown> {
  const run = Promise.resolve().then(body);
  if (timeoutMs === undefined) return run;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AssertionError(`test timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  return Promise.race([run, expired]).finally(() => clearTimeout(timer));
}

async function runTest(scope: Scope, body: Body, timeoutMs: number | undefined): Promise<void> {
  const scopes = chain(scope);
  try {
    for (const s of scopes) {
      s.started ??= runHooks(s.beforeAll);
      await s.started; // a failed beforeAll fails every test of its block
    }
    try {
      for (const s of scopes) await runHooks(s.beforeEach);
      await withTimeout(body, timeoutMs);
    } finally {
      for (const s of [...scopes].reverse()) await runHooks([...s.afterEach].reverse());
    }
  } finally {
    // Innermost block first; each block's afterAll runs once its last test is done.
    for (const s of [...scopes].reverse()) {
      if (--s.pending === 0) await runHooks([...s.afterAll].reverse());
    }
  }
}

type TestOptions = number | { timeout?: number };

/** Depth of `describe.skip` blocks being collected: their tests register as ignored. */
let skipDepth = 0;

function register(
  name: string,
  body: Body,
  options: TestOptions | undefined,
  ignore: boolean,
): void {
  const scope = current;
  const skip = ignore || skipDepth > 0;
  const timeoutMs = typeof options === "number" ? options : options?.timeout;
  if (!skip) { for (const s of chain(scope)) s.pending++; }
  deno.test({
    name: fullName(scope, name),
    fn: () => runTest(scope, body, timeoutMs),
    ignore: skip,
    sanitizeOps: false,
    sanitizeResources: false,
  });
}

/** A test function: `test(name, fn, timeoutMs?)`, plus `.skip`, `.if(condition)`, `.todo`. */
export interface TestFunction {
  (name: string, fn: Body, options?: TestOptions): void;
  skip(name: string, fn?: Body, options?: TestOptions): void;
  todo(name: string, fn?: Body, options?: TestOptions): void;
  if(condition: boolean): (name: string, fn: Body, options?: TestOptions) => void;
  skipIf(condition: boolean): (name: string, fn: Body, options?: TestOptions) => void;
}

function makeTest(): TestFunction {
  const fn = (name: string, body: Body, options?: TestOptions) =>
    register(name, body, options, false);
  const skip = (name: string, body?: Body, options?: TestOptions) =>
    register(name, body ?? (() => {}), options, true);
  return Object.assign(fn, {
    skip,
    todo: skip,
    if: (condition: boolean) => (condition ? fn : skip),
    skipIf: (condition: boolean) => (condition ? skip : fn),
  });
}

/** bun:test's `test`. */
export const test: TestFunction = makeTest();
/** bun:test's `it` (the same as `test`). */
export const it: TestFunction = test;

/** A describe function: `describe(name, fn)`, plus `.skip` and `.if(condition)`. */
export interface DescribeFunction {
  (name: string, fn: () => void): void;
  skip(name: string, fn: () => void): void;
  if(condition: boolean): (name: string, fn: () => void) => void;
}

function describeBlock(name: string, fn: () => void, skip: boolean): void {
  const parent = current;
  current = newScope(name, parent);
  if (skip) skipDepth++;
  try {
    fn();
  } finally {
    if (skip) skipDepth--;
    current = parent;
  }
}

/** bun:test's `describe`: groups tests, prefixes their names, scopes hooks. */
export const describe: DescribeFunction = Object.assign(
  (name: string, fn: () => void) => describeBlock(name, fn, false),
  {
    skip: (name: string, fn: () => void) => describeBlock(name, fn, true),
    if: (condition: boolean) => (name: string, fn: () => void) =>
      describeBlock(name, fn, !condition),
  },
);

/** Run once before the first test of the enclosing describe block (or file). */
export function beforeAll(fn: Hook): void {
  current.beforeAll.push(fn);
}
/** Run once after the last test of the enclosing describe block (or file), pass or fail. */
export function afterAll(fn: Hook): void {
  current.afterAll.push(fn);
}
/** Run before each test in the enclosing describe block (or file). */
export function beforeEach(fn: Hook): void {
  current.beforeEach.push(fn);
}
/** Run after each test in the enclosing describe block (or file), pass or fail. */
export function afterEach(fn: Hook): void {
  current.afterEach.push(fn);
}
