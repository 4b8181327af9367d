/**
 * The one admission check every listener runs when a connection is accepted: the per-address
 * connection rate, the listener's own connection limit and the broker-wide one. MQTT and Kafka
 * (plaintext and TLS) share one gate, so the global limit counts them together.
 *
 * A refusal is counted and logged through the {@link LimitReporter}; what the listener then
 * does is its own business (Kafka closes the socket, MQTT answers CONNACK "server busy").
 *
 * @module
 */
import { AddressRateLimiter, type AddressRateOptions } from "./address_rate.ts";
import type { LimitProtocol, LimitReporter } from "./reporter.ts";

/** Why the gate refused a connection (the `limit` label of the rejection metric). */
export type GateRefusal = "address-rate" | "max-connections" | "max-connections-global";

/** What a listener gets back: a slot to release when the connection ends, or a refusal. */
export type Admission = { ok: true; release: () => void } | { ok: false; refusal: GateRefusal };

/** Settings of {@link ConnectionGate}. */
export interface ConnectionGateOptions {
  /** Open connections across all listeners; 0 = no limit. */
  maxConnections: number;
  /** Per-address rate (see {@link AddressRateLimiter}); `perMinute` 0 = off. */
  addressRate: Omit<AddressRateOptions, "now">;
  /** Monotonic milliseconds. */
  now: () => number;
  reporter: LimitReporter;
}

/** Config keys named in log lines, so an operator knows what to raise. */
const KEYS: Record<GateRefusal, (protocol: string) => string> = {
  "address-rate": () => "limits.addressConnectionsPerMinute",
  "max-connections": (protocol) => `${protocol}.maxConnections`,
  "max-connections-global": () => "limits.maxConnections",
};

/**
 * Connection admission shared by the listeners.
 *
 * @example
 * ```ts
 * const admission = gate.admit("kafka", socket.remoteAddress, 1000);
 * if (!admission.ok) return socket.close();
 * serve(socket).finally(admission.release);
 * ```
 */
export class ConnectionGate {
  #max: number;
  #rate: AddressRateLimiter;
  #reporter: LimitReporter;
  #open = new Map<string, number>();
  #total = 0;

  constructor(options: ConnectionGateOptions) {
    this.#max = options.maxConnections;
    this.#rate = new AddressRateLimiter({ ...options.addressRate, now: options.now });
    this.#reporter = options.reporter;
  }

  /** Open connections admitted through this gate (all listeners). */
  get open(): number {
    return this.#total;
  }

  /** Open connections of one listener. */
  openOf(protocol: LimitProtocol): number {
    return this.#open.get(protocol) ?? 0;
  }

  /**
   * Admit a new connection of `protocol` from `address` when the listener has fewer than
   * `protocolMax` open (0 = no listener limit). Every attempt takes an address-rate token,
   * refused or not, so a storm against a full broker is throttled too.
   */
  admit(protocol: LimitProtocol, address: string, protocolMax: number): Admission {
    let refusal: GateRefusal | undefined;
    const open = this.openOf(protocol);
    if (!this.#rate.take(address)) refusal = "address-rate";
    else if (protocolMax > 0 && open >= protocolMax) refusal = "max-connections";
    else if (this.#max > 0 && this.#total >= this.#max) refusal = "max-connections-global";
    if (refusal) {
      this.#reporter.refused(protocol, refusal, KEYS[refusal](protocol), { remote: address, open: this.#total });
      return { ok: false, refusal };
    }
    this.#open.set(protocol, open + 1);
    this.#total++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.#open.set(protocol, (this.#open.get(protocol) ?? 1) - 1);
        this.#total--;
      },
    };
  }
}
