/**
 * The handler author's view (README example): decode a Produce request frame, answer it, and
 * read the answer back the way the bridge's client would — at an old and a flexible version.
 */
import { describe, expect, test } from "bun:test";
import {
  ByteReader,
  ByteWriter,
  decodeProduceRequest,
  decodeProduceResponse,
  decodeRequestHeader,
  decodeResponseHeader,
  encodeProduceRequest,
  encodeProduceResponse,
  encodeRequestHeader,
  encodeResponseHeader,
  type ProduceRequest,
} from "../../../broker/kafka/protocol/mod.ts";

function clientFrame(version: number, records: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  encodeRequestHeader(w, { requestApiKey: 0, requestApiVersion: version, correlationId: 77, clientId: "kcat" });
  encodeProduceRequest(w, {
    acks: -1,
    timeoutMs: 1500,
    topicData: [{ name: "sensor-temp", partitionData: [{ index: 3, records }] }],
  }, version);
  return w.finish();
}

function brokerAnswer(frame: Uint8Array): { bytes: Uint8Array; req: ProduceRequest } {
  const r = new ByteReader(frame);
  const h = decodeRequestHeader(r);
  const req = decodeProduceRequest(r, h.requestApiVersion);
  const w = new ByteWriter();
  encodeResponseHeader(w, h.correlationId, h.requestApiKey, h.requestApiVersion);
  encodeProduceResponse(w, {
    responses: req.topicData.map((t) => ({
      name: t.name,
      partitionResponses: t.partitionData.map((p) => ({ index: p.index, errorCode: 0, baseOffset: 42n })),
    })),
  }, h.requestApiVersion);
  return { bytes: w.finish(), req };
}

describe("Produce as a handler sees it", () => {
  for (const version of [0, 3, 7, 9, 11]) {
    test(`v${version}: request decodes complete, response reads back with defaults`, () => {
      const records = new Uint8Array([9, 8, 7, 6]);
      const { bytes, req } = brokerAnswer(clientFrame(version, records));
      expect(req.acks).toBe(-1);
      expect(req.transactionalId).toBeNull(); // default where the version lacks it
      expect(req.topicData[0]!.partitionData[0]!.records).toEqual(records);

      const r = new ByteReader(bytes);
      expect(decodeResponseHeader(r, 0, version).correlationId).toBe(77);
      const res = decodeProduceResponse(r, version);
      expect(r.remaining).toBe(0);
      const p = res.responses[0]!.partitionResponses[0]!;
      expect([p.index, p.errorCode, p.baseOffset, p.logAppendTimeMs]).toEqual([3, 0, 42n, -1n]);
      expect(res.throttleTimeMs).toBe(0);
      expect(p.errorMessage).toBeNull();
    });
  }
});
