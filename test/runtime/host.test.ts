/** HTTP serving, process counters, clock and environment through the host's Runtime. */
import { describe, expect, test } from "bun:test";
import { currentRuntime } from "../../broker/runtime/mod.ts";
import { makeTempDir } from "./_temp.ts";

const runtime = currentRuntime();

describe(`host services on ${runtime.name}`, () => {
  test("currentRuntime picks this host's adapter, once", () => {
    const host = globalThis as { Bun?: unknown };
    expect(runtime.name).toBe(host.Bun === undefined ? "deno" : "bun");
    expect(runtime.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(currentRuntime()).toBe(runtime);
  });

  test("serveHttp answers a fetch, then closes", async () => {
    const server = await runtime.serveHttp({ hostname: "127.0.0.1", port: 0 }, (request) => {
      const url = new URL(request.url);
      return new Response(`${request.method} ${url.pathname}`, {
        headers: { "x-host": runtime.name },
      });
    });
    expect(server.port).toBeGreaterThan(0);
    const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-host")).toBe(runtime.name);
    expect(await response.text()).toBe("GET /healthz");
    await server.close();
    await server.close();
  });

  test("processIo reports the kernel's write counters on Linux", async () => {
    const before = await runtime.processIo();
    if ((await runtime.fs.stat("/proc/self/io")) === null) {
      expect(before).toBeNull(); // only Linux has /proc/self/io
      return;
    }
    if (before === null) throw new Error("processIo() returned null although /proc/self/io exists");
    const dir = await makeTempDir(runtime, "io");
    try {
      const file = await runtime.fs.open(`${dir}/f`, { create: true });
      await file.write(new Uint8Array(64 * 1024), 0);
      await file.close();
    } finally {
      await runtime.fs.remove(dir, { recursive: true });
    }
    const after = await runtime.processIo();
    expect(typeof before.writeBytes).toBe("number");
    expect(after?.writeChars).toBeGreaterThanOrEqual(before.writeChars + 64 * 1024);
  });

  test("clock, memory, CPU, environment and arguments", () => {
    const start = runtime.monotonic();
    expect(runtime.monotonic()).toBeGreaterThanOrEqual(start);
    expect(Math.abs(runtime.now() - Date.now())).toBeLessThan(60_000);
    expect(runtime.rss()).toBeGreaterThan(1024 * 1024);
    expect(runtime.cpuUsageMicros()).toBeGreaterThan(0);
    expect(runtime.env()["PATH"]).toBeDefined();
    expect(Array.isArray(runtime.args())).toBe(true);
  });

  test("onSignal registers and removes a handler", () => {
    const remove = runtime.onSignal("SIGHUP", () => {});
    remove();
  });
});
