/**
 * What a Kafka connection's bytes ask for, and what the broker's answers acknowledge: the
 * model the broker target checks its invariants against. Requests are decoded with the same
 * generated codecs the broker uses; a frame the broker must refuse ends the model there (the
 * broker closes the connection after answering the requests before it).
 */
import { BROKER_CODECS } from "../../broker/kafka/protocol/generated/broker_codecs.ts";
import { decodeProduceResponse } from "../../broker/kafka/protocol/generated/produce_response.ts";
import { decodeProduceRequest } from "../../broker/kafka/protocol/generated/produce_request.ts";
import { decodeRequestHeader, decodeResponseHeader } from "../../broker/kafka/protocol/generated/headers.ts";
import { ByteReader } from "../../broker/kafka/protocol/reader.ts";
import { parsePlain, PRE_AUTH_API_KEYS } from "../../broker/kafka/auth.ts";
import { FUZZ_USER } from "./memory_broker.ts";
import { batchIdentity, splitBatches } from "./log_snapshot.ts";

export interface ProducedPartition {
  topic: string;
  partition: number;
  batches: Uint8Array[];
}

export interface KafkaRequest {
  /** -1: a raw SASL token after a SaslHandshake v0 (answered by a raw frame, no header). */
  apiKey: number;
  version: number;
  correlationId: number;
  /** False for Produce with acks=0. */
  answered: boolean;
  produce?: ProducedPartition[];
}

/** Split a byte stream into Kafka frames (int32 size + body); an incomplete tail is dropped. */
export function splitFrames(bytes: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  let pos = 0;
  while (bytes.length - pos >= 4) {
    const size = new DataView(bytes.buffer, bytes.byteOffset + pos, 4).getInt32(0);
    if (size < 0 || bytes.length - pos - 4 < size) break;
    frames.push(bytes.subarray(pos + 4, pos + 4 + size));
    pos += 4 + size;
  }
  return frames;
}

const codecs = BROKER_CODECS as unknown as Record<number, { minVersion: number; maxVersion: number; decodeRequest: (r: ByteReader, v: number) => unknown }>;

/**
 * The requests the broker will accept from this stream, up to the first one it must refuse.
 * With `sasl` (a listener with PLAIN for {@link FUZZ_USER} and no anonymous access), only
 * ApiVersions, SaslHandshake and SaslAuthenticate pass until PLAIN succeeds — by a raw token
 * after a v0 handshake or a SaslAuthenticate after v1 — and a failed attempt ends the stream.
 */
export function modelRequests(sent: Uint8Array, sasl = false): KafkaRequest[] {
  const out: KafkaRequest[] = [];
  let mechanism: string | null = null;
  let authenticated = !sasl;
  let rawTokenNext = false;
  for (const frame of splitFrames(sent)) {
    if (rawTokenNext) {
      rawTokenNext = false;
      if (!plainAccepts(frame)) break; // no answer: the connection closes
      out.push({ apiKey: -1, version: 0, correlationId: NaN, answered: true });
      authenticated = true;
      continue;
    }
    const r = new ByteReader(frame);
    let header;
    try {
      header = decodeRequestHeader(r);
    } catch {
      break;
    }
    const { requestApiKey: apiKey, requestApiVersion: version, correlationId } = header;
    const codec = codecs[apiKey];
    if (!codec) break;
    if (!authenticated && !PRE_AUTH_API_KEYS.has(apiKey)) break;
    if (version < codec.minVersion || version > codec.maxVersion) {
      if (apiKey === 18) {
        out.push({ apiKey, version, correlationId, answered: true });
        continue;
      }
      break;
    }
    if (apiKey === 0) {
      let request;
      try {
        request = decodeProduceRequest(r, version);
      } catch {
        break;
      }
      const produce = request.topicData.flatMap((t) =>
        t.partitionData.map((p) => ({ topic: t.name, partition: p.index, batches: p.records ? splitBatches(p.records).map((b) => b.slice()) : [] }))
      );
      out.push({ apiKey, version, correlationId, answered: request.acks !== 0, produce });
      continue;
    }
    let request: unknown;
    try {
      request = codec.decodeRequest(r, version);
    } catch {
      break;
    }
    out.push({ apiKey, version, correlationId, answered: true });
    if (!sasl) continue; // without SASL the handshake is refused (UNSUPPORTED_SASL_MECHANISM)
    if (apiKey === 17) {
      const wanted = (request as { mechanism: string }).mechanism;
      if (mechanism === null && !authenticated && wanted === "PLAIN") {
        mechanism = wanted;
        rawTokenNext = version === 0;
      }
    } else if (apiKey === 36) {
      // Answered either way; anything but a first PLAIN success closes the connection after it.
      if (mechanism === null || authenticated || !plainAccepts((request as { authBytes: Uint8Array }).authBytes)) break;
      authenticated = true;
    }
  }
  return out;
}

