/**
 * PINGREQ: answer PINGRESP [MQTT-3.12.4-1]. Keep-alive is refreshed by any packet, in the
 * read loop.
 *
 * @module
 */

import type { Connection } from "../connection.ts";

/** Handle PINGREQ. */
export function handlePingreq(c: Connection): void {
  c.send({ cmd: "pingresp" });
}
