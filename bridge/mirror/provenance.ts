/**
 * Provenance headers on mirrored records: which gateway, local topic, partition and offset a
 * record came from, as UTF-8 text (readable in kcat and the Kafka console tools). The record's
 * own key, value, headers and timestamp are kept; the provenance headers are appended, so a
 * record mirrored twice carries both hops and the last one (Kafka's `lastHeader`) is the
 * latest. Downstream mirroring uses the same headers to resume without duplicates.
 *
 * @module
 */
import type { RecordInput } from "../../broker/log/record_codec.ts";
import type { LogRecord, RecordHeader } from "../../broker/log/types.ts";

/** Header names. */
export const PROVENANCE = {
  gateway: "tributary.gateway",
  topic: "tributary.source.topic",
  partition: "tributary.source.partition",
  offset: "tributary.source.offset",
} as const;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The fixed part of the headers for one source partition, encoded once. */
export interface ProvenanceSource {
  gateway: Uint8Array;
  topic: Uint8Array;
  partition: Uint8Array;
}

/** Encode the per-partition header values once per lane. */
export function provenanceSource(gatewayId: string, topic: string, partition: number): ProvenanceSource {
  return { gateway: encoder.encode(gatewayId), topic: encoder.encode(topic), partition: encoder.encode(String(partition)) };
}

/**
 * The record to send upstream: original key, value, timestamp and headers plus provenance.
 *
 * @example
 * ```ts
 * const input = withProvenance(record, provenanceSource("gw-1", "sensors", 0));
 * ```
 */
export function withProvenance(record: LogRecord, source: ProvenanceSource): RecordInput {
  const headers: RecordHeader[] = [
    ...record.headers,
    { key: PROVENANCE.gateway, value: source.gateway },
    { key: PROVENANCE.topic, value: source.topic },
    { key: PROVENANCE.partition, value: source.partition },
    { key: PROVENANCE.offset, value: encoder.encode(String(record.offset)) },
  ];
  return { timestamp: record.timestamp, key: record.key, value: record.value, headers };
}

/** The last value of header `key` as text, or undefined. */
export function lastHeader(headers: readonly RecordHeader[], key: string): string | undefined {
  for (let i = headers.length - 1; i >= 0; i--) {
    const h = headers[i]!;
    if (h.key === key) return h.value === null ? undefined : decoder.decode(h.value);
  }
  return undefined;
}

/** Approximate encoded size of a record input (for batch sizing before encoding). */
export function recordSize(r: RecordInput): number {
  let n = 24 + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  for (const h of r.headers ?? []) n += 4 + h.key.length + (h.value?.length ?? 0);
  return n;
}
