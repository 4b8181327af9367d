/**
 * Errors as the hosts raise them: an `Error` with a POSIX `code` ("ENOENT", "ENOSPC", "EIO"…).
 *
 * Deno 2 and Node-style APIs (Bun's `node:fs`) both put the errno name in `code`; the in-memory
 * filesystem and the socket adapters make their own errors the same way, so callers test
 * `errorCode(err)` and never the host's error classes.
 *
 * @module
 */

/** An `Error` carrying the errno-style `code` the hosts use. */
export interface SystemError extends Error {
  code: string;
}

/**
 * Make an error that looks like the host's own.
 *
 * @example
 * ```ts
 * throw systemError("ENOSPC", "no space left on device, write '/data/x.log'");
 * ```
 */
export function systemError(code: string, message: string, cause?: unknown): SystemError {
  const error = new Error(`${code}: ${message}`, cause === undefined ? undefined : { cause });
  return Object.assign(error, { code });
}

/** The errno-style code of an error, or `undefined` when it has none. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  // Deno's older errors carry only a class name; map the ones the broker branches on.
  const name = (error as { name?: unknown }).name;
  return typeof name === "string" ? DENO_NAMES[name] : undefined;
}

const DENO_NAMES: Record<string, string> = {
  NotFound: "ENOENT",
  AlreadyExists: "EEXIST",
  PermissionDenied: "EACCES",
  IsADirectory: "EISDIR",
  NotADirectory: "ENOTDIR",
  ConnectionRefused: "ECONNREFUSED",
  ConnectionReset: "ECONNRESET",
  BrokenPipe: "EPIPE",
  TimedOut: "ETIMEDOUT",
  AddrInUse: "EADDRINUSE",
};

/** True when the error says the path does not exist. */
export function isNotFound(error: unknown): boolean {
  return errorCode(error) === "ENOENT";
}

/** True when the error says the path already exists. */
export function isAlreadyExists(error: unknown): boolean {
  return errorCode(error) === "EEXIST";
}

/** The error a write on a closed connection rejects with (same on both hosts). */
export function connectionClosedError(): SystemError {
  return systemError("EPIPE", "connection closed");
}
