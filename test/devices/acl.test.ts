/** ACL patterns: topic matching for publishes, filter coverage for subscriptions. */
import { describe, expect, test } from "bun:test";
import { checkPattern, expandPattern, filterCovered, topicMatches } from "../../devices/mod.ts";

describe("topic patterns", () => {
  test("{id} stands for the device id", () => {
    expect(expandPattern("devices/{id}/#", "th-1")).toBe("devices/th-1/#");
  });

  test("publish topics match with + and # as in MQTT", () => {
    expect(topicMatches("devices/a/#", "devices/a")).toBe(true);
    expect(topicMatches("devices/a/#", "devices/a/x/y")).toBe(true);
    expect(topicMatches("devices/a/#", "devices/ab/x")).toBe(false);
    expect(topicMatches("devices/+/t", "devices/a/t")).toBe(true);
    expect(topicMatches("devices/+/t", "devices/a/b/t")).toBe(false);
    expect(topicMatches("#", "$SYS/x")).toBe(false);
  });

  test("a subscription is allowed only when the pattern covers every topic it can match", () => {
    expect(filterCovered("devices/a/#", "devices/a/#")).toBe(true);
    expect(filterCovered("devices/a/#", "devices/a/+/x")).toBe(true);
    expect(filterCovered("devices/a/#", "devices/+/x")).toBe(false);
    expect(filterCovered("devices/+/x", "devices/a/x")).toBe(true);
    expect(filterCovered("devices/+/x", "devices/#")).toBe(false);
    expect(filterCovered("devices/a/x", "devices/a/x/y")).toBe(false);
    expect(filterCovered("devices/a/#", "$share/grp/devices/a/x")).toBe(true);
  });

  test("malformed patterns are named", () => {
    expect(checkPattern("a/#/b")).toContain("last level");
    expect(checkPattern("a/b+")).toContain("whole level");
    expect(checkPattern("")).toBeDefined();
    expect(checkPattern("devices/{id}/#")).toBeUndefined();
  });
});
