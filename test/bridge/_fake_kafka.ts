/**
 * A scripted Kafka broker for bridge unit tests, built from the generated broker-direction
 * codecs: ApiVersions, Metadata, InitProducerId, Produce (with KIP-98 de-duplication by
 * producer id, epoch and sequence), CreateTopics and SASL (PLAIN and SCRAM server side).
 * `onProduce` scripts per-partition error codes; every attempt is recorded in `attempts`.
 */
import { createCompression } from "../../broker/kafka/compression/mod.ts";
import { FrameDecoder } from "../../broker/kafka/framing.ts";
import { BROKER_CODECS, type BrokerApiKey } from "../../broker/kafka/protocol/generated/broker_codecs.ts";
import { decodeRequestHeader, encodeResponseHeader } from "../../broker/kafka/protocol/generated/headers.ts";
import { ByteReader } from "../../broker/kafka/protocol/reader.ts";
import { ByteWriter } from "../../broker/kafka/protocol/writer.ts";
import { type BatchHeader, readBatchHeader } from "../../broker/log/record_batch.ts";
import { decodeRecords } from "../../broker/log/record_codec.ts";
import type { LogRecord } from "../../broker/log/types.ts";
import type { Runtime, TcpConnection, TcpListener } from "../../broker/runtime/types.ts";
import { digest, fromBase64, hmac, saltedPassword, type ScramMechanism, toBase64 } from "../../bridge/client/sasl/scram.ts";

const compression = createCompression();
const enc = new TextEncoder();
const dec = new TextDecoder();

/** One produce attempt of one partition. */
export interface ProduceAttempt {
  topic: string;
  partition: number;
  header: BatchHeader;
  records: LogRecord[];
  errorCode: number;
}

export interface FakeKafkaOptions {
  topics?: Record<string, number>;
  sasl?: { mechanism: "PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512"; username: string; password: string };
  /** Serve TLS with this certificate. */
  tls?: { cert: string; key: string };
  /** Highest ApiVersions version understood; newer requests get the v0-shaped UNSUPPORTED_VERSION answer (KIP-511). */
  apiVersionsMax?: number;
  /** Advertised versions per api key, overriding the codec ranges. */
  versions?: Record<number, [number, number]>;
  /** Return an error code to refuse a batch; undefined to apply the normal rules. */
  onProduce?: (attempt: Omit<ProduceAttempt, "errorCode">) => number | undefined;
}

type Handler = (body: never, version: number, conn: ConnState) => unknown | Promise<unknown>;
interface ConnState {
  authenticated: boolean;
  scram?: { mechanism: ScramMechanism; clientFirstBare: string; serverFirst: string; salt: Uint8Array };
}

export class FakeKafka {
  readonly topics: Map<string, number>;
  /** Appended records per `topic/partition`. */
  readonly logs = new Map<string, LogRecord[]>();
  readonly attempts: ProduceAttempt[] = [];
  /** [apiKey, version] of every request. */
  readonly requests: number[] = [];
  readonly versionsSeen: Array<[number, number]> = [];
  nextProducerId = 1000;
  #producers = new Map<string, { epoch: number; lastSeq: number; batches: Array<{ first: number; last: number; offset: number }> }>();
  #listener!: TcpListener;
  #connections = new Set<TcpConnection>();

  private constructor(readonly options: FakeKafkaOptions) {
    this.topics = new Map(Object.entries(options.topics ?? {}));
  }

  static async start(runtime: Runtime, options: FakeKafkaOptions = {}): Promise<FakeKafka> {
    const fake = new FakeKafka(options);
    fake.#listener = await runtime.listen({ hostname: "127.0.0.1", port: 0, ...(options.tls ? { tls: options.tls } : {}) }, (c) => void fake.#serve(c));
    return fake;
  }

  get port(): number {
    return this.#listener.port;
  }

  /** Make the broker remember a batch as appended (as if an answer to it had been lost). */
  remember(producerId: number, topic: string, partition: number, first: number, records: LogRecord[]): void {
    const key = `${topic}/${partition}`;
    const log = this.logs.get(key) ?? [];
    this.logs.set(key, log);
    const last = first + records.length - 1;
    this.#producers.set(`${producerId}/${key}`, { epoch: 0, lastSeq: last, batches: [{ first, last, offset: log.length }] });
    log.push(...records);
  }

