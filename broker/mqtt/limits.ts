/**
 * Tunable limits of the MQTT server, with defaults sized for a Raspberry Pi class gateway.
 *
 * @module
 */

/** Limits of the MQTT server; every field has a default in {@link defaultMqttLimits}. */
export interface MqttLimits {
  /** Largest packet accepted from a client (bytes); advertised as Maximum Packet Size. */
  maxPacketSize: number;
  /** Receive Maximum advertised to v5 clients: QoS 1/2 publishes in flight from one client. */
  receiveMaximum: number;
  /** Cap on QoS 1/2 messages in flight to one client (min with the client's Receive Maximum). */
  maxInflight: number;
  /** QoS 1/2 messages queued per session beyond the in-flight window; the oldest is dropped when full. */
  maxQueuedMessages: number;
  /** Payload bytes of queued QoS 1/2 messages per session; the oldest is dropped beyond it. */
  maxQueuedBytes: number;
  /** Sessions (online + offline); a CONNECT needing a new one beyond this gets 0x97 / rc 3. */
  maxSessions: number;
  /** Subscriptions per session; more get 0x97 quota exceeded (v3: 0x80). */
  maxSubscriptionsPerSession: number;
  /** Retained topics; a retained PUBLISH for a new topic beyond this is not retained (counted). */
  maxRetainedMessages: number;
  /**
   * Bytes of accepted publishes not yet durable in the log, across all clients; above it the
   * server stops reading from publishers until half has drained (TCP backpressure).
   */
  maxIngestPendingBytes: number;
  /** Segment size of the internal state topics `__mqtt_sessions` and `__mqtt_retained`. */
  stateSegmentBytes: number;
  /** Encoded bytes waiting on a socket above which QoS 0 messages to it are dropped. */
  maxPendingBytes: number;
  /** Topic Alias Maximum advertised to v5 clients (0 disables inbound aliases). */
  topicAliasMaximum: number;
  /** Largest keep-alive allowed (seconds); v5 clients asking for more get Server Keep Alive. 0 = no cap. */
  maxKeepAlive: number;
  /** Largest session expiry interval granted (seconds). */
  maxSessionExpiry: number;
  /** Seconds a v3.1.1 clean-session=0 session survives offline (MQTT 3 has no expiry). */
  v3SessionExpiry: number;
  /** Client ids longer than this are refused (0x85). */
  maxClientIdLength: number;
  /** How a shared subscription group picks a member. */
  sharedSubscriptionStrategy: "round-robin" | "least-loaded";
  /** Milliseconds a connection may take to send a complete CONNECT (slowloris bound). */
  connectTimeoutMs: number;
  /** Simultaneous connections; a CONNECT beyond it gets CONNACK server busy (v5 0x89, v3 3). 0 = no limit. */
  maxConnections: number;
}

/**
 * Defaults: 1 MiB packets, 100 in flight, 1,000 messages / 16 MiB queued per session,
 * never-expiring v3 sessions.
 */
export const defaultMqttLimits: MqttLimits = {
  maxPacketSize: 1024 * 1024,
  receiveMaximum: 100,
  maxInflight: 100,
  maxQueuedMessages: 1000,
  maxQueuedBytes: 16 * 1024 * 1024,
  maxSessions: 100_000,
  maxSubscriptionsPerSession: 1000,
  maxRetainedMessages: 100_000,
  maxPendingBytes: 1024 * 1024,
  stateSegmentBytes: 8 * 1024 * 1024,
  maxIngestPendingBytes: 64 * 1024 * 1024,
  topicAliasMaximum: 32,
  maxKeepAlive: 0,
  maxSessionExpiry: 0xffffffff,
  v3SessionExpiry: 0xffffffff,
  maxClientIdLength: 256,
  sharedSubscriptionStrategy: "round-robin",
  connectTimeoutMs: 10_000,
  maxConnections: 10_000,
};

/** Merge partial limits over the defaults. */
export function resolveLimits(partial: Partial<MqttLimits> | undefined): MqttLimits {
  return { ...defaultMqttLimits, ...partial };
}
