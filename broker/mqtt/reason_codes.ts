/**
 * MQTT 5 reason codes (spec §2.4) and the MQTT 3.1.1 CONNACK return codes they map to.
 *
 * @module
 */

/** MQTT 5 reason codes used by this broker. */
export const Reason = {
  Success: 0x00,
  GrantedQoS1: 0x01,
  GrantedQoS2: 0x02,
  DisconnectWithWill: 0x04,
  NoMatchingSubscribers: 0x10,
  NoSubscriptionExisted: 0x11,
  UnspecifiedError: 0x80,
  MalformedPacket: 0x81,
  ProtocolError: 0x82,
  ImplementationSpecificError: 0x83,
  UnsupportedProtocolVersion: 0x84,
  ClientIdentifierNotValid: 0x85,
  BadUserNameOrPassword: 0x86,
  NotAuthorized: 0x87,
  ServerUnavailable: 0x88,
  ServerBusy: 0x89,
  BadAuthenticationMethod: 0x8c,
  ServerShuttingDown: 0x8b,
  KeepAliveTimeout: 0x8d,
  SessionTakenOver: 0x8e,
  TopicFilterInvalid: 0x8f,
  TopicNameInvalid: 0x90,
  PacketIdentifierInUse: 0x91,
  PacketIdentifierNotFound: 0x92,
  ReceiveMaximumExceeded: 0x93,
  TopicAliasInvalid: 0x94,
  PacketTooLarge: 0x95,
  QuotaExceeded: 0x97,
  PayloadFormatInvalid: 0x99,
  QoSNotSupported: 0x9b,
  SharedSubscriptionsNotSupported: 0x9e,
  SubscriptionIdentifiersNotSupported: 0xa1,
  WildcardSubscriptionsNotSupported: 0xa2,
} as const;

/** Any of the {@link Reason} values. */
export type ReasonCode = (typeof Reason)[keyof typeof Reason];

/**
 * The MQTT 3.1.1 CONNACK return code for a v5 CONNACK reason [MQTT-3.2.2-*]:
 * 1 bad protocol, 2 identifier rejected, 3 server unavailable, 4 bad credentials,
 * 5 not authorized.
 */
export function v3ConnackCode(reason: number): number {
  switch (reason) {
    case Reason.Success:
      return 0;
    case Reason.UnsupportedProtocolVersion:
      return 1;
    case Reason.ClientIdentifierNotValid:
      return 2;
    case Reason.BadUserNameOrPassword:
      return 4;
    case Reason.NotAuthorized:
      return 5;
    default:
      return 3;
  }
}
