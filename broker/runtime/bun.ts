/**
 * The {@link Runtime} for Bun 1.x.
 *
 * Nothing here touches `Bun` at module top level: `bun build --compile` bundles the Deno adapter
 * beside this one, and `deno check` type-checks this file without Bun's types.
 *
 * @module
 */

import { writeSync } from "node:fs";
import { readFile } from "node:fs/promises";
import process from "node:process";
import type { Runtime, Signal } from "./types.ts";
import { bunGlobal } from "./_bun_api.ts";
import { createBunFileSystem } from "./bun_fs.ts";
import { bunConnect, bunListen, bunServeHttp } from "./bun_net.ts";
import { parseProcIo, rejectingCall } from "./_private.ts";

/**
 * Build the Bun runtime. Throws when not running on Bun.
 *
 * @example
 * ```ts
 * const runtime = createBunRuntime();
 * const listener = await runtime.listen({ hostname: "127.0.0.1", port: 0 }, (conn) => conn.close());
 * ```
 */
export function createBunRuntime(): Runtime {
  const bun = bunGlobal();
  const encoder = new TextEncoder();
  const writeAll = (fd: number, text: string) => {
    const bytes = encoder.encode(text);
    // Synchronous like Deno's writeSync, so a message written before exit() is not lost.
    // A closed or broken stdout/stderr (EPIPE: supervisor gone, `| head`) must never turn a
    // log line into a failure of the request or shutdown that wrote it: drop the output.
    try {
      for (let written = 0; written < bytes.length;) {
        written += writeSync(fd, bytes, written, bytes.length - written);
      }
    } catch {
      // nowhere left to report it
    }
  };
  return {
    name: "bun",
    version: bun.version,
    fs: createBunFileSystem(),
    // Binding throws synchronously on both hosts (EADDRINUSE); callers get a rejection.
    listen: (options, onConnection) => rejectingCall(() => bunListen(bun, options, onConnection)),
    connect: (options) => rejectingCall(() => bunConnect(bun, options)),
    serveHttp: (options, handler) => rejectingCall(() => bunServeHttp(bun, options, handler)),
    onSignal(signal: Signal, handler: () => void) {
      process.on(signal, handler);
      return () => void process.off(signal, handler);
    },
    now: () => Date.now(),
    monotonic: () => performance.now(),
    rss: () => process.memoryUsage().rss,
    cpuUsageMicros() {
      const { user, system } = process.cpuUsage();
      return user + system;
    },
    async processIo() {
      try {
        return parseProcIo(await readFile("/proc/self/io", "utf8"));
      } catch {
        return null; // not Linux, or /proc not mounted
      }
    },
    env() {
      const copy: Record<string, string> = {};
      for (const [key, value] of Object.entries(process.env)) {
        if (value !== undefined) copy[key] = value;
      }
      return copy;
    },
    args: () => process.argv.slice(2),
    exit: (code) => process.exit(code),
    writeStderr: (text) => writeAll(2, text),
    writeStdout: (text) => writeAll(1, text),
  };
}