function plainAccepts(token: Uint8Array): boolean {
  const plain = parsePlain(token);
  return plain !== null && plain.username === FUZZ_USER.username && plain.password === FUZZ_USER.password;
}

/** An acknowledged produce: these batches must be in the log from `baseOffset`. */
export interface KafkaAck {
  topic: string;
  partition: number;
  baseOffset: number;
  batches: Uint8Array[];
}

export interface KafkaAnswers {
  /** Responses received, matched in order to the requests that expect one. */
  answered: number;
  /** Requests that expect a response. */
  expected: number;
  acks: KafkaAck[];
  /** A broken promise of the protocol (e.g. a response out of order), if any. */
  problem: string | undefined;
}

/** Match the broker's responses to the requests, in order, and collect Produce acks. */
export function matchResponses(requests: KafkaRequest[], received: Uint8Array): KafkaAnswers {
  const waiting = requests.filter((q) => q.answered);
  const responses = splitFrames(received);
  const acks: KafkaAck[] = [];
  let problem: string | undefined;
  const n = Math.min(waiting.length, responses.length);
  if (responses.length > waiting.length) problem = `${responses.length} responses for ${waiting.length} requests`;
  for (let i = 0; i < n; i++) {
    const q = waiting[i]!, frame = responses[i]!;
    if (q.apiKey === -1) continue; // a raw SASL answer: no header
    const r = new ByteReader(frame);
    const correlationId = r.remaining >= 4 ? new DataView(frame.buffer, frame.byteOffset, 4).getInt32(0) : NaN;
    if (correlationId !== q.correlationId) {
      problem ??= `response ${i} has correlation id ${correlationId}, request had ${q.correlationId}`;
      break;
    }
    if (q.apiKey !== 0 || !q.produce) continue;
    let response;
    try {
      decodeResponseHeader(r, 0, q.version);
      response = decodeProduceResponse(r, q.version);
    } catch (error) {
      problem ??= `undecodable Produce v${q.version} response: ${String(error)}`;
      continue;
    }
    // The k-th answer for a partition goes with the k-th time the request named it (a
    // partition may appear more than once; each entry is answered on its own).
    const seen = new Map<string, number>();
    for (const t of response.responses) {
      for (const p of t.partitionResponses) {
        const key = `${t.name}/${p.index}`;
        const k = seen.get(key) ?? 0;
        seen.set(key, k + 1);
        if (p.errorCode !== 0) continue;
        const sent = q.produce.filter((x) => x.topic === t.name && x.partition === p.index)[k];
        if (sent) acks.push({ topic: t.name, partition: p.index, baseOffset: Number(p.baseOffset), batches: sent.batches });
      }
    }
  }
  return { answered: n, expected: waiting.length, acks, problem };
}

/** Batch identities a connection may have put in the log: acknowledged or sent with acks=0. */
export function allowedBatches(requests: KafkaRequest[], answers: KafkaAnswers, out: Set<string>): void {
  for (const a of answers.acks) for (const b of a.batches) out.add(`${a.topic}/${a.partition}/${batchIdentity(b)}`);
  for (const q of requests) {
    if (q.answered || !q.produce) continue;
    for (const p of q.produce) for (const b of p.batches) out.add(`${p.topic}/${p.partition}/${batchIdentity(b)}`);
  }
}
