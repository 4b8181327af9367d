/**
 * Golden wire bytes, written out field by field from the Kafka protocol guide
 * (https://kafka.apache.org/protocol.html) and KIP-482 / KIP-511, checked by hand.
 */
import { describe, expect, test } from "bun:test";
import {
  ByteReader,
  ByteWriter,
  decodeApiVersionsRequest,
  decodeApiVersionsResponseWithFallback,
  decodeConsumerProtocolSubscription,
  decodeMetadataRequest,
  decodeProduceRequest,
  decodeRequestHeader,
  decodeResponseHeader,
  encodeApiVersionsRequest,
  encodeApiVersionsResponse,
  encodeConsumerProtocolSubscription,
  encodeFetchResponse,
  encodeMetadataRequest,
  encodeRequestHeader,
  encodeResponseHeader,
  requestHeaderVersion,
  responseHeaderVersion,
} from "../../../broker/kafka/protocol/mod.ts";

/** Hex with spaces and comments (`# ...` to end of line) allowed. */
function hex(text: string): Uint8Array {
  const clean = text.replace(/#[^\n]*/g, "").replace(/\s+/g, "");
  return new Uint8Array(clean.match(/../g)!.map((b) => parseInt(b, 16)));
}

function ascii(s: string): string {
  return [...s].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
}

function bytesOf(fn: (w: ByteWriter) => void): Uint8Array {
  const w = new ByteWriter();
  fn(w);
  return w.finish();
}

describe("golden bytes", () => {
  // ApiVersions v3 (KIP-511): request header v2, ClientId still int16-length (KIP-482),
  // then compact strings for the client software name and version, then empty tag sections.
  const apiVersionsV3 = hex(`
    0012 0003 00000001              # api key 18, version 3, correlation id 1
    0007 ${ascii("rdkafka")}        # client id: int16 length, not compact
    00                              # header tagged fields
    0b ${ascii("librdkafka")}       # compact string: length 10 + 1
    06 ${ascii("2.3.0")}            # compact string: length 5 + 1
    00                              # body tagged fields
  `);

  test("ApiVersions v3 request with client software name decodes", () => {
    const r = new ByteReader(apiVersionsV3);
    const h = decodeRequestHeader(r);
    expect(h).toEqual({ requestApiKey: 18, requestApiVersion: 3, correlationId: 1, clientId: "rdkafka" });
    expect(decodeApiVersionsRequest(r, 3)).toEqual({ clientSoftwareName: "librdkafka", clientSoftwareVersion: "2.3.0" });
    expect(r.remaining).toBe(0);
  });

  test("ApiVersions v3 request encodes to the same bytes", () => {
    expect(bytesOf((w) => {
      encodeRequestHeader(w, { requestApiKey: 18, requestApiVersion: 3, correlationId: 1, clientId: "rdkafka" });
      encodeApiVersionsRequest(w, { clientSoftwareName: "librdkafka", clientSoftwareVersion: "2.3.0" }, 3);
    })).toEqual(apiVersionsV3);
  });

  test("ApiVersions v0 error response (UNSUPPORTED_VERSION, KIP-511) has the v0 shape", () => {
    // The broker answers an ApiVersions version it does not know with a v0 body and a v0
    // header, listing the ApiVersions range it supports.
    const bytes = bytesOf((w) => {
      encodeResponseHeader(w, 7, 18, 0);
      encodeApiVersionsResponse(w, { errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }] }, 0);
    });
    expect(bytes).toEqual(hex(`
      00000007        # correlation id (response header v0)
      0023            # error code 35 UNSUPPORTED_VERSION
      00000001        # api_keys: int32 count
      0012 0000 0004  # ApiVersions 0-4
    `));
  });

  test("ApiVersions v3 response keeps response header v0 (KIP-511)", () => {
    expect(responseHeaderVersion(18, 3)).toBe(0);
    const bytes = bytesOf((w) => {
      encodeResponseHeader(w, 9, 18, 3);
      encodeApiVersionsResponse(w, { errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 0, maxVersion: 11 }] }, 3);
    });
    expect(bytes).toEqual(hex(`
      00000009              # correlation id, no header tag section
      0000                  # error code
      02 0000 0000 000b 00  # compact array of 1: Produce 0-11, element tags
      00000000              # throttle time
      00                    # body tags (no features written: all defaults)
    `));
  });

  test("client falls back to v0 when the broker answers ApiVersions v3 in the v0 shape", () => {
    const v0Error = hex("0023 00000001 0012 0000 0003");
    const res = decodeApiVersionsResponseWithFallback(new ByteReader(v0Error), 3);
    expect(res.errorCode).toBe(35);
    expect(res.apiKeys).toEqual([{ apiKey: 18, minVersion: 0, maxVersion: 3 }]);
  });

  test("consumer protocol subscription v0 (JoinGroup metadata body after its int16 version)", () => {
    const bytes = hex(`00000001 0001 ${ascii("t")} ffffffff  # topics ["t"], user data null`);
    expect(bytesOf((w) => encodeConsumerProtocolSubscription(w, { topics: ["t"] }, 0))).toEqual(bytes);
    const sub = decodeConsumerProtocolSubscription(new ByteReader(bytes), 0);
    expect(sub.topics).toEqual(["t"]);
    expect(sub.userData).toBeNull();
    expect(sub.generationId).toBe(-1);
  });

  test("flexible responses get header v1 with a tag section", () => {
    expect(responseHeaderVersion(3, 9)).toBe(1);
    expect(bytesOf((w) => encodeResponseHeader(w, 5, 3, 9))).toEqual(hex("00000005 00"));
    expect(decodeResponseHeader(new ByteReader(hex("00000005 00")), 3, 9)).toEqual({ correlationId: 5 });
  });

  const metadataV1 = hex(`
    0003 0001 0000002a 0007 ${ascii("rdkafka")}  # header v1
    00000001 0004 ${ascii("test")}               # topics: [ "test" ]
  `);

  test("Metadata v1 request", () => {
    const r = new ByteReader(metadataV1);
    expect(decodeRequestHeader(r).correlationId).toBe(42);
    const m = decodeMetadataRequest(r, 1);
    expect(m.topics).toEqual([{ topicId: "AAAAAAAAAAAAAAAAAAAAAA", name: "test" }]);
    expect(m.allowAutoTopicCreation).toBe(true); // schema default for versions before 4
    expect(bytesOf((w) => {
      encodeRequestHeader(w, { requestApiKey: 3, requestApiVersion: 1, correlationId: 42, clientId: "rdkafka" });
      encodeMetadataRequest(w, { topics: [{ name: "test" }] }, 1);
    })).toEqual(metadataV1);
  });

  test("Metadata v1 null topic array means all topics", () => {
    const m = decodeMetadataRequest(new ByteReader(hex("ffffffff")), 1);
    expect(m.topics).toBeNull();
  });

  test("Metadata v12 request: compact, nullable name, uuid", () => {
    const bytes = hex(`
      02                                # topics: compact array of 1
      00000000000000000000000000000000  # topic id zero
      05 ${ascii("test")} 00            # compact nullable name, element tags
      01 00                             # allow auto create, include topic authorized ops
      00                                # body tags
    `);
    const m = decodeMetadataRequest(new ByteReader(bytes), 12);
    expect(m).toEqual({
      topics: [{ topicId: "AAAAAAAAAAAAAAAAAAAAAA", name: "test" }],
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(bytesOf((w) => encodeMetadataRequest(w, m, 12))).toEqual(bytes);
  });

  test("Produce v3 request: records stay a view into the input", () => {
    const bytes = hex(`
      ffff 0001 00007530                 # transactional id null, acks 1, timeout 30000
      00000001 0004 ${ascii("test")}     # one topic
      00000001 00000002                  # one partition, index 2
      00000005 0102030405                # records: 5 raw bytes
    `);
    const req = decodeProduceRequest(new ByteReader(bytes), 3);
    const records = req.topicData[0]!.partitionData[0]!.records!;
    expect(records).toEqual(hex("0102030405"));
    expect(records.buffer).toBe(bytes.buffer);
    expect(records.byteOffset).toBe(bytes.length - 5);
  });

  test("Fetch v12 response writes a non-default tagged struct with its size", () => {
    const bytes = bytesOf((w) =>
      encodeFetchResponse(w, {
        responses: [{
          topic: "test",
          partitions: [{
            partitionIndex: 0,
            errorCode: 0,
            highWatermark: 10n,
            abortedTransactions: null,
            records: null,
            currentLeader: { leaderId: 1, leaderEpoch: 5 },
          }],
        }],
      }, 12)
    );
    expect(bytes).toEqual(hex(`
      00000000 0000 00000000           # throttle, error, session id
      02 05 ${ascii("test")}           # one topic
      02 00000000 0000                 # one partition: index, error
      000000000000000a                 # high watermark 10
      ffffffffffffffff ffffffffffffffff # last stable offset, log start offset: -1
      00                               # aborted transactions: null
      ffffffff                         # preferred read replica -1
      00                               # records: null
      01 01 09 00000001 00000005 00    # 1 tag: tag 1 (CurrentLeader), 9 bytes
      00 00                            # topic tags, body tags
    `));
  });

  test("header version rules", () => {
    expect(requestHeaderVersion(18, 2)).toBe(1);
    expect(requestHeaderVersion(18, 3)).toBe(2);
    expect(requestHeaderVersion(18, 9)).toBe(2); // unknown future ApiVersions: still flexible
    expect(requestHeaderVersion(7, 0)).toBe(0); // ControlledShutdown v0
    expect(requestHeaderVersion(0, 8)).toBe(1);
    expect(requestHeaderVersion(0, 9)).toBe(2);
    expect(requestHeaderVersion(9999, 0)).toBe(1);
  });
});
