/** Mutated packets from many connections: the server never crashes and keeps serving. */
import { afterEach, describe, expect, test } from "bun:test";
import { encodePacket } from "../../broker/mqtt/codec.ts";
import type { Packet } from "../../broker/mqtt/packets.ts";
import { collect, type Harness, runtime, sleep, startHarness, waitFor } from "./_harness.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

// Deterministic PRNG so a failure can be replayed.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 0x100000000;
  };
}

const samples = (v: 4 | 5): Packet[] => [
  { cmd: "publish", topic: "f/a", payload: new Uint8Array([1, 2, 3]), qos: 1, dup: false, retain: false, messageId: 7, ...(v === 5 ? { properties: { userProperties: [["k", "v"]], topicAlias: 1, messageExpiryInterval: 5 } } : {}) },
  { cmd: "publish", topic: "f/b", payload: new Uint8Array(40), qos: 2, dup: false, retain: true, messageId: 8 },
  { cmd: "subscribe", messageId: 3, subscriptions: [{ topic: "f/#", qos: 2, nl: false, rap: true, rh: 1 }, { topic: "$share/g/f/+", qos: 1, nl: false, rap: false, rh: 0 }], ...(v === 5 ? { properties: { subscriptionIdentifier: 4 } } : {}) },
  { cmd: "unsubscribe", messageId: 4, unsubscriptions: ["f/#"] },
  { cmd: "pubrel", messageId: 8 },
  { cmd: "puback", messageId: 1 },
  { cmd: "pubrec", messageId: 2 },
  { cmd: "pubcomp", messageId: 2 },
  { cmd: "pingreq" },
  { cmd: "disconnect", ...(v === 5 ? { reasonCode: 4, properties: { sessionExpiryInterval: 10 } } : {}) },
];

describe("fuzz", () => {
  test("bit-flipped and truncated packets never take the server down", async () => {
    h = await startHarness();
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on("unhandledRejection", onError);
    process.on("uncaughtException", onError);
    try {
      const random = rng(42);
      for (let round = 0; round < 300; round++) {
        const v = random() < 0.5 ? 4 : 5;
        const socket = await runtime.connect({ hostname: "127.0.0.1", port: h.server.port });
        const connect = encodePacket({ cmd: "connect", protocolId: "MQTT", protocolVersion: v, clientId: `fz${round % 7}`, clean: random() < 0.5, keepalive: 30, ...(v === 5 ? { properties: { sessionExpiryInterval: 30, topicAliasMaximum: 3 } } : {}), ...(random() < 0.3 ? { will: { topic: "f/will", payload: new Uint8Array([1]), qos: 1, retain: false } } : {}) }, v);
        const parts: Uint8Array[] = [random() < 0.1 ? mutate(connect, random) : connect];
        const pool = samples(v);
        for (let i = 0; i < 6; i++) {
          const bytes = encodePacket(pool[Math.floor(random() * pool.length)]!, v);
          parts.push(random() < 0.5 ? mutate(bytes, random) : bytes);
        }
        const all = concat(parts);
        const cut = random() < 0.2 ? Math.floor(random() * all.length) : all.length;
        await socket.write(all.subarray(0, cut)).catch(() => {});
        if (random() < 0.5) socket.close();
        else setTimeout(() => socket.close(), 5);
      }
      await sleep(100);
      expect(errors).toEqual([]);
      const s = await h.connect({ protocolVersion: 5 });
      const got = collect(s);
      await s.subscribeAsync("alive/#", { qos: 1 });
      const p = await h.connect({ protocolVersion: 4 });
      await p.publishAsync("alive/1", "ok", { qos: 1 });
      await waitFor(() => got.length === 1);
    } finally {
      process.off("unhandledRejection", onError);
      process.off("uncaughtException", onError);
    }
  }, 60_000);
});

function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const out = bytes.slice();
  const flips = 1 + Math.floor(random() * 3);
  for (let i = 0; i < flips; i++) {
    const at = Math.floor(random() * out.length);
    out[at] = out[at]! ^ (1 << Math.floor(random() * 8));
  }
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
