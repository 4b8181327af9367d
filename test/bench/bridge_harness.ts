/**
 * Shared pieces of the bridge end-to-end tests and benchmark (real `tributary serve` processes):
 * a fleet of raw-TCP MQTT QoS 1 sensors that survive broker restarts and resend what was not
 * PUBACKed, kcat readers for the edge and central topics, and the exactly-once check that
 * compares the central topic against the edge's log by provenance offset.
 *
 * Payload of a reading: `{"d":"dev07","s":123,"t":21.5}` — device id and per-device sequence.
 */
import { run } from "../_support/broker_process.ts";
import { type RawConnection, PacketReader, rawConnect } from "./mqtt_loadgen.ts";

const enc = new TextEncoder();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

/** One QoS 1 PUBLISH (MQTT 3.1.1). */
export function encodePublish(topic: string, packetId: number, payload: Uint8Array): Uint8Array {
  const t = enc.encode(topic);
  const remaining = 2 + t.length + 2 + payload.length;
  const fixed = [0x32, ...varint(remaining)];
  const out = new Uint8Array(fixed.length + remaining);
  out.set(fixed, 0);
  let at = fixed.length;
  out[at++] = t.length >> 8;
  out[at++] = t.length & 0xff;
  out.set(t, at);
  at += t.length;
  out[at++] = packetId >> 8;
  out[at++] = packetId & 0xff;
  out.set(payload, at);
  return out;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export const deviceId = (i: number) => `dev${String(i).padStart(2, "0")}`;
export const readingPayload = (device: string, seq: number) => `{"d":"${device}","s":${seq},"t":${(20 + (seq % 50) / 10).toFixed(1)}}`;

/**
 * One sensor: publishes `total` readings with at most `window` un-PUBACKed, reconnects (with a
 * clean session) whenever the connection drops, and resends every reading not yet PUBACKed —
 * the way a QoS 1 device behaves across a broker crash.
 */
class Sensor {
  next = 0;
  /** Sent, not yet PUBACKed. */
  readonly unacked = new Set<number>();
  readonly acked: Uint8Array;
  ackedCount = 0;
  connects = 0;
  #stop = false;

  constructor(readonly id: string, readonly total: number, readonly window: number, readonly onAck: () => void, readonly take: () => boolean) {
    this.acked = new Uint8Array(total);
  }

  get done(): boolean {
    return this.ackedCount === this.total;
  }

  stop(): void {
    this.#stop = true;
  }

  async run(port: () => number, paused: () => boolean): Promise<void> {
    while (!this.done && !this.#stop) {
      if (paused()) {
        await sleep(20);
        continue;
      }
      let conn: RawConnection;
      try {
        conn = await rawConnect("127.0.0.1", port(), `sensor-${this.id}`);
      } catch {
        await sleep(50);
        continue;
      }
      this.connects++;
      await this.#session(conn);
      conn.socket.destroy();
    }
  }

  #session(conn: RawConnection): Promise<void> {
    const topic = `sensors/${this.id}/temp`;
    const resend = [...this.unacked].sort((a, b) => a - b);
    let ri = 0;
    let packetId = 0;
    const inflight = new Map<number, number>();
    return new Promise<void>((resolve) => {
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        resolve();
      };
      const pump = () => {
        if (finished) return;
        const chunks: Uint8Array[] = [];
        while (inflight.size < this.window && !this.#stop) {
          let seq: number;
          if (ri < resend.length) seq = resend[ri++]!;
          else if (this.next < this.total && this.take()) {
            seq = this.next++;
            this.unacked.add(seq);
          } else break;
          packetId = (packetId % 65535) + 1;
          inflight.set(packetId, seq);
          chunks.push(encodePublish(topic, packetId, enc.encode(readingPayload(this.id, seq))));
        }
        if (chunks.length > 0) conn.socket.write(concat(chunks));
        if (inflight.size === 0) {
          if (this.next >= this.total || this.#stop) finish();
          else setTimeout(pump, 20); // held back by the fleet's allowance
        }
      };
      conn.socket.on("data", (chunk: Uint8Array) => {
        conn.reader.push(chunk, (type, _flags, body) => {
          if (type !== 4) return;
          const id = (body[0]! << 8) | body[1]!;
          const seq = inflight.get(id);
          if (seq === undefined) return;
          inflight.delete(id);
          if (this.unacked.delete(seq) && this.acked[seq] === 0) {
            this.acked[seq] = 1;
            this.ackedCount++;
            this.onAck();
          }
        });
        pump();
      });
      void conn.closed.then(finish);
      pump();
    });
  }
}

