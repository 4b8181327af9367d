/**
 * Bytes to a real broker (Kafka or MQTT listener over the real log), connection state
 * machines included. Per input, the invariants:
 * - no uncaught exception or unhandled rejection (checked by the engine around each input), and
 *   no fault logged by the broker (a handler, ack or connection loop that threw);
 * - every connection is answered or closed: once virtual time passes the longest wait a
 *   request may take, every request the broker accepted has its response, or the broker
 *   closed the connection; past the idle / keep-alive / connect bounds, it is closed;
 * - the log holds only what was acknowledged (or sent without asking for an ack: Kafka
 *   acks=0, MQTT QoS 0, wills of accepted connections), and everything acknowledged;
 * - memory: the allocator's committed peak grows by less than a bound per input.
 */
import { LOG_OVERHEAD, readBatchHeader } from "../../broker/log/record_batch.ts";
import { decodeAllRecords } from "../../broker/log/record_codec.ts";
import type { ClientEnd } from "./memory_net.ts";
import { DATA_DIR, decompress, type MemoryBroker, startMemoryBroker } from "./memory_broker.ts";
import { committedPeak } from "./memory_probe.ts";
import { allowedBatches, type KafkaAck, matchResponses, modelRequests } from "./kafka_oracle.ts";
import { messageKey, modelClient, modelServer, mqttMessages, unanswered } from "./mqtt_oracle.ts";
import { batchIdentity, snapshotLog, type StoredBatch } from "./log_snapshot.ts";
import { usesSasl } from "./inputs.ts";
import { concat } from "./rng.ts";
import type { Scenario } from "./scenario.ts";
import { Violation } from "./violation.ts";

/** Virtual time by which every request must be answered (Fetch waits at most 30 s). */
const ANSWER_STEPS_MS = [10, 1_000, 5_000, 31_000];
/** Past Kafka's connection idle timeout (600 s). */
const KAFKA_CLOSE_STEPS_MS = [120_000, 600_000];
/** Past 1.5 × the largest MQTT keep-alive (65,535 s) and the connect timeout. */
const MQTT_CLOSE_STEPS_MS = [60_000, 3_600_000, 65_535 * 1_500];
/** Growth of the allocator's committed peak allowed per input, beyond 64 × its bytes. */
const MEMORY_SLACK_BYTES = 48 * 1024 * 1024;

const turn = () => new Promise<void>((r) => setImmediate(r));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function signature(b: MemoryBroker): string {
  let out = 0, closed = 0;
  for (const c of b.net.clients) {
    out += c.receivedBytes;
    if (c.serverClosed) closed++;
  }
  return `${out}/${closed}/${b.clock.pending}`;
}

/**
 * Let the broker run until nothing moves (bytes out, closes, timers) for a few turns. Before a
 * verdict (`confirmMs` > 0) also wait that long in real time: a few broker paths poll real
 * timers (a closing MQTT connection drains its output in 5 ms steps).
 */
async function settle(b: MemoryBroker, confirmMs = 0): Promise<void> {
  for (let round = 0; round < 5; round++) {
    let last = "";
    let same = 0;
    for (let i = 0; i < 500 && same < 3; i++) {
      await turn();
      const now = signature(b);
      same = now === last ? same + 1 : 0;
      last = now;
    }
    if (confirmMs === 0) return;
    await sleep(confirmMs);
    if (signature(b) === last) return;
  }
}

async function advance(b: MemoryBroker, steps: number[]): Promise<void> {
  for (const [i, ms] of steps.entries()) {
    b.clock.advance(ms);
    await settle(b, i === steps.length - 1 ? CONFIRM_MS : 0);
    if (DEBUG) console.log(`+${ms} ms:`, b.net.clients.map((c) => `${c.serverClosed ? "closed" : "open"} ${c.receivedBytes} B`).join(" | "));
  }
}

/** Real-time quiet period before a verdict (see {@link settle}). */
const CONFIRM_MS = 15;
const DEBUG = typeof process !== "undefined" && process.env?.FUZZ_DEBUG === "1";

async function deliver(b: MemoryBroker, port: number, s: Scenario): Promise<ClientEnd[]> {
  const clients = s.connections.map(() => b.net.connect(port));
  const rounds = Math.max(0, ...s.connections.map((c) => c.length));
  for (let i = 0; i < rounds; i++) {
    s.connections.forEach((chunks, c) => {
      const chunk = chunks[i];
      if (chunk) clients[c]!.send(chunk);
    });
    await turn();
  }
  await settle(b);
  return clients;
}

export interface BrokerRunStats {
  responsesChecked: number;
  batchesInLog: number;
}

