/**
 * Structure-aware MQTT packets: every control packet a client may send (and a few it may
 * not), for protocol levels 3, 4 and 5, with MQTT 5 properties from the full property table —
 * mostly valid, and at a per-input "chaos" rate wrong: reserved flag bits, QoS 3, packet id 0,
 * properties that are duplicated, unknown or not allowed in the packet, lying property and
 * remaining lengths, over-long varints, invalid UTF-8 and U+0000 in strings, wildcards in
 * PUBLISH topics, topic aliases out of range.
 */
import type { Rng } from "./rng.ts";

type PropType = "byte" | "int16" | "int32" | "varint" | "string" | "binary" | "pair";

const PROPS: Record<number, PropType> = {
  0x01: "byte", 0x02: "int32", 0x03: "string", 0x08: "string", 0x09: "binary", 0x0b: "varint", 0x11: "int32",
  0x12: "string", 0x13: "int16", 0x15: "string", 0x16: "binary", 0x17: "byte", 0x18: "int32", 0x19: "byte",
  0x1a: "string", 0x1c: "string", 0x1f: "string", 0x21: "int16", 0x22: "int16", 0x23: "int16", 0x24: "byte",
  0x25: "byte", 0x26: "pair", 0x27: "int32", 0x28: "byte", 0x29: "byte", 0x2a: "byte",
};

/** Properties each packet may carry (MQTT 5 §2.2.2.2). */
const ALLOWED: Record<string, number[]> = {
  connect: [0x11, 0x21, 0x27, 0x22, 0x19, 0x17, 0x26, 0x15, 0x16],
  will: [0x18, 0x01, 0x02, 0x03, 0x08, 0x09, 0x26],
  publish: [0x01, 0x02, 0x23, 0x08, 0x09, 0x26, 0x03],
  ack: [0x1f, 0x26],
  subscribe: [0x0b, 0x26],
  unsubscribe: [0x26],
  disconnect: [0x11, 0x1f, 0x26, 0x1c],
  auth: [0x15, 0x16, 0x1f, 0x26],
};

const TOPICS = ["sensors/dev1/temp", "a", "t/x", "f/#", "$SYS/x", "", "a//b", "🙂/ok", "sensors/+/temp", "#", "x".repeat(300)];
const FILTERS = ["#", "+", "sensors/+/temp", "a/#", "$share/g/f/+", "$share//x", "a/#/b", "a+", "", "$SYS/#", "$share/g"];

class Out {
  readonly parts: number[] = [];
  byte(n: number): void {
    this.parts.push(n & 0xff);
  }
  int16(n: number): void {
    this.byte(n >> 8);
    this.byte(n);
  }
  int32(n: number): void {
    this.int16(n >>> 16);
    this.int16(n);
  }
  varint(n: number): void {
    let v = Math.max(0, n);
    do {
      let b = v % 128;
      v = Math.floor(v / 128);
      if (v > 0) b |= 0x80;
      this.byte(b);
    } while (v > 0);
  }
  raw(b: Uint8Array | number[]): void {
    for (const x of b) this.parts.push(x);
  }
}

interface Ctx {
  rng: Rng;
  v: number;
  chaos: number;
}
const bad = (c: Ctx) => c.rng.chance(c.chaos);

function utf8(c: Ctx, text: string): Uint8Array {
  if (bad(c)) return c.rng.pick([Uint8Array.of(0xc3, 0x28), Uint8Array.of(0x61, 0x00, 0x62), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xef, 0xbf, 0xbd)]);
  return new TextEncoder().encode(text);
}

function str(out: Out, c: Ctx, text: string): void {
  const b = utf8(c, text);
  out.int16(bad(c) ? c.rng.pick([b.length + 1, 0xffff, Math.max(0, b.length - 1)]) : b.length);
  out.raw(b);
}

function bin(out: Out, c: Ctx, b: Uint8Array): void {
  out.int16(bad(c) ? b.length + c.rng.int(1, 10) : b.length);
  out.raw(b);
}

