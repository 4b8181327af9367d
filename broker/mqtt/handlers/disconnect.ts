/**
 * DISCONNECT from a client. Reason 0x00 (or any v3 DISCONNECT) discards the will
 * [MQTT-3.1.2-10] [MQTT-3.14.4-3]; v5 reason 0x04 keeps it. A v5 Session Expiry Interval may
 * be updated, except from 0 to non-zero, which is a protocol error (§3.14.2.2.2). The server
 * answers nothing and closes the connection.
 *
 * @module
 */

import type { Connection } from "../connection.ts";
import type { DisconnectPacket } from "../packets.ts";
import { Reason } from "../reason_codes.ts";

/** Handle DISCONNECT. */
export function handleDisconnect(c: Connection, p: DisconnectPacket): void {
  const session = c.session!;
  const expiry = c.v5 ? p.properties?.sessionExpiryInterval : undefined;
  if (expiry !== undefined) {
    if (session.expiryInterval === 0 && expiry !== 0) return c.close(Reason.ProtocolError);
    session.expiryInterval = Math.min(expiry, c.ctx.limits.maxSessionExpiry);
  }
  c.normalDisconnect = !c.v5 || (p.reasonCode ?? 0) !== Reason.DisconnectWithWill;
  c.close();
}
