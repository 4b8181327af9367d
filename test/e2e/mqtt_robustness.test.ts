/**
 * Hostile and heavy MQTT traffic against the broker as a separate process, under Deno and Bun:
 * malformed packets, a wrong protocol level, a packet over the maximum size, 2,000 idle
 * connections, and subscribers that never read while publishers flood. The broker stays up
 * (a fresh client works afterwards), flow control drops rather than buffers, and resident
 * memory (VmRSS) stays within a generous bound.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect as tcpConnect, type Socket } from "node:net";
import mqtt from "mqtt";
import { type BrokerProcess, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { encodeConnect, encodePublishes, rawConnect, runPublisher } from "../bench/mqtt_loadgen.ts";

setDefaultTimeout(180_000);
const HOST = "127.0.0.1";
const IDLE = 2000;
const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fdLimit = Number(execFileSync("sh", ["-c", "ulimit -n"]).toString().trim()) || 0;

async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error("VmRSS missing");
  return Number(m[1]) * 1024;
}

/** A raw socket that records what the server sends and when it closes. */
interface Raw {
  socket: Socket;
  received: () => Uint8Array;
  closed: Promise<void>;
}
function rawSocket(port: number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: HOST, port });
    const chunks: Uint8Array[] = [];
    socket.on("data", (d: Uint8Array) => chunks.push(new Uint8Array(d)));
    socket.on("error", () => {}); // a reset after the server closes is expected
    const closed = new Promise<void>((r) => socket.once("close", () => r()));
    socket.once("connect", () => resolve({ socket, received: () => Uint8Array.from(chunks.flatMap((c) => [...c])), closed }));
    socket.once("error", reject);
  });
}

/** Wait for the server to close `r`; the deadline only turns a hang into a readable failure. */
async function closedWithin(r: Raw, what: string, ms = 30_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: connection not closed`)), ms)));
  try {
    await Promise.race([r.closed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const str = (s: string) => [0, s.length, ...new TextEncoder().encode(s)];
function connectBytes(level: number, clientId: string, name = "MQTT"): Uint8Array {
  const body = [...str(name), level, 0x02, 0, 60, ...(level === 5 ? [0] : []), ...str(clientId)];
  return Uint8Array.from([0x10, body.length, ...body]);
}

/** Connect raw at `level`, wait for CONNACK success. */
async function connectedRaw(port: number, level: 4 | 5, clientId: string): Promise<Raw> {
  const r = await rawSocket(port);
  r.socket.write(connectBytes(level, clientId));
  await waitFor(() => r.received().length >= 4, `CONNACK for ${clientId}`, 20_000);
  expect(r.received()[0]).toBe(0x20);
  expect(r.received()[3]).toBe(0); // session present 0, return/reason code 0
  return r;
}

async function metric(broker: BrokerProcess, name: string): Promise<number> {
  const text = await (await fetch(`http://${HOST}:${broker.ports.http}/metrics`)).text();
  const m = new RegExp(`^${name.replace(/[{}"=]/g, (c) => `\\${c}`)} (\\d+)$`, "m").exec(text);
  if (!m) throw new Error(`${name} missing from /metrics`);
  return Number(m[1]);
}

/** A fresh MQTT.js client can subscribe and receive its own QoS 1 publish. */
async function freshClientWorks(port: number, protocolVersion: 4 | 5): Promise<void> {
  const c = await mqtt.connectAsync({ host: HOST, port, protocolVersion, reconnectPeriod: 0, connectTimeout: 20_000 });
  try {
    const got: string[] = [];
    c.on("message", (_t, p) => got.push(p.toString()));
    await c.subscribeAsync("health/check", { qos: 1 });
    await c.publishAsync("health/check", "alive", { qos: 1 });
    await waitFor(() => got.length === 1, "own message");
    expect(got).toEqual(["alive"]);
  } finally {
    await c.endAsync();
  }
}

