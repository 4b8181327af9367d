/**
 * Limits shared by the listeners: connection admission (per-address rate, per-listener and
 * broker-wide connection counts) and the reporter that counts and logs every refusal.
 * Protocol-specific limits live with their protocol and report through the same reporter.
 *
 * @module
 */
export * from "./address_rate.ts";
export * from "./connection_gate.ts";
export * from "./reporter.ts";
