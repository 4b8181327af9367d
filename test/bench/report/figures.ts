/**
 * Raw results → figures: every number the report prints, one value per round, grouped into
 * sections (tables) by row and column. Ratios are taken per round (a figure and its reference
 * measured in the same round), then summarized like any other figure.
 */
import type { Figure, Job, RawResults } from "./types.ts";

type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed JSON

export const SECTIONS = {
  mqtt: "MQTT ingest (raw-TCP load generator, 4 publishers, 100 B payloads; fleet: 100 publishers)",
  kafka: "Kafka produce and consume with kcat (1 partition, acks=all, durability group-commit)",
  disk: "The disk, measured outside the runtimes (dd)",
  log: "Log alone (in-process appends, 4 producers × 2 in flight) and the disk through each runtime",
  ingest: "MQTT QoS 1 ingest path without sockets (Ingest + log, group commit)",
  simulator: "Fleet simulator (1 process of simulated devices, QoS 1 CBOR readings)",
  bridge: "Bridge drain of a backlog to a central Tributary (through the fault proxy)",
  footprint: "Footprint",
  startup: "Start-up to the MQTT port accepting a TCP connection",
  binary: "Single binary",
  soak: "Crash soak (SIGKILL cycles, every acknowledged append verified)",
  load: "Machine load at the end of each bench (shared machine)",
} as const;

export class FigureSet {
  readonly figures = new Map<string, Figure>();

  add(f: Omit<Figure, "values" | "rounds">, round: number, value: unknown): void {
    if (typeof value !== "number" || !Number.isFinite(value)) return;
    let fig = this.figures.get(f.key);
    if (!fig) this.figures.set(f.key, fig = { ...f, values: [], rounds: [] });
    fig.values.push(value);
    fig.rounds.push(round);
  }

  get(key: string): Figure | undefined {
    return this.figures.get(key);
  }

  /** a ÷ b per round where both were measured. */
  ratio(f: Omit<Figure, "values" | "rounds">, a: string, b: string): void {
    const fa = this.figures.get(a);
    const fb = this.figures.get(b);
    if (!fa || !fb) return;
    fa.rounds.forEach((round, i) => {
      const j = fb.rounds.indexOf(round);
      if (j >= 0 && fb.values[j] !== 0) this.add(f, round, fa.values[i]! / fb.values[j]!);
    });
  }

  list(): Figure[] {
    return [...this.figures.values()];
  }
}

const okRuns = (job: Job | undefined) => (job?.runs ?? []).filter((r) => r.ok && r.result).map((r) => ({ round: r.round, res: r.result as R }));
const hostOf = (id: string) => id.split("/")[1] ?? "";
const jobs = (raw: RawResults, prefix: string) => raw.jobs.filter((j) => j.id === prefix || j.id.startsWith(prefix + "/"));
const kib = (n: number) => (n >= 1 << 20 ? `${n / (1 << 20)} MiB` : `${n / 1024} KiB`);

function mqtt(set: FigureSet, raw: RawResults): void {
  const section = SECTIONS.mqtt;
  for (const { round, res } of okRuns(jobs(raw, "mqtt")[0])) {
    for (const t of (res.targets ?? []) as R[]) {
      const column = String(t.name);
      const add = (id: string, row: string, unit: string, digits: number, v: unknown) => set.add({ key: `mqtt.${id}/${column}`, section, row, column, unit, digits }, round, v);
      add("qos0.rate", "QoS 0 ingest", "msg/s", 0, t.qos0?.rate);
      add("qos1.rate", "QoS 1 ingest (Tributary: PUBACK after fdatasync)", "msg/s", 0, t.qos1?.rate);
      add("fleet.rate", "fleet: 100 publishers × 1 QoS 1 message in flight", "msg/s", 0, t.fleet?.rate);
      add("fleet.cpu", "broker CPU per fleet message", "µs", 1, t.fleet?.brokerCpuUsPerMsg);
      add("fan.rate", "fan-in 4 → 1 QoS 1 subscriber, delivered", "msg/s", 0, t.fan?.rate);
      add("qos0.cpu", "broker CPU per QoS 0 message", "µs", 1, t.qos0?.brokerCpuUsPerMsg);
      add("qos1.cpu", "broker CPU per QoS 1 message", "µs", 1, t.qos1?.brokerCpuUsPerMsg);
      add("qos1.gencpu", "load generator CPU per QoS 1 message", "µs", 1, t.qos1 ? (t.qos1.genCpuMs * 1000) / t.qos1.msgs : NaN);
      add("latency.p50", "MQTT → Kafka consumer latency p50 at 10k msg/s", "ms", 1, t.latency?.p50);
      add("latency.p99", "MQTT → Kafka consumer latency p99 at 10k msg/s", "ms", 1, t.latency?.p99);
      add("fsync", "records per fsync (whole run)", "rec", 1, t.recordsPerFsync);
    }
  }
  for (const host of ["deno", "bun"]) {
    const col = `tributary/${host}`;
    for (const [ref, label] of [["mosquitto", "Mosquitto"], ["mosquitto+persist", "Mosquitto+persist"]] as const) {
      for (const q of ["qos0", "qos1", "fleet", "fan"] as const) {
        const name = q === "fan" ? "fan-in" : q === "fleet" ? "fleet" : q === "qos0" ? "QoS 0" : "QoS 1";
        set.ratio({ key: `mqtt.${q}.ratio.${ref}/${col}`, section, row: `${name} ÷ ${label} ${name}`, column: col, unit: "×", digits: 2 }, `mqtt.${q}.rate/${col}`, `mqtt.${q}.rate/${ref}`);
      }
    }
  }
}

