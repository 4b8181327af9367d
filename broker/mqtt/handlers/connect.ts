/**
 * CONNECT (MQTT 3.1, 3.1.1, 5.0): authenticate, take over a live connection with the same
 * client id (old one gets DISCONNECT 0x8E [MQTT-3.1.4-3]), start or resume the session
 * (Clean Start / Clean Session [MQTT-3.1.2-4..6]), negotiate limits, answer CONNACK, then
 * resend in-flight messages with DUP [MQTT-4.4.0-1].
 *
 * v5 CONNACK advertises Receive Maximum, Maximum Packet Size, Topic Alias Maximum, the
 * Assigned Client Identifier, Server Keep Alive and a capped Session Expiry Interval.
 *
 * @module
 */

import { encodePacket } from "../codec.ts";
import type { Connection } from "../connection.ts";
import type { ConnackPacket, ConnectPacket } from "../packets.ts";
import { Reason, v3ConnackCode } from "../reason_codes.ts";
import { validateTopicName } from "../topic_filter.ts";

function refuse(c: Connection, reason: number): void {
  c.ctx.metrics.connectionsRefused.inc();
  const code = c.v5 ? reason : v3ConnackCode(reason);
  c.send({ cmd: "connack", sessionPresent: false, reasonCode: code });
  c.close(); // [MQTT-3.2.2-7] close after a refusing CONNACK
}

/** Handle CONNECT. */
export async function handleConnect(c: Connection, p: ConnectPacket): Promise<void> {
  const { ctx } = c;
  if (c.state !== "new") return c.close(Reason.ProtocolError); // [MQTT-3.1.0-2]
  c.protocolVersion = p.protocolVersion;
  const props = p.properties ?? {};
  let clientId = p.clientId;
  let assigned = false;
  if (clientId === "") {
    // v3.1.1 [MQTT-3.1.3-8]: an empty id needs Clean Session; 3.1 has no empty ids.
    if (p.protocolVersion === 3 || (p.protocolVersion === 4 && !p.clean)) {
      return refuse(c, Reason.ClientIdentifierNotValid);
    }
    clientId = ctx.assignClientId();
    assigned = true;
  }
  if (clientId.length > ctx.limits.maxClientIdLength) return refuse(c, Reason.ClientIdentifierNotValid);
  if (c.v5 && (props.receiveMaximum === 0 || props.maximumPacketSize === 0)) {
    return refuse(c, Reason.ProtocolError); // zero is a protocol error (§3.1.2.11.3, §3.1.2.11.4)
  }
  if (props.authenticationMethod !== undefined) return refuse(c, Reason.BadAuthenticationMethod); // [MQTT-4.12.0-1]
  if (p.will && p.will.qos > 2) return c.close(Reason.MalformedPacket); // [MQTT-3.1.2-14] Will QoS 3
  if (p.will && validateTopicName(p.will.topic)) return refuse(c, Reason.TopicNameInvalid);

  const auth = await ctx.hooks.authenticate({
    clientId,
    username: p.username,
    password: p.password,
    remoteAddress: c.socket.remoteAddress,
    protocolVersion: p.protocolVersion,
    certificateCN: c.socket.peerCertificate?.subjectCN,
  });
  if (c.state !== "new") return;
  if (auth !== true) return refuse(c, auth);

  c.clientReceiveMaximum = props.receiveMaximum ?? 65535;
  if (props.maximumPacketSize !== undefined) c.clientMaxPacketSize = props.maximumPacketSize;
  c.clientTopicAliasMaximum = c.v5 ? props.topicAliasMaximum ?? 0 : 0;
  const requestedExpiry = c.v5 ? props.sessionExpiryInterval ?? 0 : p.clean ? 0 : ctx.limits.v3SessionExpiry;
  const expiry = Math.min(requestedExpiry, ctx.limits.maxSessionExpiry);
  const maxKeepAlive = ctx.limits.maxKeepAlive;
  let keepalive = p.keepalive;
  let serverKeepAlive: number | undefined;
  if (c.v5 && maxKeepAlive > 0 && (keepalive === 0 || keepalive > maxKeepAlive)) {
    keepalive = maxKeepAlive;
    serverKeepAlive = maxKeepAlive; // [MQTT-3.2.2-21] the client must use it
  }

  const connack: ConnackPacket = { cmd: "connack", sessionPresent: false, reasonCode: Reason.Success };
  if (c.v5) {
    connack.properties = {
      receiveMaximum: ctx.limits.receiveMaximum,
      maximumPacketSize: ctx.limits.maxPacketSize,
      topicAliasMaximum: ctx.limits.topicAliasMaximum,
      retainAvailable: true,
      wildcardSubscriptionAvailable: true,
      subscriptionIdentifiersAvailable: true,
      sharedSubscriptionAvailable: true,
    };
    if (assigned) connack.properties.assignedClientIdentifier = clientId; // [MQTT-3.2.2-16]
    if (serverKeepAlive !== undefined) connack.properties.serverKeepAlive = serverKeepAlive;
    if (expiry !== requestedExpiry) connack.properties.sessionExpiryInterval = expiry;
  }
  // A CONNACK over the client's Maximum Packet Size could not be sent [MQTT-3.1.2-24]: refuse
  // now rather than leave the client waiting for it on an open connection.
  if (encodePacket(connack, c.protocolVersion).length > c.clientMaxPacketSize) return refuse(c, Reason.PacketTooLarge);

  const previous = ctx.byClientId.get(clientId);
  if (previous && previous !== c) previous.close(Reason.SessionTakenOver); // [MQTT-3.1.4-3]

  const engine = ctx.engine;
  let session = engine.sessions.get(clientId);
  if (session && p.clean) {
    ctx.lifecycle.connected(clientId, false);
    engine.deleteSession(session); // [MQTT-3.1.2-4] Clean Start discards the old session
    session = undefined;
  } else ctx.lifecycle.connected(clientId, session !== undefined);
  const present = session !== undefined; // [MQTT-3.2.2-2] [MQTT-3.2.2-3]
  if (!session && engine.sessions.size >= ctx.limits.maxSessions) return refuse(c, Reason.QuotaExceeded);
  if (!session) {
    session = engine.newSession(clientId, expiry);
    engine.sessions.set(clientId, session);
  }
  session.expiryInterval = expiry;
  session.protocolVersion = p.protocolVersion;

  c.clientId = clientId;
  c.session = session;
  if (p.will) c.will = p.will;
  c.keepalive = keepalive;
  c.connected();
  ctx.byClientId.set(clientId, c);
  void engine.persistence.saveSession(session)?.catch(() => {});

  connack.sessionPresent = present;
  c.send(connack);
  ctx.logger.debug("mqtt client connected", {
    clientId,
    version: p.protocolVersion,
    cleanStart: p.clean,
    sessionPresent: present,
    remote: c.socket.remoteAddress,
  });
  c.startKeepAlive();
  session.resume(c);
}
