/** A bare Kafka client for wire tests: generated client codecs over one TCP connection. */
import { FrameDecoder } from "../../broker/kafka/framing.ts";
import { CLIENT_CODECS, type ClientApiKey } from "../../broker/kafka/protocol/generated/client_codecs.ts";
import { decodeResponseHeader, encodeRequestHeader } from "../../broker/kafka/protocol/generated/headers.ts";
import { ByteReader } from "../../broker/kafka/protocol/reader.ts";
import { ByteWriter } from "../../broker/kafka/protocol/writer.ts";
import type { Runtime, TcpConnection } from "../../broker/runtime/types.ts";

type Codec<K extends ClientApiKey> = (typeof CLIENT_CODECS)[K];
export type RequestOf<K extends ClientApiKey> = Parameters<Codec<K>["encodeRequest"]>[1];
export type ResponseOf<K extends ClientApiKey> = ReturnType<Codec<K>["decodeResponse"]>;

export class TestClient {
  #decoder = new FrameDecoder();
  #frames: Uint8Array[] = [];
  #correlation = 0;
  private constructor(readonly connection: TcpConnection) {}

  static async connect(runtime: Runtime, port: number): Promise<TestClient> {
    return new TestClient(await runtime.connect({ hostname: "127.0.0.1", port }));
  }

  /** Encode a request frame without sending it. */
  frame<K extends ClientApiKey>(apiKey: K, version: number, body: RequestOf<K>, correlationId = ++this.#correlation): Uint8Array {
    const w = new ByteWriter();
    encodeRequestHeader(w, { requestApiKey: apiKey, requestApiVersion: version, correlationId, clientId: "test" });
    (CLIENT_CODECS[apiKey].encodeRequest as (w: ByteWriter, m: unknown, v: number) => void)(w, body, version);
    const bodyBytes = w.finish();
    const out = new Uint8Array(4 + bodyBytes.length);
    new DataView(out.buffer).setInt32(0, bodyBytes.length);
    out.set(bodyBytes, 4);
    return out;
  }

  /** Next response frame, or null when the broker closed the connection. */
  async nextFrame(): Promise<Uint8Array | null> {
    while (this.#frames.length === 0) {
      const chunk = await this.connection.read();
      if (chunk === null) return null;
      this.#frames.push(...this.#decoder.push(chunk));
    }
    return this.#frames.shift() ?? null;
  }

  decode<K extends ClientApiKey>(apiKey: K, version: number, frame: Uint8Array): { correlationId: number; body: ResponseOf<K> } {
    const r = new ByteReader(frame);
    const header = decodeResponseHeader(r, apiKey, version);
    const body = (CLIENT_CODECS[apiKey].decodeResponse as (r: ByteReader, v: number) => unknown)(r, version) as ResponseOf<K>;
    return { correlationId: header.correlationId, body };
  }

  async request<K extends ClientApiKey>(apiKey: K, version: number, body: RequestOf<K>): Promise<ResponseOf<K>> {
    await this.connection.write(this.frame(apiKey, version, body));
    const frame = await this.nextFrame();
    if (!frame) throw new Error("connection closed");
    return this.decode(apiKey, version, frame).body;
  }

  close(): void {
    this.connection.close();
  }
}
