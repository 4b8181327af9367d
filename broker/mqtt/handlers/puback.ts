/**
 * PUBACK from a client (outbound QoS 1 done): release the packet id and the stored copy,
 * then move the next queued message into flight [MQTT-4.3.2-*]. Unknown ids are ignored.
 *
 * @module
 */

import type { Connection } from "../connection.ts";
import type { AckPacket } from "../packets.ts";

/** Handle PUBACK. */
export function handlePuback(c: Connection, p: AckPacket): void {
  c.session!.complete(p.messageId, "sent");
}
