/**
 * PUBLISH from a client (QoS 0/1/2, v3.1.1 and v5).
 *
 * Checks: topic alias range and resolution [MQTT-3.3.2-8] [MQTT-3.3.2-9], topic name validity
 * [MQTT-3.3.2-2], Receive Maximum (the client's duty, [MQTT-3.3.4-7]), authorization. A QoS 2 packet id already
 * awaiting PUBREL is a retransmission: answered with PUBREC, not published again
 * [MQTT-4.3.3-10]. PUBACK/PUBREC leave after the log append and persistent copies are durable,
 * in arrival order (what [MQTT-4.6.0-2] [MQTT-4.6.0-3] ask of clients).
 *
 * Refusals: v5 gets the reason code (0x87 not authorized, 0x99 payload format invalid, 0x80
 * when the append failed). v3.1.1 cannot carry one, so per v3.1.1 [MQTT-3.3.5-2] the server answers
 * with a normal positive ack and drops the message (a device would otherwise resend a poison
 * message forever); a failed append closes the v3 connection so the client retries.
 *
 * @module
 */

import { PUBACK_FIRST_BYTE, PUBREC_FIRST_BYTE } from "../codec.ts";
import type { Connection } from "../connection.ts";
import { messageFromPublish } from "../message.ts";
import type { PublishPacket } from "../packets.ts";
import { Reason } from "../reason_codes.ts";
import type { Session } from "../session.ts";
import { validateTopicName } from "../topic_filter.ts";

/** Handle PUBLISH. Synchronous unless the authorization hook returns a promise. */
export function handlePublish(c: Connection, p: PublishPacket): void | Promise<void> {
  const { ctx } = c;
  const session = c.session!;
  let topic = p.topic;
  const alias = c.v5 ? p.properties?.topicAlias : undefined;
  if (alias !== undefined) {
    if (alias === 0 || alias > ctx.limits.topicAliasMaximum) return c.close(Reason.TopicAliasInvalid);
    if (topic === "") {
      const known = c.inboundAliases.get(alias);
      if (known === undefined) return c.close(Reason.ProtocolError); // unknown alias, empty topic
      topic = known;
    } else c.inboundAliases.set(alias, topic);
  }
  // A device repeats its topic: the decoder hands back the same string, checked once.
  if (topic !== c.lastValidTopic) {
    const problem = validateTopicName(topic);
    // v5 §3.3.2.1: a zero-length Topic Name without a Topic Alias is a Protocol Error.
    if (problem) return c.close(problem === "empty" ? Reason.ProtocolError : Reason.TopicNameInvalid);
    c.lastValidTopic = topic;
  }
  const qos = p.qos;
  const id = p.messageId ?? 0;
  if (qos > 0 && id === 0) return c.close(Reason.MalformedPacket); // [MQTT-2.2.1-3]
  if (qos === 0 && p.dup) return c.close(Reason.MalformedPacket); // [MQTT-3.3.1-2]

  if (qos === 2 && session.inboundQos2.has(id)) {
    // A retransmission (e.g. after a reconnect) is answered once the first copy is durable,
    // with that copy's outcome: never a success PUBREC for a message the log did not take.
    ack(c, "pubrec", id, qos2Durable.get(session)?.get(id), Reason.Success);
    return;
  }
  // Receive Maximum is MQTT 5's [MQTT-3.3.4-7]; v3.1.1 has none, so a v3 client with more
  // publishes in flight is not disconnected but not read from until its acks go out (below).
  if (qos > 0 && ++c.inboundPending > ctx.limits.receiveMaximum && c.v5) {
    ctx.limitReporter.refused("mqtt", "receive-maximum", "mqtt.receiveMaximum", { clientId: c.clientId });
    return c.close(Reason.ReceiveMaximumExceeded);
  }
  const allowed = ctx.hooks.authorizePublish(c.clientId, topic, qos);
  if (typeof allowed !== "boolean") {
    return allowed.then((ok) => {
      if (!c.closed) accept(c, p, topic, ok);
      return backpressure(c);
    });
  }
  accept(c, p, topic, allowed);
  return backpressure(c);
}

/**
 * When the log is behind, stop reading from this publisher until it catches up; a v3.1.1
 * publisher with `receiveMaximum` acks waiting is not read from until one has gone out.
 */
function backpressure(c: Connection): Promise<void> | undefined {
  const ingest = c.ctx.engine.ingest;
  if (ingest?.saturated) return ingest.drained();
  if (c.v5) return undefined;
  const waiting = c.whenAcksBelow(c.ctx.limits.receiveMaximum);
  if (waiting) c.ctx.limitReporter.backpressure("mqtt", "receive-maximum");
  return waiting;
}

