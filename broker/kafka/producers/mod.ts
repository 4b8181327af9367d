/**
 * Idempotent producers (KIP-98): producer id allocation and per-partition sequence state with
 * de-duplication, rebuilt from snapshot + log replay after a restart.
 *
 * @module
 */
export { DEFAULT_BLOCK_SIZE, ProducerIdAllocator, type ProducerIdAllocatorOptions, ProducerIdStateError } from "./id_allocator.ts";
export { ProducerStateManager, type ProducerStateOptions } from "./manager.ts";
export { CACHED_BATCHES, lastSequence, PartitionProducerState, type ProducerBatchHeader, type SequenceCheck } from "./state.ts";
