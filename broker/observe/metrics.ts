/**
 * A small metrics registry: counters, gauges and histograms with labels, rendered in the
 * Prometheus text exposition format (version 0.0.4) by the admin API's `/metrics`.
 *
 * Components receive the registry and create their series once at start-up; the hot path only
 * adds numbers to objects it already holds.
 *
 * @module
 */

export type Labels = Record<string, string>;

export interface Counter {
  inc(amount?: number): void;
  readonly value: number;
}

export interface Gauge {
  set(value: number): void;
  inc(amount?: number): void;
  dec(amount?: number): void;
  readonly value: number;
}

export interface Histogram {
  observe(value: number): void;
  readonly count: number;
  readonly sum: number;
}

interface Family {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  buckets?: number[];
  series: Map<string, { labels: Labels; metric: SeriesState }>;
  /** Gauges may be computed at scrape time. */
  collect?: () => Array<{ labels: Labels; value: number }>;
}

interface SeriesState {
  value: number;
  count: number;
  sum: number;
  bucketCounts: number[];
}

/** Default latency buckets in seconds: 50 µs to 10 s. */
export const latencyBuckets = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
  2.5, 10,
];

/** Holds every metric family of one broker. */
export class MetricsRegistry {
  #families = new Map<string, Family>();

  counter(name: string, help: string, labels: Labels = {}): Counter {
    const s = this.#series(name, help, "counter", labels);
    return {
      inc(amount = 1) {
        s.value += amount;
      },
      get value() {
        return s.value;
      },
    };
  }

  gauge(name: string, help: string, labels: Labels = {}): Gauge {
    const s = this.#series(name, help, "gauge", labels);
    return {
      set(value) {
        s.value = value;
      },
      inc(amount = 1) {
        s.value += amount;
      },
      dec(amount = 1) {
        s.value -= amount;
      },
      get value() {
        return s.value;
      },
    };
  }

  /** A gauge family whose series are computed when scraped (queue depths, lag, disk use). */
  collectedGauge(
    name: string,
    help: string,
    collect: () => Array<{ labels: Labels; value: number }>,
  ): void {
    this.#family(name, help, "gauge").collect = collect;
  }

  histogram(name: string, help: string, buckets = latencyBuckets, labels: Labels = {}): Histogram {
    const family = this.#family(name, help, "histogram");
    family.buckets = buckets;
    const s = this.#series(name, help, "histogram", labels);
    if (s.bucketCounts.length === 0) s.bucketCounts = new Array(buckets.length).fill(0);
    return {
      observe(value) {
        s.count++;
        s.sum += value;
        for (let i = 0; i < buckets.length; i++) {
          if (value <= buckets[i]!) {
            s.bucketCounts[i]!++;
            break;
          }
        }
      },
      get count() {
        return s.count;
      },
      get sum() {
        return s.sum;
      },
    };
  }

  /** Current value of a counter or gauge series, for tests and JSON endpoints. */
  value(name: string, labels: Labels = {}): number | undefined {
    return this.#families.get(name)?.series.get(labelKey(labels))?.metric.value;
  }

  /** Prometheus text format. */
  render(): string {
    const lines: string[] = [];
    for (const f of this.#families.values()) {
      lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
      for (const { labels, value } of f.collect?.() ?? []) {
        lines.push(`${f.name}${renderLabels(labels)} ${formatNumber(value)}`);
      }
      for (const { labels, metric } of f.series.values()) {
        if (f.type !== "histogram") {
          lines.push(`${f.name}${renderLabels(labels)} ${formatNumber(metric.value)}`);
          continue;
        }
        let cumulative = 0;
        f.buckets!.forEach((le, i) => {
          cumulative += metric.bucketCounts[i]!;
          lines.push(`${f.name}_bucket${renderLabels({ ...labels, le: String(le) })} ${cumulative}`);
        });
        lines.push(`${f.name}_bucket${renderLabels({ ...labels, le: "+Inf" })} ${metric.count}`);
        lines.push(`${f.name}_sum${renderLabels(labels)} ${formatNumber(metric.sum)}`);
        lines.push(`${f.name}_count${renderLabels(labels)} ${metric.count}`);
      }
    }
    return lines.join("\n") + "\n";
  }

  #family(name: string, help: string, type: Family["type"]): Family {
    let family = this.#families.get(name);
    if (!family) {
      family = { name, help, type, series: new Map() };
      this.#families.set(name, family);
    } else if (family.type !== type) {
      throw new Error(`metric ${name} registered as ${family.type}, requested as ${type}`);
    }
    return family;
  }

  #series(name: string, help: string, type: Family["type"], labels: Labels): SeriesState {
    const family = this.#family(name, help, type);
    const key = labelKey(labels);
    let entry = family.series.get(key);
    if (!entry) {
      entry = { labels, metric: { value: 0, count: 0, sum: 0, bucketCounts: [] } };
      family.series.set(key, entry);
    }
    return entry.metric;
  }
}

function labelKey(labels: Labels): string {
  return Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(",");
}

function renderLabels(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return "";
  return "{" + keys.map((k) => `${k}="${escapeLabel(labels[k]!)}"`).join(",") + "}";
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function escapeHelp(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}
