/**
 * Interop with an independent implementation: kafkajs 2.2.4 (a devDependency) encodes
 * requests at every version it speaks; our decoders must read them to the last byte and our
 * encoders must write the very same bytes back. For responses, kafkajs decodes what our
 * encoders write. kafkajs predates flexible versions, so this covers the old versions that
 * golden and round-trip tests cannot check against a second opinion.
 */
import { describe, expect, test } from "bun:test";
import { Buffer } from "node:buffer";
import { createRequire } from "node:module";
import {
  ByteReader,
  ByteWriter,
  decodeRequestHeader,
  encodeRequestHeader,
} from "../../../broker/kafka/protocol/mod.ts";
import { codecFor } from "./_samples.ts";

const require = createRequire(import.meta.url);
type Built = { request: { apiKey: number; apiVersion: number; encode(): Promise<unknown> } };
type Definitions = { versions: string[]; protocol(o: { version: number }): (args: unknown) => Built };
const kRequest = require("kafkajs/src/protocol/request") as (o: unknown) => Promise<{ buffer: Uint8Array }>;
const kRequests = (name: string): Definitions => require(`kafkajs/src/protocol/requests/${name}`) as Definitions;

const meta = new Uint8Array([0, 1, 0, 0, 0, 1, 0, 1, 116, 0, 0, 0, 0]);
/** One argument object with what every kafkajs request builder below may ask for. */
const ARGS: Record<string, unknown> = {
  acks: -1, timeout: 3000, transactionalId: null,
  topicData: [{ topic: "t", partitions: [{ partition: 0, messages: [{ key: "k", value: "v", timestamp: 1700000000000 }] }] }],
  replicaId: -1, maxWaitTime: 100, minBytes: 1, maxBytes: 1048576, isolationLevel: 1, rackId: "rack",
  sessionId: 0, sessionEpoch: -1, forgottenTopics: [],
  topics: [{
    topic: "sensor-temp",
    partitions: [{ partition: 2, fetchOffset: "5", maxBytes: 4096, timestamp: "-1", offset: "7", metadata: "m" }],
  }],
  allowAutoTopicCreation: true,
  groupId: "g", groupGenerationId: 3, generationId: 3, memberId: "m-1", groupInstanceId: null,
  sessionTimeout: 30000, rebalanceTimeout: 60000, protocolType: "consumer",
  groupProtocols: [{ name: "range", metadata: meta }],
  groupAssignment: [{ memberId: "m-1", memberAssignment: meta }],
  members: [{ memberId: "m-1", groupInstanceId: null }],
  retentionTime: -1, coordinatorKey: "g", coordinatorType: 0, groupIds: ["g", "h"],
  mechanism: "PLAIN", authBytes: Buffer.from([0, 0, 0, 4, 0, 117, 0, 112]), // kafkajs passes length-prefixed bytes, transactionTimeout: 60000,
  resources: [{ type: 2, name: "sensor-temp", configNames: ["retention.ms"], configEntries: [{ name: "retention.ms", value: "1000" }] }],
  includeSynonyms: true, validateOnly: false,
  topicPartitions: [{ topic: "sensor-temp", count: 4 }],
};

const CREATE_TOPICS = {
  topics: [{ topic: "new", numPartitions: 3, replicationFactor: 1, configEntries: [{ name: "cleanup.policy", value: "compact" }] }],
};
const DELETE_TOPICS = { topics: ["old"] };
const DELETE_RECORDS = { topics: [{ topic: "t", partitions: [{ partition: 0, offset: "10" }] }] };
const OFFSET_FETCH = { groupId: "g", topics: [{ topic: "t", partitions: [{ partition: 0 }] }] };