function accept(c: Connection, p: PublishPacket, topic: string, allowed: boolean): void {
  const { ctx } = c;
  const session = c.session!;
  const qos = p.qos;
  const id = p.messageId ?? 0;
  if (!allowed) return refuse(c, qos, id, Reason.NotAuthorized);
  // Received when its socket read arrived (one clock read per read, not per message).
  const now = c.lastActivity;
  const message = messageFromPublish(p, topic, c.clientId, now);
  const outcome = ctx.engine.publish(message, c.clientId, now);
  if (outcome.refused !== undefined) {
    ctx.logger.debug("mqtt payload refused", { clientId: c.clientId, topic, reason: outcome.refused });
    return refuse(c, qos, id, Reason.PayloadFormatInvalid);
  }
  if (qos === 0) return; // the engine reports a failed append
  let durable = outcome.durable;
  if (qos === 2) {
    session.inboundQos2.add(id);
    const w = ctx.engine.persistence.addQos2(session, id);
    if (w) durable = Promise.all([durable, w]).then(() => {});
    trackQos2(c, session, id, durable);
  }
  // QoS 1 waits on the engine's promise as is: publishes of one log batch share it, so their
  // acks cost one reaction per batch, not one promise chain per message.
  ack(c, qos === 1 ? "puback" : "pubrec", id, durable, Reason.Success);
}

/** QoS 2 packet ids of a session whose first copy is not yet durable, and what it waits on. */
const qos2Durable = new WeakMap<Session, Map<number, Promise<void>>>();

/**
 * Remember `durable` for a retransmission of `id` until it settles. A failure forgets the id,
 * in memory and in the session store, whatever became of the connection that sent it (it may
 * have closed meanwhile), so a retransmission, even after a restart, is published again
 * rather than taken for the failed copy.
 */
function trackQos2(c: Connection, session: Session, id: number, durable: Promise<void>): void {
  let pending = qos2Durable.get(session);
  if (!pending) qos2Durable.set(session, (pending = new Map()));
  pending.set(id, durable);
  const settled = (failed: boolean) => {
    if (pending.get(id) !== durable) return;
    pending.delete(id);
    if (!failed) return;
    session.inboundQos2.delete(id);
    void c.ctx.engine.persistence.removeQos2(session, id)?.catch(() => {});
  };
  durable.then(() => settled(false), () => settled(true));
}

/**
 * The ack code for a failed append. A record the log can never take (over
 * `max.message.bytes`) gets v5 0x83 and, on v3, a positive ack (retrying cannot succeed);
 * anything else (disk full, I/O error) gets 0x80, and a v3 connection is closed so the client
 * retries later.
 */
function failureReason(c: Connection, error: unknown): number {
  const name = (error as { name?: string }).name;
  if (name === "RecordTooLargeError") {
    return c.v5 ? Reason.ImplementationSpecificError : Reason.Success;
  }
  // The rule's topic could not be created (limits.maxTopics / maxPartitions): nothing stored.
  if (name === "TopicLimitError") return c.v5 ? Reason.QuotaExceeded : Reason.Success;
  return Reason.UnspecifiedError;
}

/**
 * A message not taken: v5 gets `reason`; v3.1.1 gets a normal ack and the message is dropped.
 * A v3 QoS 2 exchange then runs its course (PUBREL → PUBCOMP), so the id is remembered.
 */
function refuse(c: Connection, qos: number, id: number, reason: number): void {
  if (qos === 0) return;
  if (!c.v5 && qos === 2) c.session!.inboundQos2.add(id);
  ack(c, qos === 1 ? "puback" : "pubrec", id, undefined, c.v5 ? reason : Reason.Success);
}

/**
 * Queue an ack behind earlier ones so acks leave in arrival order: `success` once `wait` (if
 * any) resolves, the code for the failure otherwise.
 */
function ack(c: Connection, cmd: "puback" | "pubrec", id: number, wait: Promise<void> | undefined, success: number): void {
  c.queueAck(wait, (failure) => {
    if (c.state === "closed") return;
    const reason = failure === undefined ? success : failureReason(c, failure.error);
    if (!c.v5 && reason === Reason.UnspecifiedError) return c.close(); // v3 cannot say it: close
    if (reason === Reason.Success || !c.v5) c.sendSuccessAck(cmd === "puback" ? PUBACK_FIRST_BYTE : PUBREC_FIRST_BYTE, id);
    else c.send({ cmd, messageId: id, reasonCode: reason });
    // PUBACK, or a failed PUBREC, ends the exchange for Receive Maximum [MQTT-3.3.4-7].
    if (cmd === "puback" || reason >= 0x80) c.inboundPending = Math.max(0, c.inboundPending - 1);
    if (cmd === "pubrec" && reason >= 0x80) c.session?.inboundQos2.delete(id);
  });
}
