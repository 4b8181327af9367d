/**
 * Authentication and authorization hooks, supplied from outside (the device registry) and
 * called by the CONNECT, PUBLISH and SUBSCRIBE handlers. The default allows everything.
 *
 * @module
 */

import type { QoS } from "./packets.ts";

/** Who is connecting. */
export interface ConnectInfo {
  clientId: string;
  username: string | undefined;
  password: Uint8Array | undefined;
  remoteAddress: string;
  protocolVersion: 3 | 4 | 5;
  /** CN of the client certificate the TLS listener verified (`mqtt.tls.requestClientCert`). */
  certificateCN?: string | undefined;
}

/** Outcome of {@link MqttHooks.authenticate}: `true`, or an MQTT 5 CONNACK reason code. */
export type AuthResult = true | number;

/** Access decisions; every method may be synchronous or return a promise. */
export interface MqttHooks {
  /** Accept or refuse a CONNECT (e.g. 0x86 bad user name or password, 0x87 not authorized). */
  authenticate(info: ConnectInfo): AuthResult | Promise<AuthResult>;
  /** May this client publish to `topic`? Refusal: v5 PUBACK/PUBREC 0x87, v3 silently dropped. */
  authorizePublish(clientId: string, topic: string, qos: QoS): boolean | Promise<boolean>;
  /** May this client subscribe to `filter` (raw, with any `$share/` prefix)? Refusal: 0x87 / 0x80. */
  authorizeSubscribe(clientId: string, filter: string, qos: QoS): boolean | Promise<boolean>;
}

/** Allows every client, publish and subscription. */
export const allowAllHooks: MqttHooks = {
  authenticate: () => true,
  authorizePublish: () => true,
  authorizeSubscribe: () => true,
};
