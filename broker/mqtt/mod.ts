/**
 * MQTT 3.1, 3.1.1 and 5.0 server of Tributary: sessions that survive restarts, QoS 0/1/2,
 * retained messages, wills, shared subscriptions, MQTT 5 properties, and the bridge to the
 * partitioned log through mapping rules (`broker/routing/`).
 *
 * @example
 * ```ts
 * import { startMqttServer } from "./broker/mqtt/mod.ts";
 * const server = await startMqttServer({ runtime, log, port: 1883 });
 * ```
 *
 * @module
 */

export {
  type MqttClientInfo,
  type MqttServer,
  type MqttServerOptions,
  RETAINED_TOPIC,
  SESSIONS_TOPIC,
  startMqttServer,
} from "./server.ts";
export { type MqttLimits, defaultMqttLimits } from "./limits.ts";
export { allowAllHooks, type AuthResult, type ConnectInfo, type MqttHooks } from "./hooks.ts";
export { type Clock, systemClock } from "./clock.ts";
export { Reason } from "./reason_codes.ts";
export { parseFilter, topicMatches, validateTopicFilter, validateTopicName } from "./topic_filter.ts";
export { encodePacket, MqttCodecError, PacketDecoder } from "./codec.ts";
export type { Packet, QoS } from "./packets.ts";
export { defaultRules, type MappingRule } from "../routing/rules.ts";
export type { PayloadCodecName } from "../routing/payload_codec.ts";
