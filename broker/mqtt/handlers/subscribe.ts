/**
 * SUBSCRIBE: validate each filter ([MQTT-4.7.1-*], shared syntax [MQTT-4.8.2-*]), authorize,
 * add or replace the subscription [MQTT-3.8.4-3], answer SUBACK with one code per filter in
 * order [MQTT-3.8.4-6] once a persistent session's subscriptions are durable, then send
 * matching retained messages per Retain Handling.
 *
 * Failure codes: v5 0x8F topic filter invalid / 0x87 not authorized; v3 0x80.
 * No Local on a shared subscription is a protocol error [MQTT-3.8.3-4].
 *
 * @module
 */

import type { Connection } from "../connection.ts";
import type { SubscribePacket } from "../packets.ts";
import { Reason } from "../reason_codes.ts";
import type { Subscription } from "../subscription_tree.ts";
import { parseFilter } from "../topic_filter.ts";

/** Handle SUBSCRIBE. */
export async function handleSubscribe(c: Connection, p: SubscribePacket): Promise<void> {
  const { ctx } = c;
  const session = c.session!;
  const identifier = c.v5 ? p.properties?.subscriptionIdentifier : undefined;
  if (identifier === 0) return c.close(Reason.ProtocolError); // Subscription Identifier 1..268,435,455
  if (p.messageId === 0) return c.close(Reason.MalformedPacket); // [MQTT-2.2.1-3] non-zero packet id
  if (p.subscriptions.length === 0) return c.close(Reason.ProtocolError); // [MQTT-3.8.3-2] at least one filter
  const granted: number[] = [];
  const added: Array<[Subscription, boolean]> = [];
  for (const request of p.subscriptions) {
    const parsed = parseFilter(request.topic);
    if (typeof parsed === "string") {
      granted.push(c.v5 ? Reason.TopicFilterInvalid : 0x80);
      continue;
    }
    if (parsed.share !== undefined && request.nl) return c.close(Reason.ProtocolError); // [MQTT-3.8.3-4]
    // A synchronous hook answer is used in the same turn: awaiting it would yield to other
    // connections, and a PUBLISH read after this SUBSCRIBE could then miss the subscription.
    const decision = ctx.hooks.authorizeSubscribe(c.clientId, request.topic, request.qos);
    // Anything but a boolean (a promise, or a promise-like from another realm) is awaited, and
    // only `true` allows: an authorization answer never fails open.
    const allowed = typeof decision === "boolean" ? decision : await decision;
    if (c.state === "closed") return;
    if (allowed !== true) {
      granted.push(c.v5 ? Reason.NotAuthorized : 0x80);
      continue;
    }
    if (!session.subscriptions.has(request.topic) && session.subscriptions.size >= ctx.limits.maxSubscriptionsPerSession) {
      granted.push(c.v5 ? Reason.QuotaExceeded : 0x80);
      continue;
    }
    const sub: Subscription = {
      clientId: c.clientId,
      rawFilter: request.topic,
      filter: parsed.filter,
      share: parsed.share,
      qos: request.qos,
      noLocal: c.v5 && request.nl,
      retainAsPublished: c.v5 && request.rap,
      retainHandling: c.v5 ? request.rh : 0,
      identifier,
    };
    added.push([sub, ctx.engine.subscribe(session, sub)]);
    granted.push(request.qos); // granted QoS = requested; the server supports QoS 2
  }
  // A persistent session's subscriptions are durable before SUBACK, so a power cut cannot
  // silently drop a subscription the client saw granted.
  await ctx.engine.persistence.saveSession(session)?.catch((error) => {
    ctx.logger.warn("mqtt subscription not persisted", { clientId: c.clientId, error });
  });
  if (c.closed) return;
  c.send({ cmd: "suback", messageId: p.messageId, granted });
  for (const [sub, existed] of added) ctx.engine.sendRetained(session, sub, existed);
}
