/**
 * The shared connection limits without sockets: per-address token buckets (burst, refill,
 * exemptions, bounded memory), the gate's per-listener and global counts, and the reporter's
 * metric and rate-limited log line. Time is a number the test moves.
 */
import { describe, expect, test } from "bun:test";
import { AddressRateLimiter, ConnectionGate, LimitReporter, normalizeAddress } from "../../broker/limits/mod.ts";
import { createLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";

function setup(now: () => number) {
  const lines: string[] = [];
  const metrics = new MetricsRegistry();
  const logger = createLogger({ level: "info", format: "json", sink: (l) => lines.push(l), now });
  return { lines, metrics, reporter: new LimitReporter(metrics, logger, { now }) };
}

describe("AddressRateLimiter", () => {
  test("a burst is admitted, then one connection per refilled token", () => {
    let now = 0;
    const rate = new AddressRateLimiter({ perMinute: 60, burst: 3, now: () => now });
    expect([1, 2, 3, 4].map(() => rate.take("10.0.0.1"))).toEqual([true, true, true, false]);
    expect(rate.take("10.0.0.2")).toBe(true); // another address has its own bucket
    now += 999;
    expect(rate.take("10.0.0.1")).toBe(false);
    now += 1;
    expect(rate.take("10.0.0.1")).toBe(true); // 60 a minute: one token per second
    expect(rate.take("10.0.0.1")).toBe(false);
    now += 60_000;
    expect([1, 2, 3, 4].map(() => rate.take("10.0.0.1"))).toEqual([true, true, true, false]); // never above the burst
  });

  test("exempt addresses (also as IPv4-mapped IPv6) and a rate of 0 are never limited", () => {
    const rate = new AddressRateLimiter({ perMinute: 1, burst: 1, exempt: ["127.0.0.1"], now: () => 0 });
    for (let i = 0; i < 10; i++) expect(rate.take(i % 2 ? "127.0.0.1" : "::ffff:127.0.0.1")).toBe(true);
    expect(rate.tracked).toBe(0);
    const off = new AddressRateLimiter({ perMinute: 0, burst: 1, now: () => 0 });
    for (let i = 0; i < 10; i++) expect(off.take("10.0.0.1")).toBe(true);
    expect(normalizeAddress("::FFFF:10.1.2.3")).toBe("10.1.2.3");
    expect(normalizeAddress("::ffff")).toBe("::ffff");
  });

  test("memory stays bounded however many addresses connect", () => {
    let now = 0;
    const rate = new AddressRateLimiter({ perMinute: 60, burst: 2, now: () => now, maxTracked: 100 });
    for (let i = 0; i < 10_000; i++) {
      rate.take(`2001:db8::${i.toString(16)}`);
      now += 1;
    }
    expect(rate.tracked).toBeLessThanOrEqual(100);
    // A recently limited address is still limited when the table had room for it.
    const small = new AddressRateLimiter({ perMinute: 1, burst: 1, now: () => 0, maxTracked: 100 });
    small.take("10.0.0.9");
    for (let i = 0; i < 50; i++) small.take(`10.1.0.${i}`);
    expect(small.take("10.0.0.9")).toBe(false);
  });
});

describe("ConnectionGate", () => {
  test("per-listener and global limits; a released place is reusable once", () => {
    const { reporter, metrics } = setup(() => 0);
    const gate = new ConnectionGate({ maxConnections: 3, addressRate: { perMinute: 0, burst: 1 }, now: () => 0, reporter });
    const a = gate.admit("mqtt", "10.0.0.1", 2);
    const b = gate.admit("mqtt", "10.0.0.1", 2);
    expect(gate.admit("mqtt", "10.0.0.1", 2)).toEqual({ ok: false, refusal: "max-connections" });
    const k = gate.admit("kafka", "10.0.0.1", 5);
    expect(gate.admit("kafka", "10.0.0.1", 5)).toEqual({ ok: false, refusal: "max-connections-global" });
    expect([a.ok, b.ok, k.ok]).toEqual([true, true, true]);
    expect(gate.open).toBe(3);
    if (a.ok) {
      a.release();
      a.release(); // idempotent: the second call frees nothing
    }
    expect(gate.open).toBe(2);
    expect(gate.openOf("mqtt")).toBe(1);
    expect(gate.admit("kafka", "10.0.0.1", 5).ok).toBe(true);
    expect(gate.admit("kafka", "10.0.0.1", 5).ok).toBe(false);
    const count = (protocol: string, limit: string) => metrics.value("tributary_limit_rejections_total", { protocol, limit });
    expect([count("mqtt", "max-connections"), count("kafka", "max-connections-global")]).toEqual([1, 2]);
  });

  test("every attempt takes an address token, so a storm against a full listener is throttled too", () => {
    const { reporter } = setup(() => 0);
    const gate = new ConnectionGate({ maxConnections: 0, addressRate: { perMinute: 1, burst: 2 }, now: () => 0, reporter });
    expect(gate.admit("mqtt", "10.0.0.1", 1).ok).toBe(true);
    expect(gate.admit("mqtt", "10.0.0.1", 1)).toEqual({ ok: false, refusal: "max-connections" });
    expect(gate.admit("mqtt", "10.0.0.1", 1)).toEqual({ ok: false, refusal: "address-rate" });
  });
});

describe("LimitReporter", () => {
  test("counts every refusal; logs one warning per interval with the number refused since the last line", () => {
    let now = 0;
    const { reporter, lines, metrics } = setup(() => now);
    for (let i = 0; i < 5; i++) reporter.refused("mqtt", "max-connections", "mqtt.maxConnections", { remote: "10.0.0.1" });
    now += 10_000;
    reporter.refused("mqtt", "max-connections", "mqtt.maxConnections");
    reporter.refused("kafka", "max-connections", "kafka.maxConnections");
    reporter.backpressure("kafka", "max-inflight-requests");
    const logged = lines.map((l) => JSON.parse(l) as { level: string; msg: string; refused: number; protocol: string });
    expect(logged.map((l) => [l.level, l.msg, l.protocol, l.refused])).toEqual([
      ["warn", "limit reached: max-connections (mqtt.maxConnections)", "mqtt", 1],
      ["warn", "limit reached: max-connections (mqtt.maxConnections)", "mqtt", 5],
      ["warn", "limit reached: max-connections (kafka.maxConnections)", "kafka", 1],
    ]);
    expect(reporter.count("mqtt", "max-connections")).toBe(6);
    expect(metrics.value("tributary_limit_backpressure_total", { protocol: "kafka", limit: "max-inflight-requests" })).toBe(1);
    expect(metrics.render()).toContain('tributary_limit_rejections_total{protocol="mqtt",limit="max-connections"} 6');
  });
});
