/**
 * Hostile and careless clients on raw sockets against the broker as a separate process, under
 * Deno and under Bun: truncated frames, negative, huge and over-limit lengths, unknown API keys
 * and versions (ApiVersions answered in v0 format with UNSUPPORTED_VERSION, KIP-511), random
 * bytes and 500 connections from one client. Each gets the protocol's answer or a closed
 * connection; meanwhile and afterwards kcat is served, the process stays up with bounded RSS,
 * and an existing topic's records and offsets are untouched.
 *
 * Frames are built by hand here (not with the broker's codecs) so the checks are independent.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { type BrokerProcess, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { hasKcat } from "../kafka/_kcat.ts";

const MAX_REQUEST_BYTES = 1024 * 1024;
const UNSUPPORTED_VERSION = 35;
const INVALID_RECORD = 87;

/**
 * A request frame: size, api key, version, correlation id, client id, body. Header v1, or v2
 * (an empty tagged-field section after the client id) when `flexible`.
 */
function frame(apiKey: number, version: number, correlationId: number, body: Uint8Array = new Uint8Array(0), flexible = false): Uint8Array {
  const id = new TextEncoder().encode("raw");
  const tags = flexible ? 1 : 0;
  const out = new Uint8Array(4 + 2 + 2 + 4 + 2 + id.length + tags + body.length);
  const view = new DataView(out.buffer);
  view.setInt32(0, out.length - 4);
  view.setInt16(4, apiKey);
  view.setInt16(6, version);
  view.setInt32(8, correlationId);
  view.setInt16(12, id.length);
  out.set(id, 14);
  out.set(body, 14 + id.length + tags); // a tagged-field count of 0 is the zero byte left in place
  return out;
}
/** Metadata v1 for all topics. */
const metadataV1 = (correlationId: number) => frame(3, 1, correlationId, new Uint8Array([0xff, 0xff, 0xff, 0xff]));
/** ApiVersions v0 (empty body). */
const apiVersionsV0 = (correlationId: number) => frame(18, 0, correlationId);

/** Produce v3 (acks=1) of one batch to partition 0 of `topic`. */
function produceV3(correlationId: number, topic: string, batch: Uint8Array): Uint8Array {
  const name = new TextEncoder().encode(topic);
  const body = new Uint8Array(2 + 2 + 4 + 4 + 2 + name.length + 4 + 4 + 4 + batch.length);
  const view = new DataView(body.buffer);
  let p = 0;
  view.setInt16(p, -1), (p += 2); // transactional id: null
  view.setInt16(p, 1), (p += 2); // acks
  view.setInt32(p, 5000), (p += 4);
  view.setInt32(p, 1), (p += 4);
  view.setInt16(p, name.length), (p += 2);
  body.set(name, p), (p += name.length);
  view.setInt32(p, 1), (p += 4);
  view.setInt32(p, 0), (p += 4); // partition 0
  view.setInt32(p, batch.length), (p += 4);
  body.set(batch, p);
  return frame(0, 3, correlationId, body);
}

/** The error code of the only partition in a Produce v3 response. */
function produceError(response: Uint8Array): number {
  const view = new DataView(response.buffer, response.byteOffset, response.byteLength);
  const nameLength = view.getInt16(8);
  return view.getInt16(10 + nameLength + 4 + 4);
}

function sizePrefix(size: number, ...rest: number[]): Uint8Array {
  const out = new Uint8Array(4 + rest.length);
  new DataView(out.buffer).setInt32(0, size);
  out.set(rest, 4);
  return out;
}

