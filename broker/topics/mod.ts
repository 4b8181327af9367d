/**
 * Topic metadata: names, configs and their persistence. The {@link LogManager} in
 * `broker/log/log_manager.ts` applies them to partitions.
 *
 * @module
 */
export * from "./topic_name.ts";
export * from "./topic_config.ts";
export * from "./topic_store.ts";
export * from "./topic_registry.ts";
export * from "./topic_limits.ts";
