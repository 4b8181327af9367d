/**
 * Starts the MQTT server on Deno (real Deno runtime adapter, in-memory fake log) and prints
 * its port; `deno_test.ts` drives it from Bun with MQTT.js. Exits when stdin closes.
 */
import { createDenoRuntime } from "../../broker/runtime/mod.ts";
import { startMqttServer } from "../../broker/mqtt/mod.ts";
import { FakeLogManager } from "./_fake_log.ts";

const runtime = createDenoRuntime();
const server = await startMqttServer({ runtime, log: new FakeLogManager(), hostname: "127.0.0.1", port: 0 });
console.log(`PORT ${server.port}`);
// deno-lint-ignore no-explicit-any
const stdin = (globalThis as any).Deno.stdin;
for await (const _ of stdin.readable) { /* wait for EOF */ }
await server.close();
