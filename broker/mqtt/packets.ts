/**
 * Typed MQTT control packets as the rest of the broker sees them: plain objects whose binary
 * fields are `Uint8Array` (never Node's `Buffer`). Shapes follow `mqtt-packet` so the codec
 * maps field for field; user properties are an ordered list of pairs because MQTT 5 allows
 * repeated keys and their order is significant [MQTT-3.3.2-18].
 *
 * @module
 */

export type QoS = 0 | 1 | 2;
/** 3 = MQTT 3.1, 4 = 3.1.1, 5 = 5.0 (the protocol level byte of CONNECT). */
export type ProtocolVersion = 3 | 4 | 5;
/** MQTT 5 user properties in wire order; keys may repeat. */
export type UserProperties = Array<[string, string]>;

/** PUBLISH (and will) message properties [MQTT-3.3.2.3]. */
export interface PublishProperties {
  payloadFormatIndicator?: boolean;
  messageExpiryInterval?: number;
  topicAlias?: number;
  responseTopic?: string;
  correlationData?: Uint8Array;
  userProperties?: UserProperties;
  subscriptionIdentifier?: number[];
  contentType?: string;
}

/** The will carried by CONNECT [MQTT-3.1.2-7]. */
export interface WillMessage {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  properties?: PublishProperties & { willDelayInterval?: number };
}

/** CONNECT (client → server). */
export interface ConnectPacket {
  cmd: "connect";
  protocolId: string;
  protocolVersion: ProtocolVersion;
  clientId: string;
  clean: boolean;
  keepalive: number;
  username?: string;
  password?: Uint8Array;
  will?: WillMessage;
  properties?: {
    sessionExpiryInterval?: number;
    receiveMaximum?: number;
    maximumPacketSize?: number;
    topicAliasMaximum?: number;
    requestResponseInformation?: boolean;
    requestProblemInformation?: boolean;
    userProperties?: UserProperties;
    authenticationMethod?: string;
    authenticationData?: Uint8Array;
  };
}

/** CONNACK (server → client). */
export interface ConnackPacket {
  cmd: "connack";
  sessionPresent: boolean;
  /** v3 return code or v5 reason code. */
  reasonCode: number;
  properties?: {
    sessionExpiryInterval?: number;
    receiveMaximum?: number;
    maximumQoS?: number;
    retainAvailable?: boolean;
    maximumPacketSize?: number;
    assignedClientIdentifier?: string;
    topicAliasMaximum?: number;
    reasonString?: string;
    userProperties?: UserProperties;
    wildcardSubscriptionAvailable?: boolean;
    subscriptionIdentifiersAvailable?: boolean;
    sharedSubscriptionAvailable?: boolean;
    serverKeepAlive?: number;
    responseInformation?: string;
    authenticationMethod?: string;
    authenticationData?: Uint8Array;
  };
}

/** PUBLISH (both directions). `messageId` only for QoS > 0. */
export interface PublishPacket {
  cmd: "publish";
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  dup: boolean;
  retain: boolean;
  messageId?: number;
  properties?: PublishProperties;
}

/** Reason-only properties shared by acks, SUBACK, UNSUBACK. */
export interface ReasonProperties {
  reasonString?: string;
  userProperties?: UserProperties;
}

/** PUBACK, PUBREC, PUBREL, PUBCOMP. */
export interface AckPacket {
  cmd: "puback" | "pubrec" | "pubrel" | "pubcomp";
  messageId: number;
  reasonCode?: number;
  properties?: ReasonProperties;
}

/** One filter of a SUBSCRIBE with its options (nl, rap, rh are v5; false/0 on v3). */
export interface SubscriptionRequest {
  topic: string;
  qos: QoS;
  nl: boolean;
  rap: boolean;
  rh: 0 | 1 | 2;
}

/** SUBSCRIBE (client → server). */
export interface SubscribePacket {
  cmd: "subscribe";
  messageId: number;
  subscriptions: SubscriptionRequest[];
  properties?: { subscriptionIdentifier?: number; userProperties?: UserProperties };
}

/** SUBACK: one granted QoS or failure code per filter, in order. */
export interface SubackPacket {
  cmd: "suback";
  messageId: number;
  granted: number[];
  properties?: ReasonProperties;
}

/** UNSUBSCRIBE (client → server). */
export interface UnsubscribePacket {
  cmd: "unsubscribe";
  messageId: number;
  unsubscriptions: string[];
  properties?: { userProperties?: UserProperties };
}

/** UNSUBACK: v5 reason codes per filter (empty on v3). */
export interface UnsubackPacket {
  cmd: "unsuback";
  messageId: number;
  granted: number[];
  properties?: ReasonProperties;
}

/** PINGREQ / PINGRESP. */
export interface PingPacket {
  cmd: "pingreq" | "pingresp";
}

/** DISCONNECT (both directions on v5). */
export interface DisconnectPacket {
  cmd: "disconnect";
  reasonCode?: number;
  properties?: ReasonProperties & { sessionExpiryInterval?: number; serverReference?: string };
}

/** AUTH (v5 enhanced authentication; refused by this server). */
export interface AuthPacket {
  cmd: "auth";
  reasonCode: number;
  properties?: ReasonProperties & {
    authenticationMethod?: string;
    authenticationData?: Uint8Array;
  };
}

/** Every control packet. */
export type Packet =
  | ConnectPacket
  | ConnackPacket
  | PublishPacket
  | AckPacket
  | SubscribePacket
  | SubackPacket
  | UnsubscribePacket
  | UnsubackPacket
  | PingPacket
  | DisconnectPacket
  | AuthPacket;
