/**
 * A fast MQTT 3.1.1 load generator over raw TCP (node:net, so it runs under Bun and Deno):
 * PUBLISH packets are encoded before the clock starts and written in large slices, QoS 1 with a
 * pipelining window of unacknowledged packet ids. Used by `mqtt_bench.ts` (so the client is not
 * the bottleneck — MQTT.js would be) and by the crash test (which needs to know exactly which
 * message ids were PUBACKed).
 *
 * Payload layout (at least 16 bytes): bytes 0–3 publisher index, 4–7 sequence number,
 * 8–15 send time (float64 ms since the epoch, written just before the packet leaves when
 * `stamp` is set), then filler.
 */
import { connect as tcpConnect, type Socket } from "node:net";

const enc = new TextEncoder();

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

function str(s: string): number[] {
  const b = enc.encode(s);
  return [b.length >> 8, b.length & 0xff, ...b];
}

/** CONNECT, MQTT 3.1.1. */
export function encodeConnect(clientId: string, options: { clean?: boolean; keepAlive?: number } = {}): Uint8Array {
  const keepAlive = options.keepAlive ?? 60;
  const body = [...str("MQTT"), 4, options.clean === false ? 0 : 0x02, keepAlive >> 8, keepAlive & 0xff, ...str(clientId)];
  return Uint8Array.from([0x10, ...varint(body.length), ...body]);
}

/** SUBSCRIBE, MQTT 3.1.1, one filter. */
export function encodeSubscribe(packetId: number, filter: string, qos: number): Uint8Array {
  const body = [packetId >> 8, packetId & 0xff, ...str(filter), qos];
  return Uint8Array.from([0x82, ...varint(body.length), ...body]);
}

/** Header bytes of a PUBLISH (everything before the payload) and where the packet id sits. */
function publishHeader(topic: string, qos: 0 | 1, payloadLength: number): { header: Uint8Array; idAt: number } {
  const t = str(topic);
  const remaining = t.length + (qos > 0 ? 2 : 0) + payloadLength;
  const fixed = [0x30 | (qos << 1), ...varint(remaining)];
  const header = Uint8Array.from([...fixed, ...t, ...(qos > 0 ? [0, 0] : [])]);
  return { header, idAt: fixed.length + t.length };
}

/**
 * `count` PUBLISH packets of one size in one buffer; packet ids cycle 1..65535 (QoS 1).
 * Message `i` starts at `i * size`; its payload at `i * size + payloadAt`.
 */
export function encodePublishes(o: { topic: string; qos: 0 | 1; count: number; payloadSize: number; publisher: number; firstSeq?: number }): { bytes: Uint8Array; size: number; payloadAt: number } {
  if (o.payloadSize < 16) throw new Error("payloadSize must be at least 16");
  const { header, idAt } = publishHeader(o.topic, o.qos, o.payloadSize);
  const size = header.length + o.payloadSize;
  const bytes = new Uint8Array(size * o.count);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < o.count; i++) {
    const at = i * size;
    bytes.set(header, at);
    if (o.qos > 0) view.setUint16(at + idAt, (i % 65535) + 1);
    const p = at + header.length;
    view.setUint32(p, o.publisher);
    view.setUint32(p + 4, (o.firstSeq ?? 0) + i);
    bytes.fill(0x61, p + 16, p + o.payloadSize);
  }
  return { bytes, size, payloadAt: header.length };
}

/** Incremental parser of the server's packets: (type, flags, body). */
export class PacketReader {
  #buf = new Uint8Array(0);
  push(chunk: Uint8Array, onPacket: (type: number, flags: number, body: Uint8Array) => void): void {
    let buf = this.#buf.length === 0 ? chunk : concat(this.#buf, chunk);
    let at = 0;
    while (buf.length - at >= 2) {
      let len = 0;
      let mul = 1;
      let i = at + 1;
      let complete = false;
      for (; i < buf.length && i < at + 5; i++) {
        len += (buf[i]! & 0x7f) * mul;
        mul *= 128;
        if ((buf[i]! & 0x80) === 0) {
          complete = true;
          i++;
          break;
        }
      }
      if (!complete || buf.length - i < len) break;
      onPacket(buf[at]! >> 4, buf[at]! & 0x0f, buf.subarray(i, i + len));
      at = i + len;
    }
    buf = buf.subarray(at);
    this.#buf = buf.length === 0 ? new Uint8Array(0) : buf.slice();
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** An open MQTT 3.1.1 connection after a successful CONNACK. */
export interface RawConnection {
  socket: Socket;
  reader: PacketReader;
  /** Resolves when the socket is closed (for whatever reason). */
  closed: Promise<void>;
}

/** Connect and wait for CONNACK 0; rejects on refusal or a closed socket. */
export function rawConnect(host: string, port: number, clientId: string, options: { clean?: boolean; keepAlive?: number } = {}): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host, port, noDelay: true });
    const reader = new PacketReader();
    let settled = false;
    const closed = new Promise<void>((r) => socket.once("close", () => r()));
    socket.on("error", (err) => {
      if (!settled) {
        settled = true;
        reject(err);
      }
    });
    socket.once("close", () => {
      if (!settled) {
        settled = true;
        reject(new Error("closed before CONNACK"));
      }
    });
    const onData = (chunk: Uint8Array) =>
      reader.push(chunk, (type, _flags, body) => {
        if (settled) return;
        settled = true;
        socket.off("data", onData);
        if (type === 2 && body[1] === 0) resolve({ socket, reader, closed });
        else {
          socket.destroy();
          reject(new Error(`CONNACK refused: type ${type} rc ${body[1]}`));
        }
      });
    socket.on("data", onData);
    socket.once("connect", () => socket.write(encodeConnect(clientId, options)));
  });
}

