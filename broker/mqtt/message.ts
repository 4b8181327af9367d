/**
 * An application message inside the broker: what a PUBLISH (or a will, or a Kafka record)
 * carries once the connection-specific parts (packet id, topic alias, DUP) are stripped.
 *
 * @module
 */

import type { PublishPacket, PublishProperties, QoS } from "./packets.ts";

/** One application message, shared (read-only) by every subscriber it is delivered to. */
export interface Message {
  topic: string;
  /**
   * From a PUBLISH, a view of the publisher's socket chunk until the engine keeps the message
   * (retained, queued), when it is replaced by a copy (`publish_codec.ts`, `ownedCopy`).
   */
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  /** Forwarded unaltered, minus topicAlias and subscriptionIdentifier [MQTT-3.3.2-*]. */
  properties: PublishProperties;
  /** Absolute expiry time (ms since epoch) from Message Expiry Interval, if any. */
  expiresAt: number | undefined;
  /** Client id of the publisher, for No Local [MQTT-3.8.3-3]; undefined for Kafka records. */
  origin: string | undefined;
}

/** The properties of a PUBLISH that carried none (shared; messages never modify theirs). */
const NO_PROPERTIES: PublishProperties = Object.freeze({});

/** Build a message from an inbound PUBLISH (topic already resolved from any alias). */
export function messageFromPublish(
  packet: PublishPacket,
  topic: string,
  origin: string | undefined,
  now: number,
): Message {
  let props: PublishProperties = NO_PROPERTIES;
  let expiry: number | undefined;
  if (packet.properties !== undefined) {
    // A rest copy, not `delete`s: deleting turns the object into a slow dictionary on V8.
    const { topicAlias: _alias, subscriptionIdentifier: _ids, messageExpiryInterval, ...kept } = packet.properties;
    props = kept;
    expiry = messageExpiryInterval;
  }
  return {
    topic,
    payload: packet.payload,
    qos: packet.qos,
    retain: packet.retain,
    properties: props,
    expiresAt: expiry === undefined ? undefined : now + expiry * 1000,
    origin,
  };
}

/** True when the message's expiry interval has passed [MQTT-3.3.2-5]. */
export function isExpired(message: Message, now: number): boolean {
  return message.expiresAt !== undefined && message.expiresAt <= now;
}

/**
 * The PUBLISH to send to a subscriber: expiry rewritten to the time left [MQTT-3.3.2-6],
 * subscription identifiers attached [MQTT-3.3.4-3]. v3 peers get no properties.
 */
export function publishFor(
  message: Message,
  options: {
    qos: QoS;
    retain: boolean;
    dup: boolean;
    messageId: number | undefined;
    subscriptionIds: readonly number[];
    v5: boolean;
    now: number;
  },
): PublishPacket {
  const packet: PublishPacket = {
    cmd: "publish",
    topic: message.topic,
    payload: message.payload,
    qos: options.qos,
    dup: options.dup,
    retain: options.retain,
  };
  if (options.messageId !== undefined) packet.messageId = options.messageId;
  if (options.v5) {
    const props: PublishProperties = { ...message.properties };
    if (message.expiresAt !== undefined) {
      props.messageExpiryInterval = Math.max(1, Math.ceil((message.expiresAt - options.now) / 1000));
    }
    if (options.subscriptionIds.length > 0) props.subscriptionIdentifier = [...options.subscriptionIds];
    if (Object.keys(props).length > 0) packet.properties = props;
  }
  return packet;
}