function log(set: FigureSet, raw: RawResults): void {
  const section = SECTIONS.log;
  for (const job of jobs(raw, "log")) {
    const column = hostOf(job.id);
    for (const { round, res } of okRuns(job)) {
      for (const r of (res.rows ?? []) as R[]) {
        const add = (id: string, row: string, unit: string, digits: number, v: unknown) => set.add({ key: `log.${id}/${column}`, section, row, column, unit, digits }, round, v);
        if (r.kind === "raw") add(`raw.${r.sync ? "sync" : "nosync"}.${r.writeBytes}`, `disk: write${r.sync ? " + fdatasync" : " (no sync)"} of ${kib(r.writeBytes)}`, "MiB/s", 0, r.mbps);
        if (r.kind === "append") {
          const what = `append ${r.policy}, ${r.recordBytes} B records, ${kib(r.appendBytes)} appends`;
          add(`append.${r.policy}.${r.recordBytes}.${r.appendBytes}`, what, "MiB/s", 0, r.mbps);
          add(`append.${r.policy}.${r.recordBytes}.${r.appendBytes}.ratio`, `${what} ÷ disk`, "×", 2, r.ratioToRaw);
          if (r.policy === "group-commit") add(`append.${r.policy}.${r.recordBytes}.${r.appendBytes}.device`, `device bytes per payload byte: ${what}`, "B/B", 3, r.deviceBytesPerPayload);
        }
        if (r.kind === "small") add(`small.${r.producers}`, `small appends (100 B × 1, group-commit, ${r.producers} producers)`, "appends/s", 0, r.appendsPerSec);
        if (r.kind === "startup") add(`startup.${r.bytes}.${r.mode}`, `open + first append with ${(r.bytes / 1048576).toFixed(0)} MiB (${r.mode})`, "ms", 1, r.ms);
      }
    }
  }
}

function disk(set: FigureSet, raw: RawResults): void {
  for (const { round, res } of okRuns(jobs(raw, "disk")[0])) {
    for (const r of (res.rows ?? []) as R[]) {
      const row = r.sync ? `write + fdatasync of each ${kib(r.writeBytes)} (oflag=dsync)` : `writes of ${kib(r.writeBytes)}, one fdatasync at the end`;
      set.add({ key: `disk.${r.sync ? "sync" : "nosync"}.${r.writeBytes}/dd`, section: SECTIONS.disk, row, column: "dd", unit: "MiB/s", digits: 0 }, round, r.mibps);
    }
  }
}

/** The disk's write+fdatasync bandwidth at 1 MiB: dd's when it ran, else the host's own raw writes. */
export function diskReferenceKey(set: FigureSet, host: string): string {
  return set.get("disk.sync.1048576/dd") ? "disk.sync.1048576/dd" : `log.raw.sync.1048576/${host}`;
}

