/** The connection output queue: acks written in place keep their order and their bytes. */
import { describe, expect, test } from "bun:test";
import { WriteQueue } from "../../broker/mqtt/write_queue.ts";
import { copyPayload, SLAB_BYTES, SLAB_MAX_PAYLOAD } from "../../broker/mqtt/publish_codec.ts";
import type { TcpConnection } from "../../broker/runtime/types.ts";

/** A socket whose writes stay pending until `release()`; it keeps what it was given. */
function slowSocket() {
  const given: Uint8Array[] = [];
  const waiting: Array<() => void> = [];
  const socket: TcpConnection = {
    remoteAddress: "127.0.0.1",
    remotePort: 1,
    localPort: 2,
    bufferedAmount: 0,
    read: () => Promise.resolve(null),
    close: () => {},
    write(bytes) {
      given.push(bytes);
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
  };
  const release = async () => {
    for (const w of waiting.splice(0)) w();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { socket, given, release };
}

const flat = (parts: Uint8Array[]) => parts.flatMap((p) => [...p]);

describe("WriteQueue", () => {
  test("acks and other packets leave in the order queued, in one write per turn", async () => {
    const { socket, given, release } = slowSocket();
    const q = new WriteQueue(socket, 1 << 20, () => {}, () => {});
    q.pushAck(0x40, 1);
    q.pushAck(0x40, 0x0102);
    q.push(Uint8Array.of(0x30, 1, 9));
    q.pushAck(0x50, 3);
    await new Promise((r) => setTimeout(r, 0));
    expect(given.length).toBe(1);
    expect([...given[0]!]).toEqual([0x40, 2, 0, 1, 0x40, 2, 1, 2, 0x30, 1, 9, 0x50, 2, 0, 3]);
    await release();
  });

  test("bytes handed to a pending write do not change when more acks are queued behind it", async () => {
    const { socket, given, release } = slowSocket();
    const q = new WriteQueue(socket, 1 << 20, () => {}, () => {});
    for (let id = 1; id <= 10; id++) q.pushAck(0x40, id);
    await new Promise((r) => setTimeout(r, 0));
    const first = [...given[0]!];
    // The first write is still pending: 600 more acks fill the rest of its tail and new ones.
    for (let id = 11; id <= 610; id++) q.pushAck(0x40, id);
    expect([...given[0]!]).toEqual(first);
    for (let i = 0; i < 5 && given.length < 2; i++) await release();
    await release();
    const ids: number[] = [];
    const all = flat(given);
    for (let at = 0; at < all.length; at += 4) {
      expect(all.slice(at, at + 2)).toEqual([0x40, 2]);
      ids.push((all[at + 2]! << 8) | all[at + 3]!);
    }
    expect(ids).toEqual(Array.from({ length: 610 }, (_, i) => i + 1));
  });
});

describe("WriteQueue acks of several connections", () => {
  test("interleaved acks of two queues share a slab but each queue writes only its own, in order", async () => {
    const a = slowSocket();
    const b = slowSocket();
    const qa = new WriteQueue(a.socket, 1 << 20, () => {}, () => {});
    const qb = new WriteQueue(b.socket, 1 << 20, () => {}, () => {});
    // Alternate single acks (sensors with one message in flight), then runs; past 1,024 acks
    // the shared slab is replaced while both queues still hold views of the old one.
    for (let id = 1; id <= 1500; id++) {
      qa.pushAck(0x40, id);
      if (id % 3 === 0) qb.pushAck(0x50, id);
      if (id % 100 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    for (let i = 0; i < 20; i++) {
      await a.release();
      await b.release();
    }
    const ids = (given: Uint8Array[], first: number) => {
      const all = flat(given);
      const out: number[] = [];
      for (let at = 0; at < all.length; at += 4) {
        expect(all.slice(at, at + 2)).toEqual([first, 2]);
        out.push((all[at + 2]! << 8) | all[at + 3]!);
      }
      return out;
    };
    expect(ids(a.given, 0x40)).toEqual(Array.from({ length: 1500 }, (_, i) => i + 1));
    expect(ids(b.given, 0x50)).toEqual(Array.from({ length: 500 }, (_, i) => (i + 1) * 3));
  });
});

describe("copyPayload", () => {
  test("copies share nothing with the source and not each other's bytes", () => {
    const source = new Uint8Array(2000).map((_, i) => i & 0xff);
    const small = Array.from({ length: 100 }, (_, i) => copyPayload(source, i * 10, i * 10 + 100));
    const large = copyPayload(source, 0, SLAB_MAX_PAYLOAD + 1);
    const empty = copyPayload(source, 5, 5);
    source.fill(0);
    small.forEach((c, i) => expect([...c]).toEqual(Array.from({ length: 100 }, (_, j) => (i * 10 + j) & 0xff)));
    expect(large.length).toBe(SLAB_MAX_PAYLOAD + 1);
    expect(large[SLAB_MAX_PAYLOAD]).toBe(SLAB_MAX_PAYLOAD & 0xff);
    expect(large.buffer.byteLength).toBe(SLAB_MAX_PAYLOAD + 1); // its own buffer, not a slab's
    expect(empty.length).toBe(0);
    // A small copy is a view of a slab, never of anything larger.
    expect(small[0]!.buffer.byteLength).toBe(SLAB_BYTES);
  });
});
