/**
 * Graceful shutdown of `tributary serve`.
 *
 * End to end, under Deno and under Bun: SIGTERM while an MQTT QoS 1 publisher (MQTT.js) and a
 * kcat producer (acks=all) are both sending → exit code 0 and the clean-shutdown marker; after a
 * restart on the same data dir, every message the clients saw acknowledged (PUBACK; kcat's
 * delivery reports, with offsets) is in the log.
 *
 * The supervision rules themselves (timeout, second signal, failed close) are driven with fake
 * signals and a `close()` the test controls, so no test depends on timing.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import mqtt from "mqtt";
import { SIGNAL_EXIT_CODES, superviseShutdown, type ShutdownSupervision } from "../../broker/cli/serve.ts";
import type { LogFields, Logger } from "../../broker/observe/logger.ts";
import type { Signal } from "../../broker/runtime/types.ts";
import { type BrokerProcess, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { hasKcat } from "../kafka/_kcat.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until `cond` holds; the deadline only turns a hang into a readable failure. */
async function waitFor(cond: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

// ---------------------------------------------------------------------------------------------
// Supervision rules, with fake signals.

interface Harness {
  signal(name: "SIGINT" | "SIGTERM"): void;
  lines: Array<{ level: string; message: string; fields: LogFields }>;
  handlers: () => number;
  code: Promise<number>;
}

function supervise(close: () => Promise<void>, extra: Partial<ShutdownSupervision> = {}): Harness {
  const handlers = new Map<Signal, Set<() => void>>();
  const lines: Harness["lines"] = [];
  const logger: Logger = {
    debug: (message, fields = {}) => void lines.push({ level: "debug", message, fields }),
    info: (message, fields = {}) => void lines.push({ level: "info", message, fields }),
    warn: (message, fields = {}) => void lines.push({ level: "warn", message, fields }),
    error: (message, fields = {}) => void lines.push({ level: "error", message, fields }),
    child: () => logger,
  };
  const code = superviseShutdown({
    onSignal(signal, handler) {
      const set = handlers.get(signal) ?? new Set();
      handlers.set(signal, set.add(handler));
      return () => void set.delete(handler);
    },
    close,
    timeoutMs: 60_000,
    logger,
    ...extra,
  });
  return {
    signal: (name) => [...(handlers.get(name) ?? [])].forEach((h) => h()),
    lines,
    handlers: () => [...handlers.values()].reduce((n, s) => n + s.size, 0),
    code,
  };
}

const never = () => new Promise<void>(() => {});

describe("shutdown supervision", () => {
  test("the first SIGTERM closes the broker and exits 0, then lets go of the signals", async () => {
    let closes = 0;
    const h = supervise(async () => void closes++);
    expect(h.handlers()).toBe(2);
    h.signal("SIGTERM");
    expect(await h.code).toBe(0);
    expect(closes).toBe(1);
    expect(h.lines[0]).toMatchObject({ level: "info", message: "shutting down", fields: { signal: "SIGTERM" } });
    expect(h.handlers()).toBe(0);
  });

  test("a failed close exits 1 with the error logged", async () => {
    const h = supervise(() => Promise.reject(new Error("disk gone")));
    h.signal("SIGINT");
    expect(await h.code).toBe(1);
    expect(h.lines.at(-1)).toMatchObject({ level: "error", message: "shutdown failed" });
  });

  test("a second SIGTERM while closing exits 143 at once, a second SIGINT 130", async () => {
    for (const [second, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
      const h = supervise(never);
      h.signal("SIGINT");
      h.signal(second);
      expect(await h.code).toBe(code);
      expect(code).toBe(SIGNAL_EXIT_CODES[second]);
      expect(h.lines.at(-1)).toMatchObject({ level: "warn", message: "second signal during shutdown, exiting now", fields: { signal: second } });
    }
  });

  test("a close that hangs past the bound exits 1 and names the last step it reached", async () => {
    const h = supervise(never, {
      timeoutMs: 5,
      lastStep: () => ({ message: "closing", fields: { part: "kafka" } }),
    });
    h.signal("SIGTERM");
    expect(await h.code).toBe(1);
    expect(h.lines.at(-1)).toMatchObject({
      level: "error",
      message: "shutdown did not finish in time, exiting",
      fields: { timeoutMs: 5, lastStep: "closing (kafka)" },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The broker process under load.

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, "SIGKILL");
});

/** kcat -P fed continuously; collects the offsets of delivered (acknowledged) messages. */
function kcatProducer(bootstrap: string, topic: string) {
  const child = spawn("kcat", ["-b", bootstrap, "-P", "-t", topic, "-K", ":", "-vv", "-X", "acks=all"], {
    stdio: ["pipe", "ignore", "pipe"],
  });
  children.add(child);
  const delivered: number[] = [];
  let err = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (d: string) => {
    err += d;
    const lines = err.split("\n");
    err = lines.pop()!;
    for (const line of lines) {
      const m = /Message delivered to partition 0 \(offset (\d+)\)/.exec(line);
      if (m) delivered.push(Number(m[1]));
    }
  });
  child.stdin!.on("error", () => {}); // EPIPE once kcat is killed
  const exited = new Promise<void>((r) => child.on("exit", () => r()));
  let feeding = true;
  let sent = 0;
  const feed = (async () => {
    while (feeding && child.exitCode === null) {
      let chunk = "";
      for (let i = 0; i < 50; i++, sent++) chunk += `k${sent % 7}:v-${sent}\n`;
      if (!child.stdin!.write(chunk)) await new Promise((r) => child.stdin!.once("drain", r));
      await sleep(2);
    }
  })();
  return {
    delivered,
    async stop() {
      feeding = false;
      await feed;
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, "SIGKILL");
      await exited;
      children.delete(child);
    },
  };
}

/** MQTT.js publishing QoS 1 from four loops; collects the numbers whose PUBACK arrived. */
async function mqttPublisher(port: number, topic: string) {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: `shutdown-${topic}`, reconnectPeriod: 0 });
  client.on("error", () => {});
  const acked: number[] = [];
  let next = 0;
  let running = true;
  const loops = Array.from({ length: 4 }, async () => {
    while (running && client.connected) {
      const n = next++;
      try {
        await client.publishAsync(topic, `m-${n}`, { qos: 1 });
        acked.push(n);
      } catch {
        return;
      }
    }
  });
  return {
    acked,
    async stop() {
      running = false;
      await client.endAsync(true);
      await Promise.all(loops);
    },
  };
}

async function readAll(bootstrap: string, topic: string): Promise<string[]> {
  const r = await run("kcat", ["-b", bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-f", "%o %s\n"], { timeoutMs: 60_000 });
  expect(r.code).toBe(0);
  return r.stdout.split("\n").filter((l) => l !== "");
}

for (const host of hosts) {
  (hasKcat ? describe : describe.skip)(`SIGTERM under load on ${host}`, () => {
    test("exits 0 with the clean-shutdown marker, and a restart has every acknowledged message", async () => {
      const data = tempDir();
      let broker: BrokerProcess | undefined;
      try {
        broker = await startBrokerProcess(host, { dataDir: data.path });
        const created = await fetch(`http://127.0.0.1:${broker.ports.http}/api/topics`, {
          method: "POST",
          body: JSON.stringify({ name: "load", partitions: 1 }),
        });
        expect(created.status).toBe(201);
        const bootstrap = `127.0.0.1:${broker.ports.kafka}`;
        const kcat = kcatProducer(bootstrap, "load");
        const pub = await mqttPublisher(broker.ports.mqtt!, "shutdown/load");
        await waitFor(() => kcat.delivered.length >= 2000 && pub.acked.length >= 200, "both producers to be acknowledged");

        const code = await broker.stop(); // SIGTERM while both keep sending
        await Promise.all([kcat.stop(), pub.stop()]);
        expect(broker.output()).toContain("shutting down");
        expect(code).toBe(0);
        expect(existsSync(join(data.path, ".clean-shutdown"))).toBe(true);

        broker = await startBrokerProcess(host, { dataDir: data.path });
        expect(broker.output()).toContain("cleanShutdown=true");
        const restarted = `127.0.0.1:${broker.ports.kafka}`;

        const records = new Map((await readAll(restarted, "load")).map((l) => {
          const [offset, value] = l.split(" ");
          return [Number(offset), value!];
        }));
        const missingOffsets = kcat.delivered.filter((o) => !records.has(o));
        expect(missingOffsets).toEqual([]);
        const deliveredValues = kcat.delivered.map((o) => records.get(o));
        expect(new Set(deliveredValues).size).toBe(kcat.delivered.length);

        const payloads = new Set((await readAll(restarted, "mqtt-messages")).map((l) => l.split(" ")[1]));
        const missingMqtt = pub.acked.filter((n) => !payloads.has(`m-${n}`));
        expect(missingMqtt).toEqual([]);

        expect(await broker.stop()).toBe(0);
        broker = undefined;
      } finally {
        await broker?.kill();
        data.cleanup();
      }
    }, 180_000);
  });
}
