import { describe, expect, test } from "bun:test";
import {
  parseFilter,
  topicMatches,
  validateTopicFilter,
  validateTopicName,
} from "../../broker/mqtt/topic_filter.ts";
import {
  pickShared,
  type Subscription,
  SubscriptionTree,
} from "../../broker/mqtt/subscription_tree.ts";

function sub(clientId: string, raw: string, extra: Partial<Subscription> = {}): Subscription {
  const parsed = parseFilter(raw);
  if (typeof parsed === "string") throw new Error(parsed);
  return {
    clientId,
    rawFilter: raw,
    filter: parsed.filter,
    share: parsed.share,
    qos: 1,
    noLocal: false,
    retainAsPublished: false,
    retainHandling: 0,
    identifier: undefined,
    ...extra,
  };
}

describe("topic validation", () => {
  test("names: empty, NUL and wildcards are refused", () => {
    expect(validateTopicName("")).toBe("empty");
    expect(validateTopicName("a\u0000b")).toBe("nul");
    expect(validateTopicName("a/+")).toBe("wildcard-in-name");
    expect(validateTopicName("a/#")).toBe("wildcard-in-name");
    expect(validateTopicName("/")).toBeUndefined();
    expect(validateTopicName("a//b")).toBeUndefined();
  });
  test("filters: # last and alone, + alone [MQTT-4.7.1-1] [MQTT-4.7.1-2]", () => {
    for (const ok of ["#", "+", "a/#", "+/+", "a/+/b", "/+", "+/", "a//#"]) {
      expect(validateTopicFilter(ok)).toBeUndefined();
    }
    expect(validateTopicFilter("a/#/b")).toBe("bad-multi-level");
    expect(validateTopicFilter("a#")).toBe("bad-multi-level");
    expect(validateTopicFilter("a+/b")).toBe("bad-single-level");
    expect(validateTopicFilter("a/b+")).toBe("bad-single-level");
  });
  test("too long in UTF-8 bytes", () => {
    expect(validateTopicName("é".repeat(40000))).toBe("too-long");
    expect(validateTopicName("a".repeat(65535))).toBeUndefined();
  });
  test("shared subscription syntax [MQTT-4.8.2-1] [MQTT-4.8.2-2]", () => {
    expect(parseFilter("$share/g/a/#")).toEqual({ share: "g", filter: "a/#" });
    expect(parseFilter("$share//a")).toBe("bad-share");
    expect(parseFilter("$share/g")).toBe("bad-share");
    expect(parseFilter("$share/g/")).toBe("bad-share");
    expect(parseFilter("$share/g+/a")).toBe("bad-share");
    expect(parseFilter("$sharex/a")).toEqual({ share: undefined, filter: "$sharex/a" });
  });
});

describe("topic matching", () => {
  const cases: Array<[string, string, boolean]> = [
    ["a/b", "a/b", true],
    ["a/+", "a/b", true],
    ["a/+", "a/b/c", false],
    ["a/#", "a", true],
    ["a/#", "a/b/c", true],
    ["#", "a/b", true],
    ["+/+", "/x", true],
    ["+", "/x", false],
    ["#", "$SYS/x", false], // [MQTT-4.7.2-1]
    ["+/x", "$SYS/x", false],
    ["$SYS/#", "$SYS/x", true],
    ["a/+/c", "a//c", true],
  ];
  for (const [filter, topic, expected] of cases) {
    test(`${filter} ${expected ? "matches" : "does not match"} ${topic}`, () => {
      expect(topicMatches(filter, topic)).toBe(expected);
      const tree = new SubscriptionTree();
      tree.add(sub("c", filter));
      expect(tree.match(topic).subscriptions.length).toBe(expected ? 1 : 0);
    });
  }
});

describe("subscription tree", () => {
  test("overlapping subscriptions of one client are all returned", () => {
    const tree = new SubscriptionTree();
    tree.add(sub("c", "a/#"));
    tree.add(sub("c", "a/+"));
    tree.add(sub("d", "a/b"));
    expect(tree.match("a/b").subscriptions.map((s) => s.rawFilter).sort()).toEqual(["a/#", "a/+", "a/b"]);
    expect(tree.size).toBe(3);
  });
  test("re-subscribing replaces, remove prunes", () => {
    const tree = new SubscriptionTree();
    expect(tree.add(sub("c", "a/b", { qos: 0 }))).toBe(false);
    expect(tree.add(sub("c", "a/b", { qos: 2 }))).toBe(true);
    expect(tree.match("a/b").subscriptions[0]!.qos).toBe(2);
    expect(tree.remove("c", "a/b", undefined)).toBe(true);
    expect(tree.remove("c", "a/b", undefined)).toBe(false);
    expect(tree.match("a/b").subscriptions).toHaveLength(0);
    expect(tree.size).toBe(0);
  });
  test("shared groups are returned once per group", () => {
    const tree = new SubscriptionTree();
    tree.add(sub("c1", "$share/g/s/+"));
    tree.add(sub("c2", "$share/g/s/+"));
    tree.add(sub("c3", "$share/h/s/+"));
    const m = tree.match("s/1");
    expect(m.subscriptions).toHaveLength(0);
    expect(m.groups.map((g) => g.share).sort()).toEqual(["g", "h"]);
    expect(m.groups.find((g) => g.share === "g")!.members.size).toBe(2);
    tree.remove("c3", "s/+", "h");
    expect(tree.match("s/1").groups).toHaveLength(1);
  });
  test("round-robin alternates; least-loaded picks the shallowest queue", () => {
    const tree = new SubscriptionTree();
    tree.add(sub("c1", "$share/g/t"));
    tree.add(sub("c2", "$share/g/t"));
    const group = tree.match("t").groups[0]!;
    const picks = [1, 2, 3, 4].map(() => pickShared(group, "round-robin", () => 0)!.clientId);
    expect(picks).toEqual(["c1", "c2", "c1", "c2"]);
    const loads: Record<string, number> = { c1: 5, c2: 1 };
    expect(pickShared(group, "least-loaded", (c) => loads[c])!.clientId).toBe("c2");
    expect(pickShared(group, "round-robin", (c) => (c === "c1" ? undefined : 0))!.clientId).toBe("c2");
  });
});

describe("deep topics", () => {
  test("a topic with 30,000 levels matches without exhausting the stack", () => {
    const tree = new SubscriptionTree();
    const deep = Array.from({ length: 30_000 }, () => "a").join("/");
    tree.add(sub("c", "+/" + Array.from({ length: 29_999 }, () => "+").join("/")));
    tree.add(sub("d", "a/#"));
    expect(tree.match(deep).subscriptions.map((s) => s.clientId).sort()).toEqual(["c", "d"]);
  });
});
