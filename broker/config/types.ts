/**
 * The typed broker configuration. Defaults and meanings live in `schema.ts`; this file is the
 * shape code receives after `parseConfig()`.
 *
 * @module
 */
import type { DurabilityPolicy, TimestampType } from "../log/types.ts";
import type { LogLevel } from "../observe/logger.ts";

/** One MQTT → Kafka mapping rule as written in the configuration file. */
export interface MqttRuleConfig {
  /** MQTT topic filter, e.g. `sensors/+/temp`. */
  filter: string;
  /** Kafka topic the matching publishes are stored in. */
  topic: string;
  /** Record key: `{segment:N}` (0-based topic level), `{clientid}`, `{topic}`, or absent for no key. */
  key?: string;
  /** Partitions when the rule's topic is auto-created. */
  partitions?: number;
  /** Payload handling: raw bytes, JSON validation, CBOR stored as JSON, CBOR validated and kept. */
  codec?: "raw" | "json" | "cbor-to-json" | "cbor";
  /** Deliver records produced by Kafka clients to MQTT subscribers (default true). */
  reverse?: boolean;
  /** MQTT topic for Kafka-produced records that carry no `mqtt.topic` header. */
  reverseTopic?: string;
}

/** A TLS listener's certificate files; an empty `certFile` means plain TCP. */
export interface TlsFilesConfig {
  certFile: string;
  keyFile: string;
  caFile: string;
  requestClientCert: boolean;
}

/** The Kafka TLS listener: certificate files plus its own port (Kafka's SSL listener). */
export interface KafkaTlsConfig extends TlsFilesConfig {
  /** TLS listener port (default 9093); equal to `kafka.port` = TLS only on that port. */
  port: number;
  /** Port advertised to clients connected over TLS; 0 = the TLS listener's port. */
  advertisedPort: number;
}

/** The MQTTS listener: certificate files plus its own port. */
export interface MqttTlsConfig extends TlsFilesConfig {
  /** MQTTS listener port (default 8883); equal to `mqtt.port` = TLS only on that port. */
  port: number;
}

export interface BrokerConfig {
  dataDir: string;
  nodeId: number;
  gatewayId: string;
  log: {
    durability: DurabilityPolicy;
    flushIntervalMs: number;
    diskBudgetBytes: number;
    retentionCheckIntervalMs: number;
    autoCreateTopics: boolean;
    defaultPartitions: number;
    topicDefaults: {
      retentionMs: number;
      retentionBytes: number;
      segmentBytes: number;
      segmentMs: number;
      maxMessageBytes: number;
      timestampType: TimestampType;
    };
  };
  kafka: {
    enabled: boolean;
    host: string;
    port: number;
    advertisedHost: string;
    advertisedPort: number;
    tls: KafkaTlsConfig;
    maxRequestBytes: number;
    maxConnections: number;
    maxInflightRequests: number;
    firstRequestTimeoutMs: number;
    requestTimeoutMs: number;
  };
  mqtt: {
    enabled: boolean;
    host: string;
    port: number;
    maxPacketBytes: number;
    maxConnections: number;
    connectTimeoutMs: number;
    receiveMaximum: number;
    maxInflight: number;
    maxQueuedMessages: number;
    maxQueuedBytes: number;
    maxKeepAliveSeconds: number;
    tls: MqttTlsConfig;
    rules: MqttRuleConfig[];
  };
  /** Limits shared by the listeners and the topic registry (see README, Limits). */
  limits: {
    maxConnections: number;
    addressConnectionsPerMinute: number;
    addressConnectionBurst: number;
    addressRateExempt: string[];
    maxTopics: number;
    maxPartitions: number;
  };
  http: {
    enabled: boolean;
    host: string;
    port: number;
    adminToken: string;
  };
  auth: {
    allowAnonymous: boolean;
  };
  /** Upstream mirroring section, validated by `bridge/` when it starts; null = off. */
  bridge: Record<string, unknown> | null;
  logging: {
    level: LogLevel;
    format: "text" | "json";
  };
}
