/**
 * UNSUBSCRIBE: remove each subscription (matched by the exact filter string, shared prefix
 * included [MQTT-3.10.4-1]) and answer UNSUBACK [MQTT-3.10.4-4]; v5 gives one code per filter
 * (0x00 success, 0x11 no subscription existed, 0x8F invalid filter).
 *
 * @module
 */

import type { Connection } from "../connection.ts";
import type { UnsubscribePacket } from "../packets.ts";
import { Reason } from "../reason_codes.ts";
import { parseFilter } from "../topic_filter.ts";

/** Handle UNSUBSCRIBE. */
export function handleUnsubscribe(c: Connection, p: UnsubscribePacket): void {
  const session = c.session!;
  if (p.messageId === 0) return c.close(Reason.MalformedPacket); // [MQTT-2.2.1-3]
  if (p.unsubscriptions.length === 0) return c.close(Reason.ProtocolError); // [MQTT-3.10.3-2]
  const codes: number[] = [];
  for (const raw of p.unsubscriptions) {
    if (typeof parseFilter(raw) === "string") {
      codes.push(Reason.TopicFilterInvalid);
      continue;
    }
    codes.push(c.ctx.engine.unsubscribe(session, raw) ? Reason.Success : Reason.NoSubscriptionExisted);
  }
  void c.ctx.engine.persistence.saveSession(session)?.catch(() => {});
  c.send({ cmd: "unsuback", messageId: p.messageId, granted: c.v5 ? codes : [] });
}
