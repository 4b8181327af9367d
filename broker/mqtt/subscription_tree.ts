/**
 * The subscription trie: one node per topic level, `+` and `#` as ordinary child keys, so a
 * PUBLISH is matched in time proportional to its levels times the wildcard branching, not
 * to the number of subscriptions. Shared subscriptions hang off the node of their filter,
 * one group per share name [MQTT-4.8.2-*].
 *
 * @module
 */

import type { QoS } from "./packets.ts";

/** One client's subscription to one filter, with its MQTT 5 options [MQTT-3.8.3-*]. */
export interface Subscription {
  clientId: string;
  /** The filter as the client sent it (with any `$share/<group>/` prefix). */
  rawFilter: string;
  /** The filter matched against topics. */
  filter: string;
  /** Share name for a shared subscription. */
  share: string | undefined;
  qos: QoS;
  noLocal: boolean;
  retainAsPublished: boolean;
  retainHandling: 0 | 1 | 2;
  /** MQTT 5 Subscription Identifier, if the SUBSCRIBE carried one. */
  identifier: number | undefined;
}

/** Members of one `$share/<group>/<filter>`; the delivery layer picks one per message. */
export interface SharedGroup {
  share: string;
  filter: string;
  members: Map<string, Subscription>;
  /** Round-robin cursor. */
  cursor: number;
}

interface Node {
  children: Map<string, Node>;
  subscribers: Map<string, Subscription>;
  shared: Map<string, SharedGroup>;
}

function newNode(): Node {
  return { children: new Map(), subscribers: new Map(), shared: new Map() };
}

/** What a topic matched: ordinary subscriptions (possibly several per client) and groups. */
export interface MatchResult {
  subscriptions: Subscription[];
  groups: SharedGroup[];
}

/**
 * Subscriptions of all sessions, indexed by filter levels.
 *
 * @example
 * ```ts
 * const tree = new SubscriptionTree();
 * tree.add(sub);                       // sub.filter = "sensors/+/temp"
 * tree.match("sensors/7/temp").subscriptions; // [sub]
 * ```
 */
export class SubscriptionTree {
  #root = newNode();
  #count = 0;

  /** Number of subscriptions held (shared members included). */
  get size(): number {
    return this.#count;
  }

  /** Add or replace the client's subscription to `sub.rawFilter`. Returns true if it existed. */
  add(sub: Subscription): boolean {
    let node = this.#root;
    for (const level of sub.filter.split("/")) {
      let child = node.children.get(level);
      if (!child) {
        child = newNode();
        node.children.set(level, child);
      }
      node = child;
    }
    let existed: boolean;
    if (sub.share === undefined) {
      existed = node.subscribers.has(sub.clientId);
      node.subscribers.set(sub.clientId, sub);
    } else {
      let group = node.shared.get(sub.share);
      if (!group) {
        group = { share: sub.share, filter: sub.filter, members: new Map(), cursor: 0 };
        node.shared.set(sub.share, group);
      }
      existed = group.members.has(sub.clientId);
      group.members.set(sub.clientId, sub);
    }
    if (!existed) this.#count++;
    return existed;
  }

  /** Remove the client's subscription; returns true if it existed. Prunes empty nodes. */
  remove(clientId: string, filter: string, share: string | undefined): boolean {
    const path: Array<[Node, string]> = [];
    let node = this.#root;
    for (const level of filter.split("/")) {
      const child = node.children.get(level);
      if (!child) return false;
      path.push([node, level]);
      node = child;
    }
    let removed: boolean;
    if (share === undefined) {
      removed = node.subscribers.delete(clientId);
    } else {
      const group = node.shared.get(share);
      removed = group?.members.delete(clientId) ?? false;
      if (group && group.members.size === 0) node.shared.delete(share);
    }
    if (removed) this.#count--;
    for (let i = path.length - 1; i >= 0; i--) {
      const [parent, level] = path[i]!;
      const child = parent.children.get(level)!;
      if (child.children.size || child.subscribers.size || child.shared.size) break;
      parent.children.delete(level);
    }
    return removed;
  }

  /** Every subscription matching `topic` (a valid topic name, no wildcards). */
  match(topic: string): MatchResult {
    const result: MatchResult = { subscriptions: [], groups: [] };
    if (this.#count === 0) return result; // an ingest-only broker: no split, no walk
    const levels = topic.split("/");
    // [MQTT-4.7.2-1] wildcards at the first level never match `$` topics.
    const dollar = topic.startsWith("$");
    // An explicit stack, not recursion: a 64 KiB topic can have 32,768 levels.
    const stack: Array<[Node, number]> = [[this.#root, 0]];
    for (let top = stack.pop(); top; top = stack.pop()) {
      const [node, i] = top;
      const wildOk = !(dollar && i === 0);
      if (wildOk) {
        const multi = node.children.get("#");
        if (multi) collect(multi, result); // "a/#" matches "a" and everything below
      }
      if (i === levels.length) {
        collect(node, result);
        continue;
      }
      if (wildOk) {
        const single = node.children.get("+");
        if (single) stack.push([single, i + 1]);
      }
      const exact = node.children.get(levels[i]!);
      if (exact) stack.push([exact, i + 1]);
    }
    return result;
  }
}

function collect(node: Node, out: MatchResult): void {
  for (const sub of node.subscribers.values()) out.subscriptions.push(sub);
  for (const group of node.shared.values()) out.groups.push(group);
}

/**
 * Pick one member of a shared group for a message. `load(clientId)` returns the member's
 * queue depth, or `undefined` when the member cannot take messages (offline); with
 * `"least-loaded"` the shallowest queue wins, ties broken round-robin.
 */
export function pickShared(
  group: SharedGroup,
  strategy: "round-robin" | "least-loaded",
  load: (clientId: string) => number | undefined,
): Subscription | undefined {
  const members = [...group.members.values()];
  if (members.length === 0) return undefined;
  let best: Subscription | undefined;
  let bestLoad = Infinity;
  for (let k = 0; k < members.length; k++) {
    const index = (group.cursor + k) % members.length;
    const member = members[index]!;
    const depth = load(member.clientId);
    if (depth === undefined) continue;
    if (strategy === "round-robin") {
      group.cursor = (index + 1) % members.length;
      return member;
    }
    if (depth < bestLoad) {
      best = member;
      bestLoad = depth;
    }
  }
  if (best) {
    group.cursor = (members.indexOf(best) + 1) % members.length;
    return best;
  }
  // Nobody online: hand it to the next member's session queue anyway (persistent sessions).
  const fallback = members[group.cursor % members.length]!;
  group.cursor = (group.cursor + 1) % members.length;
  return fallback;
}