function kafka(set: FigureSet, raw: RawResults): void {
  const section = SECTIONS.kafka;
  for (const { round, res } of okRuns(jobs(raw, "kafka")[0])) {
    for (const r of (res.rows ?? []) as R[]) {
      const column = String(r.host);
      const w = `${r.recordBytes} B`;
      const add = (id: string, row: string, unit: string, digits: number, v: unknown) => set.add({ key: `kafka.${id}/${column}`, section, row, column, unit, digits }, round, v);
      add(`produce.${r.recordBytes}`, `kcat produce, ${w} records`, "MiB/s", 1, r.produce?.mbps);
      add(`produce.rps.${r.recordBytes}`, `kcat produce, ${w} records`, "rec/s", 0, r.produce?.rps);
      add(`produce.client.${r.recordBytes}`, `kcat's own CPU while producing ${w} records`, "cores", 2, r.produce?.clientCores);
      add(`produce.broker.${r.recordBytes}`, `broker CPU while kcat produces ${w} records`, "cores", 2, r.produce?.brokerCores);
      add(`consume.${r.recordBytes}`, `kcat consume, ${w} records`, "MiB/s", 1, r.consume?.mbps);
      add(`logalone.${r.recordBytes}`, `log alone (same batches, 5 in flight), ${w} records`, "MiB/s", 1, r.log?.mbps);
      add("tcp", "loopback TCP into a runtime sink (reference)", "MiB/s", 0, r.tcp);
    }
  }
  for (const host of ["deno", "bun"]) {
    for (const size of [100, 10240]) {
      const w = `${size} B`;
      set.ratio({ key: `kafka.produce.disk.${size}/${host}`, section, row: `kcat produce ${w} ÷ disk write+fdatasync (1 MiB)`, column: host, unit: "×", digits: 2 }, `kafka.produce.${size}/${host}`, diskReferenceKey(set, host));
      set.ratio({ key: `kafka.produce.tcp.${size}/${host}`, section, row: `kcat produce ${w} ÷ loopback TCP`, column: host, unit: "×", digits: 3 }, `kafka.produce.${size}/${host}`, `kafka.tcp/${host}`);
      set.ratio({ key: `kafka.consume.tcp.${size}/${host}`, section, row: `kcat consume ${w} ÷ loopback TCP`, column: host, unit: "×", digits: 3 }, `kafka.consume.${size}/${host}`, `kafka.tcp/${host}`);
      set.ratio({ key: `kafka.produce.log.${size}/${host}`, section, row: `kcat produce ${w} ÷ log alone`, column: host, unit: "×", digits: 2 }, `kafka.produce.${size}/${host}`, `kafka.logalone.${size}/${host}`);
    }
  }
}

function ingest(set: FigureSet, raw: RawResults): void {
  const section = SECTIONS.ingest;
  for (const job of jobs(raw, "ingest")) {
    const column = hostOf(job.id);
    for (const { round, res } of okRuns(job)) {
      const add = (id: string, row: string, unit: string, digits: number, v: unknown) => set.add({ key: `ingest.${id}/${column}`, section, row, column, unit, digits }, round, v);
      add("rate", "records/s (4 topics × window 100)", "rec/s", 0, res.rate);
      add("cpu", "CPU per record", "µs", 2, res.cpuUsPerRecord);
      add("fsync", "records per fsync", "rec", 1, res.recordsPerFsync);
      add("device.value", "device bytes per MQTT payload byte", "B/B", 3, res.deviceBytesPerValueByte);
      add("device.batch", "device bytes per record-batch byte", "B/B", 3, res.deviceBytesPerBatchByte);
    }
  }
}

function simulator(set: FigureSet, raw: RawResults): void {
  const section = SECTIONS.simulator;
  for (const job of jobs(raw, "simulator")) {
    const column = hostOf(job.id);
    for (const { round, res } of okRuns(job)) {
      const add = (id: string, row: string, unit: string, digits: number, v: unknown) => set.add({ key: `sim.${id}/${column}`, section, row, column, unit, digits }, round, v);
      add("target", "offered (devices × rate)", "msg/s", 0, res.targetPerSecond);
      add("achieved", "acknowledged", "msg/s", 0, res.simulator?.achievedPerSecond);
      add("cpu", "broker CPU, steady mean", "% of a core", 1, res.brokerCpuPercentOfOneCore?.meanSteady);
      add("rss", "broker RSS peak", "MiB", 1, res.brokerRssMiB?.peak);
    }
  }
}

function bridge(set: FigureSet, raw: RawResults): void {
  const section = SECTIONS.bridge;
  for (const job of jobs(raw, "bridge")) {
    const column = `edge ${hostOf(job.id)}`;
    for (const { round, res } of okRuns(job)) {
      const add = (id: string, row: string, unit: string, digits: number, v: unknown) => set.add({ key: `bridge.${id}/${column}`, section, row, column, unit, digits }, round, v);
      add("drain", "drain, JSON readings, zstd (payload)", "MB/s", 1, res.drain?.payloadMBps);
      add("drain.rps", "drain, JSON readings, zstd", "rec/s", 0, res.drain?.recordsPerSec);
      add("proxy", "fault proxy throughput (reference)", "MB/s", 0, res.proxyMBps);
      add("wire.ratio", "drain wire bytes/s ÷ proxy throughput", "×", 3, res.drain && res.proxyMBps ? res.drain.wireMBps / res.proxyMBps : NaN);
      for (const c of (res.codecs ?? []) as R[]) add(`codec.${c.codec}.${c.kind}`, `wire bytes per payload byte, ${c.codec}, ${String(c.kind).toUpperCase()}`, "B/B", 3, c.wirePerPayload);
    }
  }
}

