/** Helpers for group coordinator tests. */
import { GroupCoordinator, OffsetStore, type JoinGroupRequest } from "../../broker/kafka/groups/mod.ts";
import type { LogManager } from "../../broker/log/types.ts";
import { FakeClock } from "./_fake_clock.ts";

export const enc = (s: string) => new TextEncoder().encode(s);

/** ConsumerProtocolSubscription v0 bytes for `topics`. */
export function subscription(...topics: string[]): Uint8Array {
  const parts: number[] = [0, 0, 0, 0, 0, topics.length];
  for (const t of topics) {
    const b = enc(t);
    parts.push(b.length >> 8, b.length & 0xff, ...b);
  }
  parts.push(0xff, 0xff, 0xff, 0xff); // null user data
  return Uint8Array.from(parts);
}

export async function setup(options: { log?: LogManager; initialDelayMs?: number } = {}) {
  const clock = new FakeClock();
  const offsets = await OffsetStore.open(options.log ? { log: options.log, now: () => clock.now() } : {});
  let n = 0;
  const coordinator = new GroupCoordinator({
    offsets,
    clock,
    config: { initialRebalanceDelayMs: options.initialDelayMs ?? 0 },
    newMemberId: (clientId) => `${clientId}-${++n}`,
  });
  return { clock, offsets, coordinator };
}

export function joinRequest(overrides: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    groupId: "g",
    memberId: "",
    groupInstanceId: null,
    clientId: "c",
    clientHost: "/127.0.0.1",
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: "consumer",
    protocols: [{ name: "range", metadata: subscription("t") }],
    requireKnownMemberId: false,
    ...overrides,
  };
}

/** Flush pending promise callbacks. */
export const tick = () => new Promise<void>((r) => setTimeout(r, 0));
