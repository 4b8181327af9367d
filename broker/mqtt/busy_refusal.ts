/**
 * Refusing a connection over the connection limit the way MQTT clients understand: read its
 * CONNECT, answer CONNACK "server busy" (v5 0x89 §3.2.2.2; v3.1.1 return code 3, "server
 * unavailable"), close. A client then reports a clear refusal instead of a reset socket, and
 * backs off.
 *
 * Refusing costs as little as possible: a small read limit (no will or credentials beyond
 * 4 KiB are buffered), a short deadline, and at most {@link MAX_REFUSING} sockets held at once
 * — beyond that, or for anything but a CONNECT, the socket is simply closed.
 *
 * @module
 */
import type { TcpConnection } from "../runtime/types.ts";
import type { Clock } from "./clock.ts";
import { encodePacket, PacketDecoder } from "./codec.ts";
import { Reason, v3ConnackCode } from "./reason_codes.ts";

/** Connections being refused at once; more are closed without an answer. */
export const MAX_REFUSING = 64;
/** Largest CONNECT read from a connection that is refused anyway. */
const REFUSAL_MAX_PACKET = 4096;

/**
 * Answers refused connections with CONNACK server busy.
 *
 * @example
 * ```ts
 * const busy = new BusyRefusal(systemClock, 2000);
 * if (overLimit) return busy.refuse(socket);
 * ```
 */
export class BusyRefusal {
  #clock: Clock;
  #deadlineMs: number;
  #active = 0;

  constructor(clock: Clock, deadlineMs: number) {
    this.#clock = clock;
    this.#deadlineMs = deadlineMs;
  }

  /** Sockets currently being refused. */
  get active(): number {
    return this.#active;
  }

  /** Read the CONNECT, answer server busy, close. Never throws. */
  async refuse(socket: TcpConnection): Promise<void> {
    if (this.#active >= MAX_REFUSING) return socket.close();
    this.#active++;
    const timer = this.#clock.setTimeout(() => socket.close(), this.#deadlineMs);
    try {
      const decoder = new PacketDecoder({ maxPacketSize: REFUSAL_MAX_PACKET });
      for (let chunk = await socket.read(); chunk !== null; chunk = await socket.read()) {
        const packet = decoder.push(chunk)[0];
        if (!packet) continue;
        if (packet.cmd === "connect") {
          const v5 = packet.protocolVersion === 5;
          const reasonCode = v5 ? Reason.ServerBusy : v3ConnackCode(Reason.ServerBusy);
          await socket.write(encodePacket({ cmd: "connack", sessionPresent: false, reasonCode }, v5 ? 5 : 4));
        }
        break;
      }
    } catch {
      // malformed, oversize or a dead socket: closing is all that is left to do
    } finally {
      this.#clock.clearTimeout(timer);
      this.#active--;
      socket.close();
    }
  }
}
