/**
 * Memory probe for the Kafka produce path (not CI; found by the soak, where the central's RSS
 * rose steadily while only the bridge produced to it): starts a broker in this process, has
 * kcat produce PROBE_RECORDS (default 300,000) JSON readings of ~65 bytes per round for
 * PROBE_ROUNDS (default 4) rounds, each on a new connection, and after each round prints RSS,
 * JS heap and ArrayBuffer bytes after a full GC. The same records appended straight to the log
 * (PROBE_DIRECT=1) are the control.
 *
 * Run: `./node_modules/.bin/bun test/soak/produce_memory_probe.ts`, or on Deno (which needs the
 * GC exposed): `./node_modules/.bin/deno run -A --v8-flags=--expose-gc test/soak/produce_memory_probe.ts`.
 * The regression test of the leak this found (fixed in broker/kafka/connection.ts) is
 * test/memory/kafka_produce_retention.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { currentRuntime, parseConfig, startBroker } from "../../mod.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { kcat } from "../kafka/_kcat.ts";

const RECORDS = Number(process.env.PROBE_RECORDS ?? 300_000);
const ROUNDS = Number(process.env.PROBE_ROUNDS ?? 4);
/** "1": append owned batches straight to the log; "view": the same batches as views into a larger buffer, as a decoded request hands them over. */
const DIRECT = process.env.PROBE_DIRECT;
const dir = mkdtempSync(join(tmpdir(), "tributary-probe-"));
const input = join(dir, "records.txt");
const line = (i: number) => `{"id":"sim-${String(i % 1000).padStart(5, "0")}","seq":${i},"temperature":21.5}`;
writeFileSync(input, Array.from({ length: RECORDS }, (_, i) => line(i)).join("\n") + "\n");

const config = parseConfig({ dataDir: join(dir, "data"), kafka: { port: 0, host: "127.0.0.1" }, mqtt: { port: 0, host: "127.0.0.1" }, http: { port: 0, host: "127.0.0.1" }, logging: { level: "warn" } } as never);
const broker = await startBroker(config, { runtime: currentRuntime() });
const port = broker.listeners.find((l) => l.protocol === "kafka")!.port;
const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
/** A full collection: Bun.gc on Bun, V8's gc() on Deno (run with --v8-flags=--expose-gc). */
const collect = (): void => {
  const host = globalThis as { Bun?: { gc(full: boolean): void }; gc?: () => void };
  if (host.Bun) return host.Bun.gc(true);
  if (!host.gc) throw new Error("no GC call: on Deno run with --v8-flags=--expose-gc");
  host.gc();
};
const memory = () => {
  collect();
  const m = process.memoryUsage();
  return `rss ${mib(m.rss)}  heapUsed ${mib(m.heapUsed)}  arrayBuffers ${mib(m.arrayBuffers)}`;
};
console.log(`${DIRECT ? `log.append (${DIRECT})` : "kcat → Kafka Produce"}, ${RECORDS} records per round; start: ${memory()}`);
const enc = new TextEncoder();
for (let round = 0; round < ROUNDS; round++) {
  if (DIRECT) {
    await broker.log.ensureTopic("probe", 1);
    const log = (await broker.log.partition("probe", 0))!;
    for (let i = 0; i < RECORDS; i += 1000) {
      const batch = buildRecordBatch(Array.from({ length: 1000 }, (_, k) => ({ timestamp: Date.now(), key: null, value: enc.encode(line(i + k)) })));
      if (DIRECT === "view") {
        const frame = new Uint8Array(batch.length + 4096);
        frame.set(batch, 100);
        await log.append(frame.subarray(100, 100 + batch.length));
      } else await log.append(batch);
    }
  } else {
    const r = await kcat(["-P", "-b", `127.0.0.1:${port}`, "-t", "probe", "-l", input, "-X", "linger.ms=20"], "", 600_000);
    if (r.code !== 0) throw new Error(`kcat exited ${r.code}: ${r.stderr}`);
  }
  console.log(`round ${round}: ${memory()}`);
}
await broker.close();
rmSync(dir, { recursive: true, force: true });