/** Result of {@link runPublisher}. */
export interface PublishResult {
  /** Messages written to the socket. */
  sent: number;
  /** Sequence numbers whose PUBACK arrived (QoS 1), in ack order. */
  acked: number[];
  /** True if the socket closed before every message was acknowledged / written. */
  interrupted: boolean;
}

/**
 * Write pre-encoded publishes on `conn`. QoS 0: as fast as the socket drains. QoS 1: at most
 * `window` unacknowledged. `stamp` writes the send time into each payload; `ratePerSec` paces
 * the sends (for latency runs). Resolves when all are acked (QoS 1) / written (QoS 0), or the
 * socket closes.
 */
export function runPublisher(conn: RawConnection, o: {
  packets: { bytes: Uint8Array; size: number; payloadAt: number };
  qos: 0 | 1;
  window?: number;
  stamp?: boolean;
  ratePerSec?: number;
  firstSeq?: number;
  onAck?: (seq: number) => void;
}): Promise<PublishResult> {
  const { bytes, size, payloadAt } = o.packets;
  const count = bytes.length / size;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const window = o.window ?? 100;
  const firstSeq = o.firstSeq ?? 0;
  const idAt = payloadAt - 2;
  const perWrite = Math.max(1, Math.floor(65536 / size));
  const acked: number[] = [];
  /** QoS 1: packet id → message index of the packets in flight. */
  const inflight = new Map<number, number>();
  let sent = 0;
  let closed = false;
  let done = false;
  let waitingDrain = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const started = performance.now();

  return new Promise((resolve) => {
    const finish = () => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      conn.socket.off("data", onData);
      resolve({ sent, acked, interrupted: closed });
    };
    const pump = () => {
      if (closed || done || waitingDrain) return;
      let limit = o.qos === 1 ? Math.min(count, acked.length + window) : count;
      if (o.ratePerSec !== undefined) {
        const due = Math.floor(((performance.now() - started) / 1000) * o.ratePerSec) + 1;
        if (due < limit) {
          limit = due;
          if (timer === undefined) {
            timer = setTimeout(() => {
              timer = undefined;
              pump();
            }, 1);
          }
        }
      }
      while (sent < limit && !waitingDrain) {
        const n = Math.min(limit - sent, perWrite);
        if (o.stamp) {
          const now = performance.timeOrigin + performance.now();
          for (let i = sent; i < sent + n; i++) view.setFloat64(i * size + payloadAt + 8, now);
        }
        if (o.qos === 1) for (let i = sent; i < sent + n; i++) inflight.set(view.getUint16(i * size + idAt), i);
        const ok = conn.socket.write(bytes.subarray(sent * size, (sent + n) * size));
        sent += n;
        if (!ok) {
          waitingDrain = true;
          conn.socket.once("drain", () => {
            waitingDrain = false;
            pump();
          });
        }
      }
      if (o.qos === 0 && sent === count && !waitingDrain) finish();
    };
    // Every PUBACK of a chunk is taken before refilling the window, so one read of acks becomes
    // one write of new publishes (a write per ack would make the generator the bottleneck).
    const onData = (chunk: Uint8Array) => {
      conn.reader.push(chunk, (type, _flags, body) => {
        if (type !== 4) return; // PUBACK
        const id = (body[0]! << 8) | body[1]!;
        const i = inflight.get(id);
        if (i === undefined) return;
        inflight.delete(id);
        acked.push(firstSeq + i);
        o.onAck?.(firstSeq + i);
      });
      if (acked.length === count) finish();
      else pump();
    };
    conn.socket.on("data", onData);
    void conn.closed.then(() => {
      closed = true;
      finish();
    });
    pump();
  });
}
