/**
 * AUTH (v5 enhanced authentication). Not supported: CONNECT with an Authentication Method is
 * refused with 0x8C, so any AUTH packet is a protocol error [MQTT-4.12.0-7] and closes the
 * connection with DISCONNECT 0x82.
 *
 * @module
 */

import type { Connection } from "../connection.ts";
import { Reason } from "../reason_codes.ts";

/** Handle AUTH. */
export function handleAuth(c: Connection): void {
  c.close(Reason.ProtocolError);
}
