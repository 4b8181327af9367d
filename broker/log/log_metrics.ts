/**
 * The log's metric series, created once per broker and shared by every partition so the hot
 * path only adds to objects it already holds.
 *
 * @module
 */

import type { Counter, Gauge, Histogram, MetricsRegistry } from "../observe/metrics.ts";
import type { StorageErrorKind } from "./errors.ts";
import type { ProcessIo } from "../runtime/types.ts";

/** Counters of one retention reason. */
export interface RetentionCounters {
  segments: Counter;
  records: Counter;
  bytes: Counter;
}

/** Why retention deleted a segment (the `reason` label). */
export type RetentionReason = "age" | "bytes" | "disk_budget" | "delete_records";

/** Every series the log updates. */
export interface LogMetrics {
  appendedRecords: Counter;
  appendedBytes: Counter;
  /** Bytes handed to write(2) by the log: data plus indexes. */
  writtenBytes: Counter;
  fsyncs: Counter;
  fsyncSeconds: Histogram;
  /** Appends per group commit: how well fsyncs are shared. */
  groupSize: Histogram;
  storageFailures: Counter;
  /** Failed appends by cause (`tributary_log_storage_errors_total{kind}`). */
  storageErrors: (kind: StorageErrorKind) => Counter;
  /** Partitions whose last write failed and that have not written successfully since. */
  partitionsInError: Gauge;
  recoveryTruncatedBytes: Counter;
  indexRebuilds: Counter;
  retention: (reason: RetentionReason) => RetentionCounters;
  /** Records not yet mirrored upstream that the disk budget forced out. */
  unmirroredDroppedRecords: Counter;
  compactedRecords: Counter;
}

const GROUP_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/** Register the log's series on `registry`. */
export function createLogMetrics(registry: MetricsRegistry): LogMetrics {
  const cache = new Map<string, RetentionCounters>();
  const storageErrors = new Map<StorageErrorKind, Counter>();
  const metrics: LogMetrics = {
    appendedRecords: registry.counter("tributary_log_appended_records_total", "Records appended to the log"),
    appendedBytes: registry.counter("tributary_log_appended_bytes_total", "RecordBatch bytes appended to the log"),
    writtenBytes: registry.counter("tributary_log_written_bytes_total", "Bytes the log passed to write(2), data and indexes"),
    fsyncs: registry.counter("tributary_log_fsyncs_total", "fdatasync calls made by the log"),
    fsyncSeconds: registry.histogram("tributary_log_fsync_seconds", "fdatasync latency"),
    groupSize: registry.histogram("tributary_log_group_commit_appends", "Appends sharing one commit", GROUP_BUCKETS),
    storageFailures: registry.counter("tributary_log_storage_failures_total", "Failed writes or fsyncs (the partition fences and truncates)"),
    storageErrors: (kind) => {
      let c = storageErrors.get(kind);
      if (!c) {
        c = registry.counter("tributary_log_storage_errors_total", "Appends failed by the storage device, by cause", { kind });
        storageErrors.set(kind, c);
      }
      return c;
    },
    partitionsInError: registry.gauge(
      "tributary_log_partitions_storage_error",
      "Partitions whose last write failed (disk full, I/O error) and that have not written successfully since",
    ),
    recoveryTruncatedBytes: registry.counter("tributary_log_recovery_truncated_bytes_total", "Torn or corrupt bytes cut at recovery"),
    indexRebuilds: registry.counter("tributary_log_index_rebuilds_total", "Segment indexes rebuilt from the data"),
    retention: (reason) => {
      let c = cache.get(reason);
      if (!c) {
        const labels = { reason };
        c = {
          segments: registry.counter("tributary_log_retention_deleted_segments_total", "Segments deleted by retention", labels),
          records: registry.counter("tributary_log_retention_deleted_records_total", "Records deleted by retention", labels),
          bytes: registry.counter("tributary_log_retention_deleted_bytes_total", "Bytes deleted by retention", labels),
        };
        cache.set(reason, c);
      }
      return c;
    },
    unmirroredDroppedRecords: registry.counter(
      "tributary_log_retention_unmirrored_dropped_records_total",
      "Records below a retention floor (not yet mirrored) deleted by the disk budget",
    ),
    compactedRecords: registry.counter("tributary_log_compaction_removed_records_total", "Records removed by compaction"),
  };
  // Every kind is exported from the start (at 0), so an alert can tell "none yet" from "absent".
  for (const kind of ["no_space", "read_only", "fsync", "write", "fenced"] as const) metrics.storageErrors(kind);
  return metrics;
}

/**
 * Gauges of bytes this process sent to the storage device (`/proc/self/io` write_bytes) since
 * now, and their ratio to appended payload bytes — SD card wear; we aim to keep it near 1.
 * Returns the function that samples them.
 */
export function deviceWriteSampler(
  registry: MetricsRegistry,
  processIo: () => Promise<ProcessIo | null>,
  payload: Counter,
): () => Promise<void> {
  const device = registry.gauge("tributary_log_device_write_bytes", "Bytes this process sent to the storage device since the log opened");
  const ratio = registry.gauge("tributary_log_device_bytes_per_payload_byte", "Device bytes written per appended payload byte (SD wear)");
  const first = processIo();
  return async () => {
    const [start, io] = [await first, await processIo()];
    if (!start || !io) return;
    device.set(io.writeBytes - start.writeBytes);
    if (payload.value > 0) ratio.set((io.writeBytes - start.writeBytes) / payload.value);
  };
}
