/**
 * PUBREC from a client (outbound QoS 2, step 2): answer PUBREL and remember that state
 * [MQTT-4.3.3-4]; a reason ≥ 0x80 ends the exchange without PUBREL. An unknown id gets
 * PUBREL 0x92 on v5 (v3: plain PUBREL) so the client can finish.
 *
 * @module
 */

import type { Connection } from "../connection.ts";
import type { AckPacket } from "../packets.ts";
import { Reason } from "../reason_codes.ts";

/** Handle PUBREC. */
export function handlePubrec(c: Connection, p: AckPacket): void {
  const failed = (p.reasonCode ?? 0) >= 0x80;
  if (c.session!.received(p.messageId, failed) || failed) return;
  c.send(
    c.v5
      ? { cmd: "pubrel", messageId: p.messageId, reasonCode: Reason.PacketIdentifierNotFound }
      : { cmd: "pubrel", messageId: p.messageId },
  );
}
