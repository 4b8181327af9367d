/**
 * Observability: structured logging and the metrics registry.
 * @module
 */
export * from "./logger.ts";
export * from "./metrics.ts";
