/**
 * Durable bridge positions: the upstream checkpoint (offsets + idempotent producer state +
 * pending batches, one atomic document) and the downstream positions, behind one
 * {@link CheckpointStore} interface with a file and an in-memory implementation.
 *
 * @module
 */
export * from "./types.ts";
export { bridgeCheckpointCodec, type CheckpointCodec, downstreamCheckpointCodec } from "./codec.ts";
export { FileCheckpointStore } from "./file_store.ts";
export { MemoryCheckpointStore } from "./memory_store.ts";
