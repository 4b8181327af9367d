/**
 * PUBREL from a client (inbound QoS 2, step 3): forget the packet id and answer PUBCOMP
 * [MQTT-4.3.3-11]; an unknown id gets PUBCOMP 0x92 on v5 (v3: plain PUBCOMP).
 *
 * @module
 */

import type { Connection } from "../connection.ts";
import type { AckPacket } from "../packets.ts";
import { Reason } from "../reason_codes.ts";

/** Handle PUBREL. */
export function handlePubrel(c: Connection, p: AckPacket): void {
  const session = c.session!;
  const known = session.inboundQos2.delete(p.messageId);
  if (known) {
    void c.ctx.engine.persistence.removeQos2(session, p.messageId)?.catch(() => {});
    c.inboundPending = Math.max(0, c.inboundPending - 1);
  }
  c.queueAck(undefined, () => {
    if (c.state === "closed") return;
    c.send(
      known || !c.v5
        ? { cmd: "pubcomp", messageId: p.messageId }
        : { cmd: "pubcomp", messageId: p.messageId, reasonCode: Reason.PacketIdentifierNotFound },
    );
  });
}