/** Deterministic bytes (xorshift32). */
function randomBytes(seed: number, length: number): Uint8Array {
  let s = seed | 1;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

/** A raw connection that collects whole response frames and notices when the broker closes. */
class RawClient {
  readonly frames: Uint8Array[] = [];
  readonly closed: Promise<void>;
  #buffer = new Uint8Array(0);
  #waiters: Array<() => void> = [];
  private constructor(readonly socket: Socket) {
    socket.on("error", () => {}); // resets after an over-limit write are expected
    socket.on("data", (chunk: Uint8Array) => {
      const joined = new Uint8Array(this.#buffer.length + chunk.length);
      joined.set(this.#buffer);
      joined.set(chunk, this.#buffer.length);
      this.#buffer = joined;
      while (this.#buffer.length >= 4) {
        const size = new DataView(this.#buffer.buffer, this.#buffer.byteOffset).getInt32(0);
        if (this.#buffer.length < 4 + size) break;
        this.frames.push(this.#buffer.slice(4, 4 + size));
        this.#buffer = this.#buffer.slice(4 + size);
      }
      this.#wake();
    });
    this.closed = new Promise((resolve) => socket.on("close", () => {
      this.#wake();
      resolve();
    }));
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port }, () => resolve(new RawClient(socket)));
      socket.once("error", reject);
    });
  }

  send(...chunks: Uint8Array[]): this {
    for (const chunk of chunks) this.socket.write(chunk);
    return this;
  }

  /** Half-close: the broker sees end of stream. */
  end(): this {
    this.socket.end();
    return this;
  }

  /** Resolves with `n` frames, or fewer if the connection closed first. */
  async take(n: number): Promise<Uint8Array[]> {
    while (this.frames.length < n && !this.socket.destroyed && this.socket.readyState !== "closed") {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    return this.frames.slice(0, n);
  }

  /** Wait for the broker to close; the frames it sent before closing. */
  async closedWith(): Promise<Uint8Array[]> {
    await this.closed;
    return this.frames;
  }

  destroy(): void {
    this.socket.destroy();
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }
}

const correlationOf = (f: Uint8Array) => new DataView(f.buffer, f.byteOffset).getInt32(0);

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}

for (const host of hosts) {
  (hasKcat ? describe : describe.skip)(`raw-socket abuse of the broker on ${host}`, () => {
    let broker: BrokerProcess;
    let data: ReturnType<typeof tempDir>;
    let rssBefore = 0;
    let steadyRecords = "";
    let roundTrips = 0;
    const kafka = () => `127.0.0.1:${broker.ports.kafka}`;
    const metric = async (name: string) => {
      const text = await (await fetch(`http://127.0.0.1:${broker.ports.http}/metrics`)).text();
      const m = new RegExp(`^${name} (\\d+)$`, "m").exec(text);
      return m ? Number(m[1]) : NaN;
    };
    const steady = async () => {
      const res = await fetch(`http://127.0.0.1:${broker.ports.http}/api/topics/steady`);
      return ((await res.json()) as { partitions: unknown[] }).partitions;
    };
    const open = () => RawClient.open(broker.ports.kafka!);

    /** A kcat produce and consume on a fresh topic: the bystander keeps being served. */
    async function kcatRoundTrip(): Promise<void> {
      const topic = `bystander-${++roundTrips}`;
      const input = Array.from({ length: 200 }, (_, i) => `${topic}-${i}\n`).join("");
      const produced = await run("kcat", ["-b", kafka(), "-P", "-t", topic, "-p", "0", "-X", "acks=all"], { input });
      expect(produced.code).toBe(0);
      const consumed = await run("kcat", ["-b", kafka(), "-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-q"]);
      expect(consumed.stdout).toBe(input);
    }

    beforeAll(async () => {
      data = tempDir();
      broker = await startBrokerProcess(host, { dataDir: data.path, args: ["--kafka-max-request-bytes", String(MAX_REQUEST_BYTES)] });
      steadyRecords = Array.from({ length: 1000 }, (_, i) => `steady-${i}\n`).join("");
      const r = await run("kcat", ["-b", kafka(), "-P", "-t", "steady", "-p", "0", "-z", "lz4"], { input: steadyRecords });
      expect(r.code).toBe(0);
      await kcatRoundTrip(); // warm up both paths before the baseline
      rssBefore = rssKiB(broker.child.pid!);
    });
    afterAll(async () => {
      const code = await broker.stop();
      data.cleanup();
      expect(code).toBe(0);
    });

    test("ApiVersions of an unknown version is answered in v0 format with UNSUPPORTED_VERSION (KIP-511), and the connection stays usable", async () => {
      const c = await open();
      // v99, header v2 as a newer client sends it, with a body no known version defines:
      // the broker must not try to parse the body.
      c.send(frame(18, 99, 4242, randomBytes(7, 37), true));
      const [answer] = await c.take(1);
      expect(answer).toBeDefined();
      const view = new DataView(answer!.buffer, answer!.byteOffset, answer!.byteLength);
      expect(view.getInt32(0)).toBe(4242); // response header v0: correlation id only
      expect(view.getInt16(4)).toBe(UNSUPPORTED_VERSION);
      const count = view.getInt32(6);
      expect(answer!.length).toBe(10 + 6 * count); // v0 body: no throttle time, no tagged fields
      const ranges = new Map<number, [number, number]>();
      for (let i = 0; i < count; i++) ranges.set(view.getInt16(10 + 6 * i), [view.getInt16(12 + 6 * i), view.getInt16(14 + 6 * i)]);
      expect(ranges.get(18)?.[0]).toBe(0);
      expect(ranges.get(0)).toBeDefined();
      expect(ranges.get(1)).toBeDefined();
      // The client downgrades on the same connection.
      c.send(apiVersionsV0(4243));
      const [second] = await c.take(2).then((f) => f.slice(1));
      expect(second && correlationOf(second)).toBe(4243);
      expect(second && new DataView(second.buffer, second.byteOffset).getInt16(4)).toBe(0);
      c.destroy();
    });

    test("unknown API keys and unsupported versions close the connection after earlier answers", async () => {
      const cases = [
        frame(999, 0, 2),
        frame(-1, 0, 2),
        frame(0x7fff, 0x7fff, 2),
        frame(3, 99, 2, new Uint8Array([0, 0, 0, 0])), // Metadata v99
        frame(0, -1, 2), // Produce v-1
        frame(1, 500, 2), // Fetch v500
      ];
      const closedBefore = await metric("tributary_kafka_connections_closed_on_error_total");
      for (const bad of cases) {
        const c = await open();
        // A valid request pipelined ahead of the bad one is still answered.
        const frames = await c.send(apiVersionsV0(1), bad).closedWith();
        expect(frames.map(correlationOf)).toEqual([1]);
      }
      expect(await metric("tributary_kafka_connections_closed_on_error_total")).toBeGreaterThanOrEqual(closedBefore + cases.length);
    });

    test("negative, huge and over-limit lengths close the connection without an answer", async () => {
      const lengths = [-1, -(2 ** 31), 2 ** 31 - 1, MAX_REQUEST_BYTES + 1, 0x10000000];
      for (const size of lengths) {
        const c = await open();
        expect(await c.send(sizePrefix(size, 0, 18, 0, 0)).closedWith()).toEqual([]);
      }
      // A whole request over kafka.maxRequestBytes, actually sent (2 MiB of Produce).
      const big = frame(0, 3, 9, randomBytes(3, 2 * MAX_REQUEST_BYTES));
      const c = await open();
      expect(await c.send(big).closedWith()).toEqual([]);
    });

    test("truncated frames and headers close the connection", async () => {
      const whole = metadataV1(5);
      const cases: Uint8Array[] = [
        sizePrefix(0), // an empty frame has no header
        new Uint8Array([0, 0]), // half a size prefix, then end of stream
        sizePrefix(100, 1, 2, 3), // a frame cut short by end of stream
        sizePrefix(3, 0, 3, 0), // a header cut inside the version
        sizePrefix(10, 0, 3, 0, 1, 0, 0, 0, 5, 0x7f, 0xff), // client id longer than the frame
        (() => { // Metadata v1 with its topics array cut off
          const cut = whole.slice(0, whole.length - 2);
          new DataView(cut.buffer).setInt32(0, cut.length - 4);
          return cut;
        })(),
        (() => { // an array count larger than the bytes that follow
          const f = frame(3, 1, 6, new Uint8Array([0x7f, 0xff, 0xff, 0xff, 0, 1, 0x61]));
          return f;
        })(),
      ];
      for (const bytes of cases) {
        const c = await open();
        expect(await c.send(bytes).end().closedWith()).toEqual([]);
      }
    });

    test("a record batch whose count disagrees with its offset range is INVALID_RECORD and not appended", async () => {
      const value = new TextEncoder().encode("liar");
      const records = (n: number) => Array.from({ length: n }, () => ({ timestamp: Date.now(), key: null, value }));
      const liars = [
        buildRecordBatch(records(3), { lastOffsetDelta: 0 }), // three records under one offset
        buildRecordBatch(records(1), { lastOffsetDelta: 1000 }), // one record skipping 1,000 offsets
        buildRecordBatch(records(0), { lastOffsetDelta: 0 }), // no records, one offset
      ];
      const c = await open();
      liars.forEach((batch, i) => c.send(produceV3(100 + i, "steady", batch)));
      const answers = await c.take(liars.length);
      expect(answers.map(correlationOf)).toEqual([100, 101, 102]);
      expect(answers.map(produceError)).toEqual([INVALID_RECORD, INVALID_RECORD, INVALID_RECORD]);
      c.destroy();
      expect(await steady()).toEqual([{ partition: 0, logStartOffset: 0, highWatermark: 1000, logEndOffset: 1000 }]);
    });

    test("random bytes, with and without a plausible header, are answered or closed; kcat is served meanwhile", async () => {
      const abuse = (async () => {
        for (let i = 0; i < 150; i++) {
          const c = await open();
          const noise = randomBytes(1000 + i, 1 + ((i * 977) % 4096));
          // Every third connection wraps the noise in a valid size and a real API key's header.
          const bytes = i % 3 === 0 ? frame([0, 1, 2, 3, 8, 9, 10, 11, 12, 14, 18, 19][i % 12]!, i % 13, i, noise) : noise;
          await c.send(bytes).end().closedWith();
        }
      })();
      await Promise.all([abuse, kcatRoundTrip()]);
      expect(broker.child.exitCode).toBeNull();
    });

    test("500 connections from one client are all served while kcat keeps working", async () => {
      // Connections of earlier tests may still be closing on the broker's side.
      const settled = async () => {
        while (await metric("tributary_kafka_connections") > 0) await new Promise((r) => setTimeout(r, 50));
      };
      await settled();
      const clients = await Promise.all(Array.from({ length: 500 }, () => open()));
      clients.forEach((c, i) => c.send(apiVersionsV0(2 * i), metadataV1(2 * i + 1)));
      const answers = await Promise.all(clients.map((c) => c.take(2)));
      expect(answers.every((a, i) => a.length === 2 && correlationOf(a[0]!) === 2 * i && correlationOf(a[1]!) === 2 * i + 1)).toBe(true);
      expect(await metric("tributary_kafka_connections")).toBeGreaterThanOrEqual(500);
      await kcatRoundTrip(); // with all 500 still open
      for (const c of clients) c.end();
      await Promise.all(clients.map((c) => c.closed));
      await settled();
    });

    test("afterwards the broker serves kcat, the existing topic is untouched and RSS stayed bounded", async () => {
      expect(broker.child.exitCode).toBeNull();
      await kcatRoundTrip();
      expect(await steady()).toEqual([{ partition: 0, logStartOffset: 0, highWatermark: 1000, logEndOffset: 1000 }]);
      const consumed = await run("kcat", ["-b", kafka(), "-C", "-t", "steady", "-p", "0", "-o", "beginning", "-e", "-q"]);
      expect(consumed.stdout).toBe(steadyRecords);
      // The abuse sent about 5 MiB; the broker must not have kept anything like the declared sizes.
      const growthMiB = (rssKiB(broker.child.pid!) - rssBefore) / 1024;
      expect(growthMiB).toBeLessThan(128);
    });
  });
}
