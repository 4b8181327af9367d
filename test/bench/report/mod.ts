/**
 * @module The benchmark report: raw results (bench/results.json) → BENCHMARKS.md, SVG charts
 * and the judged targets. Pure functions, so a test can run it on a fixture.
 *
 * ```ts
 * const report = buildReport(JSON.parse(readFileSync("bench/results.json", "utf8")));
 * writeFileSync("BENCHMARKS.md", report.markdown);
 * ```
 */
import { extractFigures, type FigureSet } from "./figures.ts";
import { renderMarkdown } from "./markdown.ts";
import { barChart, type ChartSpec } from "./svg.ts";
import { evaluateTargets, IDLE_RSS_LIMIT_MIB } from "./targets.ts";
import { type Figure, type RawResults, stats, type TargetResult } from "./types.ts";

export type { RawResults, TargetResult };
export { status } from "./markdown.ts";
export { marginText } from "./targets.ts";

export interface Report {
  markdown: string;
  /** File name (under the charts folder) → SVG text. */
  charts: Record<string, string>;
  figures: Figure[];
  targets: TargetResult[];
}

function rowsOf(set: FigureSet, rows: Array<[label: string, key: string]>, columns: Array<[series: string, suffix: string]>): ChartSpec["rows"] {
  return rows
    .map(([label, key]) => ({
      label,
      bars: columns.filter(([, c]) => set.get(`${key}/${c}`)).map(([series, c]) => ({ series, stats: stats(set.get(`${key}/${c}`)!.values) })),
    }))
    .filter((r) => r.bars.length > 0);
}

function charts(set: FigureSet, targets: TargetResult[]): Record<string, string> {
  const hosts: Array<[string, string]> = [["Deno", "deno"], ["Bun", "bun"], ["Bun binary", "binary"]];
  const out: Record<string, string> = {};
  out["targets.svg"] = barChart({
    title: "Targets: measured ÷ target (≥ 1 = met)",
    unit: "ratio to the target (limits inverted: limit ÷ measured)",
    rows: targets.map((t) => {
      const scale = (x: number) => (t.better === "higher" ? x / t.threshold : t.threshold / x);
      const ends = [scale(t.spread.min), scale(t.spread.max)];
      return { label: `${t.id} (${t.host})`, bars: [{ series: t.met ? "met" : "missed", stats: { median: t.margin, min: Math.min(...ends), max: Math.max(...ends), n: t.spread.n } }] };
    }),
    line: { value: 1, label: "target" },
    colors: { met: "#3c8d3c", missed: "#c0504d" },
  });
  out["mqtt.svg"] = barChart({
    title: "MQTT ingest, 4 publishers, 100 B",
    unit: "msg/s",
    rows: rowsOf(set, [["QoS 0 ingest", "mqtt.qos0.rate"], ["QoS 1 ingest", "mqtt.qos1.rate"], ["fan-in 4 → 1", "mqtt.fan.rate"]], [["Tributary on Deno", "tributary/deno"], ["Tributary on Bun", "tributary/bun"], ["Mosquitto", "mosquitto"], ["Mosquitto+persist", "mosquitto+persist"]]),
  });
  out["kafka.svg"] = barChart({
    title: "Kafka produce with kcat against the disk and the log alone",
    unit: "MiB/s",
    rows: rowsOf(set, [
      ["disk, 1 MiB + fdatasync (runtime)", "log.raw.sync.1048576"],
      ["log alone, 10 KiB records", "kafka.logalone.10240"],
      ["kcat produce, 10 KiB records", "kafka.produce.10240"],
      ["kcat consume, 10 KiB records", "kafka.consume.10240"],
      ["kcat produce, 100 B records", "kafka.produce.100"],
    ], hosts.slice(0, 2)).concat(rowsOf(set, [["disk, 1 MiB + fdatasync (dd)", "disk.sync.1048576"]], [["dd", "dd"]])),
  });
  out["footprint.svg"] = barChart({
    title: "Resident memory (VmRSS)",
    unit: "MiB",
    rows: rowsOf(set, [["bare runtime", "fp.floor"], ["idle, empty data dir", "fp.idle"], ["1,000 idle connections", "fp.conns.1000"], ["10,000 idle connections", "fp.conns.10000"], ["during QoS 1 ingest", "fp.ingest.rss"]], hosts),
    line: { value: IDLE_RSS_LIMIT_MIB, label: "40 MB idle target" },
  });
  out["startup.svg"] = barChart({
    title: "Start-up to accepting MQTT connections",
    unit: "ms",
    rows: rowsOf(set, [["bare runtime listening", "fp.startup.floor"], ["empty log", "fp.startup.empty"], ["2 GB log (clean)", "fp.startup.big.clean"], ["2 GB log (unclean)", "fp.startup.big.unclean"]], hosts),
    line: { value: 200, label: "200 ms target" },
  });
  return out;
}

/** The whole report from raw results; `chartDir` and `jsonPath` are relative to BENCHMARKS.md. */
export function buildReport(raw: RawResults, chartDir = "bench", jsonPath = "bench/results.json"): Report {
  const set = extractFigures(raw);
  const targets = evaluateTargets(set);
  const svgs = charts(set, targets);
  const markdown = renderMarkdown(raw, set.list(), targets, Object.keys(svgs).map((f) => `${chartDir}/${f}`), jsonPath);
  return { markdown, charts: svgs, figures: set.list(), targets };
}
