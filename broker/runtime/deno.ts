/**
 * The {@link Runtime} for Deno 2.x.
 *
 * Nothing here touches `Deno` at module top level: `bun build --compile` bundles this file too,
 * and it must load (unused) on Bun.
 *
 * @module
 */

import process from "node:process";
import type { Runtime } from "./types.ts";
import { denoGlobal } from "./_deno_api.ts";
import { createDenoFileSystem } from "./deno_fs.ts";
import { denoConnect, denoListen, denoServeHttp } from "./deno_net.ts";
import { parseProcIo, rejectingCall } from "./_private.ts";

/**
 * Build the Deno runtime. Throws when not running on Deno.
 *
 * @example
 * ```ts
 * const runtime = createDenoRuntime();
 * const listener = await runtime.listen({ hostname: "127.0.0.1", port: 0 }, (conn) => conn.close());
 * ```
 */
export function createDenoRuntime(): Runtime {
  const deno = denoGlobal();
  const encoder = new TextEncoder();
  const writeAll = (sink: { writeSync(bytes: Uint8Array): number }, text: string) => {
    const bytes = encoder.encode(text);
    // writeSync may write part of the buffer (pipes); loop until all of it is out.
    // A closed or broken stdout/stderr (EPIPE: supervisor gone, `| head`) must never turn a
    // log line into a failure of the request or shutdown that wrote it: drop the output.
    try {
      for (let written = 0; written < bytes.length;) {
        written += sink.writeSync(bytes.subarray(written));
      }
    } catch {
      // nowhere left to report it
    }
  };
  return {
    name: "deno",
    version: deno.version.deno,
    fs: createDenoFileSystem(deno),
    // Binding throws synchronously on both hosts (EADDRINUSE); callers get a rejection.
    listen: (options, onConnection) => rejectingCall(() => denoListen(deno, options, onConnection)),
    connect: (options) => rejectingCall(() => denoConnect(deno, options)),
    serveHttp: (options, handler) => rejectingCall(() => denoServeHttp(deno, options, handler)),
    onSignal(signal, handler) {
      deno.addSignalListener(signal, handler);
      return () => deno.removeSignalListener(signal, handler);
    },
    now: () => Date.now(),
    monotonic: () => performance.now(),
    rss: () => deno.memoryUsage().rss,
    cpuUsageMicros() {
      // The Deno namespace has no CPU counter; its node:process has.
      const { user, system } = process.cpuUsage();
      return user + system;
    },
    async processIo() {
      try {
        return parseProcIo(await deno.readTextFile("/proc/self/io"));
      } catch {
        return null; // not Linux, or /proc not mounted
      }
    },
    env: () => deno.env.toObject(),
    args: () => [...deno.args],
    exit: (code) => deno.exit(code),
    writeStderr: (text) => writeAll(deno.stderr, text),
    writeStdout: (text) => writeAll(deno.stdout, text),
  };
}
