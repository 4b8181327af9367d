/**
 * The benchmark report generator on a fixed results file (test/bench/fixtures/results.json: the
 * shape run.ts writes, 3 rounds, one failed run): every figure reaches BENCHMARKS.md with its
 * median and spread, every target has its met/missed line judged against the threshold, every
 * miss has its why/what, and the SVG charts carry the medians. No bench runs here; nothing timed.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { extractFigures } from "./report/figures.ts";
import { cell } from "./report/markdown.ts";
import { buildReport } from "./report/mod.ts";
import { formatValue } from "./report/svg.ts";
import { IDLE_RSS_LIMIT_MIB } from "./report/targets.ts";
import type { RawResults } from "./report/types.ts";

const raw = JSON.parse(readFileSync(join(import.meta.dir, "fixtures/results.json"), "utf8")) as RawResults;
const report = buildReport(raw);
const md = report.markdown;
const mdLines = md.split("\n");
// deno-lint-ignore no-explicit-any
const runsOf = (id: string) => raw.jobs.find((j) => j.id === id)!.runs.filter((r) => r.ok).map((r) => r.result as any);
const median3 = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;

describe("benchmark report from a fixed results file", () => {
  test("every figure appears in its section's table with its median (min–max)", () => {
    const figures = extractFigures(raw).list();
    expect(figures.length).toBeGreaterThan(100);
    for (const f of figures) {
      const heading = mdLines.indexOf(`### ${f.section}`);
      expect(heading).toBeGreaterThan(-1);
      const table = mdLines.slice(heading + 1, mdLines.indexOf("", heading + 2));
      const columns = table[1]!.split("|").slice(2, -1).map((c) => c.trim());
      const row = table.find((l) => l.startsWith(`| ${f.row}${f.unit ? ` (${f.unit})` : ""} |`));
      expect(row, `${f.key}: row "${f.row}"`).toBeDefined();
      const cells = row!.split("|").slice(2, -1).map((c) => c.trim());
      expect(cells[columns.indexOf(f.column)], f.key).toBe(cell(f.values, f.digits));
    }
  });

  test("medians and spreads are computed from the rounds, and a failed run is left out and listed", () => {
    const rates = runsOf("mqtt").map((r) => r.targets.find((t: { name: string }) => t.name === "tributary/bun").qos1.rate as number);
    expect(rates).toHaveLength(3);
    const f = (x: number) => Math.round(x).toLocaleString("en-US");
    const row = mdLines.find((l) => l.startsWith("| QoS 1 ingest (Tributary: PUBACK after fdatasync) (msg/s) |"))!;
    expect(row).toContain(`${f(median3(rates))} (${f(Math.min(...rates))}–${f(Math.max(...rates))})`);

    const drains = runsOf("bridge/deno").map((r) => r.drain.payloadMBps as number);
    expect(drains).toHaveLength(2); // round 2 failed in the fixture
    const drainRow = mdLines.find((l) => l.startsWith("| drain, JSON readings, zstd (payload) (MB/s) |"))!;
    expect(drainRow.split("|")[2]!.trim()).toBe(`${((drains[0]! + drains[1]!) / 2).toFixed(1)} (${Math.min(...drains).toFixed(1)}–${Math.max(...drains).toFixed(1)})`);
    expect(md).toContain("## Runs that failed (left out of the medians)");
    expect(md).toContain("- bridge/deno, run 2: exit 1: fixture: a failed run is left out of the medians");
    expect(md).toContain("- footprint (deno), run 3: Error: fixture: a host that failed inside a run");
  });

  test("ratios pair a figure with its reference from the same round", () => {
    const mqtt = runsOf("mqtt");
    const ratios = mqtt.map((r) => {
      const t = (name: string) => r.targets.find((x: { name: string }) => x.name === name);
      return t("tributary/deno").qos1.rate / t("mosquitto").qos1.rate;
    });
    const target = report.targets.find((t) => t.id === "mqtt-qos1" && t.host === "deno")!;
    expect(target.value).toBeCloseTo(median3(ratios), 9);
    expect(target.spread.min).toBeCloseTo(Math.min(...ratios), 9);

    // Kafka produce against the disk as dd measured it (outside the runtimes), round by round.
    const disk = runsOf("disk").map((r) => r.rows.find((x: { writeBytes: number; sync: boolean }) => x.writeBytes === 1048576 && x.sync).mibps as number);
    const produce = runsOf("kafka").map((r) => r.rows.find((x: { host: string; recordBytes: number }) => x.host === "bun" && x.recordBytes === 10240).produce.mbps as number);
    const kafka = report.targets.find((t) => t.id === "kafka-produce-10240" && t.host === "bun")!;
    expect(kafka.value).toBeCloseTo(median3(produce.map((p, i) => p / disk[i]!)), 9);
  });

  test("every target has a met/missed line judged against its threshold, per host", () => {
    const expected = [
      ["MQTT QoS 1 ingest with durable acks ≥ 2× Mosquitto QoS 1", ["deno", "bun"]],
      ["MQTT QoS 0 ingest ≥ 1× Mosquitto QoS 0", ["deno", "bun"]],
      ["Kafka produce with kcat ≥ 80% of the disk's fdatasync bandwidth (10 KiB records)", ["deno", "bun"]],
      ["idle RSS ≤ 40 MB", ["deno", "bun", "binary"]],
      ["start-up ≤ 200 ms with 2 GB of log", ["deno", "bun", "binary"]],
      ["device bytes written per payload byte ≤ 1.2 (MQTT QoS 1 ingest: 100 B payloads, group commit)", ["deno", "bun"]],
    ] as const;
    for (const [target, hosts] of expected) {
      for (const host of hosts) {
        const line = mdLines.find((l) => l.startsWith(`| ${target} | ${host} |`));
        expect(line, `${target} / ${host}`).toBeDefined();
        expect(line).toMatch(/\*\*(MET|MISSED)\*\*/);
      }
    }
    // Judged from the fixture's own numbers, not from the report's.
    const fp = runsOf("footprint");
    const idleBun = median3(fp.map((r) => r.hosts.find((h: { host: string }) => h.host === "bun").idleRssMiB));
    const idleLine = mdLines.find((l) => l.startsWith("| idle RSS ≤ 40 MB | bun |"))!;
    expect(idleLine).toContain(idleBun <= IDLE_RSS_LIMIT_MIB ? "**MET**" : "**MISSED**");
    expect(idleLine).toContain(`${idleBun.toFixed(1)} MiB`);
    const startBinary = median3(fp.map((r) => r.hosts.find((h: { host: string }) => h.host === "binary").startupBig.cleanMs));
    const startLine = mdLines.find((l) => l.startsWith("| start-up ≤ 200 ms with 2 GB of log | binary |"))!;
    expect(startLine).toContain(startBinary <= 200 ? "**MET**" : "**MISSED**");
    const device = median3(runsOf("ingest/deno").map((r) => r.deviceBytesPerValueByte));
    const deviceLine = mdLines.find((l) => l.startsWith("| device bytes written per payload byte ≤ 1.2 (MQTT QoS 1 ingest: 100 B payloads, group commit) | deno |"))!;
    expect(deviceLine).toContain(device <= 1.2 ? "**MET**" : "**MISSED**");
    expect(deviceLine).toContain(`${device.toFixed(2)} B/B`);
  });

  test("each missed target has its generated why/what, with the measured numbers in it", () => {
    const missed = report.targets.filter((t) => t.met === false);
    expect(missed.length).toBeGreaterThan(0);
    for (const t of missed) {
      const heading = mdLines.findIndex((l) => l.startsWith(`**${t.target} — ${t.host}: MISSED`));
      expect(heading, `${t.id} ${t.host}`).toBeGreaterThan(-1);
      expect(mdLines[heading + 2]).toStartWith("- ");
      expect(t.why.length).toBeGreaterThan(1);
    }
    const idle = report.targets.find((t) => t.id === "idle-rss" && t.host === "deno")!;
    const floor = median3(runsOf("footprint").map((r) => r.hosts.find((h: { host: string }) => h.host === "deno").runtimeFloorRssMiB));
    expect(idle.met).toBe(false); // 69.8 MiB in the fixture
    expect(idle.why.join(" ")).toContain(`alone (a setInterval script) is ${floor.toFixed(1)} MiB`);
  });

  test("a Kafka produce miss names the client when kcat and the broker saturate the cores, mostly kcat", () => {
    const withCpu = (clientCores: number, brokerCores: number) => {
      const copy = structuredClone(raw);
      for (const run of copy.jobs.find((j) => j.id === "kafka")!.runs) {
        // deno-lint-ignore no-explicit-any
        for (const row of ((run.result as any)?.rows ?? []) as Array<{ produce: Record<string, number> }>) Object.assign(row.produce, { clientCores, brokerCores });
      }
      return buildReport(copy).targets.find((t) => t.id === "kafka-produce-100" && t.host === "deno")!;
    };
    const bound = withCpu(1.2, 0.6);
    expect(bound.met).toBe(false);
    expect(bound.why.join(" ")).toContain("kcat itself used 1.20 cores and the broker 0.60");
    expect(bound.why.join(" ")).toContain("the producer bounds this figure");
    expect(bound.why.join(" ")).not.toContain("The larger loss");
    const brokerSide = withCpu(0.4, 0.9);
    expect(brokerSide.why.join(" ")).not.toContain("the producer bounds this figure");
    expect(brokerSide.why.join(" ")).toContain("The larger loss");
  });

  test("the report names the shared machine, the rounds and the smoke test results", () => {
    expect(md).toContain("a shared 2-core virtual machine");
    expect(md).toContain("median of 3 runs");
    for (const t of raw.smoke.tests) expect(md).toContain(`| ${t.name} | ${t.arch} | ${t.status.toUpperCase()} |`);
    for (const chart of Object.keys(report.charts)) expect(md).toContain(`](bench/${chart})`);
  });

  test("the SVG charts are well-formed and carry each bar's median", () => {
    expect(Object.keys(report.charts).sort()).toEqual(["footprint.svg", "kafka.svg", "mqtt.svg", "startup.svg", "targets.svg"]);
    for (const svg of Object.values(report.charts)) {
      expect(svg).toStartWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
      expect(svg.trim()).toEndWith("</svg>");
      expect(svg.match(/<text/g)!.length).toBe(svg.match(/<\/text>/g)!.length);
    }
    const figures = extractFigures(raw);
    const qos0 = figures.get("mqtt.qos0.rate/mosquitto")!;
    expect(report.charts["mqtt.svg"]).toContain(`>${formatValue(median3(qos0.values))}</text>`);
    const idle = figures.get("fp.idle/deno")!;
    expect(report.charts["footprint.svg"]).toContain(`>${formatValue(median3(idle.values))}</text>`);
    expect(report.charts["footprint.svg"]).toContain("40 MB idle target");
    expect(report.charts["startup.svg"]).toContain("200 ms target");
    expect(report.charts["targets.svg"]!.match(/<rect x="270"[^>]*><title>/g)!.length).toBe(report.targets.length);
  });
});
