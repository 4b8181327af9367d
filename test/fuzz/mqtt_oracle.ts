/**
 * What an MQTT connection's bytes ask for, and what the broker's answers acknowledge: the model
 * the broker target checks its invariants against. Client packets are decoded with the
 * broker's own codec, up to the first packet after which the broker must stop reading
 * (malformed, a second CONNECT, DISCONNECT).
 */
import { PacketDecoder, PROTOCOL_MAX_PACKET_SIZE } from "../../broker/mqtt/codec.ts";
import type { ConnectPacket, Packet, ProtocolVersion } from "../../broker/mqtt/packets.ts";
import { topicMatches } from "../../broker/mqtt/topic_filter.ts";
import { hex } from "./log_snapshot.ts";

/** Reply each client packet type calls for. */
const REPLY: Partial<Record<string, string>> = {
  connect: "connack",
  pubrel: "pubcomp",
  subscribe: "suback",
  unsubscribe: "unsuback",
  pingreq: "pingresp",
};

export interface MqttModel {
  connect: ConnectPacket | undefined;
  /** Packets the broker reads, in order (CONNECT first when valid). */
  packets: Packet[];
  /** Replies owed, by packet type (e.g. { connack: 1, puback: 2 }). */
  owed: Map<string, number>;
}

/** Decode the client's stream the way the broker will. */
export function modelClient(sent: Uint8Array): MqttModel {
  const decoder = new PacketDecoder({ maxPacketSize: 256 * 1024 });
  const packets: Packet[] = [];
  let connect: ConnectPacket | undefined;
  try {
    decoder.feed(sent);
    for (let p = decoder.next(); p; p = decoder.next()) {
      if (!connect) {
        if (p.cmd !== "connect") break; // [MQTT-3.1.0-1]
        connect = p;
        decoder.maxPacketSize = 1024 * 1024;
      } else if (p.cmd === "connect") break; // [MQTT-3.1.0-2]
      packets.push(p);
      if (p.cmd === "disconnect") break;
    }
  } catch {
    // malformed from here on: the broker closes
  }
  const owed = new Map<string, number>();
  for (const p of packets) {
    const reply = p.cmd === "publish" ? (p.qos === 1 ? "puback" : p.qos === 2 ? "pubrec" : undefined) : REPLY[p.cmd];
    if (reply) owed.set(reply, (owed.get(reply) ?? 0) + 1);
  }
  return { connect, packets, owed };
}

export interface MqttAnswers {
  /** Packets the broker sent, decoded. */
  packets: Packet[];
  /** CONNACK with success. */
  accepted: boolean;
  /** Keep-alive in force (the server's override if it sent one). */
  keepalive: number;
  /** PUBACK/PUBREC in the order sent (acks leave in arrival order [MQTT-4.6.0-2]). */
  acks: Array<{ messageId: number | undefined; ok: boolean }>;
  problem: string | undefined;
}

/** Decode what the broker sent back. */
export function modelServer(received: Uint8Array, model: MqttModel): MqttAnswers {
  const version: ProtocolVersion = model.connect?.protocolVersion === 5 ? 5 : model.connect?.protocolVersion === 3 ? 3 : 4;
  const packets: Packet[] = [];
  let problem: string | undefined;
  const decode = (v: ProtocolVersion) => {
    const decoder = new PacketDecoder({ maxPacketSize: PROTOCOL_MAX_PACKET_SIZE, protocolVersion: v });
    decoder.feed(received);
    const out: Packet[] = [];
    for (let p = decoder.next(); p; p = decoder.next()) out.push(p);
    return out;
  };
  try {
    packets.push(...decode(version));
  } catch (error) {
    // An unsupported level is refused with a CONNACK in the other version's form.
    try {
      packets.push(...decode(version === 5 ? 4 : 5));
    } catch {
      problem = `the broker sent bytes its own codec cannot decode: ${String(error)}`;
    }
  }
  const connack = packets.find((p) => p.cmd === "connack");
  const accepted = connack?.cmd === "connack" && connack.reasonCode === 0;
  let keepalive = model.connect?.keepalive ?? 0;
  if (connack?.cmd === "connack" && connack.properties?.serverKeepAlive !== undefined) keepalive = connack.properties.serverKeepAlive;
  const acks: MqttAnswers["acks"] = [];
  for (const p of packets) {
    if (p.cmd === "puback" || p.cmd === "pubrec") acks.push({ messageId: p.messageId, ok: (p.reasonCode ?? 0) < 0x80 });
  }
  if (packets.filter((p) => p.cmd === "connack").length > 1) problem ??= "more than one CONNACK";
  return { packets, accepted, keepalive, acks, problem };
}

/** Replies owed but not sent (empty when every request was answered). */
export function unanswered(model: MqttModel, answers: MqttAnswers): string[] {
  const sent = new Map<string, number>();
  for (const p of answers.packets) sent.set(p.cmd, (sent.get(p.cmd) ?? 0) + 1);
  const missing: string[] = [];
  for (const [cmd, n] of model.owed) if ((sent.get(cmd) ?? 0) < n) missing.push(`${cmd} ${sent.get(cmd) ?? 0}/${n}`);
  return missing;
}

/** Identity of a message in the log: MQTT topic and payload. */
export function messageKey(topic: string, payload: Uint8Array | null): string {
  return `${topic}\u0000${hex(payload ?? new Uint8Array(0))}`;
}

/**
 * Messages this connection may have put in the log (`allowed`) and those the broker
 * acknowledged as durable (`acked`, QoS 1 only: a QoS 2 resend with a held id is rightly not
 * stored again). A QoS 1/2 publish may be in the log without its ack only when the broker
 * closed the connection before the ack could go out (at least once: the client resends).
 */
export function mqttMessages(model: MqttModel, answers: MqttAnswers, serverClosed: boolean, allowed: Set<string>, acked: Set<string>): void {
  if (!answers.accepted) return;
  const will = model.connect?.will;
  if (will) allowed.add(messageKey(will.topic, will.payload));
  const aliases = new Map<number, string>();
  let ackIndex = 0;
  for (const p of model.packets) {
    if (p.cmd !== "publish") continue;
    const alias = p.properties?.topicAlias;
    let topic = p.topic;
    if (alias !== undefined) {
      if (topic) aliases.set(alias, topic);
      else topic = aliases.get(alias) ?? "";
    }
    const key = messageKey(topic, p.payload);
    const ack = p.qos > 0 ? answers.acks[ackIndex++] : undefined;
    const ackedOk = ack !== undefined && ack.ok && ack.messageId === p.messageId;
    if (p.qos === 0 || serverClosed || ackedOk) allowed.add(key);
    // Only topics a mapping rule logs (the fuzz broker's default rule is `#`, which no `$`
    // topic matches [MQTT-4.7.2-1]); unmapped messages are acknowledged and not logged.
    if (p.qos === 1 && ackedOk && topicMatches("#", topic)) acked.add(key);
  }
}
