/**
 * The targets of issue 7, judged from the figures: met or missed, by how much, and — where
 * missed — why and what would close it, in sentences built from the measured numbers (CPU per
 * message, the runtime's own floor, the log alone against the disk, …). Fixed prose stays short.
 */
import { diskReferenceKey, type FigureSet } from "./figures.ts";
import { stats, type Stats, type TargetResult } from "./types.ts";

/** 40 MB (SI) expressed in MiB, the unit RSS is reported in. */
export const IDLE_RSS_LIMIT_MIB = 40e6 / 1048576;

const n0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "n/a");
const n1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "n/a");
const n2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "n/a");

function judge(o: { id: string; target: string; host: string; s: Stats; threshold: number; unit: string; better: "higher" | "lower" }, why: (v: number) => string[]): TargetResult {
  const v = o.s.median;
  const met = Number.isFinite(v) ? (o.better === "higher" ? v >= o.threshold : v <= o.threshold) : null;
  const margin = o.better === "higher" ? v / o.threshold : o.threshold / v;
  return { id: o.id, target: o.target, host: o.host, value: v, threshold: o.threshold, unit: o.unit, better: o.better, met, margin, why: met === false ? why(v) : met === null ? ["not measured in this run (the bench failed or was skipped)"] : [], spread: o.s };
}

/** "12% above the target" / "35% short of the target". */
export function marginText(t: TargetResult): string {
  if (t.met === null) return "not measured";
  const pct = Math.abs(t.margin - 1) * 100;
  if (t.better === "higher") return t.met ? `${pct.toFixed(0)}% above the target` : `${pct.toFixed(0)}% short of the target`;
  return t.met ? `${pct.toFixed(0)}% under the limit` : `${((1 / t.margin - 1) * 100).toFixed(0)}% over the limit`;
}

