/**
 * How a limit makes itself known: every refusal is counted in
 * `tributary_limit_rejections_total{protocol,limit}`, every pause of a client at a limit in
 * `tributary_limit_backpressure_total{protocol,limit}`, and refusals are logged loudly (warn)
 * but at most once per interval per limit, with the number of refusals since the last line —
 * a connection storm must not turn into a log storm on an SD card.
 *
 * @module
 */
import type { Logger } from "../observe/logger.ts";
import type { Counter, MetricsRegistry } from "../observe/metrics.ts";

/** Where a limit applies: a listener, or `any` for limits shared by every protocol (topics). */
export type LimitProtocol = "mqtt" | "kafka" | "any";

/** Default minimum time between two log lines about the same limit. */
export const LIMIT_LOG_INTERVAL_MS = 10_000;

interface Series {
  counter: Counter;
  lastLogAt: number;
  unlogged: number;
}

/**
 * Counts and logs limit refusals.
 *
 * @example
 * ```ts
 * const limits = new LimitReporter(metrics, logger);
 * limits.refused("mqtt", "max-connections", "mqtt.maxConnections", { remote: "10.0.0.7" });
 * ```
 */
export class LimitReporter {
  #metrics: MetricsRegistry;
  #logger: Logger;
  #now: () => number;
  #intervalMs: number;
  #refused = new Map<string, Series>();
  #paused = new Map<string, Counter>();

  constructor(metrics: MetricsRegistry, logger: Logger, options: { now?: () => number; logIntervalMs?: number } = {}) {
    this.#metrics = metrics;
    this.#logger = logger;
    this.#now = options.now ?? Date.now;
    this.#intervalMs = options.logIntervalMs ?? LIMIT_LOG_INTERVAL_MS;
  }

  /**
   * A client was refused (connection closed, request or packet rejected) because of `limit`,
   * configured by `key`. Logs a warning unless one about the same limit went out recently.
   */
  refused(protocol: LimitProtocol, limit: string, key: string, fields: Record<string, unknown> = {}): void {
    const id = `${protocol}\u0000${limit}`;
    let series = this.#refused.get(id);
    if (!series) {
      const counter = this.#metrics.counter(
        "tributary_limit_rejections_total",
        "Connections, packets and requests refused because a configured limit was reached",
        { protocol, limit },
      );
      series = { counter, lastLogAt: -Infinity, unlogged: 0 };
      this.#refused.set(id, series);
    }
    series.counter.inc();
    series.unlogged++;
    const now = this.#now();
    if (now - series.lastLogAt < this.#intervalMs) return;
    this.#logger.warn(`limit reached: ${limit} (${key})`, { protocol, limit, key, refused: series.unlogged, ...fields });
    series.lastLogAt = now;
    series.unlogged = 0;
  }

  /** A client was paused (not read from) because of `limit`; counted, not logged. */
  backpressure(protocol: LimitProtocol, limit: string): void {
    const id = `${protocol}\u0000${limit}`;
    let counter = this.#paused.get(id);
    if (!counter) {
      counter = this.#metrics.counter(
        "tributary_limit_backpressure_total",
        "Times reading from a client paused because it reached a configured limit",
        { protocol, limit },
      );
      this.#paused.set(id, counter);
    }
    counter.inc();
  }

  /** Refusals counted so far for one limit (tests, admin). */
  count(protocol: LimitProtocol, limit: string): number {
    return this.#refused.get(`${protocol}\u0000${limit}`)?.counter.value ?? 0;
  }
}