function propValue(out: Out, c: Ctx, id: number): void {
  const r = c.rng;
  switch (PROPS[id]) {
    case "byte":
      return out.byte(bad(c) ? r.int(2, 255) : r.int(0, 1));
    case "int16":
      return out.int16(id === 0x23 ? (bad(c) ? r.pick([0, 33, 0xffff]) : r.int(1, 4)) : id === 0x21 && !bad(c) ? r.int(1, 100) : r.interesting(16));
    case "int32":
      return out.int32(bad(c) ? r.interesting(32) : r.int(0, 120));
    case "varint":
      return out.varint(bad(c) ? r.pick([0, 268_435_455]) : r.int(1, 20));
    case "string":
      return str(out, c, r.pick(["text/plain", "reply/x", "", "PLAIN", "why"]));
    case "binary":
      return bin(out, c, r.bytes(r.int(0, 8)));
    case "pair":
      str(out, c, r.pick(["k", "room", ""]));
      return str(out, c, r.pick(["v", "42", ""]));
  }
  out.raw(r.bytes(r.int(0, 4))); // an id with no type: unknown property
}

function properties(out: Out, c: Ctx, kind: keyof typeof ALLOWED): void {
  if (c.v !== 5) return;
  const body = new Out();
  const allowed = ALLOWED[kind]!;
  const n = c.rng.int(0, 3);
  for (let i = 0; i < n; i++) {
    const id = bad(c) ? c.rng.pick([0x00, 0x7f, 0x2b, ...Object.keys(PROPS).map(Number)]) : c.rng.pick(allowed);
    if (id === 0x23 && kind !== "publish") continue;
    body.varint(id);
    propValue(body, c, id);
    if (bad(c)) {
      body.varint(id); // repeated (an error unless it is a user property or subscription id)
      propValue(body, c, id);
    }
  }
  const length = bad(c) ? c.rng.pick([body.parts.length + 1, body.parts.length + 100, Math.max(0, body.parts.length - 1), 268_435_455]) : body.parts.length;
  out.varint(length);
  out.raw(body.parts);
}

/** Fixed header + body, with a remaining length that sometimes lies or is over-long. */
function packet(c: Ctx, first: number, body: Out): Uint8Array {
  const out = new Out();
  out.byte(first);
  const n = body.parts.length;
  if (bad(c)) {
    const lie = c.rng.int(0, 3);
    if (lie === 0) out.raw([0xff, 0xff, 0xff, 0xff, 0x7f]); // five bytes: malformed
    else if (lie === 1) out.raw([0x80 | (n & 0x7f), 0x80, 0x80, 0x00]); // over-long but legal-length encoding
    else out.varint(lie === 2 ? n + c.rng.int(1, 100) : Math.max(0, n - c.rng.int(1, 3)));
  } else out.varint(n);
  out.raw(body.parts);
  return Uint8Array.from(out.parts);
}

export function connect(rng: Rng, v: 3 | 4 | 5, chaos: number, clientId = `fz${rng.int(0, 5)}`): Uint8Array {
  const c: Ctx = { rng, v, chaos };
  const b = new Out();
  str(b, { ...c, chaos: chaos / 4 }, v === 3 ? "MQIsdp" : "MQTT");
  b.byte(bad(c) ? rng.pick([0, 2, 6, 0x83, 255]) : v);
  const will = rng.chance(0.3), user = rng.chance(0.3), pass = user && rng.chance(0.7);
  let flags = (rng.chance(0.5) ? 0x02 : 0) | (will ? 0x04 | (rng.int(0, 2) << 3) | (rng.chance(0.2) ? 0x20 : 0) : 0) | (user ? 0x80 : 0) | (pass ? 0x40 : 0);
  if (bad(c)) flags ^= 1 << rng.int(0, 7);
  b.byte(flags);
  b.int16(bad(c) ? rng.interesting(16) : rng.pick([0, 0, 10, 60, 65535]));
  properties(b, c, "connect");
  str(b, c, bad(c) ? rng.pick(["", "x".repeat(300)]) : clientId);
  if (will) {
    properties(b, c, "will");
    str(b, c, rng.pick(TOPICS));
    bin(b, c, rng.bytes(rng.int(0, 10)));
  }
  if (user) str(b, c, "user");
  if (pass) bin(b, c, new TextEncoder().encode("secret"));
  return packet(c, bad(c) ? 0x10 | rng.int(1, 15) : 0x10, b);
}

