/**
 * PUBCOMP from a client (outbound QoS 2 done): release the packet id and stored copy, then
 * refill the in-flight window [MQTT-4.3.3-*]. Unknown ids are ignored.
 *
 * @module
 */

import type { Connection } from "../connection.ts";
import type { AckPacket } from "../packets.ts";

/** Handle PUBCOMP. */
export function handlePubcomp(c: Connection, p: AckPacket): void {
  c.session!.complete(p.messageId, "released");
}