/**
 * Run `check` until it passes; while it reports a violation, give the broker more real time
 * first (about a second in all): on a loaded machine a real-time step of the broker (an
 * output drain, a group commit) can lag, and a verdict must not depend on the machine's load.
 */
async function eventually(b: MemoryBroker, check: () => void | Promise<void>): Promise<void> {
  for (let attempt = 0;; attempt++) {
    try {
      return await check();
    } catch (error) {
      if (!(error instanceof Violation) || attempt >= 10) throw error;
      await settle(b, 100);
    }
  }
}

/** Run one input against a fresh Kafka broker; throws {@link Violation}. */
export async function runKafkaBroker(s: Scenario): Promise<BrokerRunStats> {
  const before = await committedPeak();
  const sasl = usesSasl(s);
  const b = await startMemoryBroker({ kafka: true, mqtt: false, sasl });
  try {
    const clients = await deliver(b, b.kafka!.port, s);
    await advance(b, ANSWER_STEPS_MS);
    const requests = clients.map((_, i) => modelRequests(concat(s.connections[i]!), sasl));
    const mutatesLog = requests.flat().some((q) => [19, 20, 21, 33, 37, 44].includes(q.apiKey));
    await eventually(b, () => {
      for (const [i, client] of clients.entries()) {
        const answers = matchResponses(requests[i]!, concat(client.received));
        if (answers.problem) throw new Violation("protocol", `connection ${i}: ${answers.problem}`);
        // Group calls wait for the group (rebalance timeouts are the client's); responses stay in order.
        const waits = requests[i]!.findIndex((q) => q.apiKey === 11 || q.apiKey === 14);
        const owed = (waits < 0 ? requests[i]! : requests[i]!.slice(0, waits)).filter((q) => q.answered).length;
        if (!client.serverClosed && answers.answered < owed) {
          throw new Violation("unanswered", `connection ${i}: ${answers.answered} of ${owed} requests answered and the connection is open`);
        }
      }
    });
    await advance(b, KAFKA_CLOSE_STEPS_MS);
    await eventually(b, () => {
      clients.forEach((c, i) => {
        if (!c.serverClosed) throw new Violation("not-closed", `connection ${i} still open after the idle timeout`);
      });
    });
    // Every connection is closed: no answer can come any more, the acknowledgements are final.
    const allowed = new Set<string>();
    const acks: KafkaAck[] = [];
    let responsesChecked = 0;
    for (const [i, client] of clients.entries()) {
      const answers = matchResponses(requests[i]!, concat(client.received));
      responsesChecked += answers.answered;
      allowedBatches(requests[i]!, answers, allowed);
      acks.push(...answers.acks);
    }
    let stored: StoredBatch[] = [];
    await eventually(b, async () => {
      stored = await snapshotLog(b.log, b.fs, DATA_DIR);
      checkKafkaLog(stored, allowed);
      if (!mutatesLog) checkAcked(acks, stored);
    });
    await b.close();
    checkFaults(b);
    checkMemory(before, await committedPeak(), s);
    return { responsesChecked, batchesInLog: stored.length };
  } finally {
    await b.close().catch(() => {});
  }
}

/** Every batch in the log was acknowledged or sent with acks=0. */
export function checkKafkaLog(stored: StoredBatch[], allowed: Set<string>): void {
  for (const batch of stored) {
    if (!allowed.has(`${batch.topic}/${batch.partition}/${batchIdentity(batch.bytes)}`)) {
      throw new Violation("log", `${batch.topic}-${batch.partition} offset ${batch.baseOffset}: a batch that was never acknowledged`);
    }
  }
}

/** Every acknowledged batch is in the log at its acknowledged offset. */
export function checkAcked(acks: KafkaAck[], stored: StoredBatch[]): void {
  for (const ack of acks) {
    let offset = ack.baseOffset;
    for (const sent of ack.batches) {
      const found = stored.find((x) => x.topic === ack.topic && x.partition === ack.partition && x.baseOffset === offset);
      if (!found) throw new Violation("log", `${ack.topic}-${ack.partition} offset ${offset} was acknowledged but is not in the log`);
      if (batchIdentity(found.bytes) !== batchIdentity(sent) && !sameProducerBatch(found.bytes, sent)) {
        throw new Violation("log", `${ack.topic}-${ack.partition} offset ${offset} holds another batch than the one acknowledged`);
      }
      offset += readBatchHeader(found.bytes).lastOffsetDelta + 1;
      if (found.bytes.length < LOG_OVERHEAD) break;
    }
  }
}

