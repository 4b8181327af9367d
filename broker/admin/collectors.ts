/**
 * Metrics gathered at the edges, without touching the owners' folders: bytes and connections
 * per protocol (a counting wrapper around `Runtime.listen`), and gauges refreshed on a timer —
 * per-partition high watermarks (the dashboard's per-topic rates), disk use against the budget,
 * consumer-group lag.
 *
 * @module
 */
import type { LogManager } from "../log/types.ts";
import type { MetricsRegistry } from "../observe/metrics.ts";
import type { FileSystem, Runtime, TcpConnection } from "../runtime/types.ts";

/** A runtime whose `listen` counts connections and bytes under `protocol`. */
export function countingRuntime(runtime: Runtime, protocol: string, metrics: MetricsRegistry): Runtime {
  const received = metrics.counter("tributary_net_received_bytes_total", "Bytes read from client connections, by protocol", { protocol });
  const sent = metrics.counter("tributary_net_sent_bytes_total", "Bytes written to client connections, by protocol", { protocol });
  const accepted = metrics.counter("tributary_net_connections_accepted_total", "Client connections accepted, by protocol", { protocol });
  return {
    ...runtime,
    listen: (options, onConnection) =>
      runtime.listen(options, (conn) => {
        accepted.inc();
        onConnection(countingConnection(conn, (n) => received.inc(n), (n) => sent.inc(n)));
      }),
  };
}

function countingConnection(conn: TcpConnection, onRead: (n: number) => void, onWrite: (n: number) => void): TcpConnection {
  return {
    get remoteAddress() {
      return conn.remoteAddress;
    },
    get remotePort() {
      return conn.remotePort;
    },
    get localPort() {
      return conn.localPort;
    },
    get bufferedAmount() {
      return conn.bufferedAmount;
    },
    get peerCertificate() {
      return conn.peerCertificate;
    },
    async read() {
      const chunk = await conn.read();
      if (chunk) onRead(chunk.length);
      return chunk;
    },
    write(bytes) {
      onWrite(bytes.length);
      return conn.write(bytes);
    },
    close: () => conn.close(),
  };
}

/** One consumer group's lag rows, as `broker/kafka/groups/lag.ts` computes them. */
export interface GroupLagRow {
  topic: string;
  partition: number;
  committedOffset: number;
  highWatermark: number;
  lag: number;
}

/** Where group information comes from (the Kafka listener, when enabled). */
export interface GroupSource {
  list(): Array<{ groupId: string; state: string; protocolType: string }>;
  describe(groupId: string): { groupId: string; state: string; members: Array<{ memberId: string; clientId: string; clientHost: string }> };
  lag(groupId: string): Promise<GroupLagRow[]>;
}

export interface EdgeGaugeOptions {
  log: LogManager;
  fs: FileSystem;
  dataDir: string;
  diskBudgetBytes: number;
  metrics: MetricsRegistry;
  groups?: GroupSource | undefined;
  /** Refresh period (ms). */
  intervalMs: number;
  setInterval: (fn: () => void, ms: number) => () => void;
}

/** Snapshot the gauges read; refreshed by {@link startEdgeGauges}. */
export interface EdgeSnapshot {
  partitions: Array<{ topic: string; partition: number; highWatermark: number; logStartOffset: number }>;
  diskUsedBytes: number;
  lag: Array<{ group: string } & GroupLagRow>;
}

/** Register the collected gauges and refresh them every `intervalMs`; returns stop + refresh. */
export function startEdgeGauges(o: EdgeGaugeOptions): { stop: () => void; refresh: () => Promise<void>; snapshot: () => EdgeSnapshot } {
  let snap: EdgeSnapshot = { partitions: [], diskUsedBytes: 0, lag: [] };
  o.metrics.collectedGauge("tributary_topic_high_watermark", "High watermark per partition (rate of change = records per second)", () =>
    snap.partitions.map((p) => ({ labels: { topic: p.topic, partition: String(p.partition) }, value: p.highWatermark })));
  o.metrics.collectedGauge("tributary_disk_used_bytes", "Bytes used by the data directory", () => [{ labels: {}, value: snap.diskUsedBytes }]);
  o.metrics.collectedGauge("tributary_disk_budget_bytes", "log.diskBudgetBytes (0 = no budget)", () => [{ labels: {}, value: o.diskBudgetBytes }]);
  o.metrics.collectedGauge("tributary_group_lag", "Records not yet consumed, per group and partition", () =>
    snap.lag.map((r) => ({ labels: { group: r.group, topic: r.topic, partition: String(r.partition) }, value: r.lag })));
  let running: Promise<void> | undefined;
  const refresh = () => {
    running ??= collect(o).then((s) => void (snap = s)).catch(() => {}).finally(() => (running = undefined));
    return running;
  };
  const stop = o.setInterval(() => void refresh(), o.intervalMs);
  void refresh();
  return { stop, refresh, snapshot: () => snap };
}

async function collect(o: EdgeGaugeOptions): Promise<EdgeSnapshot> {
  const partitions: EdgeSnapshot["partitions"] = [];
  for (const t of o.log.listTopics()) {
    for (let p = 0; p < t.partitions; p++) {
      const log = await o.log.partition(t.name, p);
      if (log) partitions.push({ topic: t.name, partition: p, highWatermark: log.highWatermark, logStartOffset: log.logStartOffset });
    }
  }
  const lag: EdgeSnapshot["lag"] = [];
  for (const g of o.groups?.list() ?? []) {
    for (const row of await o.groups!.lag(g.groupId)) lag.push({ group: g.groupId, ...row });
  }
  return { partitions, diskUsedBytes: await du(o.fs, o.dataDir), lag };
}

/** Sum of file sizes under `dir`. */
export async function du(fs: FileSystem, dir: string): Promise<number> {
  let total = 0;
  for (const e of (await fs.readDir(dir)) ?? []) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) total += await du(fs, path);
    else if (e.isFile) total += (await fs.stat(path))?.size ?? 0;
  }
  return total;
}
