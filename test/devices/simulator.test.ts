/** Virtual sensors: plausible drifting values, JSON and CBOR payloads. */
import { describe, expect, test } from "bun:test";
import { decode } from "cbor-x";
import { encodeReading, VirtualSensor } from "../../devices/mod.ts";

describe("virtual sensor", () => {
  test("values drift within plausible bounds over a simulated day", () => {
    const s = new VirtualSensor("sim-1", 7);
    let previous = s.next(0);
    for (let i = 1; i < 86_400; i++) {
      const r = s.next(i * 1000);
      expect(r.temperature).toBeGreaterThan(10);
      expect(r.temperature).toBeLessThan(35);
      expect(Math.abs(r.temperature - previous.temperature)).toBeLessThan(1);
      expect(r.humidity).toBeGreaterThanOrEqual(0);
      expect(r.humidity).toBeLessThanOrEqual(100);
      expect(r.battery).toBeLessThanOrEqual(previous.battery);
      expect(r.seq).toBe(i);
      previous = r;
    }
    expect(previous.battery).toBeGreaterThan(0);
  });

  test("the same seed gives the same readings", () => {
    const a = new VirtualSensor("x", 3);
    const b = new VirtualSensor("x", 3);
    expect(a.next(1)).toEqual(b.next(1));
  });

  test("readings round-trip through JSON and CBOR", () => {
    const r = new VirtualSensor("sim-2", 1).next(1234);
    expect(JSON.parse(new TextDecoder().decode(encodeReading(r, "json")))).toEqual(r);
    expect(decode(encodeReading(r, "cbor"))).toEqual(r);
  });
});