  records(topic: string, partition: number): LogRecord[] {
    return this.logs.get(`${topic}/${partition}`) ?? [];
  }

  async close(): Promise<void> {
    await this.#listener.close();
    for (const c of this.#connections) c.close();
  }

  async #serve(connection: TcpConnection): Promise<void> {
    this.#connections.add(connection);
    const decoder = new FrameDecoder();
    const state: ConnState = { authenticated: !this.options.sasl };
    try {
      for (let chunk = await connection.read(); chunk; chunk = await connection.read()) {
        for (const frame of decoder.push(chunk)) {
          const r = new ByteReader(frame);
          const h = decodeRequestHeader(r);
          this.requests.push(h.requestApiKey);
          this.versionsSeen.push([h.requestApiKey, h.requestApiVersion]);
          const codec = BROKER_CODECS[h.requestApiKey as BrokerApiKey];
          const body = (codec.decodeRequest as (r: ByteReader, v: number) => unknown)(r, h.requestApiVersion);
          if (!state.authenticated && ![17, 18, 36].includes(h.requestApiKey)) return connection.close();
          const handler = this.#handlers[h.requestApiKey];
          if (!handler) return connection.close();
          let version = h.requestApiVersion;
          let response = await handler(body as never, version, state);
          if (h.requestApiKey === 18 && this.options.apiVersionsMax !== undefined && version > this.options.apiVersionsMax) {
            response = { errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: this.options.apiVersionsMax }] };
            version = 0;
          }
          const w = new ByteWriter();
          w.int32(0);
          encodeResponseHeader(w, h.correlationId, h.requestApiKey, version);
          (codec.encodeResponse as (w: ByteWriter, m: unknown, v: number) => void)(w, response, version);
          const out = w.finish();
          new DataView(out.buffer, out.byteOffset, 4).setInt32(0, out.length - 4);
          await connection.write(out);
        }
      }
    } finally {
      this.#connections.delete(connection);
      connection.close();
    }
  }

  #handlers: Record<number, Handler> = {
    18: () => ({
      errorCode: 0,
      apiKeys: [0, 1, 2, 3, 17, 18, 19, 22, 36].map((apiKey) => {
        const c = BROKER_CODECS[apiKey as BrokerApiKey];
        const [minVersion, maxVersion] = this.options.versions?.[apiKey] ?? [c.minVersion, c.maxVersion];
        return { apiKey, minVersion, maxVersion };
      }),
    }),
    3: (body: { topics: Array<{ name: string | null }> | null }) => ({
      brokers: [{ nodeId: 1, host: "127.0.0.1", port: this.port }],
      controllerId: 1,
      topics: (body.topics ?? [...this.topics.keys()].map((name) => ({ name }))).map(({ name }) => {
        const n = this.topics.get(name ?? "");
        return {
          errorCode: n === undefined ? 3 : 0,
          name,
          partitions: Array.from({ length: n ?? 0 }, (_, i) => ({ errorCode: 0, partitionIndex: i, leaderId: 1, replicaNodes: [1], isrNodes: [1] })),
        };
      }),
    }),
    19: (body: { topics: Array<{ name: string; numPartitions: number }> }) => ({
      topics: body.topics.map((t) => {
        const exists = this.topics.has(t.name);
        if (!exists) this.topics.set(t.name, t.numPartitions);
        return { name: t.name, errorCode: exists ? 36 : 0, numPartitions: t.numPartitions };
      }),
    }),
    22: () => ({ throttleTimeMs: 0, errorCode: 0, producerId: BigInt(this.nextProducerId++), producerEpoch: 0 }),
    0: (body: { topicData: Array<{ name: string; partitionData: Array<{ index: number; records: Uint8Array | null }> }> }) => ({
      responses: body.topicData.map((t) => ({
        name: t.name,
        partitionResponses: t.partitionData.map((p) => this.#produce(t.name, p.index, p.records!)),
      })),
    }),
    17: (body: { mechanism: string }) => {
      const ok = this.options.sasl?.mechanism === body.mechanism;
      return { errorCode: ok ? 0 : 33, mechanisms: this.options.sasl ? [this.options.sasl.mechanism] : [] };
    },
    36: (body: { authBytes: Uint8Array }, _v: number, state: ConnState) => this.#authenticate(body.authBytes, state),
  };

  #produce(topic: string, partition: number, bytes: Uint8Array): { index: number; errorCode: number; baseOffset: bigint } {
    const header = readBatchHeader(bytes, 0);
    const records = decodeRecords(bytes, 0, (c, b) => compression.decompress(c, b));
    const key = `${topic}/${partition}`;
    let errorCode = this.topics.has(topic) ? this.options.onProduce?.({ topic, partition, header, records }) : 3;
    let offset = -1;
    if (errorCode === undefined) {
      const pkey = `${header.producerId}/${key}`;
      const state = this.#producers.get(pkey);
      const last = header.baseSequence + header.recordCount - 1;
      const dup = state?.epoch === header.producerEpoch ? state.batches.find((b) => b.first === header.baseSequence && b.last === last) : undefined;
      if (dup) {
        offset = dup.offset;
        errorCode = 0;
      } else if (!state ? header.baseSequence !== 0 : header.baseSequence !== state.lastSeq + 1) {
        errorCode = state ? 45 : 59;
      } else {
        const log = this.logs.get(key) ?? [];
        this.logs.set(key, log);
        offset = log.length;
        log.push(...records);
        const s = state ?? { epoch: header.producerEpoch, lastSeq: -1, batches: [] };
        s.lastSeq = last;
        s.batches = [...s.batches, { first: header.baseSequence, last, offset }].slice(-5);
        this.#producers.set(pkey, s);
        errorCode = 0;
      }
    }
    this.attempts.push({ topic, partition, header, records, errorCode });
    return { index: partition, errorCode, baseOffset: BigInt(offset) };
  }

  async #authenticate(token: Uint8Array, state: ConnState): Promise<{ errorCode: number; errorMessage: string | null; authBytes: Uint8Array }> {
    const sasl = this.options.sasl!;
    const fail = (m: string) => ({ errorCode: 58, errorMessage: m, authBytes: new Uint8Array(0) });
    const ok = (bytes: string) => ({ errorCode: 0, errorMessage: null, authBytes: enc.encode(bytes) });
    if (sasl.mechanism === "PLAIN") {
      const [, user, password] = dec.decode(token).split("\u0000");
      if (user !== sasl.username || password !== sasl.password) return fail("Authentication failed: Invalid username or password");
      state.authenticated = true;
      return ok("");
    }
    const mechanism = sasl.mechanism;
    const text = dec.decode(token);
    if (!state.scram) {
      const bare = text.slice(3);
      const nonce = /r=([^,]+)/.exec(bare)![1]!;
      const salt = enc.encode("fake-salt-123456");
      const serverFirst = `r=${nonce}srv-nonce,s=${toBase64(salt)},i=4096`;
      state.scram = { mechanism, clientFirstBare: bare, serverFirst, salt };
      return ok(serverFirst);
    }
    const { clientFirstBare, serverFirst, salt } = state.scram;
    const withoutProof = text.slice(0, text.lastIndexOf(",p="));
    const proof = fromBase64(text.slice(text.lastIndexOf(",p=") + 3));
    const salted = await saltedPassword(mechanism, sasl.password, salt, 4096);
    const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
    const storedKey = await digest(mechanism, await hmac(mechanism, salted, "Client Key"));
    const signature = await hmac(mechanism, storedKey, authMessage);
    const clientKey = proof.map((b, i) => b ^ signature[i]!);
    const user = /n=([^,]+)/.exec(clientFirstBare)![1];
    if (user !== sasl.username || toBase64(await digest(mechanism, clientKey)) !== toBase64(storedKey)) {
      return fail("Authentication failed during authentication due to invalid credentials with SASL mechanism " + mechanism);
    }
    state.authenticated = true;
    const serverKey = await hmac(mechanism, salted, "Server Key");
    return ok(`v=${toBase64(await hmac(mechanism, serverKey, authMessage))}`);
  }
}