for (const host of hosts) {
  describe(`MQTT robustness of the broker on ${host}`, () => {
    let broker: BrokerProcess;
    const data = tempDir("tributary-mqtt-robust-");
    const stopped: ChildProcess[] = [];
    const port = () => broker.ports.mqtt!;
    const alive = () => broker.child.exitCode === null && broker.child.signalCode === null;

    beforeAll(async () => {
      broker = await startBrokerProcess(host, { dataDir: data.path });
    });
    afterAll(async () => {
      for (const c of stopped) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
      const code = await broker.stop();
      data.cleanup();
      expect(code).toBe(0);
    });

    test("malformed packets close only their own connection; the broker keeps serving", async () => {
      const witness = await mqtt.connectAsync({ host: HOST, port: port(), protocolVersion: 5, reconnectPeriod: 0 });
      const cases: Array<[string, number[], boolean]> = [
        // [name, bytes after a valid CONNECT (or instead of it), needs CONNECT first]
        ["garbage instead of CONNECT", [0xff, 0xff, 0xff, 0xff, 0xff, 0xff], false],
        ["PINGREQ before CONNECT [MQTT-3.1.0-1]", [0xc0, 0x00], false],
        ["remaining length over 4 bytes", [0x30, 0xff, 0xff, 0xff, 0xff, 0x01], true],
        ["PUBLISH with QoS 3", [0x36, 0x05, 0x00, 0x01, 0x61, 0x00, 0x01], true],
        ["SUBSCRIBE with reserved flags 0", [0x80, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x00], true],
        ["PUBLISH with a wildcard topic", [0x30, 0x04, 0x00, 0x02, 0x61, 0x23], true],
        ["PUBLISH with invalid UTF-8 in the topic", [0x30, 0x04, 0x00, 0x02, 0xc3, 0x28], true],
        ["reserved packet type 0", [0x00, 0x00], true],
        ["a second CONNECT [MQTT-3.1.0-2]", [...connectBytes(4, "again")], true],
        ["QoS 1 PUBLISH with packet id 0", [0x32, 0x05, 0x00, 0x01, 0x61, 0x00, 0x00], true],
      ];
      for (const level of [4, 5] as const) {
        for (const [name, bytes, afterConnect] of cases) {
          const r = afterConnect ? await connectedRaw(port(), level, `bad-${level}`) : await rawSocket(port());
          const before = r.received().length;
          r.socket.write(Uint8Array.from(bytes));
          await closedWithin(r, `v${level} "${name}"`);
          // v5 clients are told why: DISCONNECT with a reason code ≥ 0x80 [MQTT-4.13.2-1].
          if (level === 5 && afterConnect) {
            const after = r.received().subarray(before);
            expect(after[0]).toBe(0xe0);
            expect(after[2]).toBeGreaterThanOrEqual(0x80);
          }
        }
      }
      // Seeded random bytes after a valid CONNECT (they may or may not close the connection).
      let seed = 0x9e3779b9;
      const next = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6b) >>> 0), seed);
      for (let i = 0; i < 200; i++) {
        const r = await connectedRaw(port(), i % 2 ? 5 : 4, `fuzz-${i}`);
        const bytes = Uint8Array.from({ length: 1 + (next() % 64) }, () => next() & 0xff);
        r.socket.write(bytes);
        if (i % 20 === 19) await sleep(10);
        r.socket.destroy();
      }
      expect(alive()).toBe(true);
      // 7 of the cases per version are malformed (the others are protocol errors), plus fuzz.
      expect(await metric(broker, "tributary_mqtt_malformed_total")).toBeGreaterThanOrEqual(14);
      await freshClientWorks(port(), 4);
      await freshClientWorks(port(), 5);
      expect(witness.connected).toBe(true);
      await witness.endAsync();
    });

    test("a wrong protocol level gets CONNACK 0x01 (v3.1.1 form) or 0x84 (v5 form, newer levels), then the connection closes", async () => {
      for (const [level, expected] of [
        [2, [0x20, 0x02, 0x00, 0x01]],
        [0, [0x20, 0x02, 0x00, 0x01]],
        [6, [0x20, 0x03, 0x00, 0x84, 0x00]],
        [9, [0x20, 0x03, 0x00, 0x84, 0x00]],
      ] as const) {
        const r = await rawSocket(port());
        r.socket.write(connectBytes(level, `level-${level}`));
        await closedWithin(r, `level ${level}`);
        expect([...r.received()]).toEqual([...expected]);
      }
      await freshClientWorks(port(), 4);
      expect(alive()).toBe(true);
    });

    test("a packet over the maximum size closes the connection before the body is buffered (v5: DISCONNECT 0x95)", async () => {
      const limit = 1 * MiB;
      const rssBefore = rssBytes(broker.child.pid!);
      for (const level of [4, 5] as const) {
        const r = await connectedRaw(port(), level, `big-${level}`);
        const before = r.received().length;
        if (level === 5) {
          // The limit is advertised: Maximum Packet Size (0x27) in CONNACK.
          const connack = [...r.received()];
          const at = connack.indexOf(0x27, 5);
          expect(at).toBeGreaterThan(0);
          expect(new DataView(Uint8Array.from(connack).buffer).getUint32(at + 1)).toBe(limit);
        }
        const body = 64 * MiB;
        // PUBLISH header announcing 64 MiB, then 1 MiB of it: refused on the header.
        const header = [0x30, ...[body & 0x7f | 0x80, (body >> 7) & 0x7f | 0x80, (body >> 14) & 0x7f | 0x80, (body >> 21) & 0x7f], 0x00, 0x01, 0x61];
        if (level === 5) header.push(0x00);
        r.socket.write(Uint8Array.from(header));
        r.socket.write(new Uint8Array(limit).fill(0x62));
        await closedWithin(r, `v${level} oversize`);
        const after = [...r.received().subarray(before)];
        if (level === 5) expect([after[0], after[2]]).toEqual([0xe0, 0x95]); // DISCONNECT, Packet too large
        else expect(after).toEqual([]);
      }
      // Exactly at the limit is fine: a QoS 1 PUBLISH of (limit - overhead) bytes is acked.
      const topic = "big/ok";
      const overhead = 1 + 3 + 2 + topic.length + 2; // type, 3-byte length, topic, packet id
      const packets = encodePublishes({ topic, qos: 1, count: 1, payloadSize: limit - overhead, publisher: 0 });
      expect(packets.size).toBe(limit);
      const c = await rawConnect(HOST, port(), "at-limit");
      try {
        const res = await runPublisher(c, { packets, qos: 1 });
        expect(res.acked).toEqual([0]);
      } finally {
        c.socket.destroy();
      }
      expect(rssBytes(broker.child.pid!) - rssBefore).toBeLessThan(128 * MiB);
      await freshClientWorks(port(), 5);
    });

    (fdLimit >= IDLE * 2 + 200 ? test : test.skip)(`${IDLE} idle connections are held; a fresh client still works; memory stays bounded`, async () => {
      const pid = broker.child.pid!;
      // Earlier tests' clients are all gone once the broker has processed their closes.
      await waitFor(async () => (await metric(broker, "tributary_mqtt_connections")) === 0, "earlier connections to close");
      const baseline = 0;
      const before = rssBytes(pid);
      const idle: Socket[] = [];
      try {
        for (let i = 0; i < IDLE; i += 100) {
          const batch = await Promise.all(Array.from({ length: Math.min(100, IDLE - i) }, async (_, j) => {
            const r = await rawSocket(port());
            r.socket.write(encodeConnect(`idle-${i + j}`, { keepAlive: 0 }));
            await waitFor(() => r.received().length >= 4, "CONNACK", 60_000);
            expect([...r.received().subarray(0, 4)]).toEqual([0x20, 0x02, 0x00, 0x00]);
            return r.socket;
          }));
          idle.push(...batch);
        }
        expect(await metric(broker, "tributary_mqtt_connections")).toBe(baseline + IDLE);
        await freshClientWorks(port(), 5);
        const held = rssBytes(pid);
        console.log(`${host}: VmRSS ${(before / MiB).toFixed(0)} MiB → ${(held / MiB).toFixed(0)} MiB with ${IDLE} idle connections`);
        expect(held - before).toBeLessThan(256 * MiB);
      } finally {
        for (const s of idle) s.destroy();
      }
      await waitFor(async () => (await metric(broker, "tributary_mqtt_connections")) === baseline, "idle connections to be released");
      expect(alive()).toBe(true);
    });

    test("subscribers that never read (SIGSTOPped mosquitto_sub, QoS 0 and 1) do not stall publishers or grow memory", async () => {
      const pid = broker.child.pid!;
      const subs: ChildProcess[] = [];
      for (const qos of [0, 1, 1]) {
        // Ready once it prints a retained marker; then it is frozen and never reads again.
        const marker = `flood/ready-${qos}-${subs.length}`;
        const r = await run("mosquitto_pub", ["-h", HOST, "-p", String(port()), "-r", "-q", "1", "-t", marker, "-m", "x"]);
        expect(r.code).toBe(0);
        const child = spawn("mosquitto_sub", ["-h", HOST, "-p", String(port()), "-q", String(qos), "-t", "flood/#", "-v"], { stdio: ["ignore", "pipe", "ignore"] });
        stopped.push(child);
        subs.push(child);
        let out = "";
        child.stdout!.on("data", (d) => (out += d));
        await waitFor(() => out.includes(marker), "mosquitto_sub to subscribe");
        child.kill("SIGSTOP");
        await run("mosquitto_pub", ["-h", HOST, "-p", String(port()), "-r", "-q", "1", "-t", marker, "-n"]);
      }
      const flood = async (count: number, tag: number) => {
        const results = await Promise.all([0, 1].map(async (p) => {
          const conn = await rawConnect(HOST, port(), `flood-${tag}-${p}`);
          const packets = encodePublishes({ topic: `flood/p${p}`, qos: 1, count, payloadSize: 1024, publisher: p });
          const res = await runPublisher(conn, { packets, qos: 1, window: 100 });
          conn.socket.destroy();
          return res;
        }));
        for (const r of results) expect(r.acked.length).toBe(count);
      };
      await flood(2000, 0); // warm-up: the subscribers' socket buffers fill
      const before = rssBytes(pid);
      await flood(20_000, 1); // 40 MiB more while nobody reads
      const after = rssBytes(pid);
      console.log(`${host}: VmRSS ${(before / MiB).toFixed(0)} MiB → ${(after / MiB).toFixed(0)} MiB after a 40 MiB flood to frozen subscribers`);
      expect(after - before).toBeLessThan(256 * MiB);
      // Flow control dropped rather than buffered: QoS 0 for the backlog, QoS 1 beyond the queue cap.
      expect(await metric(broker, `tributary_mqtt_messages_dropped_total{reason="qos0-backlog"}`)).toBeGreaterThan(0);
      expect(await metric(broker, `tributary_mqtt_messages_dropped_total{reason="queue-full"}`)).toBeGreaterThan(0);
      await freshClientWorks(port(), 4);
      for (const child of subs) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGKILL");
        await exited;
      }
      expect(alive()).toBe(true);
    });
  });
}
