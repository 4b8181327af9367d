/**
 * Hand-written SVG: horizontal grouped bar charts with the min–max spread as a whisker and an
 * optional reference line (a target). No dependency; the output is plain text for the repo.
 */
import type { Stats } from "./types.ts";

export interface Bar {
  series: string;
  stats: Stats;
}

export interface ChartSpec {
  title: string;
  unit: string;
  rows: Array<{ label: string; bars: Bar[] }>;
  /** A vertical line, e.g. the target. */
  line?: { value: number; label: string };
  /** Fixed colours per series (others take the palette in order). */
  colors?: Record<string, string>;
}

/** A round axis step (1, 2 or 5 × 10^k) giving about four ticks up to `max`. */
export function niceStep(max: number): number {
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw;
}

const COLORS = ["#3b6ea5", "#e07b39", "#5a9e5a", "#9a6fb0", "#b5534b", "#7f7f7f"];
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Short, readable number for a bar's end. */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString("en-US");
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

export function barChart(spec: ChartSpec): string {
  const series = [...new Set(spec.rows.flatMap((r) => r.bars.map((b) => b.series)))];
  const width = 820;
  const left = 270;
  const right = 90;
  const barH = 14;
  const gap = 10;
  const top = 66;
  const legendH = 22;
  const plotW = width - left - right;
  const values = spec.rows.flatMap((r) => r.bars.flatMap((b) => [b.stats.max, b.stats.median])).filter(Number.isFinite);
  const max = Math.max(1e-9, ...values, spec.line?.value ?? 0) * 1.05;
  const color = (s: string) => spec.colors?.[s] ?? COLORS[series.indexOf(s) % COLORS.length]!;
  const x = (v: number) => left + (Math.max(0, v) / max) * plotW;
  const out: string[] = [];
  let y = top;
  for (const row of spec.rows) {
    const h = Math.max(1, row.bars.length) * barH;
    out.push(`<text x="${left - 8}" y="${y + h / 2 + 4}" text-anchor="end" font-size="12">${esc(row.label)}</text>`);
    row.bars.forEach((b, i) => {
      const by = y + i * barH;
      const s = b.stats;
      if (!Number.isFinite(s.median)) {
        out.push(`<text x="${left + 4}" y="${by + barH - 3}" font-size="11" fill="#666">${esc(b.series)}: not measured</text>`);
        return;
      }
      out.push(`<rect x="${left}" y="${by + 1}" width="${(x(s.median) - left).toFixed(1)}" height="${barH - 2}" fill="${color(b.series)}"><title>${esc(`${b.series}: ${formatValue(s.median)} ${spec.unit} (min ${formatValue(s.min)}, max ${formatValue(s.max)}, n=${s.n})`)}</title></rect>`);
      if (s.n > 1) {
        const cy = by + barH / 2;
        out.push(`<path d="M${x(s.min).toFixed(1)} ${cy}H${x(s.max).toFixed(1)}M${x(s.min).toFixed(1)} ${cy - 4}V${cy + 4}M${x(s.max).toFixed(1)} ${cy - 4}V${cy + 4}" stroke="#222" stroke-width="1"/>`);
      }
      out.push(`<text x="${(Math.max(x(s.median), x(s.max)) + 4).toFixed(1)}" y="${by + barH - 3}" font-size="11">${formatValue(s.median)}</text>`);
    });
    y += h + gap;
  }
  const plotBottom = y;
  const axis = [`<line x1="${left}" y1="${top - 4}" x2="${left}" y2="${plotBottom}" stroke="#444"/>`];
  const step = niceStep(max / 1.05);
  for (let v = 0; v <= max; v += step) {
    axis.push(`<line x1="${x(v).toFixed(1)}" y1="${plotBottom}" x2="${x(v).toFixed(1)}" y2="${plotBottom + 4}" stroke="#444"/>`);
    axis.push(`<text x="${x(v).toFixed(1)}" y="${plotBottom + 16}" font-size="10" text-anchor="middle">${formatValue(v)}</text>`);
  }
  if (spec.line) {
    const lx = x(spec.line.value).toFixed(1);
    axis.push(`<line x1="${lx}" y1="${top - 6}" x2="${lx}" y2="${plotBottom}" stroke="#c00" stroke-dasharray="4 3"/>`);
    axis.push(`<text x="${lx}" y="${top - 12}" font-size="11" fill="#c00" text-anchor="middle">${esc(spec.line.label)}</text>`);
  }
  const legendY = plotBottom + 30;
  const legendX = (i: number) => 20 + i * 190;
  const legend = series.map((s, i) => `<rect x="${legendX(i)}" y="${legendY}" width="12" height="12" fill="${color(s)}"/><text x="${legendX(i) + 16}" y="${legendY + 10}" font-size="11">${esc(s)}</text>`);
  const height = legendY + legendH;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${width / 2}" y="20" font-size="15" text-anchor="middle" font-weight="bold">${esc(spec.title)}</text>`,
    `<text x="${width / 2}" y="36" font-size="11" text-anchor="middle" fill="#555">${esc(`${spec.unit} — bar: median, whisker: min–max`)}</text>`,
    ...out,
    ...axis,
    ...legend,
    `</svg>`,
    "",
  ].join("\n");
}