function footprint(set: FigureSet, raw: RawResults): void {
  for (const { round, res } of okRuns(jobs(raw, "footprint")[0])) {
    for (const h of (res.hosts ?? []) as R[]) {
      const column = h.host === "binary" ? "bun binary (x64)" : String(h.host);
      const add = (section: string, id: string, row: string, unit: string, digits: number, v: unknown) => set.add({ key: `fp.${id}/${h.host}`, section, row, column, unit, digits }, round, v);
      const F = SECTIONS.footprint;
      add(F, "floor", "bare runtime floor (setInterval script)", "MiB RSS", 1, h.runtimeFloorRssMiB);
      add(F, "idle", "idle, empty data dir", "MiB RSS", 1, h.idleRssMiB);
      add(F, "idle.own", "idle minus the runtime floor", "MiB RSS", 1, h.runtimeFloorRssMiB !== undefined ? h.idleRssMiB - h.runtimeFloorRssMiB : NaN);
      for (const c of (h.connections ?? []) as R[]) {
        add(F, `conns.${c.target}`, `${Number(c.target).toLocaleString("en-US")} idle MQTT connections`, "MiB RSS", 1, c.rssMiB);
        add(F, `conns.${c.target}.held`, `${Number(c.target).toLocaleString("en-US")} idle MQTT connections: accepted`, "conns", 0, c.held);
        add(F, `conns.${c.target}.per`, `${Number(c.target).toLocaleString("en-US")} idle MQTT connections: per connection over idle`, "KiB", 1, c.held > 0 ? ((c.rssMiB - h.idleRssMiB) * 1024) / c.held : NaN);
      }
      if (h.ingest) {
        const r = Number(h.ingest.targetRate).toLocaleString("en-US");
        add(F, "ingest.rss", `during ${r} msg/s QoS 1 ingest (peak)`, "MiB RSS", 1, h.ingest.rssPeakMiB);
        add(F, "ingest.achieved", `${r} msg/s QoS 1 ingest: achieved`, "msg/s", 0, h.ingest.achievedRate);
        add(F, "ingest.cpu", `${r} msg/s QoS 1 ingest: broker CPU`, "% of a core", 1, h.ingest.cpuPercentOfOneCore);
      }
      const S = SECTIONS.startup;
      add(S, "startup.floor", "bare runtime listening (reference)", "ms", 0, h.runtimeFloorStartupMs);
      add(S, "startup.empty", "empty log", "ms", 0, h.startupEmptyMs);
      if (h.startupBig) {
        add(S, "startup.big.clean", `${h.startupBig.gb} GB of log, clean shutdown before`, "ms", 0, h.startupBig.cleanMs);
        add(S, "startup.big.unclean", `${h.startupBig.gb} GB of log, after an unclean stop`, "ms", 0, h.startupBig.uncleanMs);
      }
    }
    for (const [arch, size] of Object.entries((res.binarySizes ?? {}) as Record<string, number>)) {
      set.add({ key: `binary.size/${arch}`, section: SECTIONS.binary, row: "size", column: `linux-${arch}`, unit: "MiB", digits: 1 }, round, size / 1048576);
    }
  }
}

/** The machine's load when each job's runs ended: context for every figure on a shared machine. */
function load(set: FigureSet, raw: RawResults): void {
  for (const job of raw.jobs) {
    for (const run of job.runs) set.add({ key: `load/${job.id}`, section: SECTIONS.load, row: job.id, column: "1-min load average (2 cores)", unit: "", digits: 1 }, run.round, run.loadAvg);
  }
}

function soak(set: FigureSet, raw: RawResults): void {
  for (const job of jobs(raw, "crash_soak")) {
    const column = hostOf(job.id);
    for (const run of job.runs) {
      const res = (run.result ?? {}) as R;
      set.add({ key: `soak.pass/${column}`, section: SECTIONS.soak, row: "passed (1 = yes)", column, unit: "", digits: 0 }, run.round, run.ok && res.ok === true ? 1 : 0);
      if (run.ok) set.add({ key: `soak.cycles/${column}`, section: SECTIONS.soak, row: "cycles per second", column, unit: "cycles/s", digits: 2 }, run.round, res.cycles / res.seconds);
    }
  }
}

/** Every figure of the raw results. */
export function extractFigures(raw: RawResults): FigureSet {
  const set = new FigureSet();
  mqtt(set, raw);
  disk(set, raw);
  log(set, raw);
  kafka(set, raw);
  ingest(set, raw);
  simulator(set, raw);
  bridge(set, raw);
  footprint(set, raw);
  soak(set, raw);
  load(set, raw);
  return set;
}
