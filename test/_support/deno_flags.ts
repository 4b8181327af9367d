/**
 * The V8 flags `npm start` gives Deno (package.json `start`, deno.json `start`; a test keeps
 * them equal): a 4 MiB semi-space. Under MQTT QoS 1 ingest V8 let the young generation grow
 * to 16 MiB, and then each scavenge promoted ~4 MB: 75–184 MB promoted and 155–351 ms of
 * scavenge pauses per 800k messages, against 16 MB and ~135 ms at 4 MiB (6 MiB and up
 * behaved like the default), and 287–314k msg/s against 256–282k in alternating runs
 * (tools/prof_qos1.ts with DENO_FLAGS and BROKER_LOG, `--trace-gc-nvp`). Every launcher of
 * a Deno broker or log bench uses these, so tests and benchmarks run what users run. A module
 * of its own because it must load under Deno too (kafka_bench.ts), unlike broker_process.ts.
 */
export const DENO_V8_FLAGS = "--v8-flags=--max-semi-space-size=4";
