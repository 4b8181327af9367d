/**
 * The MQTT layer's metric series, created once at start-up (hot paths only add numbers).
 *
 * @module
 */

import type { Counter, MetricsRegistry } from "../observe/metrics.ts";

/** Why a message was not delivered to a subscriber. */
export type DropReason = "qos0-backlog" | "qos0-offline" | "queue-full" | "expired" | "too-large";

/** Counters of the MQTT server. */
export interface MqttMetrics {
  received: Counter;
  delivered: Counter;
  dropped: Record<DropReason, Counter>;
  payloadInvalid: Counter;
  unmapped: Counter;
  ingestFailed: Counter;
  fromKafka: Counter;
  fromKafkaSkipped: Counter;
  connectionsRefused: Counter;
  malformed: Counter;
}

/** Register the MQTT series on `registry`. */
export function createMqttMetrics(registry: MetricsRegistry): MqttMetrics {
  const dropped = (reason: DropReason) =>
    registry.counter("tributary_mqtt_messages_dropped_total", "Messages not delivered to a subscriber, by reason", { reason });
  return {
    received: registry.counter("tributary_mqtt_messages_received_total", "PUBLISH packets accepted from clients"),
    delivered: registry.counter("tributary_mqtt_messages_delivered_total", "PUBLISH packets sent to subscribers"),
    dropped: {
      "qos0-backlog": dropped("qos0-backlog"),
      "qos0-offline": dropped("qos0-offline"),
      "queue-full": dropped("queue-full"),
      expired: dropped("expired"),
      "too-large": dropped("too-large"),
    },
    payloadInvalid: registry.counter("tributary_mqtt_payload_invalid_total", "Publishes refused by their rule's payload codec"),
    unmapped: registry.counter("tributary_mqtt_unmapped_total", "Publishes matching no mapping rule (not written to the log)"),
    ingestFailed: registry.counter("tributary_mqtt_ingest_failed_total", "Publishes whose log append failed"),
    fromKafka: registry.counter("tributary_mqtt_from_kafka_total", "Kafka records delivered to MQTT subscribers"),
    fromKafkaSkipped: registry.counter(
      "tributary_mqtt_from_kafka_skipped_total",
      "Kafka records in mapped topics with no usable MQTT topic (no mqtt.topic header and none derivable)",
    ),
    connectionsRefused: registry.counter("tributary_mqtt_connections_refused_total", "CONNECTs refused"),
    malformed: registry.counter("tributary_mqtt_malformed_total", "Connections closed for malformed or oversize packets"),
  };
}
