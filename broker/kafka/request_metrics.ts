/**
 * Per-API request metrics of the Kafka listener: counts, latency (from the frame's arrival to
 * the response being ready, which for long polls and group joins includes the wait) and
 * requests that ended their connection. Series are created on first use per API name.
 *
 * @module
 */
import { type Counter, type Histogram, latencyBuckets, type MetricsRegistry } from "../observe/metrics.ts";

interface ApiSeries {
  requests: Counter;
  latency: Histogram;
}

/** Request counters and latency histograms, by API. */
export class RequestMetrics {
  readonly #series = new Map<string, ApiSeries>();
  readonly #closed: Counter;

  constructor(
    private readonly registry: MetricsRegistry,
    /** Monotonic milliseconds. */
    readonly monotonic: () => number,
  ) {
    this.#closed = registry.counter("tributary_kafka_connections_closed_on_error_total", "Kafka connections closed for a malformed, oversize or unsupported request");
  }

  #of(api: string): ApiSeries {
    let series = this.#series.get(api);
    if (!series) {
      series = {
        requests: this.registry.counter("tributary_kafka_requests_total", "Kafka requests by API", { api }),
        latency: this.registry.histogram("tributary_kafka_request_seconds", "Kafka request latency by API (includes long-poll and rebalance waits)", latencyBuckets, { api }),
      };
      this.#series.set(api, series);
    }
    return series;
  }

  /** Count a request; returns a function to call when its response is ready. */
  start(api: string): () => void {
    const series = this.#of(api);
    series.requests.inc();
    const began = this.monotonic();
    return () => series.latency.observe((this.monotonic() - began) / 1000);
  }

  /** A connection was closed because of what the client sent. */
  closedOnError(): void {
    this.#closed.inc();
  }
}
