/**
 * Every configuration key of the broker: its type, default and meaning, in one table.
 *
 * The table is the single source for `parseConfig()` (validation and defaults), for the CLI's
 * flags and `TRIBUTARY_*` environment variables, and for the documented example file. A key is a
 * dotted path into {@link BrokerConfig}; structured values (MQTT mapping rules) carry their own
 * validator.
 *
 * @module
 */

export type KeyKind =
  | { type: "string"; allowEmpty?: boolean }
  | { type: "integer"; min: number; max: number }
  | { type: "boolean" }
  | { type: "enum"; values: readonly string[] }
  | { type: "list" } // array validated by the key's own `validate`
  | { type: "section" }; // object owned and validated by the component that reads it (or null)

export interface KeySpec {
  path: string;
  kind: KeyKind;
  default: unknown;
  doc: string;
  /** Extra validation; returns a message saying what was expected, or `undefined`. */
  validate?: (value: unknown) => string | undefined;
}

const MiB = 1024 * 1024;
const day = 24 * 60 * 60 * 1000;
const port = { type: "integer", min: 0, max: 65535 } as const;
const bytes = (min: number) => ({ type: "integer", min, max: Number.MAX_SAFE_INTEGER }) as const;
/** A count limit where 0 means "no limit". */
const count = { type: "integer", min: 0, max: 10_000_000 } as const;

function stringList(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined; // "expected a list" is reported already
  if (value.some((v) => typeof v !== "string" || v === "")) return "expected a list of addresses such as [\"127.0.0.1\", \"::1\"]";
  return undefined;
}

