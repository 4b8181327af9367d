/**
 * The thin dispatcher: one switch from packet type to handler. The first packet must be
 * CONNECT [MQTT-3.1.0-1]; packets only a server sends are protocol errors.
 *
 * @module
 */

import type { Connection } from "./connection.ts";
import { handleAuth } from "./handlers/auth.ts";
import { handleConnect } from "./handlers/connect.ts";
import { handleDisconnect } from "./handlers/disconnect.ts";
import { handlePingreq } from "./handlers/pingreq.ts";
import { handlePuback } from "./handlers/puback.ts";
import { handlePubcomp } from "./handlers/pubcomp.ts";
import { handlePublish } from "./handlers/publish.ts";
import { handlePubrec } from "./handlers/pubrec.ts";
import { handlePubrel } from "./handlers/pubrel.ts";
import { handleSubscribe } from "./handlers/subscribe.ts";
import { handleUnsubscribe } from "./handlers/unsubscribe.ts";
import type { Packet } from "./packets.ts";
import { Reason } from "./reason_codes.ts";

/** Route one decoded packet to its handler. */
export function dispatch(c: Connection, packet: Packet): void | Promise<void> {
  if (c.state === "new") {
    if (packet.cmd === "connect") return handleConnect(c, packet);
    return c.close(); // [MQTT-3.1.0-1]
  }
  switch (packet.cmd) {
    case "publish":
      return handlePublish(c, packet);
    case "puback":
      return handlePuback(c, packet);
    case "pubrec":
      return handlePubrec(c, packet);
    case "pubrel":
      return handlePubrel(c, packet);
    case "pubcomp":
      return handlePubcomp(c, packet);
    case "subscribe":
      return handleSubscribe(c, packet);
    case "unsubscribe":
      return handleUnsubscribe(c, packet);
    case "pingreq":
      return handlePingreq(c);
    case "disconnect":
      return handleDisconnect(c, packet);
    case "auth":
      return handleAuth(c);
    case "connect":
      return c.close(Reason.ProtocolError); // [MQTT-3.1.0-2]
    default:
      return c.close(Reason.ProtocolError); // server-to-client packet types
  }
}