/** One packet after CONNECT; `ids` holds the ids of QoS 2 publishes sent so far (for PUBREL). */
export function afterConnect(rng: Rng, v: 3 | 4 | 5, chaos: number, ids: number[]): Uint8Array {
  const c: Ctx = { rng, v, chaos };
  const kind = rng.pick(["publish", "publish", "publish", "pubrel", "puback", "pubrec", "pubcomp", "subscribe", "unsubscribe", "pingreq", "disconnect", "auth", "other"]);
  const b = new Out();
  const id = () => (bad(c) ? rng.pick([0, 0xffff]) : ids.length > 0 && rng.chance(0.5) ? rng.pick(ids) : rng.int(1, 20));
  const reason = (ok: number[]) => {
    if (v === 5 && rng.chance(0.5)) {
      b.byte(bad(c) ? rng.int(0, 255) : rng.pick(ok));
      if (rng.chance(0.5)) properties(b, c, "ack");
    }
  };
  switch (kind) {
    case "publish": {
      const qos = bad(c) ? 3 : rng.int(0, 2);
      const first = 0x30 | (rng.chance(0.2) ? 0x08 : 0) | (qos << 1) | (rng.chance(0.2) ? 1 : 0);
      const aliasOnly = v === 5 && rng.chance(0.1);
      str(b, c, aliasOnly ? "" : bad(c) ? rng.pick(["a/#", "+", "a\u0000b"]) : rng.pick(TOPICS));
      if (qos > 0) {
        const pid = id();
        b.int16(pid);
        if (qos === 2) ids.push(pid);
      }
      properties(b, c, "publish");
      b.raw(rng.bytes(rng.chance(0.05) ? rng.int(1000, 20_000) : rng.int(0, 40)));
      return packet(c, first, b);
    }
    case "pubrel":
    case "puback":
    case "pubrec":
    case "pubcomp": {
      b.int16(id());
      reason([0, 0x92]);
      const first = { puback: 0x40, pubrec: 0x50, pubrel: 0x62, pubcomp: 0x70 }[kind];
      return packet(c, bad(c) ? first ^ (1 << rng.int(0, 3)) : first, b);
    }
    case "subscribe": {
      b.int16(id());
      properties(b, c, "subscribe");
      const n = bad(c) ? 0 : rng.int(1, 3);
      for (let i = 0; i < n; i++) {
        str(b, c, rng.pick(FILTERS));
        let options = rng.int(0, 2) | (v === 5 ? (rng.chance(0.3) ? 4 : 0) | (rng.chance(0.3) ? 8 : 0) | (rng.int(0, 2) << 4) : 0);
        if (bad(c)) options |= rng.pick([3, 0x30, 0xc0]);
        b.byte(options);
      }
      return packet(c, bad(c) ? 0x80 : 0x82, b);
    }
    case "unsubscribe": {
      b.int16(id());
      properties(b, c, "unsubscribe");
      const n = bad(c) ? 0 : rng.int(1, 3);
      for (let i = 0; i < n; i++) str(b, c, rng.pick(FILTERS));
      return packet(c, bad(c) ? 0xa0 : 0xa2, b);
    }
    case "pingreq":
      if (bad(c)) b.byte(0);
      return packet(c, 0xc0, b);
    case "disconnect":
      if (v === 5 && rng.chance(0.6)) {
        b.byte(rng.pick([0, 4, 0x80, bad(c) ? rng.int(0, 255) : 0]));
        properties(b, c, "disconnect");
      }
      return packet(c, 0xe0, b);
    case "auth":
      if (rng.chance(0.7)) {
        b.byte(rng.pick([0, 0x18, 0x19]));
        properties(b, { ...c, v: 5 }, "auth");
      }
      return packet(c, 0xf0, b);
    default:
      // Packets only a server sends (CONNACK, SUBACK, …) or a second CONNECT.
      b.raw(rng.bytes(rng.int(0, 6)));
      return packet(c, rng.pick([0x20, 0x90, 0xb0, 0xd0, 0x00, 0x10]), b);
  }
}