/** All keys, in the order the example file documents them. */
export const configKeys: readonly KeySpec[] = [
  { path: "dataDir", kind: { type: "string" }, default: "./data", doc: "Directory of the log, topic metadata and state (on the SD card)." },
  { path: "nodeId", kind: { type: "integer", min: 0, max: 2 ** 31 - 1 }, default: 0, doc: "Kafka broker id advertised in Metadata." },
  { path: "gatewayId", kind: { type: "string" }, default: "gateway", doc: "This gateway's name (bridge topic prefix, provenance headers, metrics)." },

  { path: "log.durability", kind: { type: "enum", values: ["group-commit", "interval", "none"] }, default: "group-commit", doc: "group-commit: acks wait for a shared fdatasync; interval: fdatasync every log.flushIntervalMs, ack after write; none: page cache only." },
  { path: "log.flushIntervalMs", kind: { type: "integer", min: 1, max: 3_600_000 }, default: 1000, doc: "fdatasync period under the interval policy." },
  { path: "log.diskBudgetBytes", kind: bytes(0), default: 0, doc: "Upper bound for the data directory; oldest closed segments are deleted beyond it, even if not yet mirrored. 0 = no budget." },
  { path: "log.retentionCheckIntervalMs", kind: { type: "integer", min: 100, max: day }, default: 30_000, doc: "How often retention and the disk budget are enforced." },
  { path: "log.autoCreateTopics", kind: { type: "boolean" }, default: true, doc: "Create unknown topics on first produce or metadata request." },
  { path: "log.defaultPartitions", kind: { type: "integer", min: 1, max: 10_000 }, default: 1, doc: "Partitions of auto-created topics." },
  { path: "log.topicDefaults.retentionMs", kind: { type: "integer", min: -1, max: Number.MAX_SAFE_INTEGER }, default: 7 * day, doc: "retention.ms of new topics (-1 = forever)." },
  { path: "log.topicDefaults.retentionBytes", kind: { type: "integer", min: -1, max: Number.MAX_SAFE_INTEGER }, default: -1, doc: "retention.bytes per partition of new topics (-1 = unlimited)." },
  { path: "log.topicDefaults.segmentBytes", kind: { type: "integer", min: 14, max: 2 ** 31 - 1 }, default: 64 * MiB, doc: "segment.bytes of new topics: segments roll at this size." },
  { path: "log.topicDefaults.segmentMs", kind: { type: "integer", min: 1, max: Number.MAX_SAFE_INTEGER }, default: 7 * day, doc: "segment.ms of new topics: segments roll at this age." },
  { path: "log.topicDefaults.maxMessageBytes", kind: { type: "integer", min: 0, max: 2 ** 31 - 1 }, default: MiB + 12, doc: "max.message.bytes of new topics: the largest record batch accepted." },
  { path: "log.topicDefaults.timestampType", kind: { type: "enum", values: ["CreateTime", "LogAppendTime"] }, default: "CreateTime", doc: "message.timestamp.type of new topics." },

  { path: "kafka.enabled", kind: { type: "boolean" }, default: true, doc: "Serve the Kafka wire protocol." },
  { path: "kafka.host", kind: { type: "string" }, default: "0.0.0.0", doc: "Kafka listener address." },
  { path: "kafka.port", kind: port, default: 9092, doc: "Kafka listener port." },
  { path: "kafka.advertisedHost", kind: { type: "string", allowEmpty: true }, default: "", doc: "Host clients are told to connect to (Metadata). Empty: 127.0.0.1 when listening on all addresses, else kafka.host." },
  { path: "kafka.advertisedPort", kind: port, default: 0, doc: "Port advertised in Metadata; 0 = the listener's port." },
  { path: "kafka.tls.certFile", kind: { type: "string", allowEmpty: true }, default: "", doc: "PEM certificate chain: when set, a TLS listener (security.protocol=SSL or SASL_SSL) serves kafka.tls.port beside the plaintext kafka.port." },
  { path: "kafka.tls.port", kind: port, default: 9093, doc: "Kafka TLS listener port (with kafka.tls.certFile). Equal to kafka.port: that port speaks TLS only and there is no plaintext listener." },
  { path: "kafka.tls.advertisedPort", kind: port, default: 0, doc: "Port advertised in Metadata to clients connected over TLS; 0 = kafka.tls.port (each listener advertises its own port, like Kafka's advertised.listeners)." },
  { path: "kafka.tls.keyFile", kind: { type: "string", allowEmpty: true }, default: "", doc: "PEM private key of kafka.tls.certFile." },
  { path: "kafka.tls.caFile", kind: { type: "string", allowEmpty: true }, default: "", doc: "PEM CA bundle that client certificates must chain to (with kafka.tls.requestClientCert)." },
  { path: "kafka.tls.requestClientCert", kind: { type: "boolean" }, default: false, doc: "Ask Kafka clients for a certificate and verify it against kafka.tls.caFile (Bun only; Deno cannot request client certificates)." },
  { path: "kafka.maxRequestBytes", kind: bytes(1024), default: 100 * MiB, doc: "Largest request frame accepted (socket.request.max.bytes); a larger size prefix closes the connection, as Kafka does." },
  { path: "kafka.maxConnections", kind: count, default: 1000, doc: "Open Kafka connections (plaintext and TLS together); beyond it new ones are closed at accept. 0 = no limit." },
  { path: "kafka.maxInflightRequests", kind: { type: "integer", min: 1, max: 100_000 }, default: 100, doc: "Requests read from one connection and not yet answered; beyond it the broker stops reading from that socket until answers go out (backpressure, not an error)." },
  { path: "kafka.firstRequestTimeoutMs", kind: { type: "integer", min: 100, max: day }, default: 10_000, doc: "A new connection that has not sent one complete request within this time is closed (slowloris)." },
  { path: "kafka.requestTimeoutMs", kind: { type: "integer", min: 100, max: day }, default: 60_000, doc: "A request whose first bytes have arrived must be complete within this time, or the connection is closed (bytes trickling in)." },

  { path: "mqtt.enabled", kind: { type: "boolean" }, default: true, doc: "Serve MQTT 3.1.1 and 5.0." },
  { path: "mqtt.host", kind: { type: "string" }, default: "0.0.0.0", doc: "MQTT listener address." },
  { path: "mqtt.port", kind: port, default: 1883, doc: "MQTT listener port." },
  { path: "mqtt.maxPacketBytes", kind: bytes(64), default: MiB, doc: "Largest MQTT packet accepted (and Maximum Packet Size in CONNACK); a larger one closes the connection (v5: DISCONNECT 0x95)." },
  { path: "mqtt.maxConnections", kind: count, default: 10_000, doc: "Open MQTT connections; beyond it a CONNECT gets CONNACK server busy (v5 0x89, v3 3) and is closed. 0 = no limit." },
  { path: "mqtt.connectTimeoutMs", kind: { type: "integer", min: 100, max: day }, default: 10_000, doc: "A connection that has not sent a complete CONNECT within this time is closed (slowloris)." },
  { path: "mqtt.receiveMaximum", kind: { type: "integer", min: 1, max: 65_535 }, default: 100, doc: "QoS 1/2 publishes a client may have unacknowledged (Receive Maximum in CONNACK); a v5 client sending more gets DISCONNECT 0x93, a v3 client is not read from until acks go out." },
  { path: "mqtt.maxKeepAliveSeconds", kind: { type: "integer", min: 0, max: 65_535 }, default: 0, doc: "Largest keep-alive granted to MQTT 5 clients: one asking for more (or for 0 = none) is told this value as Server Keep Alive and must use it [MQTT-3.2.2-21]; 3.1.1 clients keep theirs (the protocol has no way to say so). 0 = no cap, like Mosquitto's default." },
  { path: "mqtt.maxInflight", kind: { type: "integer", min: 1, max: 65_535 }, default: 100, doc: "QoS 1/2 messages sent to one subscriber and not yet acknowledged (the smaller of this and the client's Receive Maximum); the rest wait in the session queue." },
  { path: "mqtt.maxQueuedMessages", kind: { type: "integer", min: 1, max: 10_000_000 }, default: 1000, doc: "QoS 1/2 messages queued per session beyond those in flight (an offline persistent session, or a subscriber slower than its publishers); when full the oldest is dropped and counted (reason queue-full), like Mosquitto's max_queued_messages." },
  { path: "mqtt.maxQueuedBytes", kind: bytes(1024), default: 16 * MiB, doc: "Payload bytes of a session's queued QoS 1/2 messages; beyond it the oldest are dropped the same way." },
  { path: "mqtt.tls.certFile", kind: { type: "string", allowEmpty: true }, default: "", doc: "PEM certificate chain: when set, a TLS listener (MQTTS) serves mqtt.tls.port beside the plaintext mqtt.port." },
  { path: "mqtt.tls.port", kind: port, default: 8883, doc: "MQTTS listener port (with mqtt.tls.certFile). Equal to mqtt.port: that port speaks TLS only and there is no plaintext listener." },
  { path: "mqtt.tls.keyFile", kind: { type: "string", allowEmpty: true }, default: "", doc: "PEM private key of mqtt.tls.certFile." },
  { path: "mqtt.tls.caFile", kind: { type: "string", allowEmpty: true }, default: "", doc: "PEM CA bundle that client certificates must chain to (with mqtt.tls.requestClientCert)." },
  { path: "mqtt.tls.requestClientCert", kind: { type: "boolean" }, default: false, doc: "Ask MQTTS clients for a certificate signed by mqtt.tls.caFile (refused without one); a certificate whose CN is a registered device logs in as that device. Bun only: Deno cannot request client certificates (devices/README.md)." },
  { path: "mqtt.rules", kind: { type: "list" }, default: [], doc: "Mapping rules, MQTT topic filter → Kafka topic, key and codec (see README, MQTT mapping)." },

  { path: "limits.maxConnections", kind: count, default: 20_000, doc: "Open connections across the MQTT and Kafka listeners together; beyond it new ones are refused like a listener's own limit. 0 = no limit." },
  { path: "limits.addressConnectionsPerMinute", kind: { type: "integer", min: 0, max: 1_000_000 }, default: 600, doc: "New connections per minute from one remote address (token bucket refill); beyond it and the burst, connections are closed at accept. 0 = no limit." },
  { path: "limits.addressConnectionBurst", kind: { type: "integer", min: 1, max: 1_000_000 }, default: 200, doc: "New connections one remote address may open at once after being quiet (the token bucket's size)." },
  { path: "limits.addressRateExempt", kind: { type: "list" }, default: ["127.0.0.1", "::1"], doc: "Remote addresses the per-address rate does not apply to (by default the gateway's own processes over loopback).", validate: stringList },
  { path: "limits.maxTopics", kind: count, default: 1000, doc: "Topics (internal ones not counted); creating more (auto-create, CreateTopics, MQTT rules, admin API) is refused: Kafka POLICY_VIOLATION, MQTT v5 0x97. 0 = no limit." },
  { path: "limits.maxPartitions", kind: count, default: 4000, doc: "Partitions of all topics together (internal ones not counted); creating or growing beyond it is refused like limits.maxTopics. 0 = no limit." },

  { path: "http.enabled", kind: { type: "boolean" }, default: true, doc: "Serve the admin HTTP API, metrics and dashboard." },
  { path: "http.host", kind: { type: "string" }, default: "0.0.0.0", doc: "Admin HTTP listener address." },
  { path: "http.port", kind: port, default: 8080, doc: "Admin HTTP listener port." },
  { path: "http.adminToken", kind: { type: "string", allowEmpty: true }, default: "", doc: "Bearer token required by the admin API (all but /healthz, /readyz, /metrics). Empty = no token." },

  { path: "auth.allowAnonymous", kind: { type: "boolean" }, default: true, doc: "Accept MQTT clients without a user name (allowed everywhere) and Kafka clients without SASL. false: MQTT clients must log in as a registered device, Kafka clients with SASL/PLAIN as one." },

  { path: "bridge", kind: { type: "section" }, default: null, doc: "Upstream mirroring to the central Kafka cluster; null = off. Validated by the bridge at start (see bridge/README.md): { upstream: { bootstrap: [\"host:port\"], tls?, sasl? }, topics: [{ match, upstreamTopic? }], downstream?, compression?, rateLimitBytesPerSecond?, ... }; gatewayId defaults to the top-level gatewayId." },

  { path: "logging.level", kind: { type: "enum", values: ["debug", "info", "warn", "error"] }, default: "info", doc: "Lowest level written." },
  { path: "logging.format", kind: { type: "enum", values: ["text", "json"] }, default: "text", doc: "text for terminals, json for log collectors." },
];

/** Look up a key by dotted path. */
export function findKey(path: string): KeySpec | undefined {
  return configKeys.find((k) => k.path === path);
}
