/**
 * The invariant checks themselves: each one fails on the case it exists for (a check that
 * cannot fail would make the fuzz run prove nothing).
 */
import { describe, expect, test } from "bun:test";
import { encodePacket } from "../../broker/mqtt/codec.ts";
import { buildRecordBatch } from "../../broker/log/record_codec.ts";
import { checkAcked, checkKafkaLog, checkMemory, checkMqttLog } from "./broker_target.ts";
import { loadCorpus } from "./corpus.ts";
import { matchResponses, modelRequests } from "./kafka_oracle.ts";
import { modelClient, modelServer, mqttMessages, unanswered } from "./mqtt_oracle.ts";
import { concat, Rng } from "./rng.ts";
import { saslLogin } from "./sasl_prelude.ts";
import { runKafkaDecoder } from "./decoder_targets.ts";
import { startMemoryBroker } from "./memory_broker.ts";

const produce = loadCorpus().kafka.find((f) => f.name.startsWith("00_Produce"))!;

function response(correlationId: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setInt32(0, 4);
  view.setInt32(4, correlationId);
  return out;
}

describe("Kafka model", () => {
  test("a captured Produce is one request expecting an answer, with its batches", () => {
    const [q] = modelRequests(produce.bytes);
    expect(q?.apiKey).toBe(0);
    expect(q?.answered).toBe(true);
    expect(q?.produce?.flatMap((p) => p.batches).length).toBeGreaterThan(0);
  });

  test("with SASL, requests count only after a successful PLAIN login (raw token or SaslAuthenticate)", () => {
    const keys = (frames: Uint8Array[]) => modelRequests(concat(frames), true).map((q) => q.apiKey);
    const logins = Array.from({ length: 20 }, (_, seed) => saslLogin(new Rng(seed * 7919 + 1)));
    expect(new Set(logins.map((l) => keys([...l, produce.bytes]).join()))).toEqual(new Set(["17,-1,0", "17,36,0"]));
    expect(keys([...saslLogin(new Rng(1), true), produce.bytes]).includes(0)).toBe(false);
    expect(keys([produce.bytes])).toEqual([]);
    expect(modelRequests(produce.bytes, false).map((q) => q.apiKey)).toEqual([0]);
  });

  test("a response with another correlation id is reported", () => {
    const requests = modelRequests(produce.bytes);
    expect(matchResponses(requests, response(requests[0]!.correlationId + 1)).problem).toContain("correlation id");
    expect(matchResponses(requests, new Uint8Array(0))).toMatchObject({ answered: 0, expected: 1 });
  });

  test("a batch nobody acknowledged, or an acknowledged one missing, fails the log check", () => {
    const batch = buildRecordBatch([{ timestamp: 1, key: null, value: Uint8Array.of(1), headers: [] }]);
    const stored = [{ topic: "t", partition: 0, baseOffset: 0, bytes: batch }];
    expect(() => checkKafkaLog(stored, new Set())).toThrow("never acknowledged");
    expect(() => checkAcked([{ topic: "t", partition: 1, baseOffset: 0, batches: [batch] }], stored)).toThrow("not in the log");
  });

  test("a request with an absurd compact length is a clean decode error, not a violation", () => {
    // ApiVersions v3 with a client software name whose compact length is absurd: a clean KafkaDecodeError.
    const frame = Uint8Array.of(0, 0, 0, 12, 0, 18, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0xff);
    expect(() => runKafkaDecoder({ target: "kafka-decoder", seed: 0, connections: [[frame]] })).not.toThrow();
  });
});

describe("MQTT model", () => {
  const connect = encodePacket({ cmd: "connect", protocolId: "MQTT", protocolVersion: 4, clientId: "c", clean: true, keepalive: 0 }, 4);
  const publish = encodePacket({ cmd: "publish", topic: "a", payload: Uint8Array.of(7), qos: 1, dup: false, retain: false, messageId: 5 }, 4);
  const connack = encodePacket({ cmd: "connack", sessionPresent: false, reasonCode: 0 }, 4);
  const puback = encodePacket({ cmd: "puback", messageId: 5 }, 4);

  test("a CONNECT and a QoS 1 PUBLISH owe a CONNACK and a PUBACK", () => {
    const model = modelClient(concat([connect, publish]));
    expect(unanswered(model, modelServer(connack, model))).toEqual(["puback 0/1"]);
    expect(unanswered(model, modelServer(concat([connack, puback]), model))).toEqual([]);
  });

  test("an unacknowledged QoS 1 message in the log fails unless the broker closed the connection", () => {
    const model = modelClient(concat([connect, publish]));
    const answers = modelServer(connack, model);
    const record = buildRecordBatch([{ timestamp: 1, key: null, value: Uint8Array.of(7), headers: [{ key: "mqtt.topic", value: new TextEncoder().encode("a") }] }]);
    const stored = [{ topic: "mqtt-messages", partition: 0, baseOffset: 0, bytes: record }];
    const open = new Set<string>(), closed = new Set<string>();
    mqttMessages(model, answers, false, open, new Set());
    mqttMessages(model, answers, true, closed, new Set());
    expect(() => checkMqttLog(stored, open, new Set())).toThrow("never acknowledged");
    expect(() => checkMqttLog(stored, closed, new Set())).not.toThrow();
    const acked = new Set<string>();
    mqttMessages(model, modelServer(concat([connack, puback]), model), false, new Set(), acked);
    expect(() => checkMqttLog([], closed, acked)).toThrow("PUBACKed message is not in the log");
  });
});

describe("memory bound", () => {
  test("a committed-peak jump far beyond the input's size is a violation", () => {
    const input = { target: "kafka-broker" as const, seed: 0, connections: [[new Uint8Array(1000)]] };
    expect(() => checkMemory(100 << 20, (100 << 20) + (8 << 20), input)).not.toThrow();
    expect(() => checkMemory(100 << 20, (100 << 20) + (100 << 20), input)).toThrow("committed memory peak grew");
  });
});

describe("broker faults", () => {
  test("errors and handler-failure warnings are recorded, other warnings are not", async () => {
    const b = await startMemoryBroker({ kafka: true, mqtt: false });
    try {
      b.kafka!.context.logger.warn("closing kafka connection", { reason: "malformed" });
      expect(b.faults).toEqual([]);
      b.kafka!.context.logger.error("kafka request failed; closing connection", { error: "TypeError: x" });
      expect(b.faults).toEqual(["kafka request failed; closing connection error=TypeError: x"]);
    } finally {
      await b.close();
    }
  });
});