function mqttTarget(set: FigureSet, host: string, qos: "qos0" | "qos1", factor: number): TargetResult {
  const col = `tributary/${host}`;
  const m = (key: string) => stats(set.get(key)?.values ?? []).median;
  const label = qos === "qos0" ? "QoS 0" : "QoS 1";
  return judge({
    id: `mqtt-${qos}`,
    target: qos === "qos1" ? "MQTT QoS 1 ingest with durable acks ≥ 2× Mosquitto QoS 1" : "MQTT QoS 0 ingest ≥ 1× Mosquitto QoS 0",
    host,
    s: stats(set.get(`mqtt.${qos}.ratio.mosquitto/${col}`)?.values ?? []),
    threshold: factor,
    unit: "×",
    better: "higher",
  }, () => {
    const rate = m(`mqtt.${qos}.rate/${col}`);
    const mosq = m(`mqtt.${qos}.rate/mosquitto`);
    const need = mosq * factor;
    const cpu = m(`mqtt.${qos}.cpu/${col}`);
    const mcpu = m(`mqtt.${qos}.cpu/mosquitto`);
    const gen = m(`mqtt.${qos}.gencpu/${col}`);
    const busy = (rate * cpu) / 1e6;
    const budget = 1e6 / need;
    const loadAvg = m("load/mqtt");
    const cpuText = cpu > budget
      ? `per-message CPU has to fall ${n2(cpu / budget)}×${busy >= 0.8 ? " (the broker is CPU-bound on its one JavaScript thread)" : ""}.`
      : "per-message CPU is already within that budget.";
    const lines = [
      `${n0(rate)} msg/s against Mosquitto's ${n0(mosq)} msg/s ${label}; the target needs ${n0(need)} msg/s.`,
      `The broker used ${n1(cpu)} µs of CPU per ${label} message (Mosquitto ${n1(mcpu)} µs), ${n0(busy * 100)}% of one core during the phase. ` +
        `At ${n0(need)} msg/s one core allows ${n1(budget)} µs per message: ${cpuText}`,
    ];
    if (busy < 0.8) {
      lines.push(`The broker was busy only ${n0(busy * 100)}% of the phase, so it spent ${n0((1 - busy) * 100)}% of it waiting${qos === "qos1" ? " (for fsyncs and PUBACK round trips, among others)" : ""} rather than computing${Number.isFinite(loadAvg) ? `; the machine's 1-minute load average was ${n1(loadAvg)} on 2 cores, so part of the waiting is for a CPU` : ""}.`);
    }
    if (qos === "qos1") {
      const ingestRate = m(`ingest.rate/${host}`);
      const ingestCpu = m(`ingest.cpu/${host}`);
      const perFsync = m(`mqtt.fsync/${col}`);
      if (Number.isFinite(perFsync)) {
        const fsyncEvery = 1000 / (rate / perFsync);
        lines.push(`${n1(perFsync)} records per fsync while up to 400 are in flight (4 publishers × window 100): about ${n0(rate / perFsync)} fsyncs/s, one every ${n1(fsyncEvery)} ms. QoS 1 throughput is records per fsync × fsyncs per second, so more of the in-flight publishes per fdatasync raises it directly.`);
      }
      if (Number.isFinite(ingestRate)) {
        lines.push(`Without sockets the same append path (Ingest + log + group commit) takes ${n0(ingestRate)} rec/s at ${n2(ingestCpu)} µs/rec: about ${n0(Math.max(0, 1 - ingestCpu / cpu) * 100)}% of the broker's CPU per message is the network and MQTT layers (socket reads, PUBLISH decoding, PUBACK writes).`);
      }
    }
    if (Number.isFinite(gen)) {
      const cores = ((cpu + gen) * rate) / 1e6;
      lines.push(`The load generator needed ${n1(gen)} µs per message on the same machine; broker + generator used ${n2(cores)} of its 2 cores${cores > 1.6 ? ", so the shared CPU caps this figure too (a generator on its own machine would show the broker's ceiling)" : ""}.`);
    }
    lines.push(cpu > budget
      ? `Closing it: cut the broker's CPU per message to ≤ ${n1(budget)} µs on the socket → decode → append${qos === "qos1" ? " → PUBACK" : ""} path (batch work per socket read rather than per packet), and keep it busy instead of waiting.`
      : `Closing it: find and remove what the broker waits for${qos === "qos1" ? " (more records per fsync is one part)" : ""}; a load generator on its own machine would separate that from the shared CPU.`);
    return lines;
  });
}

function kafkaTarget(set: FigureSet, host: string, size: number): TargetResult {
  const m = (key: string) => stats(set.get(key)?.values ?? []).median;
  return judge({
    id: `kafka-produce-${size}`,
    target: `Kafka produce with kcat ≥ 80% of the disk's fdatasync bandwidth (${size === 100 ? "100 B" : "10 KiB"} records)`,
    host,
    s: stats(set.get(`kafka.produce.disk.${size}/${host}`)?.values ?? []),
    threshold: 0.8,
    unit: "×",
    better: "higher",
  }, () => {
    const produce = m(`kafka.produce.${size}/${host}`);
    const disk = m(diskReferenceKey(set, host));
    const alone = m(`kafka.logalone.${size}/${host}`);
    const tcp = m(`kafka.tcp/${host}`);
    const lines = [`kcat produced ${n1(produce)} MiB/s; the disk takes ${n1(disk)} MiB/s of 1 MiB write+fdatasync, so the target is ${n1(disk * 0.8)} MiB/s.`];
    const client = m(`kafka.produce.client.${size}/${host}`);
    const broker = m(`kafka.produce.broker.${size}/${host}`);
    // Two saturated cores, most of them kcat's: the client, not the broker, bounds the figure.
    const clientBound = client + broker >= 1.6 && client > broker;
    if (Number.isFinite(alone)) {
      lines.push(`The log alone (the same batches appended in-process, 5 in flight) reaches ${n1(alone)} MiB/s = ${n2(alone / disk)}× the disk${alone < disk * 0.8 ? ", itself short of the target" : ""}; kcat produce is ${n2(produce / alone)}× the log alone and ${n2(produce / tcp)}× loopback TCP (${n0(tcp)} MiB/s).`);
      const kafkaLoss = produce / alone < alone / disk;
      if (!clientBound) lines.push(kafkaLoss
        ? "The larger loss is between the socket and the append (reading, framing and validating Produce requests): closing it means less CPU per byte there and reading the next request while the log writes."
        : "The larger loss is in the log's write + fsync path: closing it means fewer, larger writes per fsync.");
    }
    if (Number.isFinite(client) && Number.isFinite(broker)) {
      lines.push(`While producing, kcat itself used ${n2(client)} cores and the broker ${n2(broker)} of the machine's 2${clientBound ? ": the cores are saturated and the client takes most of them, so on this machine the producer bounds this figure (a producer on its own machine would show the broker's ceiling)" : ""}.`);
    }
    if (size === 100) lines.push(`With 100 B records that is ${n0(m(`kafka.produce.rps.100/${host}`))} records/s: the cost is per record (in kcat as in the broker), so MiB/s is bounded by records/s long before the disk's bandwidth.`);
    return lines;
  });
}

function idleTarget(set: FigureSet, host: string): TargetResult {
  const m = (key: string) => stats(set.get(key)?.values ?? []).median;
  return judge({ id: "idle-rss", target: "idle RSS ≤ 40 MB", host, s: stats(set.get(`fp.idle/${host}`)?.values ?? []), threshold: IDLE_RSS_LIMIT_MIB, unit: "MiB", better: "lower" }, (v) => {
    const floor = m(`fp.floor/${host === "binary" ? "bun" : host}`);
    const own = v - floor;
    const lines = [`Idle RSS ${n1(v)} MiB against ${n1(IDLE_RSS_LIMIT_MIB)} MiB (40 MB).`];
    if (Number.isFinite(floor)) {
      lines.push(`The bare ${host === "binary" ? "Bun" : host === "deno" ? "Deno" : "Bun"} runtime alone (a setInterval script) is ${n1(floor)} MiB, ${n0((floor / IDLE_RSS_LIMIT_MIB) * 100)}% of the limit; the broker adds ${n1(own)} MiB (its code, heap and buffers).`);
      lines.push(floor >= IDLE_RSS_LIMIT_MIB
        ? "Not reachable on this runtime: its floor alone is over the limit."
        : `Closing it: the broker's own share must fall from ${n1(own)} to ≤ ${n1(IDLE_RSS_LIMIT_MIB - floor)} MiB — load the admin API, dashboard, bridge and codecs only when configured, and start with smaller buffers.`);
    }
    return lines;
  });
}

function startupTarget(set: FigureSet, host: string): TargetResult {
  const m = (key: string) => stats(set.get(key)?.values ?? []).median;
  const gb = 2;
  return judge({ id: "startup-2gb", target: "start-up ≤ 200 ms with 2 GB of log", host, s: stats(set.get(`fp.startup.big.clean/${host}`)?.values ?? []), threshold: 200, unit: "ms", better: "lower" }, (v) => {
    const empty = m(`fp.startup.empty/${host}`);
    const floor = m(`fp.startup.floor/${host === "binary" ? "bun" : host}`);
    const binary = m("fp.startup.big.clean/binary");
    const lines = [`${n0(v)} ms to accepting MQTT connections with ${gb} GB of log; ${n0(empty)} ms with an empty log${Number.isFinite(floor) ? `; the bare runtime starts a TCP listener in ${n0(floor)} ms` : ""}.`];
    const logPart = v - empty;
    const modulePart = empty - (Number.isFinite(floor) ? floor : 0);
    const logText = logPart > 0 ? `The ${gb} GB log adds ${n0(logPart)} ms over an empty start` : `The ${gb} GB log adds nothing measurable over an empty start`;
    lines.push(logPart > modulePart
      ? `${logText}, more than loading the broker: closing it means opening only the active segment eagerly and older segments lazily.`
      : `${logText}; the rest is the runtime and the broker's own start-up (${n0(modulePart)} ms over the bare runtime)${host !== "binary" && Number.isFinite(binary) ? `. The bundled single binary starts with the same log in ${n0(binary)} ms, so running from a bundle (no per-file module loading) ${binary <= 200 ? "closes" : "narrows"} the gap` : ": closing it means less work before the listeners open (load the admin, bridge and devices parts after listening, or lazily)"}.`);
    return lines;
  });
}

function deviceTarget(set: FigureSet, host: string, kind: "kafka" | "mqtt"): TargetResult {
  const m = (key: string) => stats(set.get(key)?.values ?? []).median;
  const key = kind === "kafka" ? `log.append.group-commit.1024.262144.device/${host}` : `ingest.device.value/${host}`;
  return judge({
    id: `device-bytes-${kind}`,
    target: kind === "kafka" ? "device bytes written per payload byte ≤ 1.2 (Kafka-style appends: 1 KiB records, 256 KiB batches, group commit)" : "device bytes written per payload byte ≤ 1.2 (MQTT QoS 1 ingest: 100 B payloads, group commit)",
    host,
    s: stats(set.get(key)?.values ?? []),
    threshold: 1.2,
    unit: "B/B",
    better: "lower",
  }, (v) => {
    if (kind === "kafka") return [`${n2(v)} device bytes per payload byte: the log's writes (data, indexes, checkpoints) and the file system's journal for ${n0(m(`log.append.group-commit.1024.262144/${host}`))} MiB/s of appends.`];
    const batch = m(`ingest.device.batch/${host}`);
    const framing = v / batch;
    const perFsync = m(`ingest.fsync/${host}`);
    const bytesPerFsync = perFsync * 100 * framing;
    const pageShare = 4096 / bytesPerFsync;
    // Bytes per fsync at which framing × (1 + 4096 / B) = 1.2.
    const needBytes = 1.2 / framing > 1 ? 4096 / (1.2 / framing - 1) : Infinity;
    return [
      `${n2(v)} device bytes per MQTT payload byte = record-batch framing ×${n2(framing)} (${n1((framing - 1) * 100)} B of batch and record fields per 100 B value) × writes below the log ×${n2(batch)}.`,
      `With ${n1(perFsync)} records per fsync each fdatasync covers about ${n0(bytesPerFsync)} B; the file system writes whole 4 KiB pages, so each fsync rewrites the last partial page: up to ${n2(pageShare)} extra bytes per byte${Math.abs(1 + pageShare - batch) < 0.1 ? ", which accounts for the factor below the log" : ""}.`,
      Number.isFinite(needBytes)
        ? `Closing it: at this framing, ≥ ${n0(needBytes)} B per fdatasync (about ${n0(needBytes / (100 * framing))} records of 100 B) meets 1.2 — more records per fsync — or appends that do not rewrite a page already written.`
        : `Closing it: the framing alone is over 1.2; smaller per-record fields are needed before fsync grouping can help.`,
    ];
  });
}

/** Every target, per host, in the order the report lists them. */
export function evaluateTargets(set: FigureSet): TargetResult[] {
  const hosts = ["deno", "bun"];
  const hasBinary = set.get("fp.idle/binary") !== undefined;
  return [
    ...hosts.map((h) => mqttTarget(set, h, "qos1", 2)),
    ...hosts.map((h) => mqttTarget(set, h, "qos0", 1)),
    ...hosts.flatMap((h) => [kafkaTarget(set, h, 10240), kafkaTarget(set, h, 100)]),
    ...[...hosts, ...(hasBinary ? ["binary"] : [])].map((h) => idleTarget(set, h)),
    ...[...hosts, ...(hasBinary ? ["binary"] : [])].map((h) => startupTarget(set, h)),
    ...hosts.flatMap((h) => [deviceTarget(set, h, "kafka"), deviceTarget(set, h, "mqtt")]),
  ];
}
