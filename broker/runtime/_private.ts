/**
 * Helpers shared by the adapters: a one-at-a-time lock, `/proc/self/io` parsing, timeouts.
 *
 * @module
 */

import type { ProcessIo } from "./types.ts";
import { systemError } from "./errors.ts";

/**
 * Runs tasks one after another, in call order. A failed task does not stop the next one.
 * Used where the host has no positioned I/O (Deno's seek + read) and for ordered writes.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Run `task` after every task queued before it has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/** Parse the text of Linux `/proc/self/io`; `null` when the counters are missing. */
export function parseProcIo(text: string): ProcessIo | null {
  const fields = new Map<string, number>();
  for (const line of text.split("\n")) {
    const [key, value] = line.split(":");
    if (key !== undefined && value !== undefined) fields.set(key.trim(), Number(value.trim()));
  }
  const writeBytes = fields.get("write_bytes");
  const writeChars = fields.get("wchar");
  if (writeBytes === undefined || writeChars === undefined) return null;
  return { writeBytes, writeChars };
}

/** Reject with ETIMEDOUT when `promise` takes longer than `ms`; `onLate` disposes a late result. */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number | undefined,
  onLate: (value: T) => void,
): Promise<T> {
  if (ms === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      reject(systemError("ETIMEDOUT", `connect timed out after ${ms} ms`));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        if (expired) onLate(value);
        else resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!expired) reject(error);
      },
    );
  });
}

/** Reads fill the caller's buffer in chunks of at most this many bytes per host call. */
export const READ_CHUNK = 64 * 1024;

/** Let the process exit while `timer` is pending (Bun and Node: `unref()`; Deno: `unrefTimer`). */
export function unrefTimer(timer: unknown): void {
  const deno = (globalThis as { Deno?: { unrefTimer?(id: number): void } }).Deno;
  if (typeof timer === "number") deno?.unrefTimer?.(timer);
  else (timer as { unref?: () => void } | undefined)?.unref?.();
}

/** Call `work`, turning a synchronous throw (the hosts' bind errors) into a rejection. */
export function rejectingCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error);
  }
}
