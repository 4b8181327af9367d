import { describe, expect, test } from "bun:test";
import {
  DEFAULT_MAX_FRAME_BYTES,
  encodeFrame,
  FrameDecoder,
  FrameSizeError,
  FrameTruncatedError,
} from "../../broker/kafka/framing.ts";

const bytes = (...values: number[]) => new Uint8Array(values);

describe("FrameDecoder", () => {
  test("returns whole frames from one chunk as zero-copy subarrays", () => {
    const chunk = new Uint8Array([...encodeFrame([bytes(1, 2, 3)]), ...encodeFrame([bytes(9)])]);
    const frames = new FrameDecoder().push(chunk);
    expect(frames.map((f) => [...f])).toEqual([[1, 2, 3], [9]]);
    expect(frames[0]?.buffer).toBe(chunk.buffer);
    expect(frames[0]?.byteOffset).toBe(4);
  });

  test("reassembles a frame split at every possible byte boundary", () => {
    const wire = new Uint8Array([...encodeFrame([bytes(5, 6, 7, 8, 9)]), ...encodeFrame([bytes(1)])]);
    for (let cut = 0; cut <= wire.length; cut++) {
      const decoder = new FrameDecoder();
      const frames = [...decoder.push(wire.subarray(0, cut)), ...decoder.push(wire.subarray(cut))];
      expect(frames.map((f) => [...f])).toEqual([[5, 6, 7, 8, 9], [1]]);
      expect(decoder.bufferedBytes).toBe(0);
    }
  });

  test("reassembles a stream delivered one byte at a time", () => {
    const wire = new Uint8Array([...encodeFrame([bytes(1, 2)]), ...encodeFrame([]), ...encodeFrame([bytes(3)])]);
    const decoder = new FrameDecoder();
    const frames: Uint8Array[] = [];
    for (const b of wire) frames.push(...decoder.push(bytes(b)));
    expect(frames.map((f) => [...f])).toEqual([[1, 2], [], [3]]);
  });

  test("a negative length throws FrameSizeError", () => {
    expect(() => new FrameDecoder().push(bytes(0xff, 0xff, 0xff, 0xfe, 0))).toThrow(FrameSizeError);
  });

  test("a length over the limit throws before buffering anything", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 10 });
    let error: unknown;
    try {
      decoder.push(bytes(0, 0, 0, 11));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FrameSizeError);
    expect((error as FrameSizeError).size).toBe(11);
    expect((error as FrameSizeError).name).toBe("FrameSizeError");
  });

  test("a huge length split across chunks is rejected from the prefix alone", () => {
    const decoder = new FrameDecoder();
    expect(decoder.maxFrameBytes).toBe(DEFAULT_MAX_FRAME_BYTES);
    expect(decoder.push(bytes(0x7f, 0xff))).toEqual([]);
    expect(() => decoder.push(bytes(0xff, 0xff))).toThrow(FrameSizeError);
  });

  test("a frame exactly at the limit is accepted", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 3 });
    expect(decoder.push(encodeFrame([bytes(1, 2, 3)])).length).toBe(1);
  });

  test("finish reports a truncated frame", () => {
    const decoder = new FrameDecoder();
    decoder.push(bytes(0, 0, 0, 5, 1, 2));
    expect(decoder.bufferedBytes).toBe(6);
    expect(() => decoder.finish()).toThrow(FrameTruncatedError);
    const clean = new FrameDecoder();
    clean.push(encodeFrame([bytes(1)]));
    expect(() => clean.finish()).not.toThrow();
  });

  test("a truncated size prefix counts as truncated", () => {
    const decoder = new FrameDecoder();
    decoder.push(bytes(0, 0));
    expect(() => decoder.finish()).toThrow(FrameTruncatedError);
  });
});

test("encodeFrame writes a big-endian int32 size", () => {
  expect([...encodeFrame([bytes(1), bytes(2, 3)])]).toEqual([0, 0, 0, 3, 1, 2, 3]);
});

test("a hostile size prefix costs memory only for the bytes actually sent", () => {
  const decoder = new FrameDecoder({ maxFrameBytes: 100 * 1024 * 1024 });
  const prefix = new Uint8Array([0x06, 0x00, 0x00, 0x00]); // declares 96 MiB
  expect(decoder.push(prefix)).toHaveLength(0);
  expect(decoder.push(new Uint8Array(1000))).toHaveLength(0);
  expect(decoder.bufferedBytes).toBe(1004);
  expect(decoder.assemblyCapacity).toBeLessThanOrEqual(64 * 1024);
  // Feeding the rest in uneven chunks still yields the exact frame.
  const total = 0x06000000;
  let sent = 1000;
  let frames: Uint8Array[] = [];
  const chunk = new Uint8Array(3_000_001).fill(7);
  while (sent < total) {
    const n = Math.min(chunk.length, total - sent);
    frames = decoder.push(chunk.subarray(0, n));
    sent += n;
  }
  expect(frames).toHaveLength(1);
  expect(frames[0]!.length).toBe(total);
  expect(frames[0]![total - 1]).toBe(7);
  expect(frames[0]![0]).toBe(0);
});

test("frames split into mixed small and large pieces come out byte for byte", () => {
  // Pieces below the staging size are copied, larger ones kept by reference and joined once.
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % n;
  };
  const bodies = [0, 1, 100, 16 * 1024 - 1, 16 * 1024, 40_000, 200_000].map((n) => new Uint8Array(n).map(() => random(256)));
  const wire = new Uint8Array(bodies.reduce((sum, b) => sum + 4 + b.length, 0));
  let at = 0;
  for (const b of bodies) {
    wire.set(encodeFrame([b]), at);
    at += 4 + b.length;
  }
  for (const maxChunk of [3, 5000, 20_000, 70_000]) {
    const decoder = new FrameDecoder();
    const frames: Uint8Array[] = [];
    for (let pos = 0; pos < wire.length;) {
      // Alternate tiny and large chunks so staging buffers are left partly filled.
      const n = Math.min(wire.length - pos, random(2) === 0 ? 1 + random(3) : 1 + random(maxChunk));
      frames.push(...decoder.push(wire.slice(pos, pos + n)));
      pos += n;
    }
    expect(frames.map((f) => f.length)).toEqual(bodies.map((b) => b.length));
    frames.forEach((f, i) => expect(f).toEqual(bodies[i]!));
    expect(decoder.bufferedBytes).toBe(0);
    expect(decoder.assemblyCapacity).toBe(0);
  }
});

test("a frame whose body arrives in one later chunk is that chunk, not a copy", () => {
  const body = new Uint8Array(20_000).fill(3);
  const decoder = new FrameDecoder();
  expect(decoder.push(encodeFrame([body]).subarray(0, 4))).toEqual([]);
  const chunk = body.slice();
  const [frame] = decoder.push(chunk);
  expect(frame!.buffer).toBe(chunk.buffer);
  expect(frame!.length).toBe(20_000);
});
