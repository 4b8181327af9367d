/**
 * MQTT ⇄ Kafka routing: mapping rules, payload codecs, Kafka's murmur2 partitioner, the
 * batched ingest appender and the Kafka → MQTT tailer.
 *
 * @module
 */

export { compileRules, defaultRules, type MappingRule } from "./rules.ts";
export { applyPayloadCodec, type PayloadCodecName } from "./payload_codec.ts";
export { murmur2, partitionForKey, toPositive } from "./murmur2.ts";
export { Ingest } from "./ingest.ts";
export { KafkaToMqtt } from "./kafka_to_mqtt.ts";
