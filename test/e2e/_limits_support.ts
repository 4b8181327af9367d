/**
 * Helpers of the limits end-to-end tests (test/e2e/limits_*.test.ts): raw sockets that record
 * what the broker sends and when it closes, MQTT packets through `mqtt-packet`, hand-built
 * Kafka request frames, and /metrics readings.
 */
import { connect as tcpConnect, type Socket } from "node:net";
import * as mqttPacket from "mqtt-packet";
import type { BrokerProcess } from "../_support/broker_process.ts";

export const HOST = "127.0.0.1";
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until `cond` holds; the deadline only turns a hang into a readable failure. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A raw TCP connection that records what the server sends and when it closes. */
export interface Raw {
  socket: Socket;
  received(): Uint8Array;
  readonly isClosed: boolean;
  closed: Promise<void>;
  write(bytes: Uint8Array): void;
  /**
   * Send `bytes` one byte every `intervalMs` until all are sent or the server closes the
   * connection; resolves with how many were sent.
   */
  trickle(bytes: Uint8Array, intervalMs: number): Promise<number>;
  /** Wait until the server has closed the connection (the deadline only reports a hang). */
  waitClosed(what: string, ms?: number): Promise<void>;
}

export function rawSocket(port: number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: HOST, port });
    const chunks: Uint8Array[] = [];
    let isClosed = false;
    socket.on("data", (d: Uint8Array) => chunks.push(new Uint8Array(d)));
    socket.on("error", () => {}); // a reset after the server closes is expected
    const closed = new Promise<void>((r) => socket.once("close", () => {
      isClosed = true;
      r();
    }));
    socket.once("connect", () => {
      const raw: Raw = {
        socket,
        received: () => Uint8Array.from(chunks.flatMap((c) => [...c])),
        get isClosed() {
          return isClosed;
        },
        closed,
        write: (bytes) => void socket.write(bytes),
        async trickle(bytes, intervalMs) {
          let sent = 0;
          while (sent < bytes.length && !isClosed) {
            socket.write(bytes.subarray(sent, sent + 1));
            sent++;
            await Promise.race([sleep(intervalMs), closed]);
          }
          return sent;
        },
        async waitClosed(what, ms = 60_000) {
          let timer: ReturnType<typeof setTimeout> | undefined;
          const timeout = new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what}: connection not closed`)), ms)));
          try {
            await Promise.race([closed, timeout]);
          } finally {
            clearTimeout(timer);
          }
        },
      };
      resolve(raw);
    });
    socket.once("error", reject);
  });
}

/** Encode an MQTT packet (CONNECT decides the version of the rest). */
export function mqttBytes(packet: Record<string, unknown>, protocolVersion: 4 | 5): Uint8Array {
  return new Uint8Array(mqttPacket.generate(packet as unknown as mqttPacket.Packet, { protocolVersion }));
}

/** A CONNECT with clean start and no keep-alive. */
export function connectBytes(clientId: string, protocolVersion: 4 | 5, properties?: Record<string, unknown>): Uint8Array {
  return mqttBytes({ cmd: "connect", protocolId: "MQTT", protocolVersion, clientId, clean: true, keepalive: 0, ...(properties ? { properties } : {}) }, protocolVersion);
}

/** Every MQTT packet in `bytes` (as the server sent them). */
export function mqttPackets(bytes: Uint8Array, protocolVersion: 4 | 5): Array<Record<string, unknown>> {
  const parser = mqttPacket.parser({ protocolVersion });
  const out: Array<Record<string, unknown>> = [];
  parser.on("packet", (p) => out.push(p as unknown as Record<string, unknown>));
  parser.parse(Buffer.from(bytes));
  return out;
}

/** Open a raw MQTT connection and wait for the CONNACK (or the close). */
export async function mqttConnect(port: number, clientId: string, protocolVersion: 4 | 5, properties?: Record<string, unknown>) {
  const raw = await rawSocket(port);
  raw.write(connectBytes(clientId, protocolVersion, properties));
  await waitFor(() => raw.received().length >= 4 || raw.isClosed, `CONNACK for ${clientId}`);
  const connack = mqttPackets(raw.received(), protocolVersion).find((p) => p.cmd === "connack");
  return { raw, connack };
}

/**
 * A Kafka request frame: size, api key, version, correlation id, client id "raw", body
 * (request header v1).
 */
export function kafkaFrame(apiKey: number, version: number, correlationId: number, body: Uint8Array = new Uint8Array(0)): Uint8Array {
  const id = new TextEncoder().encode("raw");
  const out = new Uint8Array(4 + 2 + 2 + 4 + 2 + id.length + body.length);
  const view = new DataView(out.buffer);
  view.setInt32(0, out.length - 4);
  view.setInt16(4, apiKey);
  view.setInt16(6, version);
  view.setInt32(8, correlationId);
  view.setInt16(12, id.length);
  out.set(id, 14);
  out.set(body, 14 + id.length);
  return out;
}

/** ApiVersions v0 (empty body). */
export const apiVersionsV0 = (correlationId: number) => kafkaFrame(18, 0, correlationId);

/** Fetch v4 of partition 0 of `topic` from `offset`, waiting up to `maxWaitMs` for 1 byte. */
export function fetchV4(correlationId: number, topic: string, offset: number, maxWaitMs: number): Uint8Array {
  const name = new TextEncoder().encode(topic);
  const body = new Uint8Array(4 + 4 + 4 + 4 + 1 + 4 + 2 + name.length + 4 + 4 + 8 + 4);
  const v = new DataView(body.buffer);
  let at = 0;
  v.setInt32(at, -1), (at += 4); // replica id
  v.setInt32(at, maxWaitMs), (at += 4);
  v.setInt32(at, 1), (at += 4); // min bytes
  v.setInt32(at, 1 << 20), (at += 4); // max bytes
  v.setInt8(at, 0), (at += 1); // isolation level
  v.setInt32(at, 1), (at += 4); // one topic
  v.setInt16(at, name.length), (at += 2);
  body.set(name, at), (at += name.length);
  v.setInt32(at, 1), (at += 4); // one partition
  v.setInt32(at, 0), (at += 4);
  v.setBigInt64(at, BigInt(offset)), (at += 8);
  v.setInt32(at, 1 << 20);
  return kafkaFrame(1, 4, correlationId, body);
}

/** Split a byte stream of Kafka responses into frames (without the size prefix). */
export function kafkaResponses(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at + 4 <= bytes.length) {
    const size = new DataView(bytes.buffer, bytes.byteOffset + at).getInt32(0);
    if (at + 4 + size > bytes.length) break;
    out.push(bytes.subarray(at + 4, at + 4 + size));
    at += 4 + size;
  }
  return out;
}

/** The correlation id of a response frame. */
export const correlationOf = (f: Uint8Array) => new DataView(f.buffer, f.byteOffset).getInt32(0);

/** One series of /metrics, e.g. `tributary_limit_rejections_total{protocol="mqtt",limit="max-connections"}`; 0 when absent. */
export async function metric(broker: BrokerProcess, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`http://${HOST}:${broker.ports.http}/metrics`)).text();
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v) && Object.keys(got).length === Object.keys(labels).length) return Number(m[3]);
  }
  return 0;
}

/** `tributary_limit_rejections_total` of one limit. */
export const rejections = (broker: BrokerProcess, protocol: string, limit: string) =>
  metric(broker, "tributary_limit_rejections_total", { protocol, limit });