/** A fleet of {@link Sensor}s against an MQTT port that may change (or vanish) over time. */
export class SensorFleet {
  readonly sensors: Sensor[];
  acked = 0;
  /** While true, sensors do not try to (re)connect. */
  paused = false;
  /** Readings issued (first sends) so far, and how many may be issued ({@link allow}). */
  issued = 0;
  #limit = Infinity;
  #milestones: Array<{ at: number; resolve: () => void }> = [];
  #running: Promise<void[]> | undefined;

  constructor(devices: number, readonly perDevice: number, window = 32) {
    this.sensors = Array.from({ length: devices }, (_, i) => new Sensor(deviceId(i), perDevice, window, () => this.#onAck(), () => this.#take()));
  }

  #take(): boolean {
    if (this.issued >= this.#limit) return false;
    this.issued++;
    return true;
  }

  /** Let the sensors issue readings up to `count` in total (default: no limit). */
  allow(count: number): void {
    this.#limit = count;
  }

  get total(): number {
    return this.sensors.length * this.perDevice;
  }

  #onAck(): void {
    this.acked++;
    for (const m of this.#milestones) if (this.acked >= m.at) m.resolve();
    this.#milestones = this.#milestones.filter((m) => this.acked < m.at);
  }

  start(port: () => number): void {
    this.#running = Promise.all(this.sensors.map((s) => s.run(port, () => this.paused)));
  }

  /** Resolves once `count` readings in total were PUBACKed. */
  ackedAtLeast(count: number): Promise<void> {
    if (this.acked >= count) return Promise.resolve();
    return new Promise((resolve) => this.#milestones.push({ at: count, resolve }));
  }

  /** Resolves when every reading was PUBACKed. */
  async finished(): Promise<void> {
    await this.#running;
  }

  stop(): void {
    for (const s of this.sensors) s.stop();
  }

  /** `dev07:123` for every PUBACKed reading. */
  ackedKeys(): string[] {
    const out: string[] = [];
    for (const s of this.sensors) for (let i = 0; i < s.total; i++) if (s.acked[i]) out.push(`${s.id}:${i}`);
    return out;
  }
}

/** One record as kcat prints it with {@link KCAT_FORMAT}. */
export interface KcatRecord {
  partition: number;
  offset: number;
  key: string;
  headers: Map<string, string>;
  value: string;
}

const KCAT_FORMAT = "%p\t%o\t%k\t%h\t%s\n";

/** Every record of `topic` (all partitions), read with kcat from the beginning to the end. */
export async function kcatReadAll(bootstrap: string, topic: string, extra: string[] = []): Promise<KcatRecord[]> {
  const r = await run("kcat", ["-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-f", KCAT_FORMAT, ...extra], { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`kcat ${topic} exited ${r.code}: ${r.stderr.slice(-2000)}`);
  const out: KcatRecord[] = [];
  for (const line of r.stdout.split("\n")) {
    if (line === "") continue;
    const [p, o, key, h, ...rest] = line.split("\t");
    const headers = new Map<string, string>();
    if (h) {
      for (const kv of h.split(",")) {
        const eq = kv.indexOf("=");
        headers.set(kv.slice(0, eq), kv.slice(eq + 1));
      }
    }
    out.push({ partition: Number(p), offset: Number(o), key: key!, headers, value: rest.join("\t") });
  }
  return out;
}

/** The high-water marks of `topic`'s partitions from a broker's admin API. */
export async function highWatermarks(httpPort: number, topic: string, token?: string): Promise<number[]> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/api/partitions`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const rows = (await res.json()) as Array<{ topic: string; partition: number; highWatermark: number }>;
  const out: number[] = [];
  for (const r of rows) if (r.topic === topic) out[r.partition] = r.highWatermark;
  return out;
}

/** One Prometheus sample's value summed over its label sets (0 if absent). */
export async function metricSum(httpPort: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/);
    if (m && m[1] === name) sum += Number(m[3]);
  }
  return sum;
}

/**
 * Wait until the central topic holds at least as many records as the edge topic, partition by
 * partition (the bridge maps partitions one to one). A wait, not an assertion: the caller's
 * test timeout bounds it; the check itself is {@link checkExactlyOnce}.
 */
export async function waitForMirror(edgeHttp: () => number, centralHttp: () => number, edgeTopic: string, centralTopic: string, centralToken?: string): Promise<number[]> {
  for (;;) {
    try {
      const edge = await highWatermarks(edgeHttp(), edgeTopic);
      const central = await highWatermarks(centralHttp(), centralTopic, centralToken);
      if (edge.length > 0 && edge.every((hw, p) => (central[p] ?? 0) >= hw)) return edge;
    } catch {
      // a broker restarting
    }
    await sleep(200);
  }
}

/** What {@link checkExactlyOnce} found. */
export interface ExactlyOnceReport {
  edgeRecords: number;
  centralRecords: number;
  /** Edge offsets missing upstream (must be empty). */
  missing: string[];
  /** Edge offsets found more than once upstream (must be empty). */
  duplicated: string[];
  /** Upstream records whose key/value differ from the edge record at their source offset. */
  mismatched: string[];
  /** Keys whose upstream order differs from the edge's. */
  outOfOrderKeys: string[];
  /** Readings (device:seq) stored more than once on the edge: MQTT QoS 1 redeliveries, not bridge duplicates. */
  mqttRedeliveries: number;
  /** PUBACKed readings absent from the edge log (must be empty). */
  lostAcked: string[];
}

/**
 * Compare the central topic against the edge's log. A bridge duplicate is an edge offset that
 * appears twice upstream (`tributary.source.offset`); an MQTT redelivery after a crash is the
 * same reading at two edge offsets, which must appear upstream once each.
 */
export function checkExactlyOnce(edge: KcatRecord[], central: KcatRecord[], ackedKeys: string[]): ExactlyOnceReport {
  const byEdgeOffset = new Map<string, KcatRecord>();
  for (const r of edge) byEdgeOffset.set(`${r.partition}/${r.offset}`, r);
  const seen = new Map<string, number>();
  const mismatched: string[] = [];
  const lastSourceOffsetByKey = new Map<string, number>();
  const outOfOrder = new Set<string>();
  for (const r of central) {
    const id = `${r.headers.get("tributary.source.partition")}/${r.headers.get("tributary.source.offset")}`;
    seen.set(id, (seen.get(id) ?? 0) + 1);
    const local = byEdgeOffset.get(id);
    if (!local || local.key !== r.key || local.value !== r.value) mismatched.push(id);
    // Per-key order: within one key, upstream order follows edge offsets (a key lives in one partition).
    const offset = Number(r.headers.get("tributary.source.offset"));
    const last = lastSourceOffsetByKey.get(r.key);
    if (last !== undefined && offset <= last) outOfOrder.add(r.key);
    lastSourceOffsetByKey.set(r.key, offset);
  }
  const missing: string[] = [];
  const duplicated: string[] = [];
  for (const id of byEdgeOffset.keys()) {
    const n = seen.get(id) ?? 0;
    if (n === 0) missing.push(id);
    else if (n > 1) duplicated.push(id);
  }
  const readings = new Map<string, number>();
  for (const r of edge) {
    const m = r.value.match(/^\{"d":"([^"]+)","s":(\d+)/);
    if (m) readings.set(`${m[1]}:${m[2]}`, (readings.get(`${m[1]}:${m[2]}`) ?? 0) + 1);
  }
  let mqttRedeliveries = 0;
  for (const n of readings.values()) mqttRedeliveries += n - 1;
  const lostAcked = ackedKeys.filter((k) => !readings.has(k));
  return {
    edgeRecords: edge.length,
    centralRecords: central.length,
    missing: missing.slice(0, 20),
    duplicated: duplicated.slice(0, 20),
    mismatched: mismatched.slice(0, 20),
    outOfOrderKeys: [...outOfOrder].slice(0, 20),
    mqttRedeliveries,
    lostAcked: lostAcked.slice(0, 20),
  };
}
