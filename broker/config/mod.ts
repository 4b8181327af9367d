/**
 * Broker configuration: the typed object, its key table and `parseConfig()`.
 * @module
 */
export * from "./types.ts";
export * from "./schema.ts";
export * from "./parse.ts";
export * from "./file.ts";