const APIS: [kafkajsDir: string, ourName: string, override?: Record<string, unknown> | unknown[]][] = [
  ["produce", "Produce"], ["fetch", "Fetch"], ["listOffsets", "ListOffsets"], ["metadata", "Metadata", { topics: ["a", "b"] }],
  ["offsetCommit", "OffsetCommit"], ["offsetFetch", "OffsetFetch", OFFSET_FETCH], ["findCoordinator", "FindCoordinator"],
  ["joinGroup", "JoinGroup"], ["heartbeat", "Heartbeat"], ["leaveGroup", "LeaveGroup"], ["syncGroup", "SyncGroup"],
  ["describeGroups", "DescribeGroups"], ["listGroups", "ListGroups"], ["saslHandshake", "SaslHandshake"],
  ["apiVersions", "ApiVersions"], ["createTopics", "CreateTopics", CREATE_TOPICS], ["deleteTopics", "DeleteTopics", DELETE_TOPICS],
  ["deleteRecords", "DeleteRecords", DELETE_RECORDS], ["initProducerId", "InitProducerId"],
  ["describeConfigs", "DescribeConfigs"], ["alterConfigs", "AlterConfigs"], ["saslAuthenticate", "SaslAuthenticate"],
  ["createPartitions", "CreatePartitions"], ["deleteGroups", "DeleteGroups", ["g", "h"]],
];

describe("kafkajs requests decode and re-encode byte for byte", () => {
  for (const [dir, name, override] of APIS) {
    test(`${name} (kafkajs ${dir})`, async () => {
      const defs = kRequests(dir);
      const { encode, decode } = codecFor(`${name}Request`);
      expect(defs.versions.length).toBeGreaterThan(0);
      for (const v of defs.versions.map(Number)) {
        const built = defs.protocol({ version: v })(Array.isArray(override) ? override : { ...ARGS, ...override });
        const framed = (await kRequest({ correlationId: 11, clientId: "kafkajs", request: built.request })).buffer;
        const frame = new Uint8Array(framed).subarray(4);
        const r = new ByteReader(frame);
        const h = decodeRequestHeader(r);
        expect([h.requestApiVersion, h.correlationId, h.clientId]).toEqual([v, 11, "kafkajs"]);
        const body = decode(r, v);
        expect({ name, v, left: r.remaining }).toEqual({ name, v, left: 0 });
        const w = new ByteWriter();
        encodeRequestHeader(w, h);
        encode(w, body, v);
        expect({ name, v, bytes: w.finish() }).toEqual({ name, v, bytes: frame });
      }
    });
  }
});

type KResponse = { decode(b: Buffer): Promise<Record<string, unknown>> };
const kDecode = (dir: string, v: number, bytes: Uint8Array): Promise<Record<string, unknown>> =>
  (require(`kafkajs/src/protocol/requests/${dir}/v${v}/response`) as KResponse).decode(Buffer.from(bytes));

function encoded(name: string, message: unknown, v: number): Uint8Array {
  const w = new ByteWriter({ zeroCopyThreshold: 16 });
  codecFor(name).encode(w, message, v);
  return w.finish();
}

/** A real RecordBatch (key "k", value "v") as kafkajs's producer builds it. */
async function kafkajsRecordBatch(): Promise<Uint8Array> {
  const built = kRequests("produce").protocol({ version: 3 })(ARGS);
  const frame = new Uint8Array((await kRequest({ correlationId: 1, clientId: "k", request: built.request })).buffer).subarray(4);
  const r = new ByteReader(frame);
  decodeRequestHeader(r);
  const req = codecFor("ProduceRequest").decode(r, 3) as { topicData: { partitionData: { records: Uint8Array }[] }[] };
  return req.topicData[0]!.partitionData[0]!.records.slice();
}

