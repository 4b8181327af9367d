/**
 * Typed MQTT control packets as the rest of the broker sees them: plain objects whose binary
 * fields are `Uint8Array` (never Node's `Buffer`). Shapes follow `mqtt-packet` so the codec
 * maps field for field; user properties are an ordered list of pairs because MQTT 5 allows
 * repeated keys and their order is significant [MQTT-3.3.2-18].
 *
 * @module
 */

export type QoS = 0 | 1 | 2;
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

export interface WillMessage {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  properties?: PublishProperties & { willDelayInterval?: number };
}

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

export interface AckPacket {
  cmd: "puback" | "pubrec" | "pubrel" | "pubcomp";
  messageId: number;
  reasonCode?: number;
  properties?: ReasonProperties;
}

export interface SubscriptionRequest {
  topic: string;
  qos: QoS;
  nl: boolean;
  rap: boolean;
  rh: 0 | 1 | 2;
}

export interface SubscribePacket {
  cmd: "subscribe";
  messageId: number;
  subscriptions: SubscriptionRequest[];
  properties?: { subscriptionIdentifier?: number; userProperties?: UserProperties };
}

export interface SubackPacket {
  cmd: "suback";
  messageId: number;
  granted: number[];
  properties?: ReasonProperties;
}

export interface UnsubscribePacket {
  cmd: "unsubscribe";
  messageId: number;
  unsubscriptions: string[];
  properties?: { userProperties?: UserProperties };
}

export interface UnsubackPacket {
  cmd: "unsuback";
  messageId: number;
  granted: number[];
  properties?: ReasonProperties;
}

export interface PingPacket {
  cmd: "pingreq" | "pingresp";
}

export interface DisconnectPacket {
  cmd: "disconnect";
  reasonCode?: number;
  properties?: ReasonProperties & { sessionExpiryInterval?: number; serverReference?: string };
}

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