/** An idempotent resend acknowledged with the first copy's offset (same producer and sequence). */
function sameProducerBatch(a: Uint8Array, b: Uint8Array): boolean {
  const x = readBatchHeader(a), y = readBatchHeader(b);
  return x.producerId >= 0 && x.producerId === y.producerId && x.producerEpoch === y.producerEpoch &&
    x.baseSequence === y.baseSequence && x.lastOffsetDelta === y.lastOffsetDelta;
}

/** Run one input against a fresh MQTT broker; throws {@link Violation}. */
export async function runMqttBroker(s: Scenario): Promise<BrokerRunStats> {
  const before = await committedPeak();
  const b = await startMemoryBroker({ kafka: false, mqtt: true });
  try {
    const clients = await deliver(b, b.mqtt!.port, s);
    await advance(b, ANSWER_STEPS_MS);
    const models = clients.map((_, i) => modelClient(concat(s.connections[i]!)));
    await eventually(b, () => {
      for (const [i, client] of clients.entries()) {
        const answers = modelServer(concat(client.received), models[i]!);
        if (answers.problem) throw new Violation("protocol", `connection ${i}: ${answers.problem}`);
        const missing = client.serverClosed ? [] : unanswered(models[i]!, answers);
        if (missing.length > 0) throw new Violation("unanswered", `connection ${i} is open and owes ${missing.join(", ")}`);
      }
    });
    // Open now: its acks must all be durable (a QoS 1/2 message the broker stored and then closed
    // the connection on before acking is allowed in the log, not owed).
    const openAtAnswer = clients.map((c) => !c.serverClosed);
    const keepsOpen = clients.map((c, i) => {
      const answers = modelServer(concat(c.received), models[i]!);
      return answers.accepted && answers.keepalive === 0 && !models[i]!.packets.some((p) => p.cmd === "disconnect");
    });
    await advance(b, MQTT_CLOSE_STEPS_MS);
    await eventually(b, () => {
      clients.forEach((c, i) => {
        if (!c.serverClosed && !keepsOpen[i]) throw new Violation("not-closed", `connection ${i} still open past its keep-alive / connect timeout`);
      });
    });
    // Client ends close: wills and session expiry run, then the log is checked.
    const closedByBroker = clients.map((c) => c.serverClosed);
    for (const c of clients) c.close();
    await settle(b, CONFIRM_MS);
    await advance(b, MQTT_CLOSE_STEPS_MS);
    let responsesChecked = 0;
    const allowed = new Set<string>(), acked = new Set<string>();
    for (const [i, client] of clients.entries()) {
      const answers = modelServer(concat(client.received), models[i]!);
      responsesChecked += answers.packets.length;
      mqttMessages(models[i]!, answers, closedByBroker[i]!, allowed, openAtAnswer[i] ? acked : new Set());
    }
    let stored: StoredBatch[] = [];
    await eventually(b, async () => {
      stored = await snapshotLog(b.log, b.fs, DATA_DIR);
      checkMqttLog(stored, allowed, acked);
    });
    await b.close();
    checkFaults(b);
    checkMemory(before, await committedPeak(), s);
    return { responsesChecked, batchesInLog: stored.length };
  } finally {
    await b.close().catch(() => {});
  }
}

/** Every message in the log may be there (see `mqttMessages`), and every PUBACKed one is. */
export function checkMqttLog(stored: StoredBatch[], allowed: Set<string>, acked: Set<string>): void {
  const inLog = new Set<string>();
  for (const batch of stored) {
    for (const record of decodeAllRecords(batch.bytes, decompress)) {
      const topic = record.headers.find((h) => h.key === "mqtt.topic")?.value;
      const key = messageKey(topic ? new TextDecoder().decode(topic) : "", record.value);
      inLog.add(key);
      if (!allowed.has(key)) throw new Violation("log", `${batch.topic}-${batch.partition} offset ${record.offset}: a message that was never acknowledged`);
    }
  }
  for (const key of acked) if (!inLog.has(key)) throw new Violation("log", `a PUBACKed message is not in the log (${key.slice(0, 80)})`);
}

/** A handler, ack or connection loop that threw on client input (logged, not thrown) is a crash too. */
function checkFaults(b: MemoryBroker): void {
  if (b.faults.length > 0) throw new Violation("exception", `the broker logged a fault: ${b.faults[0]}`);
}

/** The allocator's committed peak may grow by a fixed slack plus 64 bytes per input byte. */
export function checkMemory(before: number | null, after: number | null, s: Scenario): void {
  if (before === null || after === null) return;
  let bytes = 0;
  for (const c of s.connections) for (const chunk of c) bytes += chunk.length;
  const grown = after - before;
  if (grown > MEMORY_SLACK_BYTES + 64 * bytes) {
    throw new Violation("memory", `committed memory peak grew by ${(grown / 1048576).toFixed(1)} MiB for a ${bytes}-byte input`);
  }
}