describe("kafkajs decodes our responses", () => {
  test("ApiVersions v0-2", async () => {
    for (const v of [0, 1, 2]) {
      const res = await kDecode("apiVersions", v, encoded("ApiVersionsResponse", {
        errorCode: 0, apiKeys: [{ apiKey: 3, minVersion: 0, maxVersion: 12 }], throttleTimeMs: 5,
      }, v));
      expect(res["apiVersions"]).toEqual([{ apiKey: 3, minVersion: 0, maxVersion: 12 }]);
    }
  });

  test("Metadata v0-6", async () => {
    for (let v = 0; v <= 6; v++) {
      const res = await kDecode("metadata", v, encoded("MetadataResponse", {
        brokers: [{ nodeId: 1, host: "gw.local", port: 9092, rack: null }], clusterId: "c", controllerId: 1,
        topics: [{ errorCode: 0, name: "t", partitions: [{ errorCode: 0, partitionIndex: 2, leaderId: 1, replicaNodes: [1], isrNodes: [1] }] }],
      }, v));
      expect(JSON.stringify(res["brokers"])).toContain('"host":"gw.local","port":9092');
      expect(JSON.stringify(res["topicMetadata"])).toContain('"topic":"t"');
      expect(JSON.stringify(res["topicMetadata"])).toContain('"partitionId":2,"leader":1,"replicas":[1],"isr":[1]');
    }
  });

  test("Produce v0-7", async () => {
    for (let v = 0; v <= 7; v++) {
      const res = await kDecode("produce", v, encoded("ProduceResponse", {
        responses: [{ name: "t", partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 42n, logStartOffset: 3n }] }],
        throttleTimeMs: 0,
      }, v));
      // kafkajs calls the field "offset" in v0, "baseOffset" later.
      expect(JSON.stringify(res["topics"])).toMatch(/"topicName":"t","partitions":\[\{"partition":0,"errorCode":0,"(base)?[oO]ffset":"42"/);
    }
  });

  test("Fetch v4-v11 carry kafkajs record batches back to kafkajs", async () => {
    const records = await kafkajsRecordBatch();
    for (let v = 4; v <= 11; v++) {
      const res = await kDecode("fetch", v, encoded("FetchResponse", {
        responses: [{ topic: "t", partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: 1n, abortedTransactions: null, records }] }],
      }, v));
      const p = (res["responses"] as { partitions: { messages: { key: Buffer; value: Buffer }[] }[] }[])[0]!.partitions[0]!;
      expect([String(p.messages[0]!.key), String(p.messages[0]!.value)]).toEqual(["k", "v"]);
    }
  });

  test("group APIs: FindCoordinator, JoinGroup, OffsetFetch, ListOffsets", async () => {
    const fc = await kDecode("findCoordinator", 2, encoded("FindCoordinatorResponse", { errorCode: 0, nodeId: 1, host: "h", port: 9092 }, 2));
    expect(fc["coordinator"]).toEqual({ nodeId: 1, host: "h", port: 9092 });
    const jg = await kDecode("joinGroup", 5, encoded("JoinGroupResponse", {
      errorCode: 0, generationId: 2, protocolName: "range", leader: "m", memberId: "m",
      members: [{ memberId: "m", groupInstanceId: null, metadata: new Uint8Array([1, 2]) }],
    }, 5));
    expect([jg["generationId"], jg["groupProtocol"], jg["leaderId"]]).toEqual([2, "range", "m"]);
    const of = await kDecode("offsetFetch", 4, encoded("OffsetFetchResponse", {
      topics: [{ name: "t", partitions: [{ partitionIndex: 0, committedOffset: 9n, metadata: "md", errorCode: 0 }] }], errorCode: 0,
    }, 4));
    expect(JSON.stringify(of["responses"])).toBe('[{"topic":"t","partitions":[{"partition":0,"offset":"9","metadata":"md","errorCode":0}]}]');
    const lo = await kDecode("listOffsets", 3, encoded("ListOffsetsResponse", {
      topics: [{ name: "t", partitions: [{ partitionIndex: 0, errorCode: 0, timestamp: 1n, offset: 99n }] }],
    }, 3));
    expect(JSON.stringify(lo["responses"])).toContain('"offset":"99"');
  });
});
